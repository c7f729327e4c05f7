// Real checkpoints as people find them: half-precision weights, only a tokenizer.json, extra
// buffers, text longer than the model takes, and broken folders.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cstring>
#include <fstream>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "model/model_input.h"
#include "random_model.h"
#include "io/safetensors.h"
#include "test_support.h"
#include "model/trace_json.h"
#include "model/transformer.h"

namespace {

using ::testing::HasSubstr;

const std::filesystem::path peer = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

std::filesystem::path copy_case(const std::string& name, const std::filesystem::path& destination) {
  std::filesystem::copy(peer / name, destination, std::filesystem::copy_options::recursive);
  return destination;
}

// Rewrites model.safetensors with every float tensor in a 16-bit type, as a half-precision
// checkpoint would store it.
template <typename Half>
void rewrite_as_16_bit(const std::filesystem::path& folder, const std::string& dtype) {
  std::string header_entries;
  std::string data;
  {
    const core::SafetensorsFile file = core::SafetensorsFile::open(folder / "model.safetensors");
    for (const core::TensorInfo& tensor : file.tensors()) {
      const std::vector<float> values = core::to_float32(tensor.dtype, file.bytes(tensor));
      const std::size_t begin = data.size();
      for (const float value : values) {
        const Half half(value);
        char bytes[2];
        std::memcpy(bytes, &half, 2);
        data.append(bytes, 2);
      }
      nlohmann::json entry = {{"dtype", dtype}, {"shape", tensor.shape}, {"data_offsets", {begin, data.size()}}};
      if (!header_entries.empty()) header_entries += ',';
      header_entries += nlohmann::json(tensor.name).dump();
      header_entries += ':';
      header_entries += entry.dump();
    }
  }
  std::string header = "{" + header_entries + "}";
  header.append((8 - header.size() % 8) % 8, ' ');
  // A new file renamed into place: a model already open keeps its mapping of the old one.
  const std::filesystem::path rewritten = folder / "model.safetensors.16bit";
  {
    std::ofstream stream(rewritten, std::ios::binary | std::ios::trunc);
    const std::uint64_t length = header.size();
    stream.write(reinterpret_cast<const char*>(&length), 8);
    stream << header << data;
  }
  std::filesystem::rename(rewritten, folder / "model.safetensors");
}

double max_attention_difference(const core::AttentionTrace& a, const core::AttentionTrace& b) {
  double worst = 0.0;
  for (const auto kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf,
                          core::AttentionKind::DecoderCross}) {
    for (std::size_t l = 0; l < a.layers(kind).size(); ++l) {
      for (std::size_t h = 0; h < a.layers(kind)[l].heads.size(); ++h) {
        worst = std::max(worst, static_cast<double>(
                                    (a.layers(kind)[l].heads[h] - b.layers(kind)[l].heads[h]).cwiseAbs().maxCoeff()));
      }
    }
  }
  return worst;
}

// Every number of a nested array, in order.
std::vector<double> numbers_of(const nlohmann::json& value) {
  if (!value.is_array()) return {value.get<double>()};
  std::vector<double> numbers;
  for (const nlohmann::json& item : value) {
    const std::vector<double> inner = numbers_of(item);
    numbers.insert(numbers.end(), inner.begin(), inner.end());
  }
  return numbers;
}

core::ForwardResult run_case_text(const core::Model& model, const nlohmann::json& expected) {
  std::vector<int> source;
  std::vector<int> target;
  if (expected.contains("source_text")) {
    source = core::tokenize_input(model, core::InputSide::Source, expected["source_text"].get<std::string>()).ids;
  }
  if (expected.contains("target_text")) {
    target = core::tokenize_input(model, core::InputSide::Target, expected["target_text"].get<std::string>()).ids;
  }
  return core::forward(model, source, target);
}

