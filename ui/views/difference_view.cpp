#include "difference_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "attention_methods.h"
#include "difference_slice.h"
#include "formula.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "layer_steps.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"

namespace ui {

namespace {

bool hasKind(const WhatIfResult &result, core::AttentionKind kind) {
  return result.comparison && result.comparison->difference.find(kind, 0) != nullptr;
}

ComparedTokens comparedTokens(const WhatIfResult &result) {
  return {result.sourceA, result.targetA, result.sourceB, result.targetB};
}

}  // namespace

// One request's figure, as built on the Difference lane: every layer's thumbnails of the kind's
// B − A (the chosen head marked), and the large heatmap's slice (B − A, A or B of the chosen layer).
struct DifferenceView::Figure {
  QVector<Thumbnail> thumbnails;
  QStringList rows;
  QStringList columns;
  AttentionSlice slice;
  int head = 0;
};

DifferenceView::DifferenceView(JobRunner *runner, QWidget *parent) : QWidget(parent), m_runner(runner) {
  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("differenceSummary"));
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_kindBox = new QComboBox(this);
  m_kindBox->setObjectName(QStringLiteral("differenceKind"));
  m_showBox = new QComboBox(this);
  m_showBox->setObjectName(QStringLiteral("differenceShow"));
  m_showBox->addItem(tr("Difference B − A"), static_cast<int>(Show::Difference));
  m_showBox->addItem(tr("A alone"), static_cast<int>(Show::A));
  m_showBox->addItem(tr("B alone"), static_cast<int>(Show::B));
  // rich text, so α̂ keeps its hat in any font (formula.h)
  m_showBox->setToolTip(plainToolTip(
      tr("The large heatmap: B − A over the tokens both have (blue: lost weight, red: gained), "
         "or either pass's own α̂")));
  m_grid = new ThumbnailGrid(this);
  m_grid->setObjectName(QStringLiteral("differenceGrid"));
  m_grid->setMaximumThumbnailSize(90);
  m_heatmap = new HeatmapWidget(this);
  m_heatmap->setObjectName(QStringLiteral("differenceHeatmap"));
  m_predictions = new QTableWidget(this);
  m_predictions->setObjectName(QStringLiteral("differencePredictions"));
  m_predictions->setColumnCount(4);
  m_predictions->setHorizontalHeaderLabels({tr("Next token"), tr("p in A"), tr("p in B"), tr("Δp")});
  m_predictions->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_predictions->setEditTriggers(QAbstractItemView::NoEditTriggers);

  auto *controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Attention:"), this));
  controls->addWidget(m_kindBox);
  controls->addWidget(new QLabel(tr("Show:"), this));
  controls->addWidget(m_showBox);
  controls->addStretch(1);
  auto *splitter = new QSplitter(Qt::Horizontal, this);
  auto *left = new QSplitter(Qt::Vertical, splitter);
  left->addWidget(m_grid);
  left->addWidget(m_predictions);
  splitter->addWidget(left);
  splitter->addWidget(m_heatmap);
  splitter->setStretchFactor(1, 2);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_summary);
  layout->addLayout(controls);
  layout->addWidget(splitter, 1);

  connect(m_kindBox, &QComboBox::currentIndexChanged, this, [this](int index) {
    if (index < 0) return;
    m_kind = static_cast<core::AttentionKind>(m_kindBox->itemData(index).toInt());
    m_layer = 0;
    m_head = 0;
    refresh();
  });
  connect(m_showBox, &QComboBox::currentIndexChanged, this,
          [this](int index) { setShow(static_cast<Show>(m_showBox->itemData(index).toInt())); });
  connect(m_grid, &ThumbnailGrid::thumbnailClicked, this,
          [this](int row, int column) { selectHead(m_kind, row, column); });
  showMessage(
      tr("Right-click a token in the word graph or heatmap to mask, delete or replace it, or choose another "
         "comparison above."));
}

