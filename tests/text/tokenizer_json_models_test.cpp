// tokenizer.json's WordPiece and Unigram models, checked against the slow tokenizers they were made
// from: tests/data/tokenizer-json/bert-tiny-short (BERT's vocab.txt as WordPiece) against
// BertTokenizer's rules, and tests/text/data/t5-unigram (made by tests/text/make_fixtures.py from
// T5's spiece.model) against SentencePiece itself, over the shared nasty texts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "text/tokenizer_loader.h"

namespace {

using Ids = std::vector<int>;
using Tokens = std::vector<std::string>;

const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);
const std::filesystem::path own_data_dir = std::filesystem::path(ATTNSCOPE_TEST_DATA).parent_path() / "text" / "data";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

std::vector<std::string> texts() {
  std::vector<std::string> all = read_json(data_dir / "tokenizers" / "texts.json").get<std::vector<std::string>>();
  for (const char* extra : {"The quick brown fox jumps over the lazy dog.", "translate English to French: Hello",
                            "A <extra_id_0> in the middle <extra_id_12>.", "\xff\xfe invalid \xc3 bytes"}) {
    all.push_back(extra);
  }
  return all;
}

// eos_once: the slow T5Tokenizer adds no second </s> to a text that ends with one, where the
// tokenizer.json's template always adds it; that one known difference is taken out.
void expect_same_ids(const core::Tokenizer& got, const core::Tokenizer& want, bool add_special_tokens,
                     std::optional<int> eos_once = std::nullopt) {
  int same = 0;
  const std::vector<std::string> all = texts();
  for (const std::string& text : all) {
    core::Tokenization a = got.encode(text, add_special_tokens);
    const core::Tokenization b = want.encode(text, add_special_tokens);
    if (eos_once && a.size() >= 2 && a.ids.back() == *eos_once && a.ids[a.size() - 2] == *eos_once) {
      a.ids.pop_back();
      a.tokens.pop_back();
    }
    EXPECT_EQ(a.ids, b.ids) << text;
    EXPECT_EQ(a.tokens, b.tokens) << text;
    same += a.ids == b.ids;
  }
  std::cout << same << "/" << all.size() << " texts identical\n";
}

TEST(UnigramTokenizerJson, TokenizesLikeSentencePiece) {
  const auto from_json = core::load_tokenizer_json(own_data_dir / "t5-unigram");
  const auto from_spm = core::load_t5_tokenizer(data_dir / "peer" / "t5-tiny-short");
  EXPECT_EQ(from_json->vocab_size(), from_spm->vocab_size());
  expect_same_ids(*from_json, *from_spm, true, 1);
  expect_same_ids(*from_json, *from_spm, false);
}

TEST(UnigramTokenizerJson, MatchesTransformersOnThePeerCase) {
  const auto tokenizer = core::load_tokenizer_json(own_data_dir / "t5-unigram");
  const nlohmann::json expected = read_json(data_dir / "peer" / "t5-tiny-short" / "expected.json");
  for (const char* side : {"source", "target"}) {
    const core::Tokenization t = tokenizer->encode(expected.at(std::string(side) + "_text").get<std::string>());
    EXPECT_EQ(t.ids, expected.at(std::string(side) + "_ids").get<Ids>()) << side;
    EXPECT_EQ(t.tokens, expected.at(std::string(side) + "_tokens").get<Tokens>()) << side;
  }
}

TEST(WordPieceTokenizerJson, TokenizesLikeBertTokenizer) {
  const auto from_json = core::load_tokenizer_json(data_dir / "tokenizer-json" / "bert-tiny-short");
  const auto from_vocab = core::load_bert_tokenizer(data_dir / "peer" / "bert-tiny-short");
  expect_same_ids(*from_json, *from_vocab, true);
  expect_same_ids(*from_json, *from_vocab, false);
  const nlohmann::json expected = read_json(data_dir / "peer" / "bert-tiny-short" / "expected.json");
  EXPECT_EQ(from_json->encode(expected.at("source_text").get<std::string>()).ids, expected.at("source_ids").get<Ids>());
}

// The tokenizer.json files that ship beside GPT2Tokenizer files (GPT-NeoX, BLOOM, and the small
// ones under tests/data/tokenizer-json) give what the slow tokenizer gave.
TEST(BpeTokenizerJson, TokenizesLikeGpt2Tokenizer) {
  for (const std::filesystem::path& folder :
       {data_dir / "hf-cases" / "gpt-neox-tiny-parallel", data_dir / "hf-cases" / "gpt-neox-tiny-sequential",
        data_dir / "hf-cases" / "bloom-tiny-alibi6"}) {
    SCOPED_TRACE(folder.filename().string());
    expect_same_ids(*core::load_tokenizer_json(folder), *core::load_gpt2_tokenizer(folder), true);
  }
  expect_same_ids(*core::load_tokenizer_json(data_dir / "tokenizer-json" / "gpt2-tiny-short"),
                  *core::load_gpt2_tokenizer(data_dir / "peer" / "gpt2-tiny-short"), true);
  // BART's tokenizer.json frames nothing itself (its post-processor is ByteLevel): without special
  // tokens it must equal BartTokenizer's.
  expect_same_ids(*core::load_tokenizer_json(data_dir / "tokenizer-json" / "bart-tiny-short"),
                  *core::load_bart_tokenizer(data_dir / "peer" / "bart-tiny-short"), false);
}

}  // namespace
