#include "living_diagram_frames.h"

#include <algorithm>

#include <QCoreApplication>

namespace ui {

DiagramFrame DiagramTimeline::frame(int index) {
  const int clamped = std::clamp(index, 0, frameCount - 1);
  DiagramFrame frame;
  frame.stage = static_cast<DiagramStage>(clamped / framesPerStage);
  // progress = (position within the stage + 1) / framesPerStage: the last frame is complete
  frame.progress = static_cast<double>(clamped % framesPerStage + 1) / framesPerStage;
  return frame;
}

int DiagramTimeline::lastFrameOf(DiagramStage stage) { return (static_cast<int>(stage) + 1) * framesPerStage - 1; }

int DiagramTimeline::nextStop(int index) {
  const int clamped = std::clamp(index, 0, frameCount - 1);
  const int endOfThis = lastFrameOf(frame(clamped).stage);
  if (clamped < endOfThis) return endOfThis;
  return std::min(clamped + framesPerStage, frameCount - 1);
}

int DiagramTimeline::previousStop(int index) {
  const int clamped = std::clamp(index, 0, frameCount - 1);
  const int stage = clamped / framesPerStage;
  return lastFrameOf(static_cast<DiagramStage>(std::max(stage - 1, 0)));
}

QString diagramStageTitle(DiagramStage stage) {
  const char *context = "ui::LivingDiagramWidget";
  switch (stage) {
    case DiagramStage::Inputs: return QCoreApplication::translate(context, "1. The inputs a^1 … a^n as vectors");
    case DiagramStage::QueryKeyValue:
      return QCoreApplication::translate(context, "2. q^i = W^q a^i,  k^i = W^k a^i,  v^i = W^v a^i");
    case DiagramStage::Scores: return QCoreApplication::translate(context, "3. Scores α_{1,i} = q^1 · k^i / √d");
    case DiagramStage::Softmax:
      return QCoreApplication::translate(context, "4. softmax α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})");
    case DiagramStage::WeightedSum: return QCoreApplication::translate(context, "5. Weighted sum b^1 = Σ_i α̂_{1,i} v^i");
    case DiagramStage::MatrixProduct: return QCoreApplication::translate(context, "6. Matrix form A = Q K^T / √d");
    case DiagramStage::MultiHead:
      return QCoreApplication::translate(context, "7. Multi-head: b^1 = W^O [b^{1,1}; …; b^{1,H}]");
  }
  return {};
}

}  // namespace ui
