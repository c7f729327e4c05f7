#pragma once
// The positional-encoding explorer, in the lecture's notation.
//   e^p        the position vector added to the token at position p (row p of the table)
//   similarity e^p · e^r: how alike two positions look to the model (a sinusoid's depends on |p − r|)
//   one-hot view: appending a one-hot position p^i to the one-hot token x^i,
//     W [x^i; p^i] = W^I x^i + W^P p^i = a^i + e^i
//   so adding e^i is the same as a linear layer over the longer one-hot vector.

#include "model/model.h"
#include "model/model_input.h"
#include "tensor/tensor.h"

namespace core {

// The model's position vectors e^0 … e^{positions−1}: (positions, d_model). A sinusoid is the
// hand-set table the loader computed, a learned table its trained rows (after position_offset).
// Throws InputError when the model has no positional encoding, no such stack, or fewer positions.
RowMatrix positional_table(const Model& model, InputSide side, int positions);

// e eᵀ: (P, d) → (P, P), entry (p, r) = e^p · e^r.
RowMatrix position_similarity(const Eigen::Ref<const RowMatrix>& e);

// The one-hot view for one token at one position, every vector a column (d_model).
struct OneHotView {
  int token_id = 0;
  int position = 0;
  Eigen::VectorXf x;       // one-hot token: (vocab)
  Eigen::VectorXf p;       // one-hot position: (positions)
  Eigen::VectorXf a;       // a^i = W^I x^i (scaled by √d_model when the model scales embeddings)
  Eigen::VectorXf e;       // e^i = W^P p^i
  Eigen::VectorXf w_xp;    // W [x^i; p^i], the product over the concatenated one-hot vector
};

// Throws InputError for an id outside the vocabulary or a position beyond the table.
OneHotView one_hot_view(const Model& model, InputSide side, int token_id, int position);

}  // namespace core