template <typename Half>
void expect_half_precision_loads(const std::string& dtype, double tolerance) {
  test::TempFolder temp;
  const auto folder = copy_case("marian-tiny-short", temp.path() / "model");
  const core::Model full = core::load_model(folder);
  const nlohmann::json expected = read_json(folder / "expected.json");
  const core::ForwardResult reference = run_case_text(full, expected);

  rewrite_as_16_bit<Half>(folder, dtype);
  const core::Model half = core::load_model(folder);
  // The loader converts each value exactly: float(half(x)).
  const core::RowMatrix tokens = half.weights().encoder.embedding.tokens.to_f32();
  const core::RowMatrix full_tokens = full.weights().encoder.embedding.tokens.to_f32();
  EXPECT_EQ(tokens(5, 3), static_cast<float>(Half(full_tokens(5, 3))));
  EXPECT_EQ(tokens(100, 31), static_cast<float>(Half(full_tokens(100, 31))));
  EXPECT_LT(max_attention_difference(run_case_text(half, expected).trace, reference.trace), tolerance);
}

TEST(CheckpointVariantsTest, Float16WeightsLoad) { expect_half_precision_loads<Eigen::half>("F16", 0.05); }

TEST(CheckpointVariantsTest, BFloat16WeightsLoad) { expect_half_precision_loads<Eigen::bfloat16>("BF16", 0.2); }

// A bfloat16 checkpoint stays bfloat16 in memory (no float32 copy of its matrices), and the exact
// precision computes from it exactly what the same values stored as float32 give, bit for bit.
TEST(CheckpointVariantsTest, Bfloat16WeightsStayAsStoredAndComputeAsTheirFloat32Widening) {
  test::TempFolder temp;
  const auto half_folder = copy_case("marian-tiny-short", temp.path() / "half");
  rewrite_as_16_bit<Eigen::bfloat16>(half_folder, "BF16");
  const auto widened_folder = copy_case("marian-tiny-short", temp.path() / "widened");
  {
    const core::SafetensorsFile half_file = core::SafetensorsFile::open(half_folder / "model.safetensors");
    std::vector<std::vector<float>> values;
    for (const core::TensorInfo& tensor : half_file.tensors()) values.push_back(core::to_float32(tensor.dtype, half_file.bytes(tensor)));
    std::vector<core::NamedTensor> named;
    for (std::size_t i = 0; i < values.size(); ++i) {
      named.push_back({half_file.tensors()[i].name, half_file.tensors()[i].shape, values[i]});
    }
    core::write_safetensors(widened_folder / "model.safetensors", named);
  }
  const core::Model half = core::load_model(half_folder);
  const core::Model widened = core::load_model(widened_folder);
  const core::WeightMatrix& up = half.weights().encoder.blocks.front().feed_forward.up.weight;
  EXPECT_EQ(up.type, core::ScalarType::BF16);
  EXPECT_EQ(half.weights().encoder.embedding.tokens.type, core::ScalarType::BF16);
  EXPECT_EQ(widened.weights().encoder.blocks.front().feed_forward.up.weight.type, core::ScalarType::F32);

  const nlohmann::json expected = read_json(half_folder / "expected.json");
  const core::ForwardResult from_half = run_case_text(half, expected);
  const core::ForwardResult from_widened = run_case_text(widened, expected);
  EXPECT_EQ(max_attention_difference(from_half.trace, from_widened.trace), 0.0);
  ASSERT_EQ(from_half.last_logits.size(), from_widened.last_logits.size());
  EXPECT_TRUE(from_half.last_logits == from_widened.last_logits);
}

// Overwrites element `index` of tensor `name` in a 16-bit model.safetensors with `bits`.
void poke_16_bit(const std::filesystem::path& file, const std::string& name, std::size_t index, std::uint16_t bits) {
  std::fstream stream(file, std::ios::binary | std::ios::in | std::ios::out);
  std::uint64_t length = 0;
  stream.read(reinterpret_cast<char*>(&length), 8);
  std::string header(length, '\0');
  stream.read(header.data(), static_cast<std::streamsize>(length));
  const std::size_t begin = nlohmann::json::parse(header).at(name).at("data_offsets")[0].get<std::size_t>();
  stream.seekp(static_cast<std::streamoff>(8 + length + begin + 2 * index));
  stream.write(reinterpret_cast<const char*>(&bits), 2);
}

