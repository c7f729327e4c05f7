#pragma once
// The head-similarity map: the Jensen-Shannon distance between every pair of heads of one
// attention kind, rows and columns ordered by an average-linkage clustering so similar heads form
// blocks. Bright = similar. Clicking a cell asks to open its two heads side by side.

#include <vector>

#include <QMetaType>
#include <QStringList>
#include <QWidget>

#include "analysis/head_analysis.h"
#include "head_labels.h"

namespace ui {

class HeadSimilarityWidget : public QWidget {
  Q_OBJECT

 public:
  explicit HeadSimilarityWidget(QWidget *parent = nullptr);

  // distance: (N, N); heads and labels: N, in the matrix's order; order: the matrix index to show
  // at each position (core::KindHeads::js_order, clustered off the GUI thread). Nothing is drawn
  // unless all of them agree in size.
  void setDistances(const core::RowMatrix &distance, const std::vector<int> &order,
                    const std::vector<core::HeadRef> &heads, const QStringList &labels);
  void setPlaceholder(const QString &text);

  const std::vector<int> &order() const { return m_order; }  // matrix index shown at each position
  int count() const { return static_cast<int>(m_order.size()); }
  QRectF cellRect(int row, int column) const;  // display positions

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void headsActivated(core::HeadRef first, core::HeadRef second);

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  bool event(QEvent *event) override;

 private:
  QPoint cellAt(const QPointF &position) const;  // (column, row) display positions, or (−1, −1)
  double labelWidth() const;

  core::RowMatrix m_distance;
  std::vector<core::HeadRef> m_heads;
  QStringList m_labels;
  std::vector<int> m_order;
  QString m_placeholder;
};

}  // namespace ui

