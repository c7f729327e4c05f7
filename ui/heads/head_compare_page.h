#pragma once
// Heads ▸ Compare: two heads side by side, each as a word graph and a heatmap of this input's
// attention, with its metrics; "Most Local vs Most Global" picks the two extremes. Both sides'
// slices are built together on the JobRunner's HeadCompare lane, never on the GUI thread; a newer
// request drops the older one's result, so the page only ever draws the heads last asked for.

#include <array>
#include <memory>

#include <QWidget>

#include "head_view.h"

class QComboBox;
class QLabel;

namespace ui {

class HeatmapWidget;
class JobRunner;
class WordGraphWidget;
struct AttentionSlice;

class HeadComparePage : public QWidget {
  Q_OBJECT

 public:
  // runner: where the two sides' slices are built.
  explicit HeadComparePage(JobRunner *runner, QWidget *parent = nullptr);

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
  void sidesShown();  // the newest request's slices arrived from the JobRunner and are drawn

 private:
  void updateSides();  // asks the JobRunner for both sides' slices
  void showSide(int side, const core::HeadRef &head, const std::shared_ptr<const AttentionSlice> &slice);
  void clearSide(int side);

  JobRunner *m_runner;
  HeadView m_view;
  std::array<QComboBox *, 2> m_box{};
  std::array<WordGraphWidget *, 2> m_graph{};
  std::array<HeatmapWidget *, 2> m_heatmap{};
  std::array<QLabel *, 2> m_metrics{};
};

}  // namespace ui
