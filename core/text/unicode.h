#pragma once
// Text as the tokenizers see it: a sequence of Unicode code points c_1 … c_n decoded from UTF-8,
// and the character classes BERT, GPT-2 and the native tokenizers split on.
// Character data (categories, case, normalisation) comes from utf8proc, never from our own tables.

#include <string>
#include <string_view>

namespace core {

inline constexpr char32_t replacement_character = U'\uFFFD';

// UTF-8 bytes → code points. Never fails: each maximal ill-formed subsequence (a stray byte, a
// truncated sequence, a surrogate, an overlong form) becomes one U+FFFD, as Python's
// bytes.decode(errors="replace") does, so any byte string decodes.
std::u32string decode_utf8(std::string_view bytes);
// Code points → UTF-8. Values that are not Unicode scalar values encode as U+FFFD.
std::string encode_utf8(std::u32string_view code_points);
std::string encode_utf8(char32_t code_point);
// Valid UTF-8 unchanged; invalid sequences replaced by U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

// BERT's _is_whitespace: space, \t, \n, \r, or category Zs.
bool is_whitespace(char32_t c);
// The Unicode White_Space property, which is what \s matches in GPT-2's regex: BERT's set plus
// \v, \f, U+0085 and the line/paragraph separators (Zl, Zp).
bool is_unicode_whitespace(char32_t c);
// BERT's _is_control: any C* category (Cc, Cf, Cs, Co, Cn) except \t, \n, \r, which count as white space.
bool is_control(char32_t c);
// BERT's _is_punctuation: every ASCII non-alphanumeric printable character ("$", "^", "`" are
// symbols to Unicode but punctuation to BERT) plus the P* categories.
bool is_punctuation(char32_t c);
// BERT's _is_chinese_char: the CJK Unified Ideographs blocks and their extensions and
// compatibility blocks. Kana and Hangul are not in it; they form words like Latin letters.
bool is_cjk(char32_t c);
bool is_letter(char32_t c);  // \p{L}: Lu, Ll, Lt, Lm, Lo
bool is_number(char32_t c);  // \p{N}: Nd, Nl, No
bool is_nonspacing_mark(char32_t c);  // Mn: the accents NFD splits off ("é" → "e" + U+0301)

// Simple (one-to-one) lowercase mapping.
char32_t to_lower(char32_t c);
std::u32string to_lower(std::u32string_view text);
// Canonical composition (NFC) and decomposition (NFD), and their compatibility forms (NFKC, NFKD:
// "ﬁ" → "fi", "①" → "1", full-width "Ａ" → "A").
std::u32string nfc(std::u32string_view text);
std::u32string nfd(std::u32string_view text);
std::u32string nfkc(std::u32string_view text);
std::u32string nfkd(std::u32string_view text);
// BERT's _run_strip_accents: NFD, then drop the nonspacing marks (Mn), so "Café" → "Cafe".
std::u32string strip_accents(std::u32string_view text);

// Every occurrence of from in text replaced by to (nothing when from is empty).
void replace_all(std::string& text, std::string_view from, std::string_view to);

}  // namespace core
