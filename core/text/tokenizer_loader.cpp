#include "text/tokenizer_loader.h"

#include <sentencepiece_processor.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tensor/errors.h"
#include "text/tokenizer_bpe.h"
#include "text/tokenizer_files.h"
#include "text/json_place.h"
#include "text/sentencepiece_proto.h"
#include "text/tokenizer_json.h"
#include "text/tokenizer_sentencepiece_ids.h"
#include "text/tokenizer_sentencepiece.h"
#include "text/tokenizer_wordpiece.h"

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

// add_dummy_prefix false: the model as HF's non-legacy Llama and T5 tokenizers load it.
std::shared_ptr<const sentencepiece::SentencePieceProcessor> load_sentencepiece(const std::filesystem::path& file,
                                                                               bool dummy_prefix = true) {
  const std::string name = file.filename().string();
  if (!file_exists(file)) throw LoadError(name + ": missing");
  auto processor = std::make_shared<sentencepiece::SentencePieceProcessor>();
  // The status text names sentencepiece's own source lines, which would not help the user.
  bool loaded = false;
  try {
    if (dummy_prefix) {
      loaded = processor->Load(file.string()).ok();
    } else {
      std::ifstream stream(file, std::ios::binary);
      std::ostringstream bytes;
      bytes << stream.rdbuf();
      const std::optional<std::string> patched = with_add_dummy_prefix(bytes.str(), false);
      loaded = patched && processor->LoadFromSerializedProto(*patched).ok();
    }
  } catch (...) {
    // Its trie builder throws instead of returning a status for some corrupt models (a piece
    // holding a NUL byte: tests/fuzz/regressions/sentencepiece), and not always a std::exception.
  }
  if (!loaded) throw LoadError(name + ": not a SentencePiece model");
  return processor;
}

// HF's LlamaTokenizerFast and GemmaTokenizerFast rebuild the post-processor from the config:
// bos_token first when add_bos_token (default true), eos_token last when add_eos_token.
void apply_bos_eos_config(JsonTokenizer& tokenizer, const TokenizerConfig& config) {
  const std::string class_name = config.tokenizer_class.value_or("");
  const bool rebuilds = class_name.starts_with("LlamaTokenizer") || class_name.starts_with("GemmaTokenizer") ||
                        class_name.starts_with("CodeLlamaTokenizer");
  if (!rebuilds || (!config.add_bos_token && !config.add_eos_token)) return;
  Framing framing;
  const auto add = [&](std::vector<int>& side, const char* key, const char* fallback) {
    const std::string token = config.token(key, fallback);
    const std::optional<int> id = tokenizer.find(token);
    if (!id) throw LoadError("tokenizer_config.json: '" + std::string(key) + "' \"" + token + "\" is not in tokenizer.json");
    side.push_back(*id);
  };
  if (config.add_bos_token.value_or(true)) add(framing.prefix, "bos_token", class_name.starts_with("Gemma") ? "<bos>" : "<s>");
  if (config.add_eos_token.value_or(false)) add(framing.suffix, "eos_token", class_name.starts_with("Gemma") ? "<eos>" : "</s>");
  tokenizer.set_framing(std::move(framing));
}

}  // namespace

std::shared_ptr<const Tokenizer> load_tokenizer_json(const std::filesystem::path& folder) {
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  auto tokenizer = std::make_shared<JsonTokenizer>(folder / "tokenizer.json");
  apply_bos_eos_config(*tokenizer, config);
  return tokenizer;
}

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
  if (config.add_bos_token.value_or(false)) {
    options.bos_id = require_id(files.vocabulary, config.token("bos_token", eos), files.vocab_file);
  }
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

