#include "model_description.h"

#include <QCoreApplication>

#include <algorithm>
#include <vector>

#include "nn/block_spec.h"
#include "nn/stack_spec.h"

namespace ui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("ui::ModelDescription", text); }

QString number(double value) { return QString::number(value, 'g', 6); }

const core::StackSpec &firstStack(const core::ModelSpec &spec) { return spec.has_encoder() ? spec.encoder : spec.decoder; }

QString layoutText(core::ResidualLayout layout) {
  switch (layout) {
    case core::ResidualLayout::PostNorm: return tr("post-norm");
    case core::ResidualLayout::PreNorm: return tr("pre-norm");
    case core::ResidualLayout::Parallel: return tr("parallel");
  }
  return {};
}

QString absolutePositionsText(core::AbsolutePositions positions) {
  switch (positions) {
    case core::AbsolutePositions::None: return tr("none");
    case core::AbsolutePositions::SinusoidalInterleaved: return tr("sinusoidal");
    case core::AbsolutePositions::SinusoidalHalves: return tr("sinusoidal (halves)");
    case core::AbsolutePositions::Learned: return tr("learned");
  }
  return {};
}

}  // namespace

QString attentionDescription(const core::ModelSpec &spec) {
  const core::StackSpec &stack = firstStack(spec);
  const core::StackSpec &decoder = spec.has_decoder() ? spec.decoder : spec.encoder;
  if (stack.blocks.empty()) return {};
  const core::AttentionSpec &a = stack.blocks.front().self_attention;
  QStringList parts{tr("%1 heads").arg(a.heads)};
  if (a.kv_heads != a.heads) {
    parts << (a.kv_heads == 1 ? tr("%1 key/value head (MQA)") : tr("%1 key/value heads (GQA)")).arg(a.kv_heads);
  }
  parts << tr("head size %1").arg(a.head_dim);
  int windowed = 0;
  int window = 0;
  for (const core::BlockSpec &block : decoder.blocks) {
    if (block.self_attention.window > 0) {
      ++windowed;
      window = block.self_attention.window;
    }
  }
  if (windowed == decoder.layers()) parts << tr("window %1").arg(window);
  else if (windowed > 0) parts << tr("window %1 on %2 of %3 layers").arg(window).arg(windowed).arg(decoder.layers());
  if (a.soft_cap > 0.0f) parts << tr("soft-cap %1").arg(number(a.soft_cap));
  return parts.join(tr(", "));
}

QString positionsDescription(const core::ModelSpec &spec) {
  const core::StackSpec &stack = firstStack(spec);
  if (stack.blocks.empty()) return tr("none");
  const core::AttentionSpec &attention = stack.blocks.front().self_attention;
  switch (attention.positions) {
    case core::ScorePositions::Rotary: {
      QStringList parts{tr("rotary θ = %1").arg(number(attention.rotary.theta))};
      if (attention.rotary.rotary_dim != attention.head_dim) {
        parts << tr("%1 of %2 dims").arg(attention.rotary.rotary_dim).arg(attention.head_dim);
      }
      if (attention.rotary.scaling.type != core::RopeScalingType::None) {
        // The scaling's name as config.json writes it (linear, dynamic, llama3, yarn).
        parts << QStringLiteral("%1 ×%2").arg(QString::fromLatin1(core::to_string(attention.rotary.scaling.type)),
                                               number(attention.rotary.scaling.factor));
      }
      const std::vector<float> &factors = attention.rotary.frequency_factors;
      if (!factors.empty()) {
        // A GGUF file's rope_freqs: one divisor per rotary frequency.
        const auto [low, high] = std::minmax_element(factors.begin(), factors.end());
        parts << tr("per-frequency factors %1–%2").arg(number(*low), number(*high));
      }
      return parts.join(tr(", "));
    }
    case core::ScorePositions::RelativeBias:
      return tr("relative bias, %1 buckets up to %2").arg(attention.relative.buckets).arg(attention.relative.max_distance);
    case core::ScorePositions::Alibi:
      return QStringLiteral("ALiBi");
    case core::ScorePositions::None:
      break;
  }
  QString text = absolutePositionsText(stack.embedding.positions);
  if (stack.embedding.position_offset != 0) text += tr(" (offset %1)").arg(stack.embedding.position_offset);
  return text;
}

QString blocksDescription(const core::ModelSpec &spec) {
  const core::StackSpec &stack = firstStack(spec);
  if (stack.blocks.empty()) return {};
  const core::BlockSpec &block = stack.blocks.front();
  QString norm = QString::fromLatin1(core::to_string(block.norm.kind));  // LayerNorm or RMSNorm: names
  if (block.norm.unit_offset) norm += QStringLiteral(" (1 + γ)");
  QStringList parts{norm, layoutText(block.layout)};
  if (block.sublayer_output_norms) parts.back() += tr(" + output norms");
  const QString activation = QString::fromLatin1(core::to_string(block.feed_forward.activation));  // a name
  parts << (block.feed_forward.gated ? tr("gated %1 feed-forward %2") : tr("%1 feed-forward %2"))
               .arg(activation)
               .arg(block.feed_forward.d_ff);
  if (spec.output.soft_cap > 0.0f) parts << tr("logits soft-capped at %1").arg(number(spec.output.soft_cap));
  return parts.join(tr(", "));
}

}  // namespace ui
