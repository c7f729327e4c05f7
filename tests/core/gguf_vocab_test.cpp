// GPT-2-style BPE vocabularies in GGUF files (tokenizer.ggml.model "gpt2"): vocabulary-only files
// written by llama.cpp's gguf-py from real tokenizer.json files (tests/fixtures/make_gguf_vocab_fixtures.py)
// must tokenize the 58 shared texts into the tokens of tests/data/tokenizers/<name>/expected.json, for
// each pre-tokenizer: llama-bpe (Llama 3: its regex, digits in threes, pieces in the vocabulary taken
// whole), qwen2 (NFC, single digits) and gpt-2. The files keep only the part of each vocabulary these
// texts use, so their ids are their own: every id must name its token.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/gguf_model.h"
#include "text/tokenizer.h"

namespace {

namespace fs = std::filesystem;
const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);

struct VocabCase {
  std::string gguf;       // in tests/data/gguf
  std::string reference;  // the folder of tests/data/tokenizers it was made from
};

void PrintTo(const VocabCase& c, std::ostream* out) { *out << c.gguf; }

class GgufVocabTest : public ::testing::TestWithParam<VocabCase> {};

TEST_P(GgufVocabTest, TokensEqualTheReferenceForEveryText) {
  const VocabCase& c = GetParam();
  const std::shared_ptr<const core::Tokenizer> tokenizer = core::load_gguf_tokenizer(data / "gguf" / c.gguf);
  std::ifstream stream(data / "tokenizers" / c.reference / "expected.json");
  const nlohmann::json expected = nlohmann::json::parse(stream);
  int checked = 0;
  for (const nlohmann::json& text_case : expected["cases"]) {
    const std::string text = text_case["text"].get<std::string>();
    for (const bool special : {true, false}) {
      const core::Tokenization got = tokenizer->encode(text, special);
      const auto want = text_case[special ? "tokens" : "tokens_no_special"].get<std::vector<std::string>>();
      EXPECT_EQ(got.tokens, want) << c.gguf << ": " << text;
      ASSERT_EQ(got.ids.size(), got.tokens.size());
      for (std::size_t i = 0; i < got.ids.size(); ++i) {
        EXPECT_EQ(tokenizer->token(got.ids[i]), got.tokens[i]) << c.gguf << ": " << text << " token " << i;
      }
    }
    ++checked;
  }
  // Guards against an empty reference making the loop above check nothing.
  EXPECT_EQ(checked, 58);
}

INSTANTIATE_TEST_SUITE_P(Files, GgufVocabTest,
                         ::testing::Values(VocabCase{"vocab-llama-bpe.gguf", "llama3"},
                                           VocabCase{"vocab-qwen2.gguf", "qwen2_5"},
                                           VocabCase{"vocab-gpt-2.gguf", "gpt2"}),
                         [](const auto& info) { return info.param.reference; });

TEST(GgufVocab, LlamaBpeTakesAPieceTheVocabularyHoldsWholeAndGroupsDigitsInThrees) {
  // " Việt" is one Llama 3 token, which its merges alone would not give (tests/data/tokenizers/README.md);
  // Qwen2's pattern would split every digit.
  const auto tokenizer = core::load_gguf_tokenizer(data / "gguf" / "vocab-llama-bpe.gguf");
  EXPECT_EQ(tokenizer->encode("Tiếng Việt có dấu", false).tokens,
            (std::vector<std::string>{"Ti", "áº¿", "ng", "ĠViá»ĩt", "ĠcÃ³", "Ġdáº¥u"}));
  EXPECT_EQ(tokenizer->encode("123456789", false).tokens, (std::vector<std::string>{"123", "456", "789"}));
}

}  // namespace
