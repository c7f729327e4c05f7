#include "model_overview_widget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "colour_scales.h"
#include "layer_steps.h"
#include "thumbnail_grid.h"

namespace ui {

ModelOverviewWidget::ModelOverviewWidget(QWidget *parent)
    : QWidget(parent),
      m_kind(new QComboBox(this)),
      m_hint(new QLabel(this)),
      m_groupLegend(new QLabel(this)),
      m_badgeLegend(new QLabel(this)),
      m_grid(new ThumbnailGrid(this)),
      m_fillStatus(new QLabel(this)),
      m_cancelFill(new QToolButton(this)),
      m_fillDelay(new QTimer(this)) {
  m_kind->setObjectName(QStringLiteral("overviewKind"));
  m_kind->setToolTip(tr("Which attention of the model to show: encoder self-attention, decoder masked "
                        "self-attention or decoder cross-attention"));
  m_hint->setText(tr("Every layer (rows) and head (columns). Click a thumbnail to open it."));
  m_hint->setForegroundRole(QPalette::PlaceholderText);
  m_hint->setWordWrap(true);  // a small projector's window is narrower than the line in large type
  m_groupLegend->setObjectName(QStringLiteral("overviewGroupLegend"));
  m_groupLegend->setForegroundRole(QPalette::PlaceholderText);
  m_groupLegend->setWordWrap(true);
  m_groupLegend->hide();
  m_badgeLegend->setObjectName(QStringLiteral("overviewBadgeLegend"));
  m_badgeLegend->setTextFormat(Qt::RichText);
  m_badgeLegend->setWordWrap(true);
  m_badgeLegend->hide();
  m_grid->setObjectName(QStringLiteral("overviewGrid"));
  // The grid fills the tab: a small model's few heads get large thumbnails.
  m_grid->setMaximumThumbnailSize(420);

  m_fillStatus->setObjectName(QStringLiteral("overviewFillStatus"));
  m_fillStatus->hide();
  m_cancelFill->setObjectName(QStringLiteral("overviewCancelFill"));
  m_cancelFill->setText(tr("Cancel"));
  m_cancelFill->setToolTip(tr("Stop drawing the thumbnails; the ones done stay"));
  m_cancelFill->hide();
  connect(m_cancelFill, &QToolButton::clicked, this, &ModelOverviewWidget::cancelFillRequested);
  m_fillDelay->setSingleShot(true);
  m_fillDelay->setInterval(kFillProgressDelayMs);
  connect(m_fillDelay, &QTimer::timeout, this, [this] {
    m_fillStatus->show();
    m_cancelFill->show();
  });

  auto *header = new QHBoxLayout;
  header->addWidget(new QLabel(tr("Attention:"), this));
  header->addWidget(m_kind);
  header->addWidget(m_hint, 1);
  header->addWidget(m_fillStatus);
  header->addWidget(m_cancelFill);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(header);
  layout->addWidget(m_groupLegend);
  layout->addWidget(m_grid, 1);
  layout->addWidget(m_badgeLegend);

  connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { emit kindChanged(currentKind()); });
  connect(m_grid, &ThumbnailGrid::thumbnailClicked, this,
          [this](int row, int column) { emit headActivated(currentKind(), row, column); });
}

void ModelOverviewWidget::setBadgeLegend(const QVector<QPair<QColor, QString>> &classes) {
  QStringList entries;
  for (const auto &[colour, name] : classes) {
    entries << QStringLiteral("<span style=\"color:%1;\">◥</span>&nbsp;%2").arg(colour.name(), name.toHtmlEscaped());
  }
  m_badgeLegend->setText(tr("Corner triangle: the head's class in the Heads tab — %1").arg(entries.join(QStringLiteral(" &nbsp; "))));
  m_badgeLegend->setVisible(!classes.isEmpty());
}

void ModelOverviewWidget::setKinds(const std::vector<core::AttentionKind> &kinds) {
  const QSignalBlocker blocker(m_kind);
  m_kind->clear();
  for (const core::AttentionKind kind : kinds) m_kind->addItem(describeKind(kind), static_cast<int>(kind));
}

core::AttentionKind ModelOverviewWidget::currentKind() const {
  return static_cast<core::AttentionKind>(m_kind->currentData().toInt());
}

void ModelOverviewWidget::setCurrentKind(core::AttentionKind kind) {
  const int index = m_kind->findData(static_cast<int>(kind));
  if (index >= 0) m_kind->setCurrentIndex(index);
}

void ModelOverviewWidget::clear() {
  m_filling = false;
  m_fillDelay->stop();
  m_fillStatus->hide();
  m_cancelFill->hide();
  m_grid->setThumbnails({}, {}, {});
  m_grid->setColumnGroupSize(0);
  m_groupLegend->hide();
}

void ModelOverviewWidget::beginFill(int layers, const QStringList &columns, int groupSize, int kvHeads) {
  QVector<Thumbnail> frames;
  QStringList rows;
  for (int layer = 0; layer < layers; ++layer) {
    rows << tr("Layer %1").arg(layer + 1);
    for (int column = 0; column < columns.size(); ++column) {
      Thumbnail frame;  // no image yet: the frame alone, in the head's colour
      frame.frame = headColour(column);
      frame.toolTip = tr("Layer %1, %2: still computing").arg(layer + 1).arg(columns[column]);
      frames.push_back(frame);
    }
  }
  m_grid->setThumbnails(frames, rows, columns);
  m_grid->setColumnGroupSize(groupSize);
  m_groupLegend->setVisible(groupSize > 1);
  if (groupSize > 1) {
    m_groupLegend->setText(tr("Shaded bands: grouped-query attention. The %1 heads in a band share one key/value "
                              "head (%2 key/value heads for %3 query heads), so their weights differ only "
                              "through their queries.")
                               .arg(groupSize)
                               .arg(kvHeads)
                               .arg(columns.size()));
  }
  m_fillDone = 0;
  m_fillTotal = static_cast<int>(frames.size());
  setFillProgress(0, m_fillTotal);
  m_cancelFill->setEnabled(true);
  // hidden until the fill has run a while (m_fillDelay)
  m_cancelFill->hide();
  m_fillStatus->hide();
  m_filling = m_fillTotal > 0;
  if (m_filling) m_fillDelay->start();
  else m_fillDelay->stop();
}

void ModelOverviewWidget::setTile(int layer, int column, const Thumbnail &thumbnail) {
  if (column < 0 || column >= m_grid->columnCount()) return;
  m_grid->setThumbnail(layer * m_grid->columnCount() + column, thumbnail);
}

void ModelOverviewWidget::setFillProgress(int done, int total) {
  m_fillDone = done;
  m_fillTotal = total;
  const int percent = total > 0 ? done * 100 / total : 100;
  m_fillStatus->setText(tr("Thumbnails: %1 of %2 heads (%3 %)").arg(done).arg(total).arg(percent));
}

void ModelOverviewWidget::finishFill(bool cancelled) {
  m_filling = false;
  m_fillDelay->stop();
  m_cancelFill->hide();
  if (cancelled) {
    // the grid stays part-filled: the line says so, however soon it stopped
    m_fillStatus->setText(tr("Thumbnails stopped at %1 of %2 heads").arg(m_fillDone).arg(m_fillTotal));
    m_fillStatus->show();
    return;
  }
  m_fillStatus->hide();
}

void ModelOverviewWidget::setPlaceholder(const QString &text) { m_grid->setPlaceholder(text); }

}  // namespace ui
