#pragma once
// The layer inspector: one Add & Norm of one layer, token by token.
//   residual connection: the sub-layer's output is added to its input (output = x + sublayer(·))
//   LayerNorm: each token (row) to mean 0, variance 1 over its d_model values, then γ ⊙ · + β
//     post-LN (the paper):  x → LN(x + sublayer(x))
//     pre-LN:               x → x + sublayer(LN(x))
//   BatchNorm, for comparison (the lecture's reference): each dimension (column) to mean 0,
//   variance 1 over the batch, here the tokens of the current input. LayerNorm needs no batch:
//   a token's result does not depend on the other tokens; BatchNorm's does.

#include <cstddef>
#include <span>

#include "model/model.h"
#include "nn/block_spec.h"
#include "tensor/tensor.h"

namespace core {

enum class Stack { Encoder, Decoder };
enum class SubLayer { SelfAttention, CrossAttention, FeedForward };

struct Moments {
  Eigen::VectorXf mean;      // one per row (token) or per column (dimension)
  Eigen::VectorXf variance;  // biased (divided by the count), as LayerNorm and BatchNorm define it
};

Moments row_moments(const Eigen::Ref<const RowMatrix>& x);     // per token: (T)
Moments column_moments(const Eigen::Ref<const RowMatrix>& x);  // per dimension: (d)

// (x − mean) / √(variance + eps) per row (LayerNorm before γ, β) or per column (BatchNorm before its γ, β).
RowMatrix layer_normalise(const Eigen::Ref<const RowMatrix>& x, float eps);
RowMatrix batch_normalise(const Eigen::Ref<const RowMatrix>& x, float eps);

struct LayerInspectorRequest {
  Stack stack = Stack::Encoder;
  int layer = 0;
  SubLayer sublayer = SubLayer::SelfAttention;
  bool positional_encoding = true;
  // Bytes the pass may allocate (core::ForwardOptions::memory_budget); 0: no limit.
  std::size_t memory_budget = 0;
};

struct AddAndNormInspection {
  NormPlacement placement = NormPlacement::PostNorm;
  NormKind kind = NormKind::LayerNorm;  // RMSNorm models (Llama, T5) normalise without the mean
  float eps = 0.0f;
  RowMatrix residual_before;  // x, the stream entering the sub-layer: (T, d_model)
  RowMatrix sublayer_output;  // sublayer(x) post-LN, sublayer(LN(x)) pre-LN: (T, d_model)
  RowMatrix residual_after;   // the stream leaving: LN(x + sublayer(x)) or x + sublayer(LN(x))
  RowMatrix norm_input;       // what LayerNorm normalises: x + sublayer(x) post-LN, x pre-LN
  RowMatrix normalised;       // per token mean 0, variance 1, before γ and β
  RowMatrix norm_output;      // γ ⊙ normalised + β
  Moments before;             // per token, of norm_input
  Moments after;              // per token, of normalised: ≈ 0 and ≈ 1
  RowVector gamma;            // (d_model)
  RowVector beta;             // (d_model)
  RowMatrix batch_normalised;  // norm_input normalised per dimension over the tokens, for comparison
  Moments batch_dimensions;    // per dimension, of norm_input: what BatchNorm subtracts and divides by
  Moments batch_tokens;        // per token, of batch_normalised: in general not 0 and 1
};

// Runs the forward pass on the ids (as core::forward takes them), recording the chosen layer, and
// inspects the Add & Norm of its chosen sub-layer. Throws InputError for a missing stack, layer or sub-layer,
// and core::MemoryBudgetError for a pass over request.memory_budget.
AddAndNormInspection inspect_add_and_norm(const Model& model, std::span<const int> source_ids,
                                          std::span<const int> target_ids, const LayerInspectorRequest& request);

}  // namespace core
