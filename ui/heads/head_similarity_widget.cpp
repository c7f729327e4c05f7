#include "head_similarity_widget.h"

#include <algorithm>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "colour_scales.h"

namespace ui {

namespace {
constexpr double kMargin = 6.0;
}  // namespace

HeadSimilarityWidget::HeadSimilarityWidget(QWidget *parent)
    : QWidget(parent), m_placeholder(tr("No heads to compare yet.")) {
  setMouseTracking(true);
}

void HeadSimilarityWidget::setDistances(const core::RowMatrix &distance, const std::vector<int> &order,
                                        const std::vector<core::HeadRef> &heads, const QStringList &labels) {
  m_distance = distance;
  m_heads = heads;
  m_labels = labels;
  const bool fits = distance.rows() == static_cast<Eigen::Index>(heads.size()) && order.size() == heads.size();
  m_order = fits ? order : std::vector<int>{};
  updateGeometry();
  update();
}

void HeadSimilarityWidget::setPlaceholder(const QString &text) {
  m_placeholder = text;
  update();
}

double HeadSimilarityWidget::labelWidth() const {
  int widest = 0;
  for (const QString &label : m_labels) widest = std::max(widest, fontMetrics().horizontalAdvance(label));
  return widest + 8.0;
}

QRectF HeadSimilarityWidget::cellRect(int row, int column) const {
  const double left = kMargin + labelWidth();
  const double top = kMargin + labelWidth();
  const int n = std::max(count(), 1);
  const double size = std::max(2.0, std::min((width() - left - kMargin) / n, (height() - top - kMargin) / n));
  return {left + column * size, top + row * size, size, size};
}

QPoint HeadSimilarityWidget::cellAt(const QPointF &position) const {
  if (count() == 0) return {-1, -1};
  const QRectF first = cellRect(0, 0);
  const int column = static_cast<int>((position.x() - first.left()) / first.width());
  const int row = static_cast<int>((position.y() - first.top()) / first.height());
  if (position.x() < first.left() || position.y() < first.top() || column >= count() || row >= count()) return {-1, -1};
  return {column, row};
}

QSize HeadSimilarityWidget::sizeHint() const { return {520, 520}; }
QSize HeadSimilarityWidget::minimumSizeHint() const { return {160, 160}; }

void HeadSimilarityWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  if (count() == 0) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    return;
  }
  for (int row = 0; row < count(); ++row) {
    for (int column = 0; column < count(); ++column) {
      const float d = m_distance(m_order[static_cast<std::size_t>(row)], m_order[static_cast<std::size_t>(column)]);
      // similarity 1 − d on the weight scale: identical heads bright
      painter.fillRect(cellRect(row, column), weightColour(1.0f - d));
    }
  }
  painter.setPen(palette().color(QPalette::WindowText));
  const double labels = labelWidth();
  const bool readable = cellRect(0, 0).height() >= fontMetrics().height() * 0.8;
  for (int i = 0; i < count() && readable; ++i) {
    const QString &label = m_labels[m_order[static_cast<std::size_t>(i)]];
    const QRectF rowCell = cellRect(i, 0);
    painter.drawText(QRectF(kMargin, rowCell.top(), labels - 6, rowCell.height()), Qt::AlignRight | Qt::AlignVCenter, label);
    const QRectF columnCell = cellRect(0, i);
    painter.save();
    painter.translate(columnCell.center().x(), kMargin + labels - 4);
    painter.rotate(-90);
    painter.drawText(QRectF(0, -columnCell.width() / 2, labels - 6, columnCell.width()), Qt::AlignLeft | Qt::AlignVCenter, label);
    painter.restore();
  }
}

void HeadSimilarityWidget::mouseReleaseEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton) return;
  const QPoint cell = cellAt(event->position());
  if (cell.x() < 0) return;
  emit headsActivated(m_heads[static_cast<std::size_t>(m_order[static_cast<std::size_t>(cell.y())])],
                      m_heads[static_cast<std::size_t>(m_order[static_cast<std::size_t>(cell.x())])]);
}

bool HeadSimilarityWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const QPoint cell = cellAt(help->pos());
    if (cell.x() >= 0) {
      const int a = m_order[static_cast<std::size_t>(cell.y())];
      const int b = m_order[static_cast<std::size_t>(cell.x())];
      QToolTip::showText(help->globalPos(),
                         tr("%1 vs %2\nJS distance %3 (click to compare)").arg(m_labels[a], m_labels[b]).arg(m_distance(a, b), 0, 'f', 3),
                         this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace ui
