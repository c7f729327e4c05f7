#pragma once
// Live token edits ("what if this token were not there?"): one change applied to the ids a model
// reads, never by re-tokenising the text, so every other token keeps its id and its position's
// neighbours stay the same pieces.
//   mask     token i becomes the tokenizer's mask token ([MASK], <mask>) or, without one, its
//            unknown token ([UNK], <unk>): the position stays, what it says is gone
//   delete   token i is removed; positions after it move one to the left
//   replace  token i becomes the piece(s) the replacement text tokenizes to (without special
//            tokens); a replacement the vocabulary does not know is refused, not read as unk
// Every edit records, for each position after the edit, the position it came from before (-1 for
// a new piece), so a difference view compares the same token before and after.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace core {

enum class TokenEditKind { Mask, Delete, Replace };
const char* to_string(TokenEditKind kind);  // "mask", "delete", "replace"

struct TokenEdit {
  TokenEditKind kind = TokenEditKind::Mask;
  std::size_t position = 0;  // the token edited, from 0, in the tokens before the edit
  std::string replacement;   // Replace only: the text whose pieces take the token's place
};

struct EditedTokens {
  Tokenization tokens;      // the input after the edit (a pair's type and sequence ids kept; a new piece
                            // takes the edited token's)
  std::vector<int> origin;  // [position after] → position before, or -1 for an inserted piece
};

// The id that masks a token: the vocabulary's mask token ("[MASK]", "<mask>"), else its unknown
// token ("[UNK]", "<unk>", "<UNK>"); std::nullopt when it has neither (GPT-2's byte-level BPE).
std::optional<int> mask_token_id(const Tokenizer& tokenizer);

// Applies one edit to tokens (as the tokenizer made them). Throws core::InputError naming the
// problem: a position past the last token, a deletion that leaves no token, a replacement that is
// empty or has a piece the vocabulary does not know (naming it), a mask on a vocabulary without
// mask or unknown token.
EditedTokens apply_token_edit(const Tokenizer& tokenizer, const Tokenization& tokens, const TokenEdit& edit);

// Several edits, every position counted in the tokens as given (what the views show before any
// edit), applied in turn; origin maps to those tokens. A token can be edited again while one-for-one
// edits kept it (mask, then replace); a token already deleted or split into several pieces is
// refused (core::InputError naming it), as is anything apply_token_edit refuses. No edits: the
// tokens as they are, each its own origin.
EditedTokens apply_token_edits(const Tokenizer& tokenizer, const Tokenization& tokens,
                               std::span<const TokenEdit> edits);

}  // namespace core
