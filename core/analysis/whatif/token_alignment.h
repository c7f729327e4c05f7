#pragma once
// Which token of one input is "the same" as which token of another, so two attention maps can be
// subtracted cell by cell. An alignment is two increasing lists of positions of equal length:
// before[m] in the first input is matched with after[m] in the second.
//   identity         the same positions in both (same tokens: PE on/off, two checkpoints, ablation)
//   from an edit     what apply_token_edit recorded (token_edit.h): deleted and new pieces unmatched
//   two sentences    the longest common subsequence (LCS) of the two token lists, tokens compared
//                    as vocabulary entries (exactly, byte for byte). Walking both lists from the
//                    start, two equal tokens are matched as soon as matching them keeps the common
//                    subsequence longest, so among equally long ones the earliest tokens are paired.
//                    Tokens outside it (the words that differ) have no cell in the difference.
//   two text pairs   the same LCS, text by text (below)

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace core {

struct TokenAlignment {
  std::vector<int> before;  // matched positions in the first input, increasing
  std::vector<int> after;   // the positions they match in the second, increasing

  std::size_t size() const { return before.size(); }
};

// Positions 0 … min(before_length, after_length) − 1 matched with themselves.
TokenAlignment identity_alignment(std::size_t before_length, std::size_t after_length);

// origin[j]: the position before that position j after came from, or −1 (EditedTokens::origin).
TokenAlignment alignment_from_origin(std::span<const int> origin);

// The LCS alignment described above. Needs (before.size() + 1) · (after.size() + 1) counters:
// throws core::InputError above 64 M of them (two inputs of 8,000 tokens).
TokenAlignment align_tokens(std::span<const std::string> before, std::span<const std::string> after);

// Two text pairs (Tokenization::sequence_ids: 0 text A, 1 text B, −1 a special token of the
// pair's template): the LCS alignment above where two tokens match only when they are equal and
// belong to the same text (or are both the template's). Text A is so aligned with text A and text
// B with text B, each as two single sentences are, and no token of one text is ever matched with
// one of the other (a word moved from A to B has no cell, like any other word that differs).
// Throws core::InputError when a list of ids is not as long as its tokens, and as above.
TokenAlignment align_tokens(std::span<const std::string> before, std::span<const std::string> after,
                            std::span<const int> before_texts, std::span<const int> after_texts);

}  // namespace core
