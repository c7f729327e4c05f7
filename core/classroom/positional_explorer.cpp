#include "classroom/positional_explorer.h"

#include <cmath>
#include <string>

#include "tensor/errors.h"

namespace core {

namespace {

const EmbeddingWeights& embedding(const Model& model, InputSide side) {
  const ModelWeights& weights = model.weights();
  if (side == InputSide::Source) {
    if (!model.spec().has_encoder()) throw InputError("the model has no encoder");
    return weights.encoder.embedding;
  }
  if (!model.spec().has_decoder()) throw InputError("the model has no decoder");
  return weights.decoder.embedding;
}

const EmbeddingSpec& embedding_spec(const Model& model, InputSide side) {
  return side == InputSide::Source ? model.spec().encoder.embedding : model.spec().decoder.embedding;
}

}  // namespace

RowMatrix positional_table(const Model& model, InputSide side, int positions) {
  const EmbeddingWeights& weights = embedding(model, side);
  if (weights.positions.empty()) throw InputError("the model has no positional encoding");
  const int offset = embedding_spec(model, side).position_offset;
  const int available = static_cast<int>(weights.positions.rows) - offset;
  if (positions < 0 || positions > available) {
    throw InputError("the model has position vectors for " + std::to_string(available) + " positions, not " +
                     std::to_string(positions));
  }
  return weights.positions.view().middleRows(offset, positions);
}

RowMatrix position_similarity(const Eigen::Ref<const RowMatrix>& e) {
  RowMatrix similarity(e.rows(), e.rows());
  // (p, r) = e^p · e^r
  similarity.noalias() = e * e.transpose();
  return similarity;
}

OneHotView one_hot_view(const Model& model, InputSide side, int token_id, int position) {
  const EmbeddingWeights& weights = embedding(model, side);
  const RowMatrix table = positional_table(model, side, static_cast<int>(weights.positions.rows) - embedding_spec(model, side).position_offset);
  const auto vocab = static_cast<int>(weights.tokens.rows);
  if (token_id < 0 || token_id >= vocab) {
    throw InputError("token id " + std::to_string(token_id) + " is outside the vocabulary (0.." +
                     std::to_string(vocab - 1) + ")");
  }
  if (position < 0 || position >= table.rows()) {
    throw InputError("position " + std::to_string(position) + " is beyond the " + std::to_string(table.rows()) +
                     " position vectors");
  }
  const float scale = embedding_spec(model, side).scale;
  // W^I: (d_model, vocab), one column per token; W^P: (d_model, positions), one column per position.
  const Eigen::MatrixXf w_i = weights.tokens.to_f32().transpose() * scale;
  const Eigen::MatrixXf w_p = table.transpose();

  OneHotView view;
  view.token_id = token_id;
  view.position = position;
  view.x = Eigen::VectorXf::Unit(vocab, token_id);
  view.p = Eigen::VectorXf::Unit(table.rows(), position);
  // a^i = W^I x^i,  e^i = W^P p^i
  view.a = w_i * view.x;
  view.e = w_p * view.p;
  // W [x^i; p^i] with W = [W^I W^P]
  Eigen::MatrixXf w(w_i.rows(), w_i.cols() + w_p.cols());
  w << w_i, w_p;
  Eigen::VectorXf xp(view.x.size() + view.p.size());
  xp << view.x, view.p;
  view.w_xp = w * xp;
  return view;
}

}  // namespace core
