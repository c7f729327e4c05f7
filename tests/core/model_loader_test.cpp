// The loading contract of docs/model-format.md: one broken model per message, each asserting it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <limits>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "random_model.h"
#include "io/safetensors.h"
#include "test_support.h"
#include "model/transformer.h"

namespace {

using ::testing::HasSubstr;

std::string load_error(const std::filesystem::path& folder) {
  try {
    core::load_model(folder);
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no error)";
}

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  stream << text;
}

class ModelLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = test::small_config(core::Architecture::EncoderDecoder);
    test::write_random_model(folder(), config_);
  }
  const std::filesystem::path& folder() const { return temp_.path(); }

  void edit_config(const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json json = read_json(folder() / "config.json");
    edit(json);
    write_text(folder() / "config.json", json.dump());
  }
  // Rewrites model.safetensors from the random tensors after an edit.
  void edit_tensors(const std::function<void(std::map<std::string, std::vector<float>>&,
                                             std::map<std::string, std::vector<std::int64_t>>&)>& edit) {
    auto values = test::random_tensors(config_, 7);
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const core::TensorShape& tensor : core::native_tensor_shapes(config_)) shapes[tensor.name] = tensor.shape;
    edit(values, shapes);
    std::vector<core::NamedTensor> named;
    for (const auto& [name, tensor] : values) named.push_back({name, shapes.at(name), tensor});
    core::write_safetensors(folder() / "model.safetensors", named);
  }

  test::TempFolder temp_;
  core::ModelConfig config_;
};

TEST_F(ModelLoaderTest, LoadsTheWrittenModel) {
  const core::Model model = core::load_model(folder());
  EXPECT_EQ(model.spec().d_model, 16);
  EXPECT_EQ(model.spec().heads(), 4);
  EXPECT_EQ(model.spec().encoder_layers(), 2);
  EXPECT_EQ(model.tensors().tensor_count, core::native_tensor_shapes(config_).size());
  EXPECT_EQ(model.tensors().parameter_count, config_.parameter_count());
  EXPECT_TRUE(model.tensors().unused.empty());
}

TEST_F(ModelLoaderTest, MissingFolder) {
  EXPECT_THAT(load_error(folder() / "nowhere"), HasSubstr("no such folder"));
}

TEST_F(ModelLoaderTest, FileInsteadOfFolder) {
  EXPECT_THAT(load_error(folder() / "config.json"), HasSubstr("is not a folder"));
}

TEST_F(ModelLoaderTest, EmptyFolderNamesTheWeightsFile) {
  test::TempFolder empty;
  EXPECT_THAT(load_error(empty.path()), HasSubstr("model.safetensors"));
}

TEST_F(ModelLoaderTest, MissingConfig) {
  std::filesystem::remove(folder() / "config.json");
  EXPECT_THAT(load_error(folder()), HasSubstr("config.json: missing"));
}

TEST_F(ModelLoaderTest, ConfigNotJson) {
  write_text(folder() / "config.json", "{ this is not json");
  EXPECT_EQ(load_error(folder()), "config.json: is not valid JSON");
}

TEST_F(ModelLoaderTest, ConfigNotAnObject) {
  write_text(folder() / "config.json", "[1, 2]");
  EXPECT_EQ(load_error(folder()), "config.json: expected a JSON object at the top level");
}

TEST_F(ModelLoaderTest, UnknownModelTypeListsTheFamilies) {
  edit_config([](nlohmann::json& json) { json["model_type"] = "mamba"; });
  EXPECT_EQ(load_error(folder()),
            "config.json: model_type \"mamba\" is not supported; supported model types: attnscope, bart, bert, bloom, "
            "distilbert, gemma, gemma2, gpt2, gpt_neox, llama, marian, mistral, qwen2, roberta, t5, xlm-roberta");
}

TEST_F(ModelLoaderTest, MissingKey) {
  edit_config([](nlohmann::json& json) { json.erase("d_ff"); });
  EXPECT_EQ(load_error(folder()), "config.json: key 'd_ff' is missing");
}

TEST_F(ModelLoaderTest, ZeroHeads) {
  edit_config([](nlohmann::json& json) { json["heads"] = 0; });
  EXPECT_EQ(load_error(folder()), "config.json: 'heads' must be a positive integer, got 0");
}

TEST_F(ModelLoaderTest, HeadsMustDivideDModel) {
  edit_config([](nlohmann::json& json) { json["heads"] = 3; });
  EXPECT_EQ(load_error(folder()), "config.json: 3 heads do not divide d_model 16");
}

TEST_F(ModelLoaderTest, BillionWideModelIsRejectedBeforeAllocating) {
  edit_config([](nlohmann::json& json) { json["d_model"] = 1000000000; });
  EXPECT_EQ(load_error(folder()), "config.json: 'd_model' is 1000000000; at most 65536 is supported");
}

TEST_F(ModelLoaderTest, SizesOverSixteenGibibytesAreRejected) {
  edit_config([](nlohmann::json& json) {
    json["d_model"] = 65536;
    json["heads"] = 1;
    json["source_vocab_size"] = 1 << 20;
  });
  EXPECT_THAT(load_error(folder()), HasSubstr("MiB of weights; the limit is 16 GiB"));
}

