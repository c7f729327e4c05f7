#include "layer_steps.h"

#include <QCoreApplication>

namespace ui {

std::vector<LayerStep> layerSteps(const core::ModelSpec& config) {
  std::vector<LayerStep> steps;
  if (config.has_encoder()) {
    for (int layer = 0; layer < config.encoder_layers(); ++layer) steps.push_back({core::AttentionKind::EncoderSelf, layer});
  }
  if (config.has_decoder()) {
    const bool cross = config.architecture == core::Architecture::EncoderDecoder;
    for (int layer = 0; layer < config.decoder_layers(); ++layer) {
      steps.push_back({core::AttentionKind::DecoderSelf, layer});
      if (cross) steps.push_back({core::AttentionKind::DecoderCross, layer});
    }
  }
  return steps;
}

LayerStep patternStep(const core::ModelSpec& config) {
  const std::vector<LayerStep> steps = layerSteps(config);
  return steps.empty() ? LayerStep{} : steps.back();
}

QString describeStep(const LayerStep& step) {
  switch (step.kind) {
    case core::AttentionKind::EncoderSelf:
      return QCoreApplication::translate("LayerSteps", "Encoder layer %1 · self-attention").arg(step.layer + 1);
    case core::AttentionKind::DecoderSelf:
      return QCoreApplication::translate("LayerSteps", "Decoder layer %1 · masked self-attention").arg(step.layer + 1);
    case core::AttentionKind::DecoderCross:
      return QCoreApplication::translate("LayerSteps", "Decoder layer %1 · cross-attention").arg(step.layer + 1);
  }
  return {};
}

QString describeKind(core::AttentionKind kind) {
  switch (kind) {
    case core::AttentionKind::EncoderSelf: return QCoreApplication::translate("LayerSteps", "Encoder self-attention");
    case core::AttentionKind::DecoderSelf: return QCoreApplication::translate("LayerSteps", "Decoder masked self-attention");
    case core::AttentionKind::DecoderCross: return QCoreApplication::translate("LayerSteps", "Decoder cross-attention");
  }
  return {};
}

std::vector<core::AttentionKind> attentionKinds(const core::ModelSpec& config) {
  std::vector<core::AttentionKind> kinds;
  if (config.has_encoder()) kinds.push_back(core::AttentionKind::EncoderSelf);
  if (config.has_decoder()) kinds.push_back(core::AttentionKind::DecoderSelf);
  if (config.architecture == core::Architecture::EncoderDecoder) kinds.push_back(core::AttentionKind::DecoderCross);
  return kinds;
}

int layerCount(const core::ModelSpec& config, core::AttentionKind kind) {
  return kind == core::AttentionKind::EncoderSelf ? config.encoder_layers() : config.decoder_layers();
}

}  // namespace ui
