#pragma once
// The "天涯若比鄰" demo: self-attention alone ignores word order.
//   Reorder the input tokens by a permutation π: the permuted sentence's token p is the original's π(p).
//   P is the permutation matrix with P(p, π(p)) = 1.
//   Without positional encoding, every encoder self-attention matrix of the reordered sentence is the
//   original's reordered the same way: A_perm = P A Pᵀ (A_perm(p, r) = A(π(p), π(r))), in every layer,
//   because embedding, attention, Add & Norm and the feed-forward network treat each token alike.
//   With the position vectors e^i added the equality breaks: the model then sees where each word is.
// The masked decoder is different: its mask is tied to positions (i sees only j ≤ i), so reordering
// changes which words a query may see, and the equality fails even without positional encoding.
// What a decoder-only model (rotary, ALiBi, GPT-2's learned table) still shows: with its last word
// kept in place, that word's query sees every word in both sentences, and in the first layer
// (where q^i and k^j depend on their own token only) its row without positions just moves with the
// words: A'(T−1, p) = A(T−1, π(p)). Rotary and ALiBi make the scores depend on i − j, so moving a
// word changes its score.

#include <span>
#include <string>
#include <vector>

#include "classroom/position_kind.h"
#include "model/model.h"
#include "tensor/tensor.h"
#include "text/tokenizer.h"
#include "model/trace.h"

namespace core {

// π as a list: position p of the reordered sentence holds the original's token order[p].
using Permutation = std::vector<int>;

// The ids encode("") produces: the special tokens the tokenizer adds to every input (</s>, [CLS] …),
// which the demo leaves where they are.
std::vector<bool> fixed_positions(const Tokenizer& tokenizer, const Tokenization& tokens);
// The positions the demo keeps for this model: the special tokens of the explored side (the
// encoder's, else the decoder's), and for a decoder-only model also the last token.
std::vector<bool> demo_fixed_positions(const Model& model, const Tokenization& tokens);

// A random reordering of the positions not fixed; never the identity when two or more can move.
Permutation shuffle_permutation(const std::vector<bool>& fixed, unsigned seed);
// Swaps positions i and j. Throws InputError when either is outside the input or fixed.
Permutation swap_permutation(const std::vector<bool>& fixed, int i, int j);

// P A Pᵀ for a square attention matrix A: (T, T) → (T, T).
RowMatrix permute_rows_and_columns(const Eigen::Ref<const RowMatrix>& a, const Permutation& order);

// One setting of the positional encoding: the original's and the reordered sentence's encoder
// self-attention, and max |A_perm − P A Pᵀ| per [layer][head].
struct PermutationComparison {
  bool positional_encoding = false;
  std::vector<LayerAttention> original;
  std::vector<LayerAttention> permuted;
  std::vector<std::vector<float>> max_difference;
  // Decoder-only models: per head of the first layer, max_p |A'(T−1, p) − A(T−1, π(p))|, the last
  // query's row (which sees every word); empty for an encoder.
  std::vector<float> last_row_difference;

  float largest_difference() const;
};

struct PermutationDemo {
  PositionKind positions = PositionKind::None;  // of the stack the demo runs
  bool causal = false;                          // a decoder-only model's masked self-attention
  Permutation order;
  Tokenization original;
  Tokenization permuted;
  PermutationComparison without_pe;
  PermutationComparison with_pe;
};

// Runs the model's encoder (a decoder-only model's decoder) on the tokens and on their reordering,
// with the positional encoding off and on. Throws InputError when the permutation does not fit the
// tokens, or moves a decoder-only model's last token.
PermutationDemo run_permutation_demo(const Model& model, const Tokenization& tokens, const Permutation& order);

}  // namespace core
