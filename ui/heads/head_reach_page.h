#pragma once
// Heads ▸ How Far Each Layer Sees: each self-attention's mean attention distance per layer,
// beside the farthest token attention can reach (n − 1) and what a stack of width-3 convolutions
// reaches after l layers.

#include <QChartView>

#include "head_view.h"

namespace ui {

class HeadReachPage : public QChartView {
  Q_OBJECT

 public:
  explicit HeadReachPage(QWidget *parent = nullptr);

  void showHeads(const HeadView &view);
};

}  // namespace ui
