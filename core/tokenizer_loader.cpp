#include "tokenizer_loader.h"

#include <sentencepiece_processor.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "errors.h"
#include "tokenizer_bpe.h"
#include "tokenizer_files.h"
#include "tokenizer_sentencepiece.h"
#include "tokenizer_wordpiece.h"

namespace core {

namespace {

bool file_exists(const std::filesystem::path& file) {
  std::error_code error;
  return std::filesystem::exists(file, error);
}

// The tokenizer constructors check their vocabulary and throw std::invalid_argument without
// knowing the file; here the file name goes in front.
template <typename Make>
auto build(const std::string& file, Make make) {
  try {
    return make();
  } catch (const std::invalid_argument& error) {
    throw LoadError(file + ": " + error.what());
  }
}

int require_id(const Vocabulary& vocabulary, const std::string& token, const std::string& file) {
  const std::optional<int> id = vocabulary.find(token);
  if (!id) throw LoadError(file + ": has no '" + token + "' entry");
  return *id;
}

// The tokens to keep whole when typed: added_tokens_decoder when the config lists it, else
// tokenizer.json's added_tokens, else the named special tokens the vocabulary has (older
// checkpoints). Each also goes into the vocabulary under its id, which wins over the vocabulary
// file's, as in HF's convert_ids_to_tokens.
std::vector<SpecialToken> special_tokens(const TokenizerConfig& config, std::vector<SpecialToken> from_json,
                                         Vocabulary& vocabulary, const std::vector<std::string>& named) {
  std::vector<SpecialToken> specials;
  if (config.added_tokens) {
    specials = *config.added_tokens;
  } else if (!from_json.empty()) {
    specials = std::move(from_json);
  } else {
    for (const std::string& token : named) {
      if (const std::optional<int> id = vocabulary.find(token)) specials.push_back({token, *id});
    }
  }
  for (const SpecialToken& special : specials) vocabulary.add(special.text, special.id);
  return specials;
}

struct BpeFiles {
  std::string vocab_file;  // where the vocabulary came from, for messages
  Vocabulary vocabulary;
  Merges merges;
  std::vector<SpecialToken> added_tokens;  // tokenizer.json only
};

BpeFiles read_bpe_files(const std::filesystem::path& folder) {
  BpeFiles files;
  const bool has_vocab_files = file_exists(folder / "vocab.json") || file_exists(folder / "merges.txt");
  if (!has_vocab_files && file_exists(folder / "tokenizer.json")) {
    TokenizerJson json = read_tokenizer_json(folder / "tokenizer.json", "BPE");
    files.vocab_file = "tokenizer.json";
    files.vocabulary = std::move(json.vocabulary);
    files.merges = std::move(json.merges);
    files.added_tokens = std::move(json.added_tokens);
    return files;
  }
  if (!has_vocab_files) throw LoadError("vocab.json: missing, and there is no tokenizer.json instead");
  files.vocab_file = "vocab.json";
  files.vocabulary = read_vocab_json(folder / "vocab.json");
  files.merges = read_merges_txt(folder / "merges.txt");
  return files;
}

std::shared_ptr<const sentencepiece::SentencePieceProcessor> load_sentencepiece(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  if (!file_exists(file)) throw LoadError(name + ": missing");
  auto processor = std::make_shared<sentencepiece::SentencePieceProcessor>();
  // The status text names sentencepiece's own source lines, which would not help the user.
  bool loaded = false;
  try {
    loaded = processor->Load(file.string()).ok();
  } catch (...) {
    // Its trie builder throws instead of returning a status for some corrupt models (a piece
    // holding a NUL byte: tests/fuzz/regressions/sentencepiece), and not always a std::exception.
  }
  if (!loaded) throw LoadError(name + ": not a SentencePiece model");
  return processor;
}

}  // namespace

std::shared_ptr<const Tokenizer> load_native_tokenizer(const std::filesystem::path& vocab_file,
                                                       NativeTokenizerKind kind, bool lowercase, TokenizerRole role) {
  Vocabulary vocabulary = read_vocab_txt(vocab_file, true);
  return build(vocab_file.filename().string(),
               [&] { return std::make_shared<const NativeTokenizer>(std::move(vocabulary), kind, lowercase, role); });
}

std::shared_ptr<const Tokenizer> load_bert_tokenizer(const std::filesystem::path& folder) {
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  WordPieceOptions options;
  std::string file;
  Vocabulary vocabulary;
  std::vector<SpecialToken> json_added_tokens;
  std::optional<bool> json_lowercase;
  std::string default_unk = options.unk_token;
  if (file_exists(folder / "vocab.txt")) {
    file = "vocab.txt";
    vocabulary = read_vocab_txt(folder / file, false);
  } else if (file_exists(folder / "tokenizer.json")) {
    file = "tokenizer.json";
    TokenizerJson json = read_tokenizer_json(folder / file, "WordPiece");
    vocabulary = std::move(json.vocabulary);
    json_added_tokens = std::move(json.added_tokens);
    json_lowercase = json.lowercase;
    default_unk = json.unk_token.value_or(default_unk);
    options.continuing_prefix = json.continuing_prefix.value_or(options.continuing_prefix);
    options.max_word_length = json.max_word_length.value_or(options.max_word_length);
  } else {
    throw LoadError("vocab.txt: missing, and there is no tokenizer.json instead");
  }
  options.lowercase = config.do_lower_case.value_or(json_lowercase.value_or(true));
  options.strip_accents = config.strip_accents;
  options.split_cjk = config.tokenize_chinese_chars.value_or(true);
  options.unk_token = config.token("unk_token", default_unk);
  options.cls_token = config.token("cls_token", options.cls_token);
  options.sep_token = config.token("sep_token", options.sep_token);
  options.pad_token = config.token("pad_token", options.pad_token);
  std::vector<SpecialToken> specials = special_tokens(config, std::move(json_added_tokens), vocabulary,
                                                      {options.unk_token, options.cls_token, options.sep_token,
                                                       options.pad_token, config.token("mask_token", "[MASK]")});
  return build(file, [&] {
    return std::make_shared<const WordPieceTokenizer>(std::move(vocabulary), std::move(specials), options);
  });
}

std::shared_ptr<const Tokenizer> load_gpt2_tokenizer(const std::filesystem::path& folder) {
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  BpeFiles files = read_bpe_files(folder);
  const std::string unk = config.token("unk_token", "<|endoftext|>");
  const std::string eos = config.token("eos_token", "<|endoftext|>");
  std::vector<SpecialToken> specials = special_tokens(config, std::move(files.added_tokens), files.vocabulary,
                                                      {unk, config.token("bos_token", eos), eos});
  BpeOptions options;
  options.unk_id = files.vocabulary.find(unk);
  // Generated text ends in <|endoftext|>; the readable text stops before it.
  if (const std::optional<int> eos_id = files.vocabulary.find(eos)) options.silent_ids.push_back(*eos_id);
  options.add_prefix_space = config.add_prefix_space.value_or(false);
  return build(files.vocab_file, [&] {
    return std::make_shared<const BpeTokenizer>(std::move(files.vocabulary), files.merges, std::move(specials),
                                                std::move(options));
  });
}

std::shared_ptr<const Tokenizer> load_bart_tokenizer(const std::filesystem::path& folder) {
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  BpeFiles files = read_bpe_files(folder);
  const std::string unk = config.token("unk_token", "<unk>");
  const std::string pad = config.token("pad_token", "<pad>");
  // BartTokenizer frames with cls and sep, which are <s> and </s>.
  const std::string cls = config.token("cls_token", "<s>");
  const std::string sep = config.token("sep_token", "</s>");
  std::vector<SpecialToken> specials =
      special_tokens(config, std::move(files.added_tokens), files.vocabulary,
                     {cls, sep, unk, pad, config.token("bos_token", "<s>"), config.token("eos_token", "</s>"),
                      config.token("mask_token", "<mask>")});
  BpeOptions options;
  options.bos_id = require_id(files.vocabulary, cls, files.vocab_file);
  options.eos_id = require_id(files.vocabulary, sep, files.vocab_file);
  options.unk_id = files.vocabulary.find(unk);
  options.silent_ids = {*options.bos_id, *options.eos_id};
  if (const std::optional<int> pad_id = files.vocabulary.find(pad)) options.silent_ids.push_back(*pad_id);
  options.add_prefix_space = config.add_prefix_space.value_or(false);
  return build(files.vocab_file, [&] {
    return std::make_shared<const BpeTokenizer>(std::move(files.vocabulary), files.merges, std::move(specials),
                                                std::move(options));
  });
}

MarianTokenizers load_marian_tokenizers(const std::filesystem::path& folder) {
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  const std::string unk = config.token("unk_token", "<unk>");
  const std::string eos = config.token("eos_token", "</s>");
  const std::string pad = config.token("pad_token", "<pad>");

  const auto make = [&](const std::string& spm_file, const std::string& vocab_file) {
    const auto model = load_sentencepiece(folder / spm_file);
    Vocabulary vocabulary = read_vocab_json(folder / vocab_file);
    std::vector<SpecialToken> specials = special_tokens(config, {}, vocabulary, {eos, unk, pad});
    SentencePieceOptions options;
    options.unk_id = require_id(vocabulary, unk, vocab_file);
    options.eos_id = require_id(vocabulary, eos, vocab_file);
    options.pad_id = vocabulary.find(pad);
    return std::make_shared<const SentencePieceTokenizer>(model, std::move(vocabulary), std::move(specials), options);
  };
  MarianTokenizers tokenizers;
  tokenizers.source = make("source.spm", "vocab.json");
  tokenizers.target = make("target.spm", config.separate_vocabs ? "target_vocab.json" : "vocab.json");
  return tokenizers;
}

}  // namespace core
