// The loader entry points: add_special_tokens on and off for every kind of tokenizer, the
// tokenizer_config.json options (legacy, add_bos_token / add_eos_token), the fallback to
// tokenizer.json, decoding, and the message for each missing or broken file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tensor/errors.h"
#include "text/tokenizer.h"
#include "text/tokenizer_loader.h"

namespace {

using Ids = std::vector<int>;
using Loader = std::function<std::shared_ptr<const core::Tokenizer>(const std::filesystem::path&)>;

const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);

struct Framed {
  const char* name;
  Loader load;
  std::filesystem::path folder;
  std::size_t leading;   // special tokens put before the text
  std::size_t trailing;  // and after it
};

std::vector<Framed> framed_tokenizers() {
  const auto marian_source = [](const std::filesystem::path& folder) { return core::load_marian_tokenizers(folder).source; };
  const auto native = [](const std::filesystem::path& folder) {
    return core::load_native_tokenizer(folder / "word_vocab.txt", core::NativeTokenizerKind::Word, true,
                                       core::TokenizerRole::Source);
  };
  return {{"bert", core::load_bert_tokenizer, data_dir / "peer/bert-tiny-short", 1, 1},
          {"gpt2", core::load_gpt2_tokenizer, data_dir / "peer/gpt2-tiny-short", 0, 0},
          {"bart", core::load_bart_tokenizer, data_dir / "peer/bart-tiny-short", 1, 1},
          {"marian", marian_source, data_dir / "peer/marian-tiny-short", 0, 1},
          {"native", native, data_dir / "tokenizer-native", 0, 1},
          {"llama", core::load_llama_tokenizer, data_dir / "hf-cases/llama-tiny-gqa", 1, 0},
          {"gemma", core::load_gemma_tokenizer, data_dir / "hf-cases/gemma-tiny-mqa", 1, 0},
          {"t5", core::load_t5_tokenizer, data_dir / "peer/t5-tiny-short", 0, 1},
          {"xlm_roberta", core::load_xlm_roberta_tokenizer, data_dir / "hf-cases/xlm-roberta-tiny-mlm", 1, 1},
          {"roberta", core::load_roberta_tokenizer, data_dir / "peer/roberta-tiny-short", 1, 1},
          {"qwen2", core::load_qwen2_tokenizer, data_dir / "peer/qwen2-tiny-short", 0, 0},
          {"mistral_json", core::load_tokenizer_json, data_dir / "tokenizers/mistral", 1, 0}};
}

class AddSpecialTokens : public testing::TestWithParam<Framed> {};

TEST_P(AddSpecialTokens, OffLeavesTheTextsOwnTokens) {
  const Framed& framed = GetParam();
  const auto tokenizer = framed.load(framed.folder);
  EXPECT_EQ(tokenizer->trailing_special_tokens(), static_cast<int>(framed.trailing));
  for (const char* text : {"The quick brown fox.", "", "Café naïve — 東京 🙂 Über"}) {
    const core::Tokenization with = tokenizer->encode(text);
    const core::Tokenization without = tokenizer->encode(text, false);
    ASSERT_EQ(with.size(), without.size() + framed.leading + framed.trailing) << text;
    EXPECT_EQ(Ids(with.ids.begin() + static_cast<std::ptrdiff_t>(framed.leading),
                  with.ids.end() - static_cast<std::ptrdiff_t>(framed.trailing)),
              without.ids)
        << text;
    EXPECT_EQ(without.tokens.size(), without.ids.size());
    EXPECT_EQ(without.unknown.size(), without.ids.size());
    EXPECT_EQ(without.untruncated_length, without.size());
  }
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, AddSpecialTokens, testing::ValuesIn(framed_tokenizers()),
                         [](const testing::TestParamInfo<Framed>& info) { return std::string(info.param.name); });

