#pragma once
// tokenizer.json's "post_processor": the special tokens put around one encoded text when
// add_special_tokens is on.
//   TemplateProcessing {single, special_tokens}   e.g. "<s> $A" (Llama 2, Mistral), "[CLS] $A [SEP]"
//   BertProcessing {cls, sep}                     [CLS] $A [SEP]
//   RobertaProcessing {cls, sep}                  <s> $A </s>
//   ByteLevel                                     nothing (it only trims offsets)
//   Sequence {processors}                         each in turn, the later ones outermost
// A text pair's layout: TemplateProcessing's "pair" as written; [CLS] A [SEP] B [SEP] (type 1 from
// B on) for BertProcessing; <s> A </s></s> B </s> for RobertaProcessing; A B for ByteLevel.

#include <optional>
#include <vector>

#include "text/json_place.h"
#include "text/tokenizer.h"

namespace core {

struct Framing {
  std::vector<int> prefix;  // ids before the text
  std::vector<int> suffix;  // ids after it
  std::optional<PairTemplate> pair;  // how two texts are joined; nothing when the file has no pair template
};

// place: a post_processor object. Throws LoadError naming the key at fault.
Framing parse_post_processor(const JsonPlace& place);

}  // namespace core
