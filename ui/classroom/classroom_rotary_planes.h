#pragma once
// Rotary positional encoding drawn as the lecture would: each frequency pair n of a head is a
// point in its own 2-D plane, turned by the angle i · ω_n at position i. One circle per pair
// (pair 0 turns fastest); an arrow per position, light at position 0 and darker further on, so
// the fast pairs spin round while the slow ones barely move. A masked pair (frequency band off)
// stays at angle 0 and is drawn greyed.

#include <QVector>
#include <QWidget>

#include "classroom/rotary_explorer.h"

namespace ui {

class ClassroomRotaryPlanes : public QWidget {
  Q_OBJECT

 public:
  explicit ClassroomRotaryPlanes(QWidget *parent = nullptr);

  // pairsOff: pairs drawn as switched off. An empty planes.omega draws nothing.
  void setPlanes(const core::RotaryPlanes &planes, const QVector<int> &pairsOff = {});
  const core::RotaryPlanes &planes() const { return m_planes; }
  QVector<int> shownPairs() const;  // at most eight pairs, spread from the fastest to the slowest
  QSize sizeHint() const override;

 protected:
  void paintEvent(QPaintEvent *event) override;

 private:
  core::RotaryPlanes m_planes;
  QVector<int> m_pairsOff;
};

}  // namespace ui
