// AttentionScope's own word- and character-level tokenizers (docs/model-format.md), their loader,
// and truncate().
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tensor/errors.h"
#include "text/tokenizer_loader.h"
#include "text/tokenizer_vocab.h"

namespace {

using core::NativeTokenizer;
using core::NativeTokenizerKind;
using core::TokenizerRole;
using Tokens = std::vector<std::string>;

const std::filesystem::path native_data = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "tokenizer-native";

core::Vocabulary word_vocabulary() {
  return core::Vocabulary({"<pad>", "<unk>", "<s>",   "</s>", "the", "cat", "sat", "on", "mat",  ".",    ",",
                           "!",     "hello", "world", "天",   "涯",  "若",  "比",  "鄰", "שלום", "עולם", "👍"});
}

core::Vocabulary char_vocabulary() {
  return core::Vocabulary({"<pad>", "<unk>", "<s>", "</s>", "a", "c", "t", "h", "e", "天", "涯", "!"});
}

NativeTokenizer word_tokenizer(TokenizerRole role = TokenizerRole::Source, bool lowercase = false) {
  return NativeTokenizer(word_vocabulary(), NativeTokenizerKind::Word, lowercase, role);
}

NativeTokenizer char_tokenizer(TokenizerRole role = TokenizerRole::Source) {
  return NativeTokenizer(char_vocabulary(), NativeTokenizerKind::Char, false, role);
}

// Every tokenization keeps its three lists the same length.
void expect_consistent(const core::Tokenization& tokenization) {
  EXPECT_EQ(tokenization.tokens.size(), tokenization.ids.size());
  EXPECT_EQ(tokenization.unknown.size(), tokenization.ids.size());
}

TEST(NativeWordTokenizer, SplitsAtWhiteSpaceAndPunctuation) {
  const core::Tokenization t = word_tokenizer().encode("the cat sat,on  the\tmat!");
  expect_consistent(t);
  EXPECT_EQ(t.tokens, (Tokens{"the", "cat", "sat", ",", "on", "the", "mat", "!", "</s>"}));
  EXPECT_EQ(t.ids, (std::vector<int>{4, 5, 6, 10, 7, 4, 8, 11, 3}));
  EXPECT_EQ(t.untruncated_length, 9u);
  EXPECT_FALSE(t.truncated);
}

TEST(NativeWordTokenizer, EachCjkCharacterIsOneToken) {
  const core::Tokenization t = word_tokenizer().encode("天涯若比鄰");
  EXPECT_EQ(t.tokens, (Tokens{"天", "涯", "若", "比", "鄰", "</s>"}));
  EXPECT_EQ(t.ids, (std::vector<int>{14, 15, 16, 17, 18, 3}));
  EXPECT_EQ(word_tokenizer().encode("hello天涯world").tokens, (Tokens{"hello", "天", "涯", "world", "</s>"}));
}

TEST(NativeWordTokenizer, UnknownWordsBecomeUnk) {
  const core::Tokenization t = word_tokenizer().encode("the dog sat");
  EXPECT_EQ(t.tokens, (Tokens{"the", "<unk>", "sat", "</s>"}));
  EXPECT_EQ(t.ids[1], 1);
  EXPECT_EQ(t.unknown, (std::vector<bool>{false, true, false, false}));
}

TEST(NativeWordTokenizer, LowercaseOption) {
  EXPECT_EQ(word_tokenizer().encode("The CAT").tokens, (Tokens{"<unk>", "<unk>", "</s>"}));
  EXPECT_EQ(word_tokenizer(TokenizerRole::Source, true).encode("The CAT").tokens, (Tokens{"the", "cat", "</s>"}));
}

TEST(NativeWordTokenizer, RolesFrameTheText) {
  const NativeTokenizer source = word_tokenizer(TokenizerRole::Source);
  const NativeTokenizer target = word_tokenizer(TokenizerRole::Target);
  EXPECT_EQ(source.encode("hello world").tokens, (Tokens{"hello", "world", "</s>"}));
  EXPECT_EQ(target.encode("hello world").tokens, (Tokens{"<s>", "hello", "world"}));
  EXPECT_EQ(source.trailing_special_tokens(), 1);
  EXPECT_EQ(target.trailing_special_tokens(), 0);
}

TEST(NativeWordTokenizer, EmptyTextIsOnlyTheSpecialToken) {
  EXPECT_EQ(word_tokenizer(TokenizerRole::Source).encode("").tokens, (Tokens{"</s>"}));
  EXPECT_EQ(word_tokenizer(TokenizerRole::Target).encode(" \n\t ").tokens, (Tokens{"<s>"}));
}

TEST(NativeWordTokenizer, InvalidUtf8BecomesUnknownNotACrash) {
  const core::Tokenization t = word_tokenizer().encode("the \xff\xfe cat ca\xe6t");
  expect_consistent(t);
  EXPECT_EQ(t.tokens, (Tokens{"the", "<unk>", "cat", "<unk>", "</s>"}));
}

TEST(NativeWordTokenizer, EmojiWithZeroWidthJoinerStaysOneWord) {
  // 👨‍👩‍👧: three emoji glued by U+200D; neither white space nor punctuation, so one word.
  const core::Tokenization t = word_tokenizer().encode("\U0001F468\u200D\U0001F469\u200D\U0001F467 👍");
  EXPECT_EQ(t.tokens, (Tokens{"<unk>", "👍", "</s>"}));
  EXPECT_EQ(t.unknown, (std::vector<bool>{true, false, false}));
}

TEST(NativeWordTokenizer, RightToLeftTextKeepsLogicalOrder) {
  EXPECT_EQ(word_tokenizer().encode("שלום עולם!").tokens, (Tokens{"שלום", "עולם", "!", "</s>"}));
}

TEST(NativeWordTokenizer, ControlCharactersAreNotWhiteSpace) {
  // The format splits at white space only: a stray control character stays inside its word.
  EXPECT_EQ(word_tokenizer()
                .encode("the\x01"
                        "cat\ron")
                .tokens,
            (Tokens{"<unk>", "on", "</s>"}));
}

TEST(NativeWordTokenizer, HundredThousandCharacters) {
  std::string text;
  for (int i = 0; i < 25000; ++i) text += "the ";
  const auto start = std::chrono::steady_clock::now();
  const core::Tokenization t = word_tokenizer().encode(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_EQ(t.size(), 25001u);
  EXPECT_EQ(t.tokens.front(), "the");
  EXPECT_EQ(t.tokens.back(), "</s>");
}

TEST(NativeWordTokenizer, DecodeJoinsWordsButNotCjkCharacters) {
  const NativeTokenizer tokenizer = word_tokenizer(TokenizerRole::Target);
  EXPECT_EQ(tokenizer.decode(tokenizer.encode("hello 天涯若比鄰 world").ids), "hello 天涯若比鄰 world");
  EXPECT_EQ(tokenizer.decode(std::vector<int>{2, 4, 5, 3, 0, 0}), "the cat");  // <s>, </s>, <pad> left out
  EXPECT_EQ(tokenizer.decode(std::vector<int>{4, 1, 999}), "the <unk> <id 999>");
}

TEST(NativeWordTokenizer, TokenAndVocabSize) {
  const NativeTokenizer tokenizer = word_tokenizer();
  EXPECT_EQ(tokenizer.vocab_size(), 22);
  EXPECT_EQ(tokenizer.token(14), "天");
  EXPECT_EQ(tokenizer.token(22), "<id 22>");
  EXPECT_EQ(tokenizer.token(-1), "<id -1>");
}

TEST(NativeWordTokenizer, RequiresTheFourSpecialTokens) {
  try {
    NativeTokenizer(core::Vocabulary({"<pad>", "<unk>", "<s>"}), NativeTokenizerKind::Word, false,
                    TokenizerRole::Source);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "has no '</s>' line");
  }
}

TEST(NativeCharTokenizer, EveryCodePointExceptWhiteSpace) {
  const core::Tokenization t = char_tokenizer().encode("a cat!");
  EXPECT_EQ(t.tokens, (Tokens{"a", "c", "a", "t", "!", "</s>"}));
  EXPECT_EQ(char_tokenizer().encode("天涯若").tokens, (Tokens{"天", "涯", "<unk>", "</s>"}));
}

TEST(NativeCharTokenizer, EmojiSequenceSplitsIntoCodePoints) {
  const core::Tokenization t = char_tokenizer().encode("\U0001F468\u200D\U0001F469");
  EXPECT_EQ(t.size(), 4u);  // 👨, U+200D, 👩, </s>
  EXPECT_EQ(t.unknown, (std::vector<bool>{true, true, true, false}));
}

TEST(NativeCharTokenizer, TargetRoleAndInvalidBytes) {
  const core::Tokenization t = char_tokenizer(TokenizerRole::Target)
                                   .encode(
                                       "a\xc3"
                                       "c");
  EXPECT_EQ(t.tokens, (Tokens{"<s>", "a", "<unk>", "c"}));
}

TEST(NativeCharTokenizer, HundredThousandCharacters) {
  const core::Tokenization t = char_tokenizer().encode(std::string(100000, 'a'));
  EXPECT_EQ(t.size(), 100001u);
}

TEST(NativeCharTokenizer, DecodeJoinsWithoutSpaces) {
  const NativeTokenizer tokenizer = char_tokenizer();
  EXPECT_EQ(tokenizer.decode(tokenizer.encode("a cat").ids), "acat");
}

TEST(Truncate, KeepsTheTrailingSpecialToken) {
  core::Tokenization t = word_tokenizer().encode("the cat sat on the mat .");
  ASSERT_EQ(t.size(), 8u);
  core::truncate(t, 4, 1);
  EXPECT_EQ(t.tokens, (Tokens{"the", "cat", "sat", "</s>"}));
  EXPECT_EQ(t.ids, (std::vector<int>{4, 5, 6, 3}));
  EXPECT_EQ(t.unknown.size(), 4u);
  EXPECT_TRUE(t.truncated);
  EXPECT_EQ(t.untruncated_length, 8u);
}

TEST(Truncate, WithoutTrailingSpecialKeepsTheStart) {
  core::Tokenization t = word_tokenizer(TokenizerRole::Target).encode("the cat sat on the mat");
  core::truncate(t, 3, 0);
  EXPECT_EQ(t.tokens, (Tokens{"<s>", "the", "cat"}));
  EXPECT_TRUE(t.truncated);
}

TEST(Truncate, ShortEnoughIsUntouched) {
  core::Tokenization t = word_tokenizer().encode("the cat");
  core::truncate(t, 3, 1);
  EXPECT_EQ(t.tokens, (Tokens{"the", "cat", "</s>"}));
  EXPECT_FALSE(t.truncated);
  EXPECT_EQ(t.untruncated_length, 3u);
}

TEST(Truncate, TwiceRemembersTheOriginalLength) {
  core::Tokenization t = word_tokenizer().encode("the cat sat on the mat");
  core::truncate(t, 5, 1);
  core::truncate(t, 2, 1);
  EXPECT_EQ(t.tokens, (Tokens{"the", "</s>"}));
  EXPECT_EQ(t.untruncated_length, 7u);
}

TEST(Truncate, LimitSmallerThanTheSpecialTokens) {
  core::Tokenization t = word_tokenizer().encode("the cat");
  core::truncate(t, 1, 1);
  EXPECT_EQ(t.tokens, (Tokens{"</s>"}));
  core::truncate(t, 0, 1);
  EXPECT_TRUE(t.tokens.empty());
}

TEST(NativeLoader, LoadsWordAndCharVocabularies) {
  const auto word = core::load_native_tokenizer(native_data / "word_vocab.txt", NativeTokenizerKind::Word, true,
                                                TokenizerRole::Source);
  EXPECT_EQ(word->encode("Hello, World! 天涯").tokens, (Tokens{"hello", ",", "world", "!", "天", "涯", "</s>"}));
  EXPECT_EQ(word->vocab_size(), 23);
  const auto chars = core::load_native_tokenizer(native_data / "char_vocab.txt", NativeTokenizerKind::Char, false,
                                                 TokenizerRole::Target);
  EXPECT_EQ(chars->encode("the cat").tokens, (Tokens{"<s>", "t", "h", "e", "c", "a", "t"}));
  EXPECT_EQ(chars->trailing_special_tokens(), 0);
}

TEST(NativeLoader, AcceptsWindowsLineEnds) {
  const auto tokenizer = core::load_native_tokenizer(native_data / "crlf_vocab.txt", NativeTokenizerKind::Word, false,
                                                     TokenizerRole::Source);
  EXPECT_EQ(tokenizer->encode("cat").ids, (std::vector<int>{4, 3}));
}

void expect_load_error(const std::filesystem::path& file, const std::string& message) {
  try {
    core::load_native_tokenizer(file, NativeTokenizerKind::Word, false, TokenizerRole::Source);
    ADD_FAILURE() << "no error for " << file;
  } catch (const core::LoadError& error) {
    EXPECT_EQ(error.what(), message);
  }
}

TEST(NativeLoader, Errors) {
  expect_load_error(native_data / "absent_vocab.txt", "absent_vocab.txt: missing");
  expect_load_error(native_data / "no_unk_vocab.txt", "no_unk_vocab.txt: has no '<unk>' line");
  expect_load_error(native_data / "empty_line_vocab.txt", "empty_line_vocab.txt: line 3 is empty");
  expect_load_error(native_data / "duplicate_vocab.txt", "duplicate_vocab.txt: line 6 repeats 'cat' from line 5");
  expect_load_error(native_data, "tokenizer-native: not a regular file");
}

}  // namespace
