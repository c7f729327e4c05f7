#pragma once
// The coreference task's sentences read back from their text, for its held-out split and for the
// referent-head analysis (referent_heads.h).
//   "the animal didn't cross the street because it was too tired ."  → animal
//   "the animal didn't cross the street because it was too wide ."   → street
// Only the adjective after "it was too" says which noun *it* is.

#include <optional>
#include <string>
#include <string_view>

namespace core {

struct CoreferenceSentence {
  std::string first_noun;   // the word after the first "the"
  std::string verb;         // the words between the nouns ("didn't cross", "didn't fit in")
  std::string second_noun;  // the word after the second "the"
  std::string adjective;    // the word before the final "."
};

// The nouns and the adjective of "the N1 … the N2 … it was too A ." (any letter case);
// nullopt when the text does not have that shape.
std::optional<CoreferenceSentence> parse_coreference(std::string_view text);

// True when the task never trains on a sentence with this noun and this adjective: for the noun at
// index i of a template's list, the adjective at index (i + template index) mod n of the adjectives
// that describe that side. Every noun and every adjective still appears in training with others.
bool is_held_out_pair(std::string_view noun, std::string_view adjective);

// The noun the adjective describes in that sentence's template (so the noun *it* refers to);
// nullopt when the sentence is not one the task generates.
std::optional<std::string> coreference_referent(const CoreferenceSentence& sentence);

}  // namespace core
