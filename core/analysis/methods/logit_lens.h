#pragma once
// The logit lens (nostalgebraist 2020): read the model's prediction out of the residual stream
// after every layer, as if the layers above were not there. For the stack that feeds the output
// head, row l, position i:
//   h_l^i          the residual stream at position i after l blocks (l = 0: the embeddings)
//   logits_l^i     = Head(FinalNorm(h_l^i))      (the model's own final norm, when it has one, and
//                                                  output head: projection, bias, scale, soft-cap)
//   p_l^i          = softmax(logits_l^i)          (over the vocabulary)
// The last row is the model's real prediction: Head(FinalNorm(h_L^i)) is what the forward pass
// computes. Decoder-only and encoder-decoder models: the decoder stack's next-token
// distribution. Encoder-only models with a masked-LM head (BERT, RoBERTa, …): the encoder stack
// read through that head (each position's own token, as the MLM head predicts it). A model with
// no output head over the vocabulary (a classifier) has no lens: core::InputError says so.
// docs/methods.md.

#include <span>
#include <vector>

#include "analysis/methods/method_options.h"
#include "model/model.h"
#include "model/transformer.h"

namespace core {

struct LensOptions {
  int top_k = 5;               // predictions kept per cell, best first (≥ 1)
  std::vector<int> rows;       // rows to compute: 0 = the embeddings, l = after block l; empty: all
  std::vector<int> positions;  // positions to compute; empty: all
  MethodProgress progress;     // reports after each row; returning false cancels (core::Cancelled)
};

struct LensPrediction {
  int id = 0;
  double probability = 0.0;
};

struct LogitLens {
  AttentionKind stack = AttentionKind::DecoderSelf;  // EncoderSelf: an encoder-only model's MLM head
  std::vector<int> rows;       // the grid's rows, in increasing order (0 = the embeddings)
  std::vector<int> positions;  // the grid's columns, in increasing order
  std::vector<std::vector<std::vector<LensPrediction>>> top;  // [row][column]: top-K, best first

  const std::vector<LensPrediction>& at(std::size_t row, std::size_t column) const { return top[row][column]; }
};

// The residual stream → logits step, for one stack's rows: Head(FinalNorm(hidden)).
// hidden: (T, d_model) → (T, vocab). precision picks the weights (model.h). Throws
// core::InputError when the model has no output head over the vocabulary.
RowMatrix lens_logits(const Model& model, const Eigen::Ref<const RowMatrix>& hidden, Precision precision);

// The stack the lens reads (the decoder, or an encoder-only model's encoder); throws
// core::InputError when the model has no output head over the vocabulary.
AttentionKind lens_stack(const ModelSpec& spec);

// The grid for one input (ids as forward() takes them). Throws core::InputError for a bad input,
// top_k < 1, a row or position outside the grid, or a model without an output head;
// core::Cancelled when options.progress says stop.
LogitLens logit_lens(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                     const LensOptions& options = {}, const ForwardOptions& forward_options = {});

}  // namespace core
