#pragma once
// The living diagram's drawing: one frame of the lecture's figure (living_diagram_frames.h) on the
// numbers it was given, painted only: the numbers come computed (LivingDiagramWidget's job), the
// frame from the page's timeline. It is the figure File ▸ Export writes; it holds no controls.
// A click on a query's strip (stages 1–2) or row (stage 6), or Left/Right, asks for that query
// (queryPicked); the page writes it to the view state.

#include <memory>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "living_diagram_frames.h"
#include "living_diagram_numbers.h"
#include "living_diagram_stages.h"

namespace ui {

class LivingDiagramCanvas : public QWidget {
  Q_OBJECT

 public:
  explicit LivingDiagramCanvas(QWidget *parent = nullptr);

  // nullptr: the placeholder message instead (no model yet, computing, or the input's error).
  void setNumbers(std::shared_ptr<const DiagramNumbers> numbers);
  void setMessage(const QString &message);
  void setFrame(int frame);

  const DiagramNumbers *numbers() const { return m_numbers.get(); }
  int frame() const { return m_frame; }
  // The stage's heading and the selection's description, as the figure's title uses them.
  QString heading() const;
  QString context() const;

  // What the last paint drew: its numbers, its labels (where and in which colour) and the labels
  // that did not fit their boxes.
  const DiagramDrawn &drawn() const { return m_drawn; }
  const std::vector<DiagramLabel> &labels() const { return m_labels; }
  const QStringList &clippedLabels() const { return m_clipped; }

  QSize sizeHint() const override { return {900, 560}; }
  QSize minimumSizeHint() const override { return {480, 320}; }

 signals:
  void queryPicked(int query);  // 0-based row of the queries

 protected:
  bool event(QEvent *event) override;
  void paintEvent(QPaintEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void keyPressEvent(QKeyEvent *event) override;
  void changeEvent(QEvent *event) override;

 private:
  std::shared_ptr<const DiagramNumbers> m_numbers;
  QString m_message;
  int m_frame = DiagramTimeline::frameCount - 1;
  DiagramDrawn m_drawn;
  std::vector<DiagramLabel> m_labels;
  QStringList m_clipped;
};

}  // namespace ui
