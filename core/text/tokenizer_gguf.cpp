#include "text/tokenizer_gguf.h"

#include <sentencepiece_processor.h>

#include <stdexcept>
#include <utility>

#include "tensor/errors.h"
#include "text/sentencepiece_model_builder.h"
#include "text/tokenizer_bpe.h"
#include "text/tokenizer_sentencepiece_ids.h"
#include "text/vocabulary.h"

namespace core {

namespace {

// GGUF's token types (llama.cpp's llama_token_type), the same numbers as SentencePiece's.
constexpr int normal_token = 1;
constexpr int unknown_token = 2;
constexpr int control_token = 3;
constexpr int user_defined_token = 4;
constexpr int byte_token = 6;

[[noreturn]] void fail(const GgufVocabulary& vocabulary, const std::string& what) {
  throw LoadError(vocabulary.file + ": " + what);
}

int token_type(const GgufVocabulary& vocabulary, std::size_t id) {
  return vocabulary.token_types.empty() ? normal_token : static_cast<int>(vocabulary.token_types[id]);
}

void check_arrays(const GgufVocabulary& vocabulary) {
  const std::size_t count = vocabulary.tokens.size();
  if (count == 0) fail(vocabulary, "metadata key 'tokenizer.ggml.tokens' is missing or empty");
  if (!vocabulary.token_types.empty() && vocabulary.token_types.size() != count) {
    fail(vocabulary, "metadata key 'tokenizer.ggml.token_type' has " + std::to_string(vocabulary.token_types.size()) +
                         " entries; expected one per token (" + std::to_string(count) + ")");
  }
  for (std::size_t id = 0; id < vocabulary.token_types.size(); ++id) {
    const double type = vocabulary.token_types[id];
    if (!(type >= 1 && type <= 6) || type != static_cast<int>(type)) {
      fail(vocabulary, "metadata key 'tokenizer.ggml.token_type' gives token " + std::to_string(id) + " type " +
                           std::to_string(type) + "; expected 1 … 6");
    }
  }
  const auto check_id = [&](const std::optional<int>& id, const char* key) {
    if (id && (*id < 0 || static_cast<std::size_t>(*id) >= count)) {
      fail(vocabulary, std::string("metadata key '") + key + "' is " + std::to_string(*id) + ", past the " +
                           std::to_string(count) + " tokens");
    }
  };
  check_id(vocabulary.bos_id, "tokenizer.ggml.bos_token_id");
  check_id(vocabulary.eos_id, "tokenizer.ggml.eos_token_id");
  check_id(vocabulary.unk_id, "tokenizer.ggml.unknown_token_id");
  check_id(vocabulary.pad_id, "tokenizer.ggml.padding_token_id");
}

// Control and user-defined tokens: cut out of the text before the model sees it.
std::vector<SpecialToken> special_tokens(const GgufVocabulary& vocabulary) {
  std::vector<SpecialToken> specials;
  for (std::size_t id = 0; id < vocabulary.tokens.size(); ++id) {
    const int type = token_type(vocabulary, id);
    if ((type == control_token || type == user_defined_token) && !vocabulary.tokens[id].empty()) {
      specials.push_back({vocabulary.tokens[id], static_cast<int>(id)});
    }
  }
  return specials;
}

std::vector<int> silent_ids(const GgufVocabulary& vocabulary) {
  std::vector<int> ids;
  for (const std::optional<int>& id : {vocabulary.bos_id, vocabulary.eos_id, vocabulary.pad_id}) {
    if (id) ids.push_back(*id);
  }
  return ids;
}

int unknown_id(const GgufVocabulary& vocabulary) {
  for (std::size_t id = 0; id < vocabulary.tokens.size(); ++id) {
    if (token_type(vocabulary, id) == unknown_token) return static_cast<int>(id);
  }
  for (std::size_t id = 0; id < vocabulary.tokens.size(); ++id) {
    if (vocabulary.tokens[id] == "<unk>") return static_cast<int>(id);
  }
  return 0;
}

std::shared_ptr<const Tokenizer> sentencepiece_tokenizer(const GgufVocabulary& vocabulary) {
  const std::size_t count = vocabulary.tokens.size();
  if (!vocabulary.scores.empty() && vocabulary.scores.size() != count) {
    fail(vocabulary, "metadata key 'tokenizer.ggml.scores' has " + std::to_string(vocabulary.scores.size()) +
                         " entries; expected one per token (" + std::to_string(count) + ")");
  }
  SentencePieceBpeModel model;
  std::size_t byte_tokens = 0;
  for (std::size_t id = 0; id < count; ++id) {
    const int type = token_type(vocabulary, id);
    const float score = vocabulary.scores.empty() ? 0.0f : static_cast<float>(vocabulary.scores[id]);
    model.pieces.push_back({vocabulary.tokens[id], score, type});
    if (type == byte_token) ++byte_tokens;
  }
  // Byte fallback spells a character no piece covers as its UTF-8 bytes <0x00> … <0xFF>: all or none.
  if (byte_tokens != 0 && byte_tokens != 256) {
    fail(vocabulary, "metadata key 'tokenizer.ggml.token_type' marks " + std::to_string(byte_tokens) +
                         " tokens as bytes; byte fallback needs all 256");
  }
  model.byte_fallback = byte_tokens == 256;
  // SentencePiece needs exactly one unknown piece. convert_hf_to_gguf.py marks <unk> as a control
  // token when tokenizer_config.json lists it as special, so it is found by key, by type, by
  // name, or (llama.cpp's default) at id 0.
  model.unk_id = vocabulary.unk_id.value_or(unknown_id(vocabulary));
  for (SentencePieceEntry& entry : model.pieces) {
    if (entry.type == unknown_token) entry.type = control_token;
  }
  model.pieces[static_cast<std::size_t>(model.unk_id)].type = unknown_token;
  model.bos_id = vocabulary.bos_id;
  model.eos_id = vocabulary.eos_id;
  model.pad_id = vocabulary.pad_id;
  model.add_dummy_prefix = vocabulary.add_space_prefix.value_or(true);

  auto processor = std::make_shared<sentencepiece::SentencePieceProcessor>();
  bool loaded = false;
  try {
    loaded = processor->LoadFromSerializedProto(serialize_sentencepiece_model(model)).ok();
  } catch (...) {
    // Its trie builder throws rather than returning a status for some token lists (a NUL byte in a piece).
  }
  if (!loaded) {
    fail(vocabulary, "metadata keys 'tokenizer.ggml.tokens' / 'tokenizer.ggml.token_type' do not form a valid "
                     "SentencePiece vocabulary (a token given twice, an empty token, or byte tokens that are not <0x00> … <0xFF>)");
  }

  SentencePieceIdsOptions options;
  if (vocabulary.add_bos.value_or(true)) {
    if (!vocabulary.bos_id) fail(vocabulary, "metadata key 'tokenizer.ggml.bos_token_id' is missing");
    options.prefix = {*vocabulary.bos_id};
  }
  if (vocabulary.add_eos.value_or(false)) {
    if (!vocabulary.eos_id) fail(vocabulary, "metadata key 'tokenizer.ggml.eos_token_id' is missing");
    options.suffix = {*vocabulary.eos_id};
  }
  options.unk_id = processor->unk_id();
  options.silent_ids = silent_ids(vocabulary);
  options.legacy = true;
  return std::make_shared<const SentencePieceIdsTokenizer>(std::move(processor), Vocabulary(vocabulary.tokens),
                                                           special_tokens(vocabulary), std::move(options));
}

std::shared_ptr<const Tokenizer> bpe_tokenizer(const GgufVocabulary& vocabulary) {
  std::vector<std::pair<std::string, std::string>> merges;
  merges.reserve(vocabulary.merges.size());
  for (std::size_t i = 0; i < vocabulary.merges.size(); ++i) {
    const std::string& merge = vocabulary.merges[i];
    const std::size_t space = merge.find(' ');
    if (space == std::string::npos || space == 0 || space + 1 == merge.size() ||
        merge.find(' ', space + 1) != std::string::npos) {
      fail(vocabulary, "metadata key 'tokenizer.ggml.merges' entry " + std::to_string(i) +
                           " is not two tokens separated by one space");
    }
    merges.emplace_back(merge.substr(0, space), merge.substr(space + 1));
  }
  BpeOptions options;
  if (vocabulary.pre == "qwen2") {
    options.nfc = true;
    options.split_pattern = qwen2_pattern;
  } else if (vocabulary.pre == "llama-bpe" || vocabulary.pre == "llama3" || vocabulary.pre == "llama-v3") {
    // Llama 3: llama.cpp's names for one pre-tokenizer (convert_hf_to_gguf.py writes llama-bpe).
    options.split_pattern = llama3_pattern;
    options.ignore_merges = true;
  } else if (vocabulary.pre != "gpt-2") {
    fail(vocabulary, "metadata key 'tokenizer.ggml.pre' is \"" + vocabulary.pre +
                         "\": this pre-tokenizer is not supported; supported: qwen2, llama-bpe (Llama 3), gpt-2");
  }
  if (vocabulary.add_bos.value_or(false)) {
    if (!vocabulary.bos_id) fail(vocabulary, "metadata key 'tokenizer.ggml.bos_token_id' is missing");
    options.bos_id = vocabulary.bos_id;
  }
  if (vocabulary.add_eos.value_or(false)) {
    if (!vocabulary.eos_id) fail(vocabulary, "metadata key 'tokenizer.ggml.eos_token_id' is missing");
    options.eos_id = vocabulary.eos_id;
  }
  options.unk_id = vocabulary.unk_id;
  options.silent_ids = silent_ids(vocabulary);
  try {
    return std::make_shared<const BpeTokenizer>(Vocabulary(vocabulary.tokens), merges, special_tokens(vocabulary),
                                                std::move(options));
  } catch (const std::invalid_argument& error) {
    fail(vocabulary, std::string("metadata key 'tokenizer.ggml.tokens': ") + error.what());
  }
}

}  // namespace

std::shared_ptr<const Tokenizer> make_gguf_tokenizer(const GgufVocabulary& vocabulary) {
  check_arrays(vocabulary);
  if (vocabulary.model == "llama") return sentencepiece_tokenizer(vocabulary);
  if (vocabulary.model == "gpt2") return bpe_tokenizer(vocabulary);
  fail(vocabulary, "metadata key 'tokenizer.ggml.model' is \"" + vocabulary.model +
                       "\": this tokenizer is not supported; supported: llama (SentencePiece), gpt2 (byte-level BPE)");
}

}  // namespace core
