#include "classroom/rotary_explorer.h"

#include <cmath>
#include <numbers>
#include <string>

#include "classroom/position_kind.h"
#include "model/transformer.h"
#include "nn/rotary.h"
#include "tensor/errors.h"

namespace core {

namespace {

const AttentionSpec& rotary_attention(const Model& model, InputSide side) {
  if (position_kind(model, side) != PositionKind::Rotary) {
    throw InputError("the model's " + std::string(side == InputSide::Source ? "encoder" : "decoder") +
                     " has no rotary positional encoding");
  }
  return stack_of(model, side).blocks.front().self_attention;
}

// The pass's ids: a decoder-only model reads its text as the target.
ForwardResult recorded_pass(const Model& model, InputSide side, std::span<const int> ids, int layer,
                            std::span<const int> pairs_off, std::size_t memory_budget) {
  ForwardOptions options;
  options.memory_budget = memory_budget;
  options.record = {{self_attention_kind(side), layer}};
  options.rotary_pairs_off.assign(pairs_off.begin(), pairs_off.end());
  const std::vector<int> none;
  if (side == InputSide::Source) return forward(model, ids, model.spec().has_decoder() ? ids : none, options);
  return forward(model, none, ids, options);
}

// α = q_h K_gᵀ · scale of one head after rotating q and k from position `first`: (T, T).
RowMatrix rotated_scores(const AttentionSpec& spec, const RowMatrix& q, const RowMatrix& k, int head, int first,
                         int length, std::span<const int> pairs_off) {
  RowMatrix q_rotated = q;
  RowMatrix k_rotated = k;
  const RotaryTable table = rotary_table(spec.rotary, first, static_cast<int>(q.rows()), length, pairs_off);
  apply_rotary(q_rotated, spec.heads, spec.head_dim, table);
  apply_rotary(k_rotated, spec.kv_heads, spec.head_dim, table);
  const Eigen::Index d_k = spec.head_dim;
  const Eigen::Index g = spec.kv_head_of(head);
  RowMatrix alpha(q.rows(), k.rows());
  // α_{i,j} = q^i · k^j · scale
  alpha.noalias() = q_rotated.middleCols(head * d_k, d_k) * k_rotated.middleCols(g * d_k, d_k).transpose();
  alpha *= spec.scale;
  return alpha;
}

}  // namespace

RotaryPlanes rotary_planes(const Model& model, InputSide side, int positions) {
  const AttentionSpec& spec = rotary_attention(model, side);
  if (positions < 1) throw InputError("the rotary planes need at least one position, not " + std::to_string(positions));
  const RotaryFrequencies frequencies = rotary_frequencies(spec.rotary, positions);
  const auto pairs = static_cast<Eigen::Index>(frequencies.omega.size());
  constexpr double turn = 2.0 * std::numbers::pi;
  RotaryPlanes planes;
  planes.omega = frequencies.omega;
  planes.angle.resize(positions, pairs);
  for (const float omega : planes.omega) planes.wavelength.push_back(static_cast<float>(turn / omega));
  for (int p = 0; p < positions; ++p) {
    for (Eigen::Index n = 0; n < pairs; ++n) {
      // p · ω_n, wrapped to one turn so the plane shows where the pair points
      planes.angle(p, n) = static_cast<float>(std::fmod(p * static_cast<double>(planes.omega[n]), turn));
    }
  }
  return planes;
}

RotaryShift rotary_shift(const Model& model, InputSide side, std::span<const int> ids, int layer, int head, int shift,
                         std::span<const int> pairs_off, std::size_t memory_budget) {
  const AttentionSpec& spec = rotary_attention(model, side);
  const StackSpec& stack = stack_of(model, side);
  if (layer < 0 || layer >= stack.layers()) {
    throw InputError("layer " + std::to_string(layer) + " is out of range: the stack has layers 0 to " +
                     std::to_string(stack.layers() - 1));
  }
  if (head < 0 || head >= spec.heads) {
    throw InputError("head " + std::to_string(head) + " is out of range: the model has heads 0 to " +
                     std::to_string(spec.heads - 1));
  }
  if (shift < 0) throw InputError("the shift must be 0 or more positions, not " + std::to_string(shift));
  const ForwardResult pass = recorded_pass(model, side, ids, layer, pairs_off, memory_budget);
  const AttentionKind kind = self_attention_kind(side);
  const RowMatrix* q = pass.record.find(kind, layer, "q");
  const RowMatrix* k = pass.record.find(kind, layer, "k");
  if (q == nullptr || k == nullptr) throw InputError("the pass recorded no q and k for layer " + std::to_string(layer));
  const AttentionSpec& layer_spec = stack.blocks[static_cast<std::size_t>(layer)].self_attention;
  // both placements see the same frequencies: the longer one's (dynamic scaling grows θ with length)
  const int length = shift + static_cast<int>(q->rows());
  RotaryShift result;
  result.layer = layer;
  result.head = head;
  result.shift = shift;
  result.alpha = rotated_scores(layer_spec, *q, *k, head, 0, length, pairs_off);
  result.alpha_shifted = rotated_scores(layer_spec, *q, *k, head, shift, length, pairs_off);
  result.max_difference = (result.alpha_shifted - result.alpha).cwiseAbs().maxCoeff();
  result.max_score = result.alpha.cwiseAbs().maxCoeff();
  return result;
}

}  // namespace core