namespace core {

namespace {

// The .model's pieces at their ids (plus offset).
Vocabulary piece_vocabulary(const sentencepiece::SentencePieceProcessor& model, int offset, int first_piece = 0) {
  Vocabulary vocabulary;
  for (int i = first_piece; i < model.GetPieceSize(); ++i) vocabulary.add(model.IdToPiece(i), i + offset);
  return vocabulary;
}

// Neither the slow files nor tokenizer.json: name the slow file, as the older loaders do.
[[noreturn]] void missing(const std::string& slow_file) {
  throw LoadError(slow_file + ": missing, and there is no tokenizer.json instead");
}

int config_id(const Vocabulary& vocabulary, const TokenizerConfig& config, const char* key, const char* fallback,
              const std::string& file) {
  return require_id(vocabulary, config.token(key, fallback), file);
}

struct SpmFamily {
  const char* bos;
  const char* eos;
  bool has_legacy;  // LlamaTokenizer reads legacy; GemmaTokenizer has no such option
};

std::shared_ptr<const Tokenizer> load_llama_like(const std::filesystem::path& folder, const SpmFamily& family) {
  const std::string file = "tokenizer.model";
  if (!file_exists(folder / file)) {
    if (file_exists(folder / "tokenizer.json")) return load_tokenizer_json(folder);
    missing(file);
  }
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  const bool legacy = !family.has_legacy || config.legacy.value_or(true);
  const auto model = load_sentencepiece(folder / file, legacy);
  Vocabulary vocabulary = piece_vocabulary(*model, 0);
  const std::string unk = config.token("unk_token", "<unk>");
  const std::string bos = config.token("bos_token", family.bos);
  const std::string eos = config.token("eos_token", family.eos);
  std::vector<SpecialToken> specials = special_tokens(config, {}, vocabulary, {unk, bos, eos});
  SentencePieceIdsOptions options;
  if (config.add_bos_token.value_or(true)) options.prefix = {require_id(vocabulary, bos, file)};
  if (config.add_eos_token.value_or(false)) options.suffix = {require_id(vocabulary, eos, file)};
  options.unk_id = model->unk_id();
  for (const std::string& silent : {bos, eos, config.token("pad_token", "<pad>")}) {
    if (const std::optional<int> id = vocabulary.find(silent)) options.silent_ids.push_back(*id);
  }
  options.legacy = legacy;
  options.add_prefix_space = config.add_prefix_space.value_or(true);
  options.unk_token = unk;
  return std::make_shared<const SentencePieceIdsTokenizer>(model, std::move(vocabulary), std::move(specials),
                                                           std::move(options));
}

// T5's <extra_id_N> when neither tokenizer_config.json's added_tokens_decoder nor
// added_tokens.json lists them: ids counted down from the top, as T5Tokenizer assigns them.
std::vector<SpecialToken> t5_extra_ids(const std::filesystem::path& folder, int piece_count) {
  std::vector<SpecialToken> extra;
  if (file_exists(folder / "added_tokens.json")) {
    const nlohmann::json json = read_json_file("added_tokens.json", (folder / "added_tokens.json").string());
    const JsonPlace root("added_tokens.json", json);
    for (const auto& [token, id] : root.object().items()) {
      const JsonPlace entry("added_tokens.json", id, token);
      extra.push_back({token, static_cast<int>(entry.integer(0, (1 << 24) - 1)), true, true});
    }
    return extra;
  }
  constexpr int extra_ids = 100;
  for (int i = 0; i < extra_ids; ++i) {
    extra.push_back({"<extra_id_" + std::to_string(i) + ">", piece_count - 1 + extra_ids - i, true, true});
  }
  return extra;
}

}  // namespace

std::shared_ptr<const Tokenizer> load_llama_tokenizer(const std::filesystem::path& folder) {
  return load_llama_like(folder, {"<s>", "</s>", true});
}

std::shared_ptr<const Tokenizer> load_gemma_tokenizer(const std::filesystem::path& folder) {
  return load_llama_like(folder, {"<bos>", "<eos>", false});
}

std::shared_ptr<const Tokenizer> load_t5_tokenizer(const std::filesystem::path& folder) {
  const std::string file = "spiece.model";
  if (!file_exists(folder / file)) {
    if (file_exists(folder / "tokenizer.json")) return load_tokenizer_json(folder);
    missing(file);
  }
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  const bool legacy = config.legacy.value_or(true);
  const auto model = load_sentencepiece(folder / file, legacy);
  Vocabulary vocabulary = piece_vocabulary(*model, 0);
  const std::string unk = config.token("unk_token", "<unk>");
  const std::string eos = config.token("eos_token", "</s>");
  const std::string pad = config.token("pad_token", "<pad>");
  TokenizerConfig with_extra = config;
  if (!with_extra.added_tokens) {
    std::vector<SpecialToken> added = t5_extra_ids(folder, model->GetPieceSize());
    for (const std::string& named : {pad, eos, unk}) {
      if (const std::optional<int> id = vocabulary.find(named)) added.push_back({named, *id});
    }
    with_extra.added_tokens = std::move(added);
  }
  std::vector<SpecialToken> specials = special_tokens(with_extra, {}, vocabulary, {});
  SentencePieceIdsOptions options;
  options.suffix = {require_id(vocabulary, eos, file)};
  options.suffix_unless_present = true;
  options.unk_id = model->unk_id();
  options.silent_ids = {options.suffix[0]};
  if (const std::optional<int> pad_id = vocabulary.find(pad)) options.silent_ids.push_back(*pad_id);
  options.legacy = legacy;
  options.add_prefix_space = config.add_prefix_space.value_or(true);
  options.unk_token = unk;
  return std::make_shared<const SentencePieceIdsTokenizer>(model, std::move(vocabulary), std::move(specials),
                                                           std::move(options));
}

std::shared_ptr<const Tokenizer> load_xlm_roberta_tokenizer(const std::filesystem::path& folder) {
  const std::string file = "sentencepiece.bpe.model";
  if (!file_exists(folder / file)) {
    if (file_exists(folder / "tokenizer.json")) return load_tokenizer_json(folder);
    missing(file);
  }
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  const auto model = load_sentencepiece(folder / file);
  // fairseq's dictionary: its own four specials first, then the pieces after the .model's own
  // <unk> <s> </s> one place further on, <mask> last.
  constexpr int fairseq_offset = 1;
  Vocabulary vocabulary = piece_vocabulary(*model, fairseq_offset, 3);
  const std::vector<std::string> fairseq = {config.token("cls_token", "<s>"), config.token("pad_token", "<pad>"),
                                            config.token("sep_token", "</s>"), config.token("unk_token", "<unk>")};
  for (int id = 0; id < 4; ++id) vocabulary.add(fairseq[static_cast<std::size_t>(id)], id);
  const std::string mask = config.token("mask_token", "<mask>");
  vocabulary.add(mask, model->GetPieceSize() + fairseq_offset);
  std::vector<SpecialToken> specials =
      special_tokens(config, {}, vocabulary, {fairseq[0], fairseq[1], fairseq[2], fairseq[3], mask});
  SentencePieceIdsOptions options;
  options.prefix = {config_id(vocabulary, config, "cls_token", "<s>", file)};
  options.suffix = {config_id(vocabulary, config, "sep_token", "</s>", file)};
  options.id_offset = fairseq_offset;
  options.pair_style = PairStyle::Roberta;
  options.unk_id = config_id(vocabulary, config, "unk_token", "<unk>", file);
  options.silent_ids = {0, 1, 2};
  return std::make_shared<const SentencePieceIdsTokenizer>(model, std::move(vocabulary), std::move(specials),
                                                           std::move(options));
}

std::shared_ptr<const Tokenizer> load_roberta_tokenizer(const std::filesystem::path& folder) {
  // RobertaTokenizer is GPT2Tokenizer with BART's framing and specials, <mask> taking the space before it.
  return load_bart_tokenizer(folder);
}

std::shared_ptr<const Tokenizer> load_qwen2_tokenizer(const std::filesystem::path& folder) {
  const bool has_vocab_files = file_exists(folder / "vocab.json") || file_exists(folder / "merges.txt");
  if (!has_vocab_files && file_exists(folder / "tokenizer.json")) return load_tokenizer_json(folder);
  const TokenizerConfig config = read_tokenizer_config(folder / "tokenizer_config.json");
  BpeFiles files = read_bpe_files(folder);
  const std::string unk = config.token("unk_token", "<|endoftext|>");
  const std::string eos = config.token("eos_token", "<|endoftext|>");
  std::vector<SpecialToken> specials =
      special_tokens(config, {}, files.vocabulary, {unk, eos, config.token("pad_token", "<|endoftext|>")});
  BpeOptions options;
  options.unk_id = files.vocabulary.find(unk);
  if (const std::optional<int> eos_id = files.vocabulary.find(eos)) options.silent_ids.push_back(*eos_id);
  options.nfc = true;
  options.split_pattern = qwen2_pattern;
  return build(files.vocab_file, [&] {
    return std::make_shared<const BpeTokenizer>(std::move(files.vocabulary), files.merges, std::move(specials),
                                                std::move(options));
  });
}

}  // namespace core
