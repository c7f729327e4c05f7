#pragma once
// Reading an attention matrix the way people read text: some tokens hidden, sub-word pieces
// merged into words. Works on any method's matrix (α̂, norm-based, rollout, …): rows = queries i,
// columns = keys j. docs/reading.md.
//   hidden tokens   H: the special tokens ([CLS], [SEP], <s>, </s>, BOS, …) and/or chosen tokens.
//                   Row and column of each are dropped, and each remaining row is rescaled so it
//                   keeps its total:  s_i = Σ_j M_{i,j} / Σ_{j ∉ H} M_{i,j}   (1 for α̂ rows: they
//                   sum to 1 again; a row with nothing left stays 0)
//   words           W(I, J) = 1/|I| Σ_{i ∈ I} Σ_{j ∈ J} s_i M_{i,j}
//                   keys summed (how much the word receives), queries averaged (what a word's
//                   pieces look at, on average), so rows that summed to 1 still do.
// Without words every shown entry is one token, and W(i, j) = s_i M_{i,j}.
//   pair filter     for a text pair (text/text_pair.h): only the queries of one text and the keys
//                   of one (A→A, A→B, B→A, B→B). Nothing is rescaled: W(A→B) shows how much of
//                   each A row goes to B. The pair's own special tokens ([CLS], [SEP]) belong to
//                   neither text and drop out.

#include <span>
#include <string>
#include <vector>

#include "analysis/reading/word_groups.h"
#include "tensor/tensor.h"

namespace core {

struct ReadingOptions {
  bool words = false;         // merge pieces into words (word_groups)
  bool hide_special = false;  // hide the special tokens (is_special_token)
  // tokens to hide, each matched against the vocabulary entry ("Ġthe") and its readable form
  // ("the"): every occurrence is hidden
  std::vector<std::string> hide_tokens;
  // A text pair's filter: the text whose queries (rows) and keys (columns) are shown, 0 = A,
  // 1 = B; −1: both texts and the special tokens.
  int query_segment = -1;
  int key_segment = -1;

  bool is_identity() const {
    return !words && !hide_special && hide_tokens.empty() && query_segment < 0 && key_segment < 0;
  }
};

// One axis of a read matrix: which original token positions each shown entry stands for.
struct ReadingAxis {
  std::vector<std::vector<int>> members;  // per shown entry, original positions, increasing
  std::vector<std::string> labels;        // per shown entry: the word, or the token
  std::vector<bool> hidden;               // per original token: hidden (its mass rescaled away)
  std::vector<bool> filtered;             // per original token: outside the pair filter's text (not rescaled)

  int size() const { return static_cast<int>(members.size()); }
  int token_count() const { return static_cast<int>(hidden.size()); }
};

// tokens: one axis's vocabulary entries. Hidden and filtered tokens are left out of the groups (a
// word keeps its other pieces). sequence_ids: a text pair's (Tokenization::sequence_ids), empty
// for one text; segment: the text this axis keeps (query_segment or key_segment), −1: all.
// Throws core::InputError for a segment on an axis without a text pair; check_hide_tokens
// reports a token to hide that is not there.
ReadingAxis reading_axis(std::span<const std::string> tokens, const ReadingOptions& options,
                         std::span<const int> sequence_ids = {}, int segment = -1);

// Throws core::InputError when a token of options.hide_tokens matches no token of any of the
// sequences (source, target), naming it and listing the tokens there are, or when it is empty.
void check_hide_tokens(const ReadingOptions& options, std::span<const std::vector<std::string>> sequences);

// Whether token matches what a user typed to hide: the entry itself or its readable form.
bool token_matches(const std::string& token, const std::string& wanted, WordMarkers markers);

// M: (T_q, T_k) over the axes' original tokens → (queries.size(), keys.size()) by the formulas
// above, in float64. Throws core::InputError when the shape does not match the axes.
RowMatrix read_matrix(const RowMatrix& m, const ReadingAxis& queries, const ReadingAxis& keys);

}  // namespace core
