#include "fuzz_targets.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "classroom/lesson.h"
#include "model/model.h"
#include "model/model_input.h"
#include "io/checkpoint.h"
#include "io/ggml_dequantize.h"
#include "families/gguf_model.h"
#include "io/gguf_file.h"
#include "io/safetensors.h"
#include "io/torch_checkpoint.h"
#include "io/torch_pickle.h"
#include "classroom/session.h"
#include "text/tokenizer_loader.h"
#include "model/transformer.h"

namespace fuzz {

namespace {

namespace fs = std::filesystem;

const fs::path test_data = ATTNSCOPE_TEST_DATA;

// The sample a tokenizer that loads from a fuzzed file must encode: words, punctuation, CJK,
// an emoji sequence, and the special tokens of every family typed as text.
constexpr std::string_view sample_text =
    "Hello, world! the cat 天涯 👩‍👩‍👧 [CLS] <s> </s> <unk> <|endoftext|> ##s";

// One scratch folder per process under $TMPDIR (scripts/fuzz.sh points it into build-asan),
// removed on a normal exit.
class Scratch {
 public:
  Scratch() : path_(fs::temp_directory_path() / ("attnscope-fuzz-" + std::to_string(::getpid()))) {
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const fs::path& scratch() {
  static const Scratch folder;
  return folder.path();
}

void write_file(const fs::path& file, Input bytes) {
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  check(static_cast<bool>(stream), "cannot write " + file.string());
}

// scratch()/name holding a link to every file of test_data/source except `fuzzed`, the file the
// target writes itself. Built on first use; the links survive from one input to the next.
fs::path linked_folder(const std::string& name, const std::string& source, const std::set<std::string>& fuzzed) {
  const fs::path folder = scratch() / name;
  if (fs::exists(folder)) return folder;
  fs::create_directories(folder);
  for (const fs::directory_entry& entry : fs::directory_iterator(test_data / source)) {
    const std::string file = entry.path().filename().string();
    if (!fuzzed.contains(file) && file != "expected.json") fs::create_symlink(entry.path(), folder / file);
  }
  return folder;
}

// The first byte picks one of `count` choices; the rest is the file.
std::size_t pick(Input input, std::size_t count) {
  return input.empty() ? 0 : input.front() % count;
}
Input rest(Input input) {
  return input.empty() ? input : input.subspan(1);
}

void check_tokenization(const core::Tokenization& tokens, int vocab_size, const std::string& who) {
  check(tokens.tokens.size() == tokens.ids.size() && tokens.unknown.size() == tokens.ids.size(),
        who + ": tokens, ids and unknown flags differ in length");
  for (const int id : tokens.ids) {
    check(id >= 0 && id < vocab_size,
          who + ": id " + std::to_string(id) + " outside the vocabulary of " + std::to_string(vocab_size));
  }
}

// What a view does with a tokenizer: encode, show each token, decode, truncate.
void exercise(const core::Tokenizer& tokenizer, std::string_view text, const std::string& who) {
  const core::Tokenization tokens = tokenizer.encode(text);
  check_tokenization(tokens, tokenizer.vocab_size(), who);
  for (const int id : tokens.ids) (void)tokenizer.token(id);
  (void)tokenizer.decode(tokens.ids);
  const int trailing = tokenizer.trailing_special_tokens();
  for (const std::size_t keep : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
    core::Tokenization cut = tokens;
    core::truncate(cut, keep, trailing);
    check(cut.size() == std::min(keep, tokens.size()), who + ": truncate kept the wrong number of tokens");
    check(cut.truncated == (tokens.size() > keep), who + ": truncate misreported");
    if (cut.truncated && keep > 0 && trailing > 0) {
      check(cut.ids.back() == tokens.ids.back(), who + ": truncate dropped the trailing special token");
    }
  }
}

// Arbitrary ids, as `dump --target-ids` or a broken caller may pass them: token() is documented
// for every int, decode() must not read out of bounds either.
void exercise_ids(const core::Tokenizer& tokenizer, Input input) {
  std::vector<int> ids;
  for (std::size_t i = 0; i + 4 <= input.size() && ids.size() < 64; i += 4) {
    std::int32_t id = 0;
    std::memcpy(&id, input.data() + i, 4);
    ids.push_back(id);
    (void)tokenizer.token(id);
  }
  (void)tokenizer.decode(ids);
}

// The model's own path: tokenize to at most max_positions, then one forward pass.
void run_model(const core::Model& model, std::string_view text) {
  const core::ModelSpec& config = model.spec();
  core::Tokenization source;
  core::Tokenization target;
  if (config.has_encoder()) source = core::tokenize_input(model, core::InputSide::Source, text);
  if (config.has_decoder()) target = core::tokenize_input(model, core::InputSide::Target, text);
  for (const core::Tokenization* tokens : {&source, &target}) {
    check(tokens->size() <= static_cast<std::size_t>(config.max_positions), "tokenize_input did not truncate");
  }
  core::ForwardOptions options;
  options.threads = 1;
  try {
    (void)core::forward(model, source.ids, target.ids, options);
  } catch (const core::InputError&) {
    // An empty input (GPT-2 given no text) is refused with a message: the documented outcome.
  }
}

std::string as_string(Input input) {
  return {reinterpret_cast<const char*>(input.data()), input.size()};
}

// config: which model's weights and tokenizer the fuzzed config.json sits next to.
constexpr std::array<const char*, 11> config_bases = {
    "torch/encdec-post-relu",         "torch/decoder-pre-gelu-learned", "torch/encdec-pre-silu-none",
    "torch/encoder-post-gelu-halves", "peer/bert-tiny-short",           "peer/bert-tiny-basemodel",
    "peer/gpt2-tiny-short",           "peer/gpt2-tiny-basemodel",       "peer/bart-tiny-short",
    "peer/marian-tiny-short",         "peer/marian-tiny-swish",
};

// tokenizer_files: the file the first byte selects, the folder the rest comes from, the loaders.
enum class Loaders { NativeVocab, Bert, Bpe, Marian, Json, Llama, T5, XlmRoberta };
struct TokenizerFile {
  const char* file;
  const char* base;
  Loaders loaders;
};
constexpr std::array<TokenizerFile, 8> tokenizer_file_cases = {{
    {"vocab.txt", "torch/encdec-post-relu", Loaders::NativeVocab},
    {"vocab.txt", "peer/bert-tiny-short", Loaders::Bert},
    {"tokenizer_config.json", "peer/bert-tiny-short", Loaders::Bert},
    {"vocab.json", "peer/bart-tiny-short", Loaders::Bpe},
    {"merges.txt", "peer/bart-tiny-short", Loaders::Bpe},
    {"tokenizer_config.json", "peer/bart-tiny-short", Loaders::Bpe},
    {"vocab.json", "peer/marian-tiny-short", Loaders::Marian},
    {"tokenizer_config.json", "peer/marian-tiny-short", Loaders::Marian},
}};

void load_and_exercise(Loaders loaders, const fs::path& folder, const fs::path& file) {
  try {
    switch (loaders) {
      case Loaders::NativeVocab:
        exercise(
            *core::load_native_tokenizer(file, core::NativeTokenizerKind::Word, false, core::TokenizerRole::Source),
            sample_text, "native word");
        exercise(*core::load_native_tokenizer(file, core::NativeTokenizerKind::Char, true, core::TokenizerRole::Target),
                 sample_text, "native char");
        break;
      case Loaders::Bert: exercise(*core::load_bert_tokenizer(folder), sample_text, "BERT"); break;
      case Loaders::Bpe:
        exercise(*core::load_gpt2_tokenizer(folder), sample_text, "GPT-2");
        exercise(*core::load_bart_tokenizer(folder), sample_text, "BART");
        break;
      case Loaders::Marian: {
        const core::MarianTokenizers marian = core::load_marian_tokenizers(folder);
        exercise(*marian.source, sample_text, "Marian source");
        exercise(*marian.target, sample_text, "Marian target");
        break;
      }
      case Loaders::Llama: exercise(*core::load_llama_tokenizer(folder), sample_text, "Llama"); break;
      case Loaders::T5: exercise(*core::load_t5_tokenizer(folder), sample_text, "T5"); break;
      case Loaders::XlmRoberta: exercise(*core::load_xlm_roberta_tokenizer(folder), sample_text, "XLM-R"); break;
      case Loaders::Json:
        // the whole tokenizer.json pipeline: normalizers, pre-tokenizers (PCRE2 regexes), models,
        // post-processors, decoders, added tokens
        exercise(*core::load_tokenizer_json(folder), sample_text, "tokenizer.json");
        break;
    }
  } catch (const core::LoadError&) {
    // A file the loader refuses with a message naming it: the documented outcome.
  }
}

// encode: everything loaded once, on the first input. The models own the tokenizers they hold.
struct Tokenizers {
  std::vector<std::pair<std::string, const core::Tokenizer*>> tokenizers;
  std::vector<std::unique_ptr<const core::Model>> models;
  std::vector<std::shared_ptr<const core::Tokenizer>> standalone;
};

const Tokenizers& all_tokenizers() {
  static const Tokenizers loaded = [] {
    Tokenizers all;
    for (const char* folder : {"torch/encdec-post-relu", "torch/decoder-pre-gelu-learned", "peer/bert-tiny-short",
                               "peer/gpt2-tiny-short", "peer/bart-tiny-short", "peer/marian-tiny-short"}) {
      auto model = std::make_unique<const core::Model>(core::load_model(test_data / folder));
      all.tokenizers.emplace_back(std::string(folder) + " source", &model->source_tokenizer());
      if (&model->target_tokenizer() != &model->source_tokenizer()) {
        all.tokenizers.emplace_back(std::string(folder) + " target", &model->target_tokenizer());
      }
      all.models.push_back(std::move(model));
    }
    const auto add = [&all](const std::string& name, std::shared_ptr<const core::Tokenizer> tokenizer) {
      all.tokenizers.emplace_back(name, tokenizer.get());
      all.standalone.push_back(std::move(tokenizer));
    };
    add("native char",
        core::load_native_tokenizer(test_data / "tokenizer-native/char_vocab.txt", core::NativeTokenizerKind::Char,
                                    false, core::TokenizerRole::Source));
    add("native word lowercase",
        core::load_native_tokenizer(test_data / "tokenizer-native/word_vocab.txt", core::NativeTokenizerKind::Word,
                                    true, core::TokenizerRole::Target));
    add("BERT tokenizer.json", core::load_bert_tokenizer(test_data / "tokenizer-json/bert-tiny-short"));
    add("GPT-2 tokenizer.json", core::load_gpt2_tokenizer(test_data / "tokenizer-json/gpt2-tiny-short"));
    add("BART tokenizer.json", core::load_bart_tokenizer(test_data / "tokenizer-json/bart-tiny-short"));
    return all;
  }();
  return loaded;
}

// family_config: one model of every family the registry reads from config.json's model_type (and
// the rope-scaling variants), whose weights and tokenizer the fuzzed config.json sits next to.
constexpr std::array<const char*, 14> family_config_bases = {
    "hf-cases/llama-tiny-gqa",     "hf-cases/llama-tiny-rope-yarn",   "hf-cases/llama-tiny-rope-llama3",
    "hf-cases/mistral-tiny-swa",   "hf-cases/qwen2-tiny-bias-tied",   "hf-cases/gemma-tiny-mqa",
    "hf-cases/gemma2-tiny-softcap", "hf-cases/gpt-neox-tiny-parallel", "hf-cases/bloom-tiny-alibi6",
    "hf-cases/t5-tiny-gated",      "hf-cases/bert-tiny-qa",           "hf-cases/roberta-tiny-seqcls",
    "hf-cases/distilbert-tiny-mlm", "hf-cases/xlm-roberta-tiny-mlm",
};

// tokenizer_json_encode: real tokenizer.json files (tests/data/tokenizers), loaded once: the
// byte-level BPE with GPT-2's regex, Mistral's SentencePiece-style BPE with byte fallback, and one
// behind an NFKC normalizer (claude). The larger files (Qwen2.5, Llama 3, Gemma, Mistral NeMo:
// 7-17 MB) are left out: under ASan with coverage, loading these three took 27 s and all seven
// 245 s on the loaded 2-core machine, against a CI run of 30 s per target.
const std::vector<std::pair<std::string, std::shared_ptr<const core::Tokenizer>>>& real_json_tokenizers() {
  static const auto loaded = [] {
    std::vector<std::pair<std::string, std::shared_ptr<const core::Tokenizer>>> all;
    for (const char* name : {"gpt2", "mistral", "claude"}) {
      all.emplace_back(name, core::load_tokenizer_json(test_data / "tokenizers" / name));
    }
    return all;
  }();
  return loaded;
}

// sentencepiece_encode: the SentencePiece tokenizers of the model families that read a .model
// file (Llama's byte fallback, Gemma's, T5's extra ids, XLM-R's fairseq offset), loaded once.
const std::vector<std::unique_ptr<const core::Model>>& sentencepiece_models() {
  static const auto loaded = [] {
    std::vector<std::unique_ptr<const core::Model>> all;
    for (const char* folder : {"hf-cases/llama-tiny-gqa", "hf-cases/gemma-tiny-mqa", "hf-cases/t5-tiny-v10",
                               "hf-cases/xlm-roberta-tiny-mlm"}) {
      all.push_back(std::make_unique<const core::Model>(core::load_model(test_data / folder)));
    }
    return all;
  }();
  return loaded;
}

}  // namespace

void check(bool condition, const std::string& what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"safetensors", safetensors},
      {"torch_pickle", torch_pickle},
      {"torch_zip", torch_zip},
      {"gguf", gguf},
      {"config", config},
      {"tokenizer_files", tokenizer_files},
      {"tokenizer_json", tokenizer_json},
      {"sentencepiece", sentencepiece},
      {"encode", encode},
      {"session", session},
      {"lesson", lesson},
      {"safetensors_index", safetensors_index},
      {"family_config", family_config},
      {"tokenizer_json_encode", tokenizer_json_encode},
      {"sentencepiece_encode", sentencepiece_encode},
  };
  return all;
}

// Every tensor of an opened file (safetensors or a PyTorch archive): found by its name, its bytes
// the size its shape and type say, and a float tensor widens to that many values.
namespace {
void check_tensors(const core::TensorFile& weights) {
  for (const core::TensorInfo& tensor : weights.tensors()) {
    check(weights.find(tensor.name) == &tensor, "find() does not return the tensor listed");
    const std::span<const std::byte> bytes = weights.bytes(tensor);
    check(bytes.size() == static_cast<std::size_t>(tensor.element_count()) * core::dtype_size(tensor.dtype),
          "tensor '" + tensor.name + "' has a byte size that does not match its shape");
    if (core::is_float(tensor.dtype)) {
      check(core::to_float32(tensor.dtype, bytes).size() == static_cast<std::size_t>(tensor.element_count()),
            "to_float32 returned the wrong count");
    }
  }
}
}  // namespace

void safetensors(Input input) {
  const fs::path file = scratch() / "model.safetensors";
  write_file(file, input);
  try {
    check_tensors(core::SafetensorsFile::open(file));
  } catch (const core::LoadError&) {
  }
}

void torch_pickle(Input input) {
  try {
    for (const core::PickledTensor& tensor : core::read_state_dict_pickle(std::as_bytes(input), "data.pkl")) {
      check(tensor.shape.size() == tensor.stride.size(), "tensor '" + tensor.name + "' has sizes and strides of different lengths");
      check(tensor.shape.size() <= core::PickleLimits::max_dimensions, "tensor '" + tensor.name + "' has too many dimensions");
      check(tensor.storage.numel >= 0, "tensor '" + tensor.name + "' has a negative storage size");
    }
  } catch (const core::LoadError&) {
  }
}

void torch_zip(Input input) {
  const fs::path file = scratch() / "pytorch_model.bin";
  write_file(file, input);
  try {
    check_tensors(core::open_torch_checkpoint(file));
  } catch (const core::LoadError&) {
  }
}

void gguf(Input input) {
  const fs::path file = scratch() / "model.gguf";
  write_file(file, input);
  try {
    const core::GgufFile weights = core::GgufFile::open(file);
    for (const core::GgufTensor& tensor : weights.tensors()) {
      check(weights.find_tensor(tensor.name) == &tensor, "find_tensor() does not return the tensor listed");
      const std::optional<core::GgmlTypeInfo> info = core::ggml_type_info(tensor.type);
      check(info.has_value(), "tensor '" + tensor.name + "' has a type open() should have refused");
      const auto count = static_cast<std::size_t>(tensor.element_count());
      check(weights.bytes(tensor).size() == count / info->block_size * info->block_bytes,
            "tensor '" + tensor.name + "' has a byte size that does not match its shape");
      // A small file can still declare a tensor of many cheap values (ne [2^26] of Q4_0 is 36 MB):
      // only tensors of at most 2^20 values are expanded.
      if (info->dequantized && count <= (std::size_t{1} << 20)) {
        std::vector<float> values(count);
        core::dequantize(static_cast<core::GgmlType>(tensor.type), weights.bytes(tensor), values);
      }
    }
    // The tokenizer alone, as a vocabulary-only file gives it (llama.cpp's ggml-vocab-*.gguf).
    try {
      const std::shared_ptr<const core::Tokenizer> tokenizer = core::load_gguf_tokenizer(file);
      const core::Tokenization tokens = tokenizer->encode("Hello, world 12345: Tiếng Việt <|begin_of_text|>", true);
      check(tokens.ids.size() == tokens.tokens.size(), "a GGUF tokenizer gives ids and tokens of different lengths");
    } catch (const core::LoadError&) {
    }
    const core::Model model = core::load_model(file);
    run_model(model, "Hello, world: the cat sat on the mat.");
  } catch (const core::LoadError&) {
  }
}

void config(Input input) {
  const std::size_t base = pick(input, config_bases.size());
  const fs::path folder = linked_folder("config-" + std::to_string(base), config_bases[base], {"config.json"});
  write_file(folder / "config.json", rest(input));
  try {
    const core::Model model = core::load_model(folder);
    run_model(model, "Hello, world: the cat sat on the mat.");
  } catch (const core::LoadError&) {
  }
}

void tokenizer_files(Input input) {
  const std::size_t choice = pick(input, tokenizer_file_cases.size());
  const TokenizerFile& fuzzed = tokenizer_file_cases[choice];
  const fs::path folder = linked_folder("tokenizer-files-" + std::to_string(choice), fuzzed.base, {fuzzed.file});
  write_file(folder / fuzzed.file, rest(input));
  load_and_exercise(fuzzed.loaders, folder, folder / fuzzed.file);
}

void tokenizer_json(Input input) {
  const fs::path folder = scratch() / "tokenizer-json";
  fs::create_directories(folder);
  write_file(folder / "tokenizer.json", input);
  load_and_exercise(Loaders::Bert, folder, folder / "tokenizer.json");
  load_and_exercise(Loaders::Bpe, folder, folder / "tokenizer.json");
  load_and_exercise(Loaders::Json, folder, folder / "tokenizer.json");
}

void sentencepiece(Input input) {
  const fs::path folder = linked_folder("sentencepiece", "peer/marian-tiny-short", {"source.spm"});
  write_file(folder / "source.spm", input);
  load_and_exercise(Loaders::Marian, folder, folder / "source.spm");
  // the same model file as Llama's (byte fallback, <s> first), T5's (extra ids) and XLM-R's
  // (fairseq id offset, and the protobuf edit for legacy: false) SentencePiece tokenizers
  const struct {
    const char* name;
    const char* base;
    const char* file;
    Loaders loaders;
  } families[] = {{"sentencepiece-llama", "hf-cases/llama-tiny-gqa", "tokenizer.model", Loaders::Llama},
                  {"sentencepiece-t5", "hf-cases/t5-tiny-v10", "spiece.model", Loaders::T5},
                  {"sentencepiece-xlmr", "hf-cases/xlm-roberta-tiny-mlm", "sentencepiece.bpe.model", Loaders::XlmRoberta}};
  for (const auto& family : families) {
    const fs::path copy = linked_folder(family.name, family.base, {family.file});
    write_file(copy / family.file, input);
    load_and_exercise(family.loaders, copy, copy / family.file);
  }
}

void encode(Input input) {
  const Tokenizers& all = all_tokenizers();
  const std::string text = as_string(input);
  for (const auto& [name, tokenizer] : all.tokenizers) {
    exercise(*tokenizer, text, name);
    exercise_ids(*tokenizer, input);
  }
  // The forward pass only on the two native models (d_model 16, 16 positions): the peer models'
  // larger passes would cut the executions per second tenfold, and hostile_text_test runs them.
  for (const auto& model : all.models) {
    if (model->spec().family == "attnscope") run_model(*model, text);
  }
  for (const auto& model : all.models) {
    const core::ModelSpec& config = model->spec();
    const core::InputSide side = config.has_encoder() ? core::InputSide::Source : core::InputSide::Target;
    check(core::tokenize_input(*model, side, text).size() <= static_cast<std::size_t>(config.max_positions),
          "tokenize_input did not truncate");
  }
}

void session(Input input) {
  const core::SessionFile file = core::read_session(as_string(input));
  if (!file.error.empty()) {
    // a named default: GCC 12 warns falsely (maybe-uninitialized) about a temporary's strings here
    const core::Session defaults;
    check(file.session == defaults, "a session that failed to read is not the defaults");
    return;
  }
  const core::SessionFile again = core::read_session(core::write_session(file.session));
  check(again.error.empty(), "a written session does not read back: " + again.error);
  check(again.session == file.session, "a session changed on writing and reading back");
}

void lesson(Input input) {
  const core::LessonFile file = core::read_lesson(as_string(input));
  if (!file.error.empty()) {
    check(file.lesson == core::Lesson{}, "a lesson that failed to read is not empty");
    return;
  }
  const core::LessonFile again = core::read_lesson(core::write_lesson(file.lesson));
  check(again.error.empty(), "a written lesson does not read back: " + again.error);
  check(again.lesson == file.lesson, "a lesson changed on writing and reading back");
}

void safetensors_index(Input input) {
  const fs::path folder =
      linked_folder("safetensors-index", "sharded/llama-tiny-gqa-2-shards", {core::Checkpoint::index_file_name});
  write_file(folder / core::Checkpoint::index_file_name, input);
  try {
    const core::Checkpoint checkpoint = core::Checkpoint::open(folder);
    for (const core::TensorFile& file : checkpoint.files()) {
      for (const core::TensorInfo& tensor : file.tensors()) {
        const core::StoredTensor found = checkpoint.find(tensor.name);
        // A tensor the index does not map is absent; one it maps must come from a file it opened.
        check(!found || found.tensor->name == tensor.name, "find() returned another tensor");
      }
    }
    const core::Model model = core::load_model(folder);
    run_model(model, "Hello, world: the cat sat on the mat.");
  } catch (const core::LoadError&) {
  }
}

void family_config(Input input) {
  const std::size_t base = pick(input, family_config_bases.size());
  const fs::path folder =
      linked_folder("family-config-" + std::to_string(base), family_config_bases[base], {"config.json"});
  write_file(folder / "config.json", rest(input));
  try {
    const core::Model model = core::load_model(folder);
    run_model(model, "Hello, world: the cat sat on the mat.");
  } catch (const core::LoadError&) {
  }
}

void tokenizer_json_encode(Input input) {
  const std::string text = as_string(input);
  for (const auto& [name, tokenizer] : real_json_tokenizers()) {
    exercise(*tokenizer, text, name);
    exercise_ids(*tokenizer, input);
  }
}

void sentencepiece_encode(Input input) {
  const std::string text = as_string(input);
  for (const auto& model : sentencepiece_models()) {
    exercise(model->source_tokenizer(), text, model->spec().family + " source");
    exercise_ids(model->source_tokenizer(), input);
    if (&model->target_tokenizer() != &model->source_tokenizer()) {
      exercise(model->target_tokenizer(), text, model->spec().family + " target");
    }
    const core::ModelSpec& config = model->spec();
    const core::InputSide side = config.has_encoder() ? core::InputSide::Source : core::InputSide::Target;
    check(core::tokenize_input(*model, side, text).size() <= static_cast<std::size_t>(config.max_positions),
          "tokenize_input did not truncate");
  }
}

}  // namespace fuzz