// A copy of a model folder's tokenizer files with tokenizer_config.json edited.
class EditedFolder : public testing::Test {
 protected:
  void SetUp() override {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    folder_ = std::filesystem::temp_directory_path() / ("attnscope-text-" + std::string(info->name()));
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  void copy_from(const std::filesystem::path& source, const nlohmann::json& config_changes) const {
    for (const auto& entry : std::filesystem::directory_iterator(source)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("tokenizer") || name.ends_with(".model") || name == "added_tokens.json") {
        std::filesystem::copy_file(entry.path(), folder_ / name);
      }
    }
    std::ifstream in(source / "tokenizer_config.json");
    nlohmann::json config = nlohmann::json::parse(in);
    config.update(config_changes);
    std::ofstream(folder_ / "tokenizer_config.json", std::ios::trunc) << config.dump();
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(folder_ / name) << text; }

  std::filesystem::path folder_;
};

// The expected ids are what transformers v4.43.4's slow LlamaTokenizer and T5Tokenizer returned
// for these folders with the config edited the same way.
TEST_F(EditedFolder, LlamaLegacyFalse) {
  copy_from(data_dir / "hf-cases/llama-tiny-gqa", {{"legacy", false}});
  const auto tokenizer = core::load_llama_tokenizer(folder_);
  EXPECT_EQ(tokenizer->encode("<s> starts here </s>").ids, (Ids{1, 1, 397, 494, 590, 392, 272, 584, 2}));
  EXPECT_EQ(tokenizer->encode("\u2581\u2581 hi").ids, (Ids{1, 584, 584, 584, 302, 592}));
  EXPECT_EQ(tokenizer->encode("Hello world").ids, (Ids{1, 368, 374, 588, 280, 289, 595, 594}));
  // The legacy tokenizer keeps a "▁" of its own after <s>.
  EXPECT_EQ(core::load_llama_tokenizer(data_dir / "hf-cases/llama-tiny-gqa")->encode("<s> starts here </s>").ids,
            (Ids{1, 1, 584, 397, 494, 590, 392, 272, 584, 2}));
}

TEST_F(EditedFolder, T5LegacyFalse) {
  copy_from(data_dir / "hf-cases/t5-tiny-v10", {{"legacy", false}});
  const auto tokenizer = core::load_t5_tokenizer(folder_);
  EXPECT_EQ(tokenizer->encode("A <extra_id_0> in the middle <extra_id_12>.").ids,
            (Ids{75, 389, 17, 7, 3, 23, 83, 9, 9, 69, 377, 6, 1}));
  EXPECT_EQ(tokenizer->encode("\u2581\u2581 hi").ids, (Ids{200, 83, 1}));
}

TEST_F(EditedFolder, LlamaEosWithoutBos) {
  copy_from(data_dir / "hf-cases/llama-tiny-gqa", {{"add_bos_token", false}, {"add_eos_token", true}});
  const auto tokenizer = core::load_llama_tokenizer(folder_);
  EXPECT_EQ(tokenizer->encode("Hello world").ids, (Ids{368, 374, 588, 280, 289, 595, 594, 2}));
  EXPECT_EQ(tokenizer->trailing_special_tokens(), 1);
}

TEST_F(EditedFolder, TokenizerJsonFollowsLlamaConfig) {
  copy_from(data_dir / "tokenizers/mistral", {{"add_bos_token", false}, {"add_eos_token", true}});
  EXPECT_EQ(core::load_tokenizer_json(folder_)->encode("Hello world").ids, (Ids{22557, 1526, 2}));
}

TEST_F(EditedFolder, NotASentencePieceModel) {
  write("tokenizer.model", "not a model");
  EXPECT_THROW(
      {
        try {
          core::load_llama_tokenizer(folder_);
        } catch (const core::LoadError& error) {
          EXPECT_STREQ(error.what(), "tokenizer.model: not a SentencePiece model");
          throw;
        }
      },
      core::LoadError);
}

// A number past a double is nlohmann's out_of_range, not a parse_error: it escaped the vocab.json
// reader as a json exception instead of the LoadError every other broken file gives.
TEST_F(EditedFolder, VocabJsonNumberPastADouble) {
  write("vocab.json", R"({"a": 0, "b": 1e400})");
  write("merges.txt", "#version: 0.2\n");
  try {
    core::load_gpt2_tokenizer(folder_);
    ADD_FAILURE() << "loaded";
  } catch (const core::LoadError& error) {
    EXPECT_STREQ(error.what(), "vocab.json: not valid JSON: number overflow parsing '1e400'");
  }
}