// Found by fuzz_config: the table was computed for every position before any message (3 GB, a minute).
TEST_F(ModelLoaderTest, HugeSinusoidalTableIsRejectedBeforeComputing) {
  edit_config([](nlohmann::json& json) { json["max_positions"] = 16000000; });
  EXPECT_THAT(load_error(folder()), HasSubstr("config.json: 'max_positions' is 16000000: its sinusoidal table at d_model"));
  EXPECT_THAT(load_error(folder()), HasSubstr("at most 64 MiB"));
}

TEST_F(ModelLoaderTest, WrongTypeOfValue) {
  edit_config([](nlohmann::json& json) { json["d_model"] = "sixteen"; });
  EXPECT_EQ(load_error(folder()), "config.json: 'd_model' must be a positive integer, got \"sixteen\"");
}

TEST_F(ModelLoaderTest, UnknownActivation) {
  edit_config([](nlohmann::json& json) { json["activation"] = "tanh"; });
  EXPECT_THAT(load_error(folder()), HasSubstr("'activation' is \"tanh\"; supported: relu"));
}

TEST_F(ModelLoaderTest, VocabularyOutsideTheFolderIsRefused) {
  edit_config([](nlohmann::json& json) { json["tokenizer"]["source_vocab"] = "../../etc/passwd"; });
  EXPECT_THAT(load_error(folder()), HasSubstr("must be a file name inside the model folder"));
}

TEST_F(ModelLoaderTest, MissingTensor) {
  edit_tensors([](auto& values, auto&) { values.erase("encoder.layers.1.fc1.weight"); });
  EXPECT_EQ(load_error(folder()), "model.safetensors: tensor 'encoder.layers.1.fc1.weight' is missing");
}

TEST_F(ModelLoaderTest, MisshapedTensor) {
  edit_tensors([](auto&, auto& shapes) { shapes["decoder.layers.0.fc2.weight"] = {32, 16}; });
  EXPECT_EQ(load_error(folder()),
            "model.safetensors: tensor 'decoder.layers.0.fc2.weight' has wrong shape; expected [16, 32], got [32, 16]");
}

TEST_F(ModelLoaderTest, NaNIsNamedByTensor) {
  edit_tensors([](auto& values, auto&) {
    values["encoder.layers.0.self_attn.k_proj.weight"][5] = std::numeric_limits<float>::quiet_NaN();
  });
  EXPECT_EQ(load_error(folder()),
            "model.safetensors: tensor 'encoder.layers.0.self_attn.k_proj.weight' contains NaN at element 5");
}

TEST_F(ModelLoaderTest, InfIsNamedByTensor) {
  edit_tensors([](auto& values, auto&) { values["lm_head.bias"][0] = std::numeric_limits<float>::infinity(); });
  EXPECT_EQ(load_error(folder()), "model.safetensors: tensor 'lm_head.bias' contains Inf at element 0");
}

TEST_F(ModelLoaderTest, ExtraTensorsAreIgnoredAndListed) {
  edit_tensors([](auto& values, auto& shapes) {
    values["encoder.version"] = {1.0f};
    shapes["encoder.version"] = {1};
  });
  const core::Model model = core::load_model(folder());
  EXPECT_EQ(model.tensors().unused, std::vector<std::string>{"encoder.version"});
}

TEST_F(ModelLoaderTest, MissingVocabularyFileIsNamed) {
  std::filesystem::remove(folder() / "target_vocab.txt");
  EXPECT_THAT(load_error(folder()), HasSubstr("target_vocab.txt"));
}

TEST_F(ModelLoaderTest, SavedAndReloadedModelGivesIdenticalOutputs) {
  const core::Model first = core::load_model(folder());
  test::TempFolder copy;
  test::write_random_model(copy.path(), config_);
  const core::Model second = core::load_model(copy.path());
  const std::vector<int> source = {4, 5, 6, 3};
  const std::vector<int> target = {2, 9, 10};
  const core::ForwardResult a = core::forward(first, source, target);
  const core::ForwardResult b = core::forward(second, source, target);
  expect_matrix_near(a.last_logits, b.last_logits, 0.0);
  expect_matrix_near(a.trace.decoder_cross[1].heads[3], b.trace.decoder_cross[1].heads[3], 0.0);
}

TEST_F(ModelLoaderTest, OutOfVocabularyIdIsAnInputError) {
  const core::Model model = core::load_model(folder());
  const std::vector<int> source = {4, 99};
  const std::vector<int> target = {2};
  try {
    core::forward(model, source, target);
    FAIL() << "expected an InputError";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(), "the source token (id 99) at position 1 is outside the model's token table (0..11)");
  }
}

TEST_F(ModelLoaderTest, EmptyInputIsAnInputError) {
  const core::Model model = core::load_model(folder());
  const std::vector<int> target = {2};
  EXPECT_THROW(core::forward(model, {}, target), core::InputError);
}

}  // namespace
