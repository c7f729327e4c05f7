#pragma once
// Heads ▸ Scatter: every head of the chosen attention as a point, mean distance (÷ uniform)
// across and entropy (÷ ln n) up; colour = layer, shape = class, the selected head ringed.
// Cross-attention has no distance, so its x is the sink share.

#include <QChartView>

#include "head_view.h"

namespace ui {

class HeadScatterPage : public QChartView {
  Q_OBJECT

 public:
  explicit HeadScatterPage(QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
  QPoint position(const core::HeadRef &head) const;  // in the viewport; (−1, −1) when not drawn

 signals:
  void headClicked(const core::HeadRef &head);

 private:
  HeadView m_view;
};

}  // namespace ui
