#pragma once
// The attention sandbox: 3–6 tokens with hand-made 2-D queries, keys and values, dragged on a
// plane or typed in a table, and the live scores α, weights α̂ and outputs b^i, with switches for
// the √d scaling, a temperature and the causal mask. Self-contained: no model behind it.

#include <QWidget>

#include "classroom/attention_sandbox.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace ui {

class ClassroomMatrixView;
class ClassroomSandboxPlane;
enum class SandboxVector;

class ClassroomSandboxWidget : public QWidget {
  Q_OBJECT

 public:
  explicit ClassroomSandboxWidget(QWidget *parent = nullptr);

  const core::SandboxInput &input() const { return m_input; }
  const core::SandboxResult &result() const { return m_result; }
  ClassroomSandboxPlane *plane() const { return m_plane; }
  QTableWidget *vectorTable() const { return m_table; }

 public slots:
  void setTokenCount(int count);
  void setVector(ui::SandboxVector vector, int token, QPointF value);
  void setScaling(bool on);
  void setTemperature(double temperature);
  void setCausalMask(bool on);

 signals:
  void resultChanged();

 private:
  void fillTable();
  void readTable(int row, int column);
  void recompute();

  core::SandboxInput m_input;
  core::SandboxResult m_result;
  bool m_fillingTable = false;

  ClassroomSandboxPlane *m_plane;
  QTableWidget *m_table;
  QSpinBox *m_tokens;
  QCheckBox *m_scaling;
  QDoubleSpinBox *m_temperature;
  QCheckBox *m_causal;
  ClassroomMatrixView *m_alpha;
  ClassroomMatrixView *m_alphaHat;
  QLabel *m_outputs;
};

}  // namespace ui
