#pragma once
// Heads ▸ Layers: one bar chart per layer of the chosen attention, each head's mean distance and
// entropy as fractions of uniform attention's, its class under the bar.

#include <vector>

#include <QScrollArea>

#include "head_view.h"

class QChart;
class QChartView;
class QGridLayout;

namespace ui {

class HeadLayersPage : public QScrollArea {
  Q_OBJECT

 public:
  explicit HeadLayersPage(QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
  int chartCount() const { return static_cast<int>(m_charts.size()); }
  QChart *chart(int layer) const;

 signals:
  void headClicked(const core::HeadRef &head);

 private:
  HeadView m_view;
  QWidget *m_content;
  QGridLayout *m_grid;
  std::vector<QChartView *> m_charts;
};

}  // namespace ui
