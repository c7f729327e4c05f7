#include "classroom/position_bias_explorer.h"

#include <string>

#include "classroom/position_kind.h"
#include "nn/position_bias.h"
#include "tensor/errors.h"

namespace core {

namespace {

std::string stack_name(InputSide side) { return side == InputSide::Source ? "encoder" : "decoder"; }

}  // namespace

AlibiView alibi_view(const Model& model, InputSide side, int distances) {
  if (position_kind(model, side) != PositionKind::Alibi) {
    throw InputError("the model's " + stack_name(side) + " has no ALiBi bias");
  }
  if (distances < 1) throw InputError("the ALiBi view needs at least one distance, not " + std::to_string(distances));
  const int heads = stack_of(model, side).blocks.front().self_attention.heads;
  AlibiView view;
  view.slopes = alibi_slopes(heads);
  view.bias.resize(heads, distances);
  for (int d = 0; d < distances; ++d) view.distances.push_back(d);
  for (int h = 0; h < heads; ++h) {
    // −m_h · (i − j)
    for (int d = 0; d < distances; ++d) view.bias(h, d) = -view.slopes[static_cast<std::size_t>(h)] * static_cast<float>(d);
  }
  return view;
}

RelativeBiasView relative_bias_view(const Model& model, InputSide side, int max_distance) {
  if (position_kind(model, side) != PositionKind::RelativeBias) {
    throw InputError("the model's " + stack_name(side) + " has no T5 relative position bias");
  }
  if (max_distance < 0) throw InputError("the distance must be 0 or more, not " + std::to_string(max_distance));
  const AttentionSpec& spec = stack_of(model, side).blocks.front().self_attention;
  const StackWeights& stack = side == InputSide::Source ? model.weights().encoder : model.weights().decoder;
  const WeightMatrix& table = stack.blocks.front().self_attention.relative_bias;
  if (table.empty()) throw InputError("the model's " + stack_name(side) + " has no relative_attention_bias table");
  const MatrixView values = table.view();
  RelativeBiasView view;
  // an encoder's query sees keys on both sides; a decoder's only those before it
  const int first = spec.relative.bidirectional ? -max_distance : 0;
  for (int d = first; d <= max_distance; ++d) {
    view.distances.push_back(d);
    // the bucket of j − i = −(i − j)
    view.buckets.push_back(relative_position_bucket(-d, spec.relative));
  }
  view.bias.resize(spec.heads, static_cast<Eigen::Index>(view.distances.size()));
  for (int h = 0; h < spec.heads; ++h) {
    for (std::size_t n = 0; n < view.buckets.size(); ++n) {
      // b_h[bucket(j − i)]
      view.bias(h, static_cast<Eigen::Index>(n)) = values(view.buckets[n], h);
    }
  }
  return view;
}

}  // namespace core
