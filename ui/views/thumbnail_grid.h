#pragma once
// A grid of small attention matrices with row and column captions: the small multiples of one
// layer's heads, and the model overview of layers × heads. Clicking a thumbnail emits its cell.
// Columns may come in groups (the query heads of grouped-query attention that share a key/value
// head): a wider gap and a shaded band behind each group. Sink keys get the heatmap's purple bar
// above their column.

#include <thread>

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace ui {

struct Thumbnail {
  QImage image;        // one pixel per matrix cell (see matrixImage)
  QString toolTip;
  QColor frame;        // the head's colour
  bool selected = false;
  bool dimmed = false;  // a head switched off in the head chips
  QColor badge;         // the head's class (Heads tab), a corner mark; invalid: none
  // Per matrix column: a sink key (the first token or a special token), marked with a bar above
  // its column as the heatmap marks it. Empty: no marks.
  QVector<bool> sinkKeys;
  // The thread headThumbnail ran on: the views build thumbnails on the JobRunner's lanes, never
  // on the GUI thread (the tests check it).
  std::thread::id builtOn{};
};

class ThumbnailGrid : public QWidget {
  Q_OBJECT

 public:
  explicit ThumbnailGrid(QWidget *parent = nullptr);

  // thumbnails are row-major, rowCaptions.size() rows of columnCaptions.size() columns.
  void setThumbnails(const QVector<Thumbnail> &thumbnails, const QStringList &rowCaptions,
                     const QStringList &columnCaptions);
  void setPlaceholder(const QString &text);
  void setMaximumThumbnailSize(int pixels);

  int rowCount() const { return static_cast<int>(m_rowCaptions.size()); }
  int columnCount() const { return static_cast<int>(m_columnCaptions.size()); }
  const QStringList &columnCaptions() const { return m_columnCaptions; }
  const QVector<Thumbnail> &thumbnails() const { return m_thumbnails; }
  // Replaces one thumbnail (row-major index) in place, keeping its badge when the new one has
  // none: the overview of a long input fills head by head. An index out of range is ignored.
  void setThumbnail(int index, const Thumbnail &thumbnail);
  // One badge colour per thumbnail, in order; fewer (or none) leave the rest unmarked.
  void setBadges(const QVector<QColor> &badges);
  QRectF thumbnailRect(int row, int column) const;
  QRectF rowCaptionRect(int row) const;  // where "Layer 1" is written, left of the row
  // The sink marker above one key column of a thumbnail: a bar in the gap above its frame.
  QRectF sinkMarkerRect(int row, int column, int key) const;
  // Columns per group; 0 or 1: no groups (multi-head attention looks as it always did).
  void setColumnGroupSize(int columns);
  int columnGroupSize() const { return m_groupSize; }
  int columnGroupCount() const;                 // 0 without groups
  QRectF columnGroupRect(int group) const;      // the shaded band behind one group's columns

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void thumbnailClicked(int row, int column);

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  bool event(QEvent *event) override;

 private:
  struct Geometry {
    double left = 0;
    double top = 0;
    double size = 0;  // of one square thumbnail
    double gap = 0;
  };
  Geometry computeGeometry() const;
  double rowCaptionWidth() const;
  double columnCaptionHeight() const;
  QPoint cellAt(const QPointF &position) const;  // (column, row), or (−1, −1)
  bool grouped() const { return columnGroupCount() > 0; }
  int groupOf(int column) const { return grouped() ? column / m_groupSize : 0; }

  QVector<Thumbnail> m_thumbnails;
  QStringList m_rowCaptions;
  QStringList m_columnCaptions;
  QString m_placeholder;
  int m_maximumSize = 160;
  int m_groupSize = 0;
  QPoint m_hovered{-1, -1};
};

}  // namespace ui
