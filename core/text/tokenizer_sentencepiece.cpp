#include "text/tokenizer_sentencepiece.h"

#include <sentencepiece_processor.h>

#include <utility>

#include "text/unicode.h"

namespace core {

namespace {

constexpr std::string_view word_start = "\u2581";  // ▁

struct LanguageCode {
  std::string code;  // ">>fr<<" when the text starts with one, else empty
  std::string text;  // the text with every code removed
};

// MarianTokenizer's ">>.+<<": on each line, from the first ">>" to the last "<<" at least one
// character after it. Only a code at the very start becomes a token, but every match is removed.
LanguageCode split_language_code(std::string_view text) {
  LanguageCode result;
  std::size_t line_begin = 0;
  while (line_begin <= text.size()) {
    const std::size_t newline = text.find('\n', line_begin);
    const std::size_t line_end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    const std::size_t open = line.find(">>");
    const std::size_t close = line.rfind("<<");
    if (open != std::string_view::npos && close != std::string_view::npos && close >= open + 3) {
      if (line_begin == 0 && open == 0) result.code = std::string(line.substr(0, close + 2));
      result.text += line.substr(0, open);
      result.text += line.substr(close + 2);
    } else {
      result.text += line;
    }
    if (newline == std::string_view::npos) break;
    result.text += '\n';
    line_begin = newline + 1;
  }
  return result;
}

}  // namespace

SentencePieceTokenizer::SentencePieceTokenizer(std::shared_ptr<const sentencepiece::SentencePieceProcessor> model,
                                               Vocabulary vocabulary, std::vector<SpecialToken> specials,
                                               SentencePieceOptions options)
    : model_(std::move(model)), vocabulary_(std::move(vocabulary)), specials_(std::move(specials)), options_(options) {}

void SentencePieceTokenizer::append_piece(const std::string& piece, Tokenization& tokenization) const {
  const std::optional<int> id = vocabulary_.find(piece);
  append_token(tokenization, vocabulary_, id.value_or(options_.unk_id), !id);
}

Tokenization SentencePieceTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  const std::string valid = sanitize_utf8(text);
  Tokenization tokenization;
  for (const TextSegment& segment : split_at_special_tokens(valid, specials_)) {
    if (segment.special != nullptr) {
      append_token(tokenization, vocabulary_, segment.special->id);
      continue;
    }
    const LanguageCode split = split_language_code(segment.text);
    if (!split.code.empty()) append_piece(split.code, tokenization);
    sentencepiece::ImmutableSentencePieceText pieces;
    // Encode fails only for an unloaded model; the loader never hands one over.
    if (!model_->Encode(split.text, pieces.mutable_proto()).ok()) continue;
    // An unknown run comes back as its own text, as in Python's encode(out_type=str); like
    // MarianTokenizer we look that text up, and vocab.json normally lacks it → <unk>.
    for (std::size_t i = 0; i < pieces.pieces_size(); ++i) {
      append_piece(pieces.pieces(static_cast<int>(i)).piece(), tokenization);
    }
  }
  if (add_special_tokens) append_token(tokenization, vocabulary_, options_.eos_id);
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string SentencePieceTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int SentencePieceTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string SentencePieceTokenizer::decode(std::span<const int> ids) const {
  std::string text;
  for (int id : ids) {
    if (id == options_.eos_id || id == options_.pad_id) continue;
    const std::string token = vocabulary_.token(id);
    for (std::size_t i = 0; i < token.size();) {
      if (std::string_view(token).substr(i).starts_with(word_start)) {
        text += ' ';
        i += word_start.size();
      } else {
        text += token[i++];
      }
    }
  }
  if (text.starts_with(' ')) text.erase(0, 1);
  return text;
}

}  // namespace core
