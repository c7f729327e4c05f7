// The Unicode helpers under the tokenizers: decoding never fails, and the character classes are
// BERT's and GPT-2's.
#include "text/unicode.h"

#include <gtest/gtest.h>

namespace {

using core::decode_utf8;
using core::encode_utf8;

TEST(Utf8, DecodesAndEncodesEveryPlane) {
  const std::string text = "a\u00e9\u6f22\U0001F44D";  // 1-, 2-, 3- and 4-byte sequences
  EXPECT_EQ(decode_utf8(text), std::u32string(U"a\u00e9\u6f22\U0001F44D"));
  EXPECT_EQ(encode_utf8(decode_utf8(text)), text);
}

TEST(Utf8, KeepsNulCharacters) {
  EXPECT_EQ(decode_utf8(std::string_view("a\0b", 3)), std::u32string(U"a\0b", 3));
}

// Python's bytes.decode("utf-8", errors="replace") gives these: one U+FFFD per maximal ill-formed part.
TEST(Utf8, ReplacesEachIllFormedPartWithOneReplacementCharacter) {
  EXPECT_EQ(decode_utf8("a\xff"
                        "b"),
            U"a\uFFFDb");                               // never a lead byte
  EXPECT_EQ(decode_utf8("\x80\x80"), U"\uFFFD\uFFFD");  // stray continuations
  EXPECT_EQ(decode_utf8("\xe6\xbc"
                        "a"),
            U"\uFFFDa");                                                    // truncated 3-byte sequence
  EXPECT_EQ(decode_utf8("\xf0\x9f\x91"), U"\uFFFD");                        // truncated at the end
  EXPECT_EQ(decode_utf8("\xc0\xaf"), U"\uFFFD\uFFFD");                      // overlong "/"
  EXPECT_EQ(decode_utf8("\xed\xa0\x80"), U"\uFFFD\uFFFD\uFFFD");            // a UTF-16 surrogate
  EXPECT_EQ(decode_utf8("\xf4\x90\x80\x80"), U"\uFFFD\uFFFD\uFFFD\uFFFD");  // beyond U+10FFFF
}

TEST(Utf8, DecodesEveryByteValueWithoutFailing) {
  std::string bytes;
  for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  const std::u32string code_points = decode_utf8(bytes);
  EXPECT_EQ(code_points.size(), 256u);  // 128 ASCII + 128 invalid single bytes
  EXPECT_EQ(core::sanitize_utf8(bytes), encode_utf8(code_points));
}

TEST(Utf8, EncodesInvalidCodePointsAsReplacementCharacter) {
  EXPECT_EQ(encode_utf8(char32_t{0xD800}), "\uFFFD");
  EXPECT_EQ(encode_utf8(char32_t{0x110000}), "\uFFFD");
}

TEST(CharacterClasses, FollowBert) {
  EXPECT_TRUE(core::is_whitespace(U' '));
  EXPECT_TRUE(core::is_whitespace(U'\t'));
  EXPECT_TRUE(core::is_whitespace(U'\u3000'));  // ideographic space, Zs
  EXPECT_FALSE(core::is_whitespace(U'\v'));     // a control character to BERT
  EXPECT_TRUE(core::is_control(U'\x01'));
  EXPECT_TRUE(core::is_control(U'\u200D'));  // zero-width joiner, Cf
  EXPECT_FALSE(core::is_control(U'\n'));
  EXPECT_TRUE(core::is_punctuation(U'$'));       // a symbol to Unicode, punctuation to BERT
  EXPECT_TRUE(core::is_punctuation(U'\u2014'));  // em dash, Pd
  EXPECT_TRUE(core::is_punctuation(U'\u3002'));  // ideographic full stop, Po
  EXPECT_FALSE(core::is_punctuation(U'a'));
  EXPECT_FALSE(core::is_punctuation(U'\u00a9'));  // ©, So
  EXPECT_TRUE(core::is_cjk(U'\u5929'));           // 天
  EXPECT_TRUE(core::is_cjk(U'\U00020000'));       // extension B
  EXPECT_FALSE(core::is_cjk(U'\u3042'));          // hiragana あ
  EXPECT_FALSE(core::is_cjk(U'\uAC00'));          // hangul 가
}

TEST(CharacterClasses, WhiteSpacePropertyAddsSeparators) {
  for (char32_t c : {U'\v', U'\f', U'\u0085', U'\u2028', U'\u2029', U'\u00a0'}) {
    EXPECT_TRUE(core::is_unicode_whitespace(c)) << static_cast<int>(c);
  }
  EXPECT_FALSE(core::is_unicode_whitespace(U'\x1e'));  // Python's str.isspace says yes; \s does not
  EXPECT_FALSE(core::is_unicode_whitespace(U'\u200B'));
}

TEST(CharacterClasses, LettersAndNumbers) {
  EXPECT_TRUE(core::is_letter(U'\u05e9'));  // ש
  EXPECT_TRUE(core::is_letter(U'\u5929'));  // 天, Lo
  EXPECT_TRUE(core::is_number(U'\u0663'));  // Arabic-Indic three
  EXPECT_TRUE(core::is_number(U'\u00bd'));  // ½, No
  EXPECT_FALSE(core::is_letter(U'1'));
}

TEST(Normalization, LowerCaseAndAccents) {
  EXPECT_EQ(core::to_lower(U"CAFÉ ΣΑΣ"), U"café σασ");
  EXPECT_EQ(core::strip_accents(U"café naïve"), U"cafe naive");
  EXPECT_EQ(core::strip_accents(U"stra\u00dfe"), U"stra\u00dfe");  // ß has no decomposition
  EXPECT_EQ(core::nfc(U"e\u0301"), U"\u00e9");
  EXPECT_EQ(core::nfd(U"\u00e9"), U"e\u0301");
}

}  // namespace