void expect_load_error(const std::function<void()>& load, const std::string& message) {
  try {
    load();
    ADD_FAILURE() << "no error; expected: " << message;
  } catch (const core::LoadError& error) {
    EXPECT_EQ(error.what(), message);
  }
}

TEST(TokenizerLoaders, MissingFilesAreNamed) {
  const std::filesystem::path empty = data_dir / "tokenizer-broken" / "no-vocab-files";
  expect_load_error([&] { core::load_llama_tokenizer(empty); }, "tokenizer.model: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_gemma_tokenizer(empty); }, "tokenizer.model: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_t5_tokenizer(empty); }, "spiece.model: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_xlm_roberta_tokenizer(empty); },
                    "sentencepiece.bpe.model: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_qwen2_tokenizer(empty); }, "vocab.json: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_roberta_tokenizer(empty); }, "vocab.json: missing, and there is no tokenizer.json instead");
  expect_load_error([&] { core::load_tokenizer_json(empty); }, "tokenizer.json: missing or cannot be read");
}

// Without the slow files each loader reads tokenizer.json, and gives the reference ids.
TEST(TokenizerLoaders, FallBackToTokenizerJson) {
  for (const auto& [name, load] : std::vector<std::pair<std::string, Loader>>{
           {"mistral", core::load_llama_tokenizer}, {"gemma", core::load_gemma_tokenizer}, {"qwen2_5", core::load_qwen2_tokenizer}}) {
    const std::filesystem::path folder = data_dir / "tokenizers" / name;
    std::ifstream stream(folder / "expected.json");
    const nlohmann::json cases = nlohmann::json::parse(stream).at("cases");
    const auto tokenizer = load(folder);
    for (const nlohmann::json& c : cases) {
      EXPECT_EQ(tokenizer->encode(c.at("text").get<std::string>()).ids, c.at("ids").get<Ids>()) << name;
    }
  }
}

TEST(TokenizerLoaders, DecodeReadsBackTheText) {
  const std::string text = "Café naïve — 東京 🙂 Über";
  const auto llama = core::load_llama_tokenizer(data_dir / "hf-cases/llama-tiny-gqa");
  EXPECT_EQ(llama->decode(llama->encode(text).ids), text);  // byte pieces back to characters
  const auto gemma = core::load_gemma_tokenizer(data_dir / "hf-cases/gemma-tiny-mqa");
  EXPECT_EQ(gemma->decode(gemma->encode(text).ids), text);
  const auto qwen2 = core::load_qwen2_tokenizer(data_dir / "peer/qwen2-tiny-short");
  EXPECT_EQ(qwen2->decode(qwen2->encode(text).ids), text);
  const auto t5 = core::load_t5_tokenizer(data_dir / "peer/t5-tiny-short");
  EXPECT_EQ(t5->decode(t5->encode("the quick brown fox").ids), "the quick brown fox");
  const auto xlmr = core::load_xlm_roberta_tokenizer(data_dir / "hf-cases/xlm-roberta-tiny-mlm");
  EXPECT_EQ(xlmr->decode(xlmr->encode("the quick brown fox").ids), "the quick brown fox");
}

TEST(TokenizerLoaders, InvalidUtf8NeverThrows) {
  for (const auto& [load, folder] : std::vector<std::pair<Loader, std::filesystem::path>>{
           {core::load_llama_tokenizer, data_dir / "hf-cases/llama-tiny-gqa"},
           {core::load_t5_tokenizer, data_dir / "peer/t5-tiny-short"},
           {core::load_xlm_roberta_tokenizer, data_dir / "hf-cases/xlm-roberta-tiny-mlm"},
           {core::load_qwen2_tokenizer, data_dir / "peer/qwen2-tiny-short"}}) {
    const auto tokenizer = load(folder);
    for (const std::string& text : {std::string("\xff\xfe\xc3"), std::string("a\0b", 3), std::string("\xed\xa0\x80")}) {
      const core::Tokenization t = tokenizer->encode(text);
      EXPECT_EQ(t.tokens.size(), t.ids.size());
      EXPECT_NO_THROW(tokenizer->decode(t.ids));
    }
  }
}

}  // namespace