void DifferenceView::showMessage(const QString &message) {
  m_runner->supersede(JobLane::Difference);  // a figure still on its way is for a result no longer shown
  m_result.reset();
  m_resultPending = false;
  m_emptySlice = {};
  m_summary->setText(message);
  m_grid->setThumbnails({}, {}, {});
  m_grid->setPlaceholder(message);
  m_heatmap->setSlice({}, 0);
  m_heatmap->setPlaceholder(message);
  m_predictions->setRowCount(0);
  emit figureShown();  // drawn at once: whoever waits for the newest figure waits no more
}

void DifferenceView::showResult(std::shared_ptr<const WhatIfResult> result) {
  if (!result || !result->comparison) {
    showMessage(result ? result->error : QString());
    emit resultShown();
    return;
  }
  m_result = std::move(result);
  const core::Comparison &comparison = *m_result->comparison;
  {
    const QSignalBlocker blocker(m_kindBox);
    m_kindBox->clear();
    // every kind the model has: one the method does not cover is listed, and says so when chosen
    const std::vector<core::AttentionKind> modelKinds =
        m_result->analysis && m_result->analysis->model ? attentionKinds(m_result->analysis->model->spec())
                                                        : std::vector<core::AttentionKind>{};
    for (const core::AttentionKind kind :
         {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
      const bool uncovered = std::find(modelKinds.begin(), modelKinds.end(), kind) != modelKinds.end() &&
                             !missingKindNote(comparison, kind).isEmpty();
      if (hasKind(*m_result, kind) || uncovered) m_kindBox->addItem(describeKind(kind), static_cast<int>(kind));
    }
    int index = m_kindBox->findData(static_cast<int>(m_kind));
    if (index < 0) {
      index = 0;
      m_layer = 0;
      m_head = 0;
    }
    m_kindBox->setCurrentIndex(index);
    if (m_kindBox->count() > 0) m_kind = static_cast<core::AttentionKind>(m_kindBox->itemData(index).toInt());
  }
  QString text = tr("A: %1 · B: %2, both read as %3. Largest change: %4.")
                     .arg(m_result->aName, m_result->bName, comparisonReadingSummary(comparison))
                     .arg(static_cast<double>(comparison.difference.largest), 0, 'f', 4);
  if (comparison.prediction) {
    text +=
        QLatin1Char(' ') + tr("Next token: KL(A ‖ B) = %1 nats.").arg(comparison.prediction->kl_divergence, 0, 'g', 4);
  } else if (!comparison.prediction_note.empty()) {
    text += QLatin1Char(' ') + QString::fromStdString(comparison.prediction_note) + QLatin1Char('.');
  }
  // shown with the figure (figureDrawn), so the summary never describes the figure before it
  m_pendingSummary = text;
  m_resultPending = true;
  refresh();
}

void DifferenceView::selectHead(core::AttentionKind kind, int layer, int head) {
  m_kind = kind;
  m_layer = layer;
  m_head = head;
  const int index = m_kindBox->findData(static_cast<int>(kind));
  if (index >= 0 && index != m_kindBox->currentIndex()) {
    const QSignalBlocker blocker(m_kindBox);
    m_kindBox->setCurrentIndex(index);
  }
  refresh();
}

void DifferenceView::setShow(Show show) {
  m_show = show;
  const int index = m_showBox->findData(static_cast<int>(show));
  if (index != m_showBox->currentIndex()) {
    const QSignalBlocker blocker(m_showBox);
    m_showBox->setCurrentIndex(index);
  }
  refresh();
}

const AttentionSlice &DifferenceView::currentSlice() const {
  return m_heatmap->slice().empty() ? m_emptySlice : m_heatmap->slice();
}

bool DifferenceView::isComputing() const { return m_runner->isBusy(JobLane::Difference); }

void DifferenceView::refresh() {
  if (!m_result || !m_result->comparison) return;
  if (const QString note = missingKindNote(*m_result->comparison, m_kind); !note.isEmpty()) {
    // the method has no matrices for this kind (rollout, flow: no cross-attention): nothing to build
    m_runner->supersede(JobLane::Difference);
    drawNote(note);
    figureDrawn();
    return;
  }
  // The result is immutable and shared: the lane reads it while the GUI thread keeps it.
  m_runner->submit(
      JobLane::Difference, this,
      [result = m_result, kind = m_kind, selectedLayer = m_layer, head = m_head, show = m_show](const JobContext &job) {
        Figure figure;
        figure.head = head;
        const core::Comparison &comparison = *result->comparison;
        const ComparedTokens tokens = comparedTokens(*result);
        for (int layer = 0; comparison.difference.find(kind, layer) != nullptr; ++layer) {
          if (job.stopped()) return figure;  // a newer request: this figure is dropped anyway
          AttentionSlice slice = differenceSlice(comparison, tokens, kind, layer, result->aName, result->bName);
          figure.thumbnails += headThumbnails(slice, {}, layer == selectedLayer ? head : -1);
          figure.rows << tr("Layer %1").arg(layer + 1);
          if (figure.columns.isEmpty()) {
            for (int h = 0; h < slice.headCount(); ++h) {
              figure.columns << (slice.perLayer() ? tr("All heads") : tr("Head %1").arg(h + 1));
            }
          }
          if (show == Show::Difference && layer == selectedLayer) figure.slice = std::move(slice);
        }
        if (show != Show::Difference) figure.slice = passSlice(comparison, tokens, show == Show::B, kind, selectedLayer);
        return figure;
      },
      [this](Figure figure) {
        drawFigure(std::move(figure));
        figureDrawn();
      });
}

void DifferenceView::drawNote(const QString &note) {
  m_emptySlice = {};
  m_grid->setThumbnails({}, {}, {});
  m_grid->setPlaceholder(note);
  m_heatmap->setSlice({}, 0);
  m_heatmap->setPlaceholder(note);
}

void DifferenceView::drawFigure(Figure figure) {
  m_grid->setThumbnails(figure.thumbnails, figure.rows, figure.columns);
  if (figure.slice.empty()) {
    m_emptySlice = std::move(figure.slice);  // its caption still names the comparison (exports)
    m_heatmap->setSlice({}, 0);
    m_heatmap->setPlaceholder(tr("No token is in both A and B: nothing to subtract."));
    return;
  }
  m_emptySlice = {};
  m_heatmap->setSlice(figure.slice, std::clamp(figure.head, 0, figure.slice.headCount() - 1));
}

void DifferenceView::figureDrawn() {
  const bool resultDrawn = m_resultPending;
  if (resultDrawn) {
    m_resultPending = false;
    m_summary->setText(m_pendingSummary);
    fillPredictions();
  }
  emit figureShown();
  if (resultDrawn) emit resultShown();
}

void DifferenceView::fillPredictions() {
  m_predictions->setRowCount(0);
  if (!m_result || !m_result->comparison || !m_result->comparison->prediction) return;
  const core::PredictionChange &change = *m_result->comparison->prediction;
  m_predictions->setRowCount(static_cast<int>(change.top.size()));
  for (std::size_t r = 0; r < change.top.size(); ++r) {
    const core::TokenProbabilityChange &row = change.top[r];
    const int i = static_cast<int>(r);
    const QString token = i < m_result->topTokens.size() ? m_result->topTokens[i] : QString::number(row.id);
    m_predictions->setItem(i, 0, new QTableWidgetItem(TokenLabel::displayToken(token)));
    m_predictions->setItem(i, 1, new QTableWidgetItem(QString::number(row.before, 'f', 4)));
    m_predictions->setItem(i, 2, new QTableWidgetItem(QString::number(row.after, 'f', 4)));
    m_predictions->setItem(i, 3, new QTableWidgetItem(QString::number(row.delta, 'f', 4)));
  }
}

}  // namespace ui
