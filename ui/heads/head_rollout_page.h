#pragma once
// Heads ▸ Rollout: attention rollout (Abnar & Zuidema 2020) after a chosen layer beside that
// layer's own mean attention, for this input. Both matrices (the layer's slice, its mean, the
// readings) are built on the JobRunner's HeadRollout lane, never on the GUI thread; a newer
// request drops the older one's result.

#include <QWidget>

#include "head_view.h"

class QComboBox;
class QSpinBox;

namespace ui {

class HeatmapWidget;
class JobRunner;

class HeadRolloutPage : public QWidget {
  Q_OBJECT

 public:
  // runner: where the matrices are built.
  explicit HeadRolloutPage(JobRunner *runner, QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
  HeatmapWidget *heatmap() const { return m_rollout; }
  HeatmapWidget *meanHeatmap() const { return m_raw; }

 signals:
  void heatmapsShown();  // the newest request's matrices arrived from the JobRunner and are drawn

 private:
  void fillControls();
  void updateHeatmaps();

  JobRunner *m_runner;
  HeadView m_view;
  QComboBox *m_kind;
  QSpinBox *m_layer;
  HeatmapWidget *m_rollout;
  HeatmapWidget *m_raw;
};

}  // namespace ui
