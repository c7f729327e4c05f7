#pragma once
// Which encoder head links *it* to the noun it refers to (the coreference task, lecture section 8).
// For a head h and a sentence, the link from *it* is row "it" of α̂: α̂[it, j] over the keys j.
// Among the two nouns, the head "chooses" the one with the larger α̂[it, noun]; the head is right
// when that noun is the referent (the task's target).

#include <optional>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "model/transformer.h"
#include "text/tokenizer.h"
#include "training/tasks.h"

namespace core {

// Token positions of *it* and of the two nouns in a tokenised coreference sentence:
// the nouns follow the first two "the" tokens, *it* is the first "it" after them.
struct ReferentPositions {
  int it = 0;
  int first_noun = 0;
  int second_noun = 0;
};
std::optional<ReferentPositions> referent_positions(const Tokenization& source);

struct ReferentHead {
  int layer = 0;
  int head = 0;
  int right = 0;     // sentences whose stronger noun link from *it* is the referent
  int examples = 0;
  double rate() const { return examples > 0 ? static_cast<double>(right) / examples : 0.0; }
};

// Every encoder self-attention head (layer-major) scored on count held-out examples of the
// coreference task. Throws std::invalid_argument when the model has no encoder, or when an
// example is not a coreference sentence (naming the sentence). options: every pass's (a pass over
// its memory budget throws core::MemoryBudgetError).
std::vector<ReferentHead> referent_heads(const Model& model, const Task& task, int count,
                                         const ForwardOptions& options = {});

// The head with the highest rate (the lowest layer and head on a tie); heads must not be empty.
const ReferentHead& best_referent_head(const std::vector<ReferentHead>& heads);

// The noun position (first_noun or second_noun) that encoder layer / head links *it* to more
// strongly in text. Throws std::invalid_argument naming the text when it has no "the … the … it",
// and when layer or head is out of range.
int strongest_noun_link(const Model& model, std::string_view text, int layer, int head);

}  // namespace core
