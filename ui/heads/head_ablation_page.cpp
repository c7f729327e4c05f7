#include "head_ablation_page.h"

#include <algorithm>

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "difference_slice.h"
#include "formula.h"
#include "head_labels.h"
#include "job_runner.h"
#include "layer_steps.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"

namespace ui {

// One result's thumbnails of the kind's D, as built on the AblationSlices lane, with what the
// summary says of each layer.
struct HeadAblationPage::Figure {
  core::AttentionKind kind = core::AttentionKind::EncoderSelf;
  QVector<Thumbnail> thumbnails;  // tool tips as plain text: made rich text on the GUI thread
  QStringList rows;
  QStringList columns;
  QStringList changes;  // "L1 0.123" per layer
};

HeadAblationPage::HeadAblationPage(JobRunner *runner, QWidget *parent)
    : QSplitter(Qt::Horizontal, parent), m_runner(runner) {
  auto *left = new QWidget(this);
  auto *leftLayout = new QVBoxLayout(left);
  m_heads = new QTableWidget(left);
  m_heads->setObjectName(QStringLiteral("ablationHeads"));
  m_heads->setToolTip(formulaHtml(tr("Tick a head to switch it off: its output is zeroed before W^O")));
  m_heads->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto *clear = new QPushButton(tr("All Heads On"), left);
  leftLayout->addWidget(new QLabel(tr("Switch heads off:"), left));
  leftLayout->addWidget(m_heads, 1);
  leftLayout->addWidget(clear);
  auto *right = new QWidget(this);
  auto *rightLayout = new QVBoxLayout(right);
  m_summary = new QLabel(right);
  m_summary->setObjectName(QStringLiteral("ablationSummary"));
  m_summary->setWordWrap(true);
  m_grid = new ThumbnailGrid(right);
  m_grid->setObjectName(QStringLiteral("ablationGrid"));
  m_grid->setMaximumThumbnailSize(90);
  showPlaceholder();
  m_output = new QTableWidget(right);
  m_output->setObjectName(QStringLiteral("ablationOutput"));
  m_output->setColumnCount(4);
  m_output->setHorizontalHeaderLabels({tr("Next token"), tr("p, all heads"), tr("p, heads off"), tr("Δp")});
  m_output->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_output->setEditTriggers(QAbstractItemView::NoEditTriggers);
  rightLayout->addWidget(m_summary);
  rightLayout->addWidget(m_grid, 2);
  rightLayout->addWidget(m_output, 1);
  addWidget(left);
  addWidget(right);
  setStretchFactor(1, 2);
  connect(clear, &QPushButton::clicked, this, &HeadAblationPage::clearAblation);
  connect(m_heads, &QTableWidget::itemChanged, this, [this] {
    if (!m_updatingTable) emit ablationChanged();
  });
}

void HeadAblationPage::listHeads(const std::shared_ptr<const Analysis> &analysis) {
  const QSignalBlocker blocker(m_heads);
  m_updatingTable = true;
  m_heads->clear();
  m_heads->setRowCount(0);
  m_heads->setColumnCount(0);
  if (analysis) {
    const core::ModelSpec &config = analysis->model->spec();
    QStringList rows;
    for (const core::AttentionKind kind : attentionKinds(config)) {
      for (int layer = 0; layer < layerCount(config, kind); ++layer) rows << headLabel({kind, layer, 0}).section(QLatin1Char(' '), 0, 1);
    }
    m_heads->setRowCount(static_cast<int>(rows.size()));
    m_heads->setColumnCount(config.heads());
    m_heads->setVerticalHeaderLabels(rows);
    QStringList columns;
    for (int head = 0; head < config.heads(); ++head) columns << tr("H%1").arg(head + 1);
    m_heads->setHorizontalHeaderLabels(columns);
    int row = 0;
    for (const core::AttentionKind kind : attentionKinds(config)) {
      for (int layer = 0; layer < layerCount(config, kind); ++layer, ++row) {
        for (int head = 0; head < config.heads(); ++head) {
          auto *item = new QTableWidgetItem;
          item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
          item->setCheckState(Qt::Unchecked);
          item->setData(Qt::UserRole, static_cast<int>(kind));
          item->setData(Qt::UserRole + 1, layer);
          item->setToolTip(tr("Switch %1 off").arg(headLabel({kind, layer, head})));
          m_heads->setItem(row, head, item);
        }
      }
    }
  }
  m_updatingTable = false;
}

std::vector<core::HeadRef> HeadAblationPage::ablatedHeads() const {
  std::vector<core::HeadRef> heads;
  for (int row = 0; row < m_heads->rowCount(); ++row) {
    for (int column = 0; column < m_heads->columnCount(); ++column) {
      const QTableWidgetItem *item = m_heads->item(row, column);
      if (item && item->checkState() == Qt::Checked) {
        heads.push_back({static_cast<core::AttentionKind>(item->data(Qt::UserRole).toInt()),
                         item->data(Qt::UserRole + 1).toInt(), column});
      }
    }
  }
  return heads;
}

void HeadAblationPage::setHeadAblated(const core::HeadRef &head, bool off) {
  for (int row = 0; row < m_heads->rowCount(); ++row) {
    QTableWidgetItem *item = m_heads->item(row, head.head);
    if (item && item->data(Qt::UserRole).toInt() == static_cast<int>(head.kind) &&
        item->data(Qt::UserRole + 1).toInt() == head.layer) {
      item->setCheckState(off ? Qt::Checked : Qt::Unchecked);  // itemChanged → ablationChanged
      return;
    }
  }
}

void HeadAblationPage::clearAblation() {
  m_updatingTable = true;
  for (int row = 0; row < m_heads->rowCount(); ++row) {
    for (int column = 0; column < m_heads->columnCount(); ++column) {
      if (QTableWidgetItem *item = m_heads->item(row, column)) item->setCheckState(Qt::Unchecked);
    }
  }
  m_updatingTable = false;
  emit ablationChanged();
}

void HeadAblationPage::showComputing(int heads) {
  m_summary->setText(tr("Computing with %n head(s) off…", nullptr, heads));
}

void HeadAblationPage::showAblation(const HeadView &view, const std::shared_ptr<const AblationResult> &ablation) {
  const auto drawNow = [this](const QString &summary, const QString &placeholder) {
    m_runner->supersede(JobLane::AblationSlices);  // thumbnails still on their way are for another request
    m_output->setRowCount(0);
    m_grid->setThumbnails({}, {}, {});
    if (placeholder.isEmpty()) showPlaceholder();
    else m_grid->setPlaceholder(placeholder);
    m_summary->setText(summary);
  };
  if (!ablation || !view.analysis || ablation->analysis != view.analysis) {
    drawNow(formulaHtml(tr("Tick heads to switch them off: each one's output b^{i,h} is zeroed before W^O. "
                           "Its own attention and the earlier layers stay as they were; later layers change.")),
            {});
    emit figureShown();
    return;
  }
  if (!ablation->error.isEmpty() || !ablation->comparison) {
    drawNow(ablation->error, {});
    emit figureShown();
    return;
  }
  const core::Comparison &comparison = *ablation->comparison;
  const core::AttentionKind kind = view.kind;
  if (const QString note = missingKindNote(comparison, kind); !note.isEmpty()) {
    // the method has no matrices for this kind (rollout, flow: no cross-attention)
    drawNow(tr("Off: %1.").arg(headsOffList(*ablation)) + QLatin1Char(' ') + note + predictionSentence(comparison),
            note);
    showOutput(*view.analysis->model, *ablation);
    emit figureShown();
    return;
  }
  // D = R(heads off) − R(all heads), both passes read as the views read one (the method, the
  // Reading options, top-p: core::ComparisonReading), per layer of the current kind: the What If
  // tab's slices, built on the lane from the immutable result (the figure on show stays meanwhile)
  m_runner->submit(
      JobLane::AblationSlices, this,
      [analysis = view.analysis, ablation, kind](const JobContext &job) {
        Figure figure;
        figure.kind = kind;
        const core::Comparison &comparison = *ablation->comparison;
        const ComparedTokens tokens{analysis->source, analysis->target, analysis->source, analysis->target};
        for (int layer = 0; comparison.difference.find(kind, layer) != nullptr; ++layer) {
          if (job.stopped()) return figure;  // a newer request: dropped anyway
          const AttentionSlice slice = differenceSlice(comparison, tokens, kind, layer, allHeadsName(), headsOffName());
          QVector<Thumbnail> layerThumbnails = headThumbnails(slice, {}, -1);
          for (int h = 0; h < layerThumbnails.size(); ++h) {
            // a per-layer method (rollout, flow) has one matrix for all heads: none of them is dimmed
            const core::HeadRef ref{kind, layer, h};
            const bool switchedOff = !slice.perLayer() && std::find(ablation->ablated.begin(), ablation->ablated.end(),
                                                                    ref) != ablation->ablated.end();
            const core::RowMatrix &d = slice.heads[static_cast<std::size_t>(h)];
            const QString name = slice.perLayer() ? tr("Layer %1").arg(layer + 1) : headLabel(ref);
            layerThumbnails[h].dimmed = switchedOff;
            layerThumbnails[h].toolTip = tr("%1: largest change %2%3")
                                             .arg(name)
                                             .arg(d.size() > 0 ? d.cwiseAbs().maxCoeff() : 0.0f, 0, 'f', 4)
                                             .arg(switchedOff ? tr(" (switched off)") : QString());
          }
          figure.thumbnails += layerThumbnails;
          figure.rows << tr("Layer %1").arg(layer + 1);
          figure.changes << tr("L%1 %2").arg(layer + 1).arg(comparison.difference.find(kind, layer)->largest, 0, 'f', 3);
          if (figure.columns.isEmpty()) {
            for (int h = 0; h < slice.headCount(); ++h) {
              figure.columns << (slice.perLayer() ? tr("All heads") : tr("Head %1").arg(h + 1));
            }
          }
        }
        return figure;
      },
      [this, analysis = view.analysis, ablation](const Figure &figure) {
        drawFigure(figure, analysis, ablation);
        emit figureShown();
      });
}

bool HeadAblationPage::isComputing() const { return m_runner->isBusy(JobLane::AblationSlices); }

void HeadAblationPage::drawFigure(const Figure &figure, const std::shared_ptr<const Analysis> &analysis,
                                  const std::shared_ptr<const AblationResult> &ablation) {
  const core::Comparison &comparison = *ablation->comparison;
  QVector<Thumbnail> thumbnails = figure.thumbnails;
  for (Thumbnail &thumbnail : thumbnails) thumbnail.toolTip = plainToolTip(thumbnail.toolTip);
  showPlaceholder();
  m_grid->setThumbnails(thumbnails, figure.rows, figure.columns);
  QString summary = tr("Off: %1. Both passes read as %2. Largest change (%3) per layer: %4. Red = weight gained, "
                       "blue = lost.")
                        .arg(headsOffList(*ablation), comparisonReadingSummary(comparison), describeKind(figure.kind),
                             figure.changes.join(QStringLiteral(" · ")));
  summary += QLatin1Char(' ') + differenceCaption(allHeadsName(), headsOffName()) + QLatin1Char('.') +
             predictionSentence(comparison);
  m_summary->setText(summary);
  m_output->setRowCount(0);
  showOutput(*analysis->model, *ablation);
}

QString HeadAblationPage::headsOffList(const AblationResult &ablation) {
  QStringList off;
  for (const core::HeadRef &head : ablation.ablated) off << headLabel(head);
  return off.join(QStringLiteral(", "));
}

QString HeadAblationPage::predictionSentence(const core::Comparison &comparison) {
  if (!comparison.prediction) return {};
  return QLatin1Char(' ') +
         tr("Next token: KL(all heads ‖ heads off) = %1 nats.").arg(comparison.prediction->kl_divergence, 0, 'g', 4);
}

void HeadAblationPage::showPlaceholder() {
  m_grid->setPlaceholder(tr("Switch a head off to see how the later layers' attention changes."));
}

QString HeadAblationPage::allHeadsName() {
  return tr("all heads");
}

QString HeadAblationPage::headsOffName() {
  return tr("heads off");
}

void HeadAblationPage::showOutput(const core::Model &model, const AblationResult &ablation) {
  // the most likely next tokens, before and after (ranked and measured by the core)
  if (!ablation.comparison || !ablation.comparison->prediction) return;
  const core::Tokenizer &tokenizer = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();
  const std::vector<core::TokenProbabilityChange> &top = ablation.comparison->prediction->top;
  m_output->setRowCount(static_cast<int>(top.size()));
  for (std::size_t row = 0; row < top.size(); ++row) {
    const int r = static_cast<int>(row);
    m_output->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(tokenizer.token(top[row].id))));
    m_output->setItem(r, 1, new QTableWidgetItem(QString::number(top[row].before, 'f', 4)));
    m_output->setItem(r, 2, new QTableWidgetItem(QString::number(top[row].after, 'f', 4)));
    m_output->setItem(r, 3, new QTableWidgetItem(QString::number(top[row].delta, 'f', 4)));
  }
}

}  // namespace ui
