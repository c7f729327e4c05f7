// Byte-level BPE: GPT-2's pre-tokenisation pattern and merging by rank, on hand-made vocabularies.
#include "text/tokenizer_bpe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "text/tokenizer_files.h"
#include "text/unicode.h"

namespace {

using Tokens = std::vector<std::string>;

// GPT-2's pattern: 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
std::vector<std::string> pre_tokenize(std::string_view text) {
  std::vector<std::string> pieces;
  for (const std::u32string& piece : core::gpt2_pre_tokenize(core::decode_utf8(text))) {
    pieces.push_back(core::encode_utf8(piece));
  }
  return pieces;
}

TEST(Gpt2PreTokenize, Contractions) {
  EXPECT_EQ(pre_tokenize("don't"), (Tokens{"don", "'t"}));
  EXPECT_EQ(pre_tokenize("I'll we've they're I'm he'd it's"),
            (Tokens{"I", "'ll", " we", "'ve", " they", "'re", " I", "'m", " he", "'d", " it", "'s"}));
  // Lower case only, like the pattern; an apostrophe otherwise is punctuation.
  EXPECT_EQ(pre_tokenize("IT'S 'Quote'"), (Tokens{"IT", "'", "S", " '", "Quote", "'"}));
}

TEST(Gpt2PreTokenize, LettersNumbersAndOtherCharactersSeparate) {
  EXPECT_EQ(pre_tokenize("It costs 2024 dollars!"), (Tokens{"It", " costs", " 2024", " dollars", "!"}));
  EXPECT_EQ(pre_tokenize("x1y"), (Tokens{"x", "1", "y"}));
  EXPECT_EQ(pre_tokenize("hello...world ?!x"), (Tokens{"hello", "...", "world", " ?!", "x"}));
  EXPECT_EQ(pre_tokenize("café ١٢٣ ½"), (Tokens{"café", " ١٢٣", " ½"}));
}

TEST(Gpt2PreTokenize, RunsOfSpacesLeaveOneSpaceToTheNextWord) {
  EXPECT_EQ(pre_tokenize("a  b"), (Tokens{"a", " ", " b"}));
  EXPECT_EQ(pre_tokenize("a    b"), (Tokens{"a", "   ", " b"}));
  EXPECT_EQ(pre_tokenize("end  "), (Tokens{"end", "  "}));
  EXPECT_EQ(pre_tokenize("  "), (Tokens{"  "}));
  EXPECT_EQ(pre_tokenize(" "), (Tokens{" "}));
}

TEST(Gpt2PreTokenize, Newlines) {
  EXPECT_EQ(pre_tokenize("one\ntwo"), (Tokens{"one", "\n", "two"}));
  EXPECT_EQ(pre_tokenize("one\n\ntwo"), (Tokens{"one", "\n", "\n", "two"}));
  EXPECT_EQ(pre_tokenize("one \n two"), (Tokens{"one", " \n", " two"}));
  EXPECT_EQ(pre_tokenize("one\n"), (Tokens{"one", "\n"}));
}

TEST(Gpt2PreTokenize, OnlyAnAsciiSpaceJoinsTheNextWord) {
  EXPECT_EQ(pre_tokenize("a\u00a0b"), (Tokens{"a", "\u00a0", "b"}));
  EXPECT_EQ(pre_tokenize("a\u3000b"), (Tokens{"a", "\u3000", "b"}));
  EXPECT_EQ(pre_tokenize("a\tb"), (Tokens{"a", "\t", "b"}));
}

TEST(Gpt2PreTokenize, EmptyText) {
  EXPECT_TRUE(pre_tokenize("").empty());
}

core::Vocabulary small_vocabulary() {
  return core::Vocabulary({"<unk>", "l", "o", "w", "e", "r", "lo", "low", "er", "\u0120", "\u0120l", "ll", "\u0120lo"});
}

core::BpeOptions with_unk() {
  core::BpeOptions options;
  options.unk_id = 0;
  return options;
}

TEST(BpeMerges, LowestRankFirst) {
  const core::BpeTokenizer tokenizer(small_vocabulary(), {{"l", "o"}, {"lo", "w"}, {"e", "r"}, {"\u0120", "l"}}, {},
                                     with_unk());
  EXPECT_EQ(tokenizer.encode("lower").tokens, (Tokens{"low", "er"}));
  // "l o" outranks "Ġ l", so "Ġ" never meets "l".
  EXPECT_EQ(tokenizer.encode(" lower").tokens, (Tokens{"\u0120", "low", "er"}));

  const core::BpeTokenizer space_first(small_vocabulary(), {{"\u0120", "l"}, {"l", "o"}, {"lo", "w"}, {"e", "r"}}, {},
                                       with_unk());
  EXPECT_EQ(space_first.encode(" lower").tokens, (Tokens{"\u0120l", "o", "w", "er"}));
}

TEST(BpeMerges, EqualRanksMergeLeftmostFirst) {
  const core::BpeTokenizer tokenizer(small_vocabulary(), {{"l", "l"}}, {}, with_unk());
  EXPECT_EQ(tokenizer.encode("lll").tokens, (Tokens{"ll", "l"}));
  EXPECT_EQ(tokenizer.encode("llll").tokens, (Tokens{"ll", "ll"}));
}

TEST(BpeMerges, SymbolMissingFromTheVocabularyIsUnknown) {
  const core::BpeTokenizer tokenizer(small_vocabulary(), {{"l", "o"}}, {}, with_unk());
  const core::Tokenization t = tokenizer.encode("loz");
  EXPECT_EQ(t.tokens, (Tokens{"lo", "<unk>"}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{false, true}));
}

TEST(BpeMerges, MergeOutsideTheVocabularyFallsBackToBytesWithoutUnk) {
  const std::filesystem::path gpt2 = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer" / "gpt2-tiny-short";
  core::Vocabulary vocabulary = core::read_vocab_json(gpt2 / "vocab.json");
  ASSERT_FALSE(vocabulary.find("qz"));
  const core::BpeTokenizer tokenizer(std::move(vocabulary), {{"q", "z"}}, {}, core::BpeOptions{});
  const core::Tokenization t = tokenizer.encode("qz");
  EXPECT_EQ(t.tokens, (Tokens{"q", "z"}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{false, false}));
}

TEST(BpeMerges, LongWordIsFast) {
  // One pre-token of 100,000 letters: merging must not rescan the word after every merge.
  const core::BpeTokenizer tokenizer(small_vocabulary(), {{"l", "o"}, {"lo", "w"}, {"l", "l"}}, {}, with_unk());
  std::string text;
  for (int i = 0; i < 25000; ++i) text += "lowl";
  const core::Tokenization t = tokenizer.encode(text);
  ASSERT_EQ(t.size(), 50000u);
  EXPECT_EQ(t.tokens[0], "low");
  EXPECT_EQ(t.tokens[1], "l");
}

TEST(BpeMerges, ByteSymbolsAreRequiredWithoutUnk) {
  try {
    core::BpeTokenizer(small_vocabulary(), {}, {}, core::BpeOptions{});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "has no entry for byte 0 ('\u0100') and no unknown token to stand in for it");
  }
}

}  // namespace
