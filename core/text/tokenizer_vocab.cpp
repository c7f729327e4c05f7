#include "text/tokenizer_vocab.h"

#include <stdexcept>
#include <utility>

#include "text/unicode.h"

namespace core {

namespace {

int require(const Vocabulary& vocabulary, std::string_view token) {
  const std::optional<int> id = vocabulary.find(token);
  if (!id) throw std::invalid_argument("has no '" + std::string(token) + "' line");
  return *id;
}

bool is_cjk_token(const std::string& token) {
  const std::u32string code_points = decode_utf8(token);
  return code_points.size() == 1 && is_cjk(code_points[0]);
}

}  // namespace

NativeTokenizer::NativeTokenizer(Vocabulary vocabulary, NativeTokenizerKind kind, bool lowercase, TokenizerRole role)
    : vocabulary_(std::move(vocabulary)), kind_(kind), lowercase_(lowercase), role_(role) {
  pad_id_ = require(vocabulary_, "<pad>");
  unk_id_ = require(vocabulary_, "<unk>");
  bos_id_ = require(vocabulary_, "<s>");
  eos_id_ = require(vocabulary_, "</s>");
}

std::vector<std::u32string> NativeTokenizer::split(std::u32string_view text) const {
  std::vector<std::u32string> pieces;
  std::u32string word;
  const auto end_word = [&] {
    if (!word.empty()) pieces.push_back(std::move(word));
    word.clear();
  };
  for (char32_t c : text) {
    if (is_unicode_whitespace(c)) {
      end_word();
    } else if (kind_ == NativeTokenizerKind::Char || is_punctuation(c) || is_cjk(c)) {
      end_word();
      pieces.emplace_back(1, c);
    } else {
      word.push_back(c);
    }
  }
  end_word();
  return pieces;
}

Tokenization NativeTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  Tokenization tokenization;
  if (add_special_tokens && role_ == TokenizerRole::Target) append_token(tokenization, vocabulary_, bos_id_);
  const std::u32string code_points = lowercase_ ? to_lower(decode_utf8(text)) : decode_utf8(text);
  for (const std::u32string& piece : split(code_points)) {
    const std::optional<int> id = vocabulary_.find(encode_utf8(piece));
    append_token(tokenization, vocabulary_, id.value_or(unk_id_), !id);
  }
  if (add_special_tokens && role_ == TokenizerRole::Source) append_token(tokenization, vocabulary_, eos_id_);
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string NativeTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int NativeTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string NativeTokenizer::decode(std::span<const int> ids) const {
  std::string text;
  bool previous_cjk = false;
  for (int id : ids) {
    if (id == bos_id_ || id == eos_id_ || id == pad_id_) continue;
    const std::string token = vocabulary_.token(id);
    const bool cjk = is_cjk_token(token);
    const bool space = kind_ == NativeTokenizerKind::Word && !text.empty() && !(cjk && previous_cjk);
    if (space) text += ' ';
    text += token;
    previous_cjk = cjk;
  }
  return text;
}

int NativeTokenizer::trailing_special_tokens() const {
  return role_ == TokenizerRole::Source ? 1 : 0;
}

}  // namespace core
