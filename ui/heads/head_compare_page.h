#pragma once
// Heads ▸ Compare: two heads side by side, each as a word graph and a heatmap of this input's
// attention, with its metrics; "Most Local vs Most Global" picks the two extremes.

#include <array>

#include <QWidget>

#include "head_view.h"

class QComboBox;
class QLabel;

namespace ui {

class HeatmapWidget;
class WordGraphWidget;

class HeadComparePage : public QWidget {
  Q_OBJECT

 public:
  explicit HeadComparePage(QWidget *parent = nullptr);

  // New metrics or thresholds: refills both lists, keeping each side's head where it can.
  void showHeads(const HeadView &view);
  // A new result for this input while a corpus is shown: redraws both sides.
  void showInput(const HeadView &view);
  void compare(const core::HeadRef &first, const core::HeadRef &second);  // emits comparing
  void compareMostLocalAndGlobal();
  core::HeadRef comparedHead(int side) const;
  HeatmapWidget *heatmap(int side) const { return m_heatmap[static_cast<std::size_t>(side)]; }
  WordGraphWidget *wordGraph(int side) const { return m_graph[static_cast<std::size_t>(side)]; }

 signals:
  void comparing();  // two heads were chosen to compare: the page wants to be on screen

 private:
  void updateSide(int side);

  HeadView m_view;
  std::array<QComboBox *, 2> m_box{};
  std::array<WordGraphWidget *, 2> m_graph{};
  std::array<HeatmapWidget *, 2> m_heatmap{};
  std::array<QLabel *, 2> m_metrics{};
};

}  // namespace ui
