#include "thumbnail_grid.h"

#include "colour_scales.h"

#include <algorithm>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

namespace ui {

namespace {

constexpr double kMargin = 6.0;
constexpr double kMinRowCaptionWidth = 62.0;
constexpr double kMinColumnCaptionHeight = 18.0;
constexpr double kGroupGap = 10.0;  // added between two groups of columns

}  // namespace

ThumbnailGrid::ThumbnailGrid(QWidget *parent) : QWidget(parent), m_placeholder(tr("No attention to show yet.")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void ThumbnailGrid::setThumbnails(const QVector<Thumbnail> &thumbnails, const QStringList &rowCaptions,
                                  const QStringList &columnCaptions) {
  m_thumbnails = thumbnails;
  m_rowCaptions = rowCaptions;
  m_columnCaptions = columnCaptions;
  updateGeometry();
  update();
}

void ThumbnailGrid::setThumbnail(int index, const Thumbnail &thumbnail) {
  if (index < 0 || index >= m_thumbnails.size()) return;
  const QColor badge = m_thumbnails[index].badge;
  m_thumbnails[index] = thumbnail;
  if (!thumbnail.badge.isValid()) m_thumbnails[index].badge = badge;
  update();
}

void ThumbnailGrid::setBadges(const QVector<QColor> &badges) {
  for (qsizetype i = 0; i < m_thumbnails.size(); ++i) m_thumbnails[i].badge = i < badges.size() ? badges[i] : QColor();
  update();
}

void ThumbnailGrid::setColumnGroupSize(int columns) {
  if (columns == m_groupSize) return;
  m_groupSize = std::max(columns, 0);
  updateGeometry();
  update();
}

int ThumbnailGrid::columnGroupCount() const {
  if (m_groupSize <= 1 || columnCount() == 0) return 0;
  return (columnCount() + m_groupSize - 1) / m_groupSize;
}

QRectF ThumbnailGrid::columnGroupRect(int group) const {
  if (!grouped() || group < 0 || group >= columnGroupCount() || rowCount() == 0) return {};
  const Geometry g = computeGeometry();
  const QRectF first = thumbnailRect(0, group * m_groupSize);
  const QRectF last = thumbnailRect(rowCount() - 1, std::min((group + 1) * m_groupSize, columnCount()) - 1);
  // Around the thumbnails and their column captions, within the gaps.
  const double pad = std::min(g.gap / 2 + 1, 5.0);
  return QRectF(QPointF(first.left() - pad, kMargin - 2), QPointF(last.right() + pad, last.bottom() + pad));
}

void ThumbnailGrid::setPlaceholder(const QString &text) {
  m_placeholder = text;
  update();
}

void ThumbnailGrid::setMaximumThumbnailSize(int pixels) {
  m_maximumSize = pixels;
  updateGeometry();
  update();
}

QSize ThumbnailGrid::sizeHint() const {
  const int columns = std::max(columnCount(), 1);
  const int rows = std::max(rowCount(), 1);
  const int size = std::min(m_maximumSize, 110);
  const double groupGaps = std::max(columnGroupCount() - 1, 0) * kGroupGap;
  return {int(rowCaptionWidth() + columns * (size + 8) + groupGaps + 2 * kMargin),
          int(columnCaptionHeight() + rows * (size + 8) + 2 * kMargin)};
}

double ThumbnailGrid::rowCaptionWidth() const {
  // As wide as the widest row caption in the current font ("Layer 12" at a presentation's size).
  double widest = 0;
  for (const QString &caption : m_rowCaptions) widest = std::max(widest, QFontMetricsF(font()).horizontalAdvance(caption));
  return std::max(kMinRowCaptionWidth, widest + 10);
}

double ThumbnailGrid::columnCaptionHeight() const {
  return std::max(kMinColumnCaptionHeight, QFontMetricsF(font()).height() + 4);
}

QRectF ThumbnailGrid::rowCaptionRect(int row) const {
  const QRectF cell = thumbnailRect(row, 0);
  return {kMargin, cell.top(), rowCaptionWidth() - 6, cell.height()};
}

QSize ThumbnailGrid::minimumSizeHint() const { return {120, 60}; }

ThumbnailGrid::Geometry ThumbnailGrid::computeGeometry() const {
  Geometry geometry;
  const int columns = std::max(columnCount(), 1);
  const int rows = std::max(rowCount(), 1);
  geometry.gap = 8;
  const double groupGaps = std::max(columnGroupCount() - 1, 0) * kGroupGap;
  const double availableWidth = width() - 2 * kMargin - rowCaptionWidth() - groupGaps;
  const double availableHeight = height() - 2 * kMargin - columnCaptionHeight();
  geometry.size = std::max(8.0, std::min({availableWidth / columns - geometry.gap, availableHeight / rows - geometry.gap,
                                          double(m_maximumSize)}));
  geometry.left = kMargin + rowCaptionWidth();
  geometry.top = kMargin + columnCaptionHeight();
  return geometry;
}

QRectF ThumbnailGrid::thumbnailRect(int row, int column) const {
  const Geometry g = computeGeometry();
  return {g.left + column * (g.size + g.gap) + groupOf(column) * kGroupGap, g.top + row * (g.size + g.gap), g.size,
          g.size};
}

QRectF ThumbnailGrid::sinkMarkerRect(int row, int column, int key) const {
  const int index = row * columnCount() + column;
  const QRectF cell = thumbnailRect(row, column);
  const int keys = index < m_thumbnails.size() ? m_thumbnails[index].image.width() : 0;
  if (keys <= 0) return {};
  const double width = cell.width() / keys;
  // below the column caption or the row above, clear of the thickest (selected) frame
  return {cell.left() + key * width, cell.top() - 6, std::max(width, 1.0), 2};
}

QPoint ThumbnailGrid::cellAt(const QPointF &position) const {
  for (int row = 0; row < rowCount(); ++row) {
    for (int column = 0; column < columnCount(); ++column) {
      if (thumbnailRect(row, column).adjusted(-2, -2, 2, 2).contains(position)) return {column, row};
    }
  }
  return {-1, -1};
}

void ThumbnailGrid::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().window());
  if (m_thumbnails.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    return;
  }
  for (int group = 0; group < (grouped() ? columnGroupCount() : 0); ++group) {
    // One band per key/value head, behind the query heads that read it.
    QColor band = palette().color(QPalette::Mid);
    band.setAlpha(70);
    painter.setPen(Qt::NoPen);
    painter.setBrush(band);
    painter.drawRoundedRect(columnGroupRect(group), 4, 4);
    painter.setBrush(Qt::NoBrush);
  }
  painter.setPen(palette().color(QPalette::WindowText));
  for (int column = 0; column < columnCount(); ++column) {
    const QRectF cell = thumbnailRect(0, column);
    // Captions may overhang into the gaps: "Head 12" is wider than a small thumbnail.
    const QRectF caption(cell.left() - 4, kMargin, cell.width() + 8, columnCaptionHeight() - 2);
    painter.drawText(caption, Qt::AlignCenter,
                     painter.fontMetrics().elidedText(m_columnCaptions[column], Qt::ElideMiddle, int(caption.width())));
  }
  for (int row = 0; row < rowCount(); ++row) {
    painter.drawText(rowCaptionRect(row), Qt::AlignRight | Qt::AlignVCenter, m_rowCaptions[row]);
  }
  for (int row = 0; row < rowCount(); ++row) {
    for (int column = 0; column < columnCount(); ++column) {
      const int index = row * columnCount() + column;
      if (index >= m_thumbnails.size()) break;
      const Thumbnail &thumbnail = m_thumbnails[index];
      const QRectF cell = thumbnailRect(row, column);
      const bool hovered = m_hovered == QPoint(column, row);
      painter.setOpacity(thumbnail.dimmed ? 0.3 : 1.0);
      // Nearest-neighbour scaling keeps cells crisp: a thumbnail is a picture of a matrix.
      painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
      painter.drawImage(cell, thumbnail.image);
      painter.setOpacity(1.0);
      const double frameWidth = thumbnail.selected ? 4.0 : (hovered ? 3.0 : 2.0);
      painter.setPen(QPen(thumbnail.frame, frameWidth));
      painter.setBrush(Qt::NoBrush);
      painter.drawRect(cell.adjusted(-frameWidth / 2, -frameWidth / 2, frameWidth / 2, frameWidth / 2));
      for (int key = 0; key < thumbnail.sinkKeys.size(); ++key) {
        if (thumbnail.sinkKeys[key]) painter.fillRect(sinkMarkerRect(row, column, key), sinkMarkerColour());
      }
      if (thumbnail.badge.isValid()) {
        // the head's class: a filled corner triangle, outlined so it shows on any matrix colour
        const double side = std::clamp(cell.width() / 4, 6.0, 16.0);
        const QPointF corner = cell.topRight();
        const QPointF triangle[3] = {corner, corner - QPointF(side, 0), corner + QPointF(0, side)};
        painter.setPen(QPen(palette().color(QPalette::Window), 1.0));
        painter.setBrush(thumbnail.badge);
        painter.drawPolygon(triangle, 3);
        painter.setBrush(Qt::NoBrush);
      }
    }
  }
}

void ThumbnailGrid::mouseReleaseEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton) return;
  const QPoint cell = cellAt(event->position());
  if (cell.x() >= 0) emit thumbnailClicked(cell.y(), cell.x());
}

void ThumbnailGrid::mouseMoveEvent(QMouseEvent *event) {
  const QPoint cell = cellAt(event->position());
  if (cell == m_hovered) return;
  m_hovered = cell;
  setCursor(cell.x() >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
  update();
}

bool ThumbnailGrid::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const QPoint cell = cellAt(help->pos());
    const int index = cell.y() * columnCount() + cell.x();
    if (cell.x() >= 0 && index < m_thumbnails.size()) {
      QToolTip::showText(help->globalPos(), m_thumbnails[index].toolTip, this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  if (event->type() == QEvent::Leave) {
    m_hovered = {-1, -1};
    update();
  }
  return QWidget::event(event);
}

}  // namespace ui
