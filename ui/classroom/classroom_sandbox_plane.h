#pragma once
// The sandbox's plane: every token's 2-D query (●), key (■) and value (▲) as points to drag, and
// its output b^i (◇) drawn where the attention puts it.

#include <QPointF>
#include <QWidget>

#include "classroom/attention_sandbox.h"

namespace ui {

enum class SandboxVector { Query, Key, Value };

class ClassroomSandboxPlane : public QWidget {
  Q_OBJECT

 public:
  explicit ClassroomSandboxPlane(QWidget *parent = nullptr);

  void setVectors(const core::SandboxInput &input, const core::SandboxResult &result);
  // Where a vector's point is drawn, in widget coordinates (tests drag from here).
  QPointF pointPosition(SandboxVector vector, int token) const;
  QSize sizeHint() const override;

  static constexpr double extent = 3.0;  // the plane shows [−extent, extent]²

 signals:
  void vectorMoved(ui::SandboxVector vector, int token, QPointF value);

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;

 private:
  QPointF toWidget(double x, double y) const;
  QPointF toValue(QPointF position) const;

  core::SandboxInput m_input;
  core::SandboxResult m_result;
  int m_dragToken = -1;
  SandboxVector m_dragVector = SandboxVector::Query;
};

}  // namespace ui
