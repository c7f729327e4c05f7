#pragma once
// Reading a tokenizer.json without building a DOM of its two large members. Llama 3's file is 9 MB,
// nearly all of it model.vocab (128,256 "token": id pairs) and model.merges (280,147 pairs); as an
// nlohmann DOM they are 400k map nodes and strings made only to be copied into the tokenizer's own
// tables, and the DOM took a third of the tokenizer's loading time. The file is parsed once with
// nlohmann's SAX interface instead: everything else becomes the DOM as before, while model.vocab
// goes straight into a Vocabulary and model.merges into a list of symbol pairs, leaving an empty
// object and an empty list in their place in the DOM.
//
// Only what the streamed form can hold exactly is streamed: a vocabulary whose every value is a
// new integer id in 0 … max_token_id under a new token, merges that are each "left right" or
// ["left", "right"]. Anything else (a bad id, a token or id given twice, a merge of another shape)
// and the file is parsed again as a whole DOM, so the readers see it as before and their messages
// name the place at fault as before.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "text/vocabulary.h"

namespace core {

// The members of "model" that were streamed; each, when set, stands for what the DOM holds empty.
struct StreamedModelMembers {
  std::optional<Vocabulary> vocab;  // model.vocab
  // model.merges as (left, right): "a b" split at its first space
  std::optional<std::vector<std::pair<std::string, std::string>>> merges;
};

struct TokenizerJsonDocument {
  nlohmann::json root;         // the file, with model.vocab and model.merges emptied when streamed
  StreamedModelMembers model;  // what was streamed
};

// Streamed: vocab and merges as above. WholeDom: the file as one nlohmann DOM, as before the stream
// (the reference tokenizer_json_stream_test.cpp holds the streamed reading to).
enum class TokenizerJsonReading { Streamed, WholeDom };

// Throws LoadError "<file_name>: missing or cannot be read" or "<file_name>: not valid JSON: …".
TokenizerJsonDocument read_tokenizer_json_document(const std::string& file_name, const std::string& path,
                                                   TokenizerJsonReading reading = TokenizerJsonReading::Streamed);
// The same from the file's text.
TokenizerJsonDocument parse_tokenizer_json_document(const std::string& file_name, const std::string& text,
                                                    TokenizerJsonReading reading = TokenizerJsonReading::Streamed);

}  // namespace core
