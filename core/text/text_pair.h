#pragma once
// Two texts read together (a question and a passage, a premise and a hypothesis), laid out the way
// each family's HuggingFace tokenizer does it:
//   Bert      prefix A suffix B suffix          [CLS] A [SEP] B [SEP]; token type 1 from B on (BERT, DistilBERT)
//   Roberta   prefix A suffix suffix B suffix   <s> A </s></s> B </s>; token type 0 (RoBERTa, BART, XLM-R)
//   Repeat    prefix A suffix prefix B suffix   Llama, Gemma: <s> A <s> B;  T5: A </s> B </s>;
//                                               GPT-2, Qwen2: A B; token type 0
// (prefix/suffix: the ids a single text gets before and after it). A tokenizer.json's own "pair"
// template is read as it is written (tokenizer_json_post_processors.h).

#include <span>
#include <string_view>

#include "text/tokenizer.h"

namespace core {

enum class PairStyle { Bert, Roberta, Repeat };

PairTemplate make_pair_template(PairStyle style, std::span<const int> prefix, std::span<const int> suffix);

// text A and text B through the tokenizer's pair template, each without its own special tokens.
// Fills Tokenization::type_ids and sequence_ids. Throws core::InputError when either text is
// empty or only white space ("text B of the pair is empty") or the tokenizer has no pair template.
Tokenization encode_pair(const Tokenizer& tokenizer, std::string_view a, std::string_view b);

}  // namespace core