// A 16-bit NaN or Inf is named by tensor and element wherever it sits: in each of the four values
// the scan reads as one 64-bit word, and in a tensor's last values.
TEST(CheckpointVariantsTest, Bfloat16AndFloat16NanAndInfAreNamedByElement) {
  test::TempFolder temp;
  struct Case {
    const char* dtype;
    std::uint16_t bits;
    const char* what;
  };
  const std::string tensor = "model.encoder.layers.0.fc1.weight";
  for (const Case& c : {Case{"BF16", 0x7FC0, "NaN"}, Case{"BF16", 0xFF80, "Inf"}, Case{"F16", 0x7C00, "Inf"},
                        Case{"F16", 0xFE00, "NaN"}}) {
    const auto folder = copy_case("marian-tiny-short", temp.path() / (std::string(c.dtype) + c.what));
    if (std::string(c.dtype) == "BF16")
      rewrite_as_16_bit<Eigen::bfloat16>(folder, c.dtype);
    else
      rewrite_as_16_bit<Eigen::half>(folder, c.dtype);
    const auto count = static_cast<std::size_t>(
        core::SafetensorsFile::open(folder / "model.safetensors").find(tensor)->element_count());
    for (const std::size_t index : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{7}, count - 1}) {
      const std::filesystem::path file = folder / "model.safetensors";
      std::filesystem::copy_file(file, folder / "clean", std::filesystem::copy_options::overwrite_existing);
      poke_16_bit(file, tensor, index, c.bits);
      try {
        core::load_model(folder);
        ADD_FAILURE() << c.dtype << " " << c.what << " at " << index << " was not found";
      } catch (const core::LoadError& error) {
        EXPECT_EQ(std::string(error.what()), "model.safetensors: tensor '" + tensor + "' contains " + c.what +
                                                 " at element " + std::to_string(index));
      }
      std::filesystem::rename(folder / "clean", file);
    }
    EXPECT_NO_THROW(core::load_model(folder));  // the largest finite values are finite
  }
}

// A Llama-family folder loads its tokenizer on a thread of its own while the weights are scanned
// (families/load_model.cpp): each error still reaches the caller, and a broken tokenizer is named
// before a NaN in the weights, as when the tokenizer loaded first.
TEST(CheckpointVariantsTest, TokenizerLoadedBesideTheScanReportsItsErrorFirst) {
  test::TempFolder temp;
  const auto folder = copy_case("llama-tiny-short", temp.path() / "llama");
  rewrite_as_16_bit<Eigen::bfloat16>(folder, "BF16");
  EXPECT_EQ(core::load_model(folder).source_tokenizer().vocab_size(), 700);  // its tokenizer.model
  const std::string tensor = "model.layers.0.mlp.up_proj.weight";
  poke_16_bit(folder / "model.safetensors", tensor, 3, 0x7FC0);
  try {
    core::load_model(folder);
    ADD_FAILURE() << "the NaN was not found";
  } catch (const core::LoadError& error) {
    EXPECT_EQ(std::string(error.what()), "model.safetensors: tensor '" + tensor + "' contains NaN at element 3");
  }
  std::ofstream(folder / "tokenizer.model", std::ios::binary | std::ios::trunc) << "not a SentencePiece model";
  try {
    core::load_model(folder);
    ADD_FAILURE() << "the broken tokenizer was not found";
  } catch (const core::LoadError& error) {
    EXPECT_THAT(error.what(), HasSubstr("tokenizer.model"));
  }
}

