#pragma once
// The query/key map's plane: every point of a core::QkMap, queries as circles and keys as squares
// (AttentionViz's two shapes), coloured by position (a sequential scale, the sentence's first
// token dark) or by token (one hue per distinct token). Clicking a point selects it.

#include <QPointF>
#include <QWidget>

#include "analysis/why/qk_map.h"

namespace ui {

class QkScatterWidget : public QWidget {
  Q_OBJECT

 public:
  enum class Colouring { Position, Token };

  explicit QkScatterWidget(QWidget *parent = nullptr);

  // The map to draw (not owned: the page keeps it); nullptr draws the placeholder.
  void setMap(const core::QkMap *map);
  const core::QkMap *map() const { return m_map; }
  void setColouring(Colouring colouring);
  void setPlaceholder(const QString &text);

  // Where point n is drawn, in widget coordinates; the point nearest to a position (−1 when none
  // is within a few pixels).
  QPointF pointPosition(int n) const;
  int pointAt(const QPointF &position) const;
  QColor pointColour(int n) const;

  QSize sizeHint() const override { return {480, 400}; }

 signals:
  void pointClicked(int n);

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;

 private:
  QRectF plotArea() const;

  const core::QkMap *m_map = nullptr;
  Colouring m_colouring = Colouring::Position;
  QString m_placeholder;
  double m_minX = 0, m_maxX = 1, m_minY = 0, m_maxY = 1;
  int m_maxPosition = 1;
};

}  // namespace ui
