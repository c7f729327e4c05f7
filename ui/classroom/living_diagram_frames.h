#pragma once
// The living diagram's timeline: the lecture's figure in seven stages, each drawn in a few frames
// so Play can animate it (bars growing, softmax reshaping them, the weighted sum filling in).
//   Inputs          a^1 … a^n as coloured vector strips
//   QueryKeyValue   q^i = W^q a^i, k^i = W^k a^i, v^i = W^v a^i (arrows from each a^i)
//   Scores          α_{1,i} = q^1 · k^i / √d as bars
//   Softmax         α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j}): the bars reshaped
//   WeightedSum     b^1 = Σ_i α̂_{1,i} v^i: the scaled v^i stacked, summed
//   MatrixProduct   A = Q K^T / √d, one cell after another
//   MultiHead       q^1 split into heads, b^{1,h} concatenated and multiplied by W^O
// A frame is (stage, progress): progress runs from 1/framesPerStage to 1, so a stage's last frame
// shows it complete, and Step lands on those.

#include <QString>

namespace ui {

enum class DiagramStage { Inputs, QueryKeyValue, Scores, Softmax, WeightedSum, MatrixProduct, MultiHead };
constexpr int diagramStageCount = 7;

struct DiagramFrame {
  DiagramStage stage = DiagramStage::Inputs;
  double progress = 1.0;  // (0, 1]: how far the stage's animation has run
};

class DiagramTimeline {
 public:
  static constexpr int framesPerStage = 10;
  static constexpr int frameCount = diagramStageCount * framesPerStage;

  static DiagramFrame frame(int index);  // index clamped to [0, frameCount)
  static int lastFrameOf(DiagramStage stage);
  // Step forward: the end of the stage after the one index is in (or of this stage, if index is
  // before its end). Step back: the end of the stage before.
  static int nextStop(int index);
  static int previousStop(int index);
};

// The stage's heading, in formula markup (formula.h): "3. Scores α_{1,i} = q^1 · k^i / √d".
QString diagramStageTitle(DiagramStage stage);

}  // namespace ui
