#pragma once
// The part of the PE explorer that depends on the model's kind of positional encoding:
//   rotary: the frequency pairs as rotating planes, and one head's scores for the sentence at
//           positions 0 … and shifted by s (equal: q·k depends on i − j only);
//   ALiBi:  the bias −m_h · (i − j) as a heatmap, heads × distance, with each head's slope;
//   T5:     the learned bias b_h[bucket(j − i)] as a heatmap, heads × distance, with the buckets;
//   sinusoidal, learned, none: what the kind is (their tables are drawn by the explorer above).
// Below, for the kinds that act in every layer, the per-layer PE switch (and the rotary
// frequency-band mask), with the selected head's α̂ as the model computes it and with the switches.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include <QWidget>

#include "classroom/position_kind.h"
#include "classroom/position_switch_demo.h"
#include "classroom/rotary_explorer.h"
#include "model/model.h"
#include "text/tokenizer.h"

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QSpinBox;

namespace ui {

class ClassroomMatrixView;
class ClassroomRotaryPlanes;
class JobRunner;

class ClassroomPositionKindPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Band { All, HighOff, LowOff };  // rotary: every pair, the fast half off, the slow half off

  explicit ClassroomPositionKindPanel(JobRunner *runner, QWidget *parent = nullptr);

  // tokens: the explored side's (the encoder's, else the decoder's). memoryBudget: bytes the demo's
  // passes may allocate (Settings ▸ Memory budget; 0: no limit).
  void setInput(std::shared_ptr<const core::Model> model, const core::Tokenization &tokens,
                std::size_t memoryBudget = 0);
  void showLayer(int layer);
  void showHead(int head);

  core::PositionKind kind() const { return m_kind; }
  const core::RotaryShift *shift() const { return m_shift ? &*m_shift : nullptr; }
  const core::PositionSwitchDemo *switches() const { return m_switches ? &*m_switches : nullptr; }
  QString shiftVerdict() const;
  QString switchVerdict() const;
  QString errorText() const;
  ClassroomMatrixView *biasView() const { return m_bias; }
  ClassroomRotaryPlanes *planes() const { return m_planes; }
  std::vector<int> pairsOff() const;

 public slots:
  void setLayerPositions(int layer, bool on);  // the per-layer switch
  void setBand(Band band);
  void setShift(int shift);

 signals:
  void computed();  // a job's result (or its error) is on the panel

 private:
  void rebuildSwitches();
  void showStatic();
  void recompute();
  void showResult();

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  std::size_t m_memoryBudget = 0;  // Settings ▸ Memory budget for the demo's passes; 0: no limit
  core::Tokenization m_tokens;
  core::PositionKind m_kind = core::PositionKind::None;
  int m_layer = 0;
  int m_head = 0;
  std::optional<core::RotaryShift> m_shift;
  std::optional<core::PositionSwitchDemo> m_switches;

  QLabel *m_heading;
  ClassroomRotaryPlanes *m_planes;
  QWidget *m_shiftBox;
  QSpinBox *m_shiftSpin;
  ClassroomMatrixView *m_alpha;
  ClassroomMatrixView *m_alphaShifted;
  QLabel *m_shiftVerdict;
  ClassroomMatrixView *m_bias;
  QLabel *m_biasNote;
  QWidget *m_switchBox;
  QHBoxLayout *m_layerChecks;
  std::vector<QCheckBox *> m_checks;
  QComboBox *m_band;
  ClassroomMatrixView *m_normal;
  ClassroomMatrixView *m_switched;
  QLabel *m_switchVerdict;
  QLabel *m_error;
};

}  // namespace ui
