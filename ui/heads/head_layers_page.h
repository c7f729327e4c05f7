#pragma once
// Heads ▸ Layers: one bar chart per layer of the chosen attention, each head's mean distance and
// entropy as fractions of uniform attention's, its class under the bar. Two charts a row when two
// legends fit side by side, else one a row, each as tall as the page (presentation mode's type at
// 800 px: one layer at a time, its legend and head labels whole).

#include <vector>

#include <QScrollArea>

#include "head_view.h"

class QChart;
class QChartView;
class QGridLayout;
class QResizeEvent;

namespace ui {

class HeadLayersPage : public QScrollArea {
  Q_OBJECT

 public:
  explicit HeadLayersPage(QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
  int chartCount() const { return static_cast<int>(m_charts.size()); }
  QChart *chart(int layer) const;
  int columnCount() const { return m_columns; }

 signals:
  void headClicked(const core::HeadRef &head);

 protected:
  void resizeEvent(QResizeEvent *event) override;

 private:
  // The charts a row the viewport's width allows; placing them again when that changes.
  int fittingColumns() const;
  void placeCharts();

  HeadView m_view;
  int m_columns = 2;
  QWidget *m_content;
  QGridLayout *m_grid;
  std::vector<QChartView *> m_charts;
};

}  // namespace ui
