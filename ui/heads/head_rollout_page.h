#pragma once
// Heads ▸ Rollout: attention rollout (Abnar & Zuidema 2020) after a chosen layer beside that
// layer's own mean attention, for this input.

#include <QWidget>

#include "head_view.h"

class QComboBox;
class QSpinBox;

namespace ui {

class HeatmapWidget;

class HeadRolloutPage : public QWidget {
  Q_OBJECT

 public:
  explicit HeadRolloutPage(QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
  HeatmapWidget *heatmap() const { return m_rollout; }
  HeatmapWidget *meanHeatmap() const { return m_raw; }

 private:
  void fillControls();
  void updateHeatmaps();

  HeadView m_view;
  QComboBox *m_kind;
  QSpinBox *m_layer;
  HeatmapWidget *m_rollout;
  HeatmapWidget *m_raw;
};

}  // namespace ui