class TokenizerJsonOnlyTest : public ::testing::TestWithParam<std::string> {};

// Many published checkpoints ship only tokenizer.json: the same folder with its vocabulary files
// replaced by one must tokenize and attend exactly as HuggingFace did.
TEST_P(TokenizerJsonOnlyTest, FolderWithOnlyTokenizerJsonMatchesTheAnswerKey) {
  test::TempFolder temp;
  const auto folder = copy_case(GetParam(), temp.path() / "model");
  for (const char* file : {"vocab.txt", "vocab.json", "merges.txt"}) std::filesystem::remove(folder / file);
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(ATTNSCOPE_TEST_DATA) /
                                                               "tokenizer-json" / GetParam())) {
    std::filesystem::copy_file(entry.path(), folder / entry.path().filename(),
                               std::filesystem::copy_options::overwrite_existing);
  }
  const core::Model model = core::load_model(folder);
  const nlohmann::json expected = read_json(folder / "expected.json");
  const core::ForwardResult result = run_case_text(model, expected);
  if (expected.contains("source_text")) {
    const auto source = core::tokenize_input(model, core::InputSide::Source, expected["source_text"].get<std::string>());
    EXPECT_EQ(nlohmann::json(source.tokens), expected["source_tokens"]);
    EXPECT_EQ(nlohmann::json(source.ids), expected["source_ids"]);
  }
  if (expected.contains("target_text")) {
    const auto target = core::tokenize_input(model, core::InputSide::Target, expected["target_text"].get<std::string>());
    EXPECT_EQ(nlohmann::json(target.tokens), expected["target_tokens"]);
    EXPECT_EQ(nlohmann::json(target.ids), expected["target_ids"]);
  }
  const nlohmann::json attention = core::trace_to_json(result.trace, model.spec());
  for (const auto& [kind, matrices] : expected["attention"].items()) {
    const std::vector<double> got = numbers_of(attention[kind]);
    const std::vector<double> want = numbers_of(matrices);
    ASSERT_EQ(got.size(), want.size()) << kind;
    for (std::size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << kind << " at " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Families, TokenizerJsonOnlyTest,
                         ::testing::Values("bert-tiny-short", "gpt2-tiny-short", "bart-tiny-short"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(CheckpointVariantsTest, TextPastTheMaximumLengthIsTruncatedKeepingSep) {
  const core::Model model = core::load_model(peer / "bert-tiny-short");
  std::string text;
  for (int i = 0; i < 200; ++i) text += "the dog ";
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, text);
  EXPECT_TRUE(tokens.truncated);
  EXPECT_EQ(tokens.size(), 64u);
  EXPECT_GT(tokens.untruncated_length, 64u);
  EXPECT_EQ(tokens.tokens.front(), "[CLS]");
  EXPECT_EQ(tokens.tokens.back(), "[SEP]");
  const core::ForwardResult result = core::forward(model, tokens.ids, {});
  EXPECT_EQ(result.trace.encoder_self[0].heads[0].rows(), 64);
}

TEST(CheckpointVariantsTest, SingleTokenInputWorks) {
  const core::Model model = core::load_model(peer / "gpt2-tiny-short");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Target, "a");
  ASSERT_EQ(tokens.size(), 1u);
  const core::ForwardResult result = core::forward(model, {}, tokens.ids);
  EXPECT_FLOAT_EQ(result.trace.decoder_self[2].heads[3](0, 0), 1.0f);
}

TEST(CheckpointVariantsTest, UnknownModelTypeListsTheSupportedFamilies) {
  test::TempFolder temp;
  const auto folder = copy_case("bert-tiny-short", temp.path() / "model");
  nlohmann::json config = read_json(folder / "config.json");
  config["model_type"] = "mamba";
  std::ofstream(folder / "config.json") << config.dump();
  try {
    core::load_model(folder);
    FAIL() << "expected a LoadError";
  } catch (const core::LoadError& error) {
    EXPECT_STREQ(error.what(),
                 "config.json: BertForMaskedLM (model_type \"mamba\") is not supported; supported model types: "
                 "attnscope, bart, bert, bloom, distilbert, gemma, gemma2, gpt2, gpt_neox, llama, marian, mistral, "
                 "qwen2, roberta, t5, xlm-roberta");
  }
}

TEST(CheckpointVariantsTest, MissingFamilyTensorIsNamed) {
  test::TempFolder temp;
  const auto folder = copy_case("gpt2-tiny-short", temp.path() / "model");
  {
    const core::SafetensorsFile file = core::SafetensorsFile::open(folder / "model.safetensors");
    std::vector<std::vector<float>> storage;
    std::vector<core::NamedTensor> kept;
    for (const core::TensorInfo& tensor : file.tensors()) {
      if (tensor.name == "transformer.h.1.mlp.c_fc.weight") continue;
      storage.push_back(core::to_float32(tensor.dtype, file.bytes(tensor)));
    }
    std::size_t index = 0;
    for (const core::TensorInfo& tensor : file.tensors()) {
      if (tensor.name == "transformer.h.1.mlp.c_fc.weight") continue;
      kept.push_back({tensor.name, tensor.shape, storage[index++]});
    }
    core::write_safetensors(temp.path() / "rewritten.safetensors", kept);
  }
  std::filesystem::rename(temp.path() / "rewritten.safetensors", folder / "model.safetensors");
  try {
    core::load_model(folder);
    FAIL() << "expected a LoadError";
  } catch (const core::LoadError& error) {
    EXPECT_STREQ(error.what(), "model.safetensors: tensor 'transformer.h.1.mlp.c_fc.weight' is missing");
  }
}

TEST(CheckpointVariantsTest, OldGpt2BuffersAreIgnoredAndListed) {
  test::TempFolder temp;
  const auto folder = copy_case("gpt2-tiny-short", temp.path() / "model");
  const nlohmann::json expected = read_json(folder / "expected.json");
  {
    const core::SafetensorsFile file = core::SafetensorsFile::open(folder / "model.safetensors");
    std::vector<std::vector<float>> storage;
    for (const core::TensorInfo& tensor : file.tensors()) storage.push_back(core::to_float32(tensor.dtype, file.bytes(tensor)));
    std::vector<core::NamedTensor> tensors;
    for (std::size_t i = 0; i < file.tensors().size(); ++i) {
      tensors.push_back({file.tensors()[i].name, file.tensors()[i].shape, storage[i]});
    }
    // Older GPT-2 files store the causal mask as a buffer; it must not change anything.
    static const std::vector<float> mask(64 * 64, 1.0f);
    tensors.push_back({"transformer.h.0.attn.bias", {1, 1, 64, 64}, mask});
    core::write_safetensors(temp.path() / "rewritten.safetensors", tensors);
  }
  std::filesystem::rename(temp.path() / "rewritten.safetensors", folder / "model.safetensors");
  const core::Model model = core::load_model(folder);
  EXPECT_EQ(model.tensors().unused, std::vector<std::string>{"transformer.h.0.attn.bias"});
  const core::ForwardResult result = run_case_text(model, expected);
  const auto want = expected["logits"].get<std::vector<double>>();
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(result.last_logits(static_cast<Eigen::Index>(i)), want[i], 1e-4);
}

TEST(CheckpointVariantsTest, UnparsableTokenizerFileIsNamed) {
  test::TempFolder temp;
  const auto folder = copy_case("bart-tiny-short", temp.path() / "model");
  std::ofstream(folder / "vocab.json", std::ios::trunc) << "{ not json";
  try {
    core::load_model(folder);
    FAIL() << "expected a LoadError";
  } catch (const core::LoadError& error) {
    EXPECT_THAT(error.what(), HasSubstr("vocab.json"));
  }
}

}  // namespace
