#include "text/tokenizer_sentencepiece_ids.h"

#include <sentencepiece_processor.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "text/unicode.h"

namespace core {

namespace {

constexpr std::string_view word_start = "\u2581";  // ▁

}  // namespace

SentencePieceIdsTokenizer::SentencePieceIdsTokenizer(std::shared_ptr<const sentencepiece::SentencePieceProcessor> model,
                                                     Vocabulary vocabulary, std::vector<SpecialToken> specials,
                                                     SentencePieceIdsOptions options)
    : model_(std::move(model)), vocabulary_(std::move(vocabulary)), specials_(std::move(specials)), options_(std::move(options)) {
  if (!options_.legacy) {
    std::vector<std::string> pieces;
    if (model_->Encode(options_.unk_token, &pieces).ok()) unk_token_length_ = pieces.size();
  }
}

int SentencePieceIdsTokenizer::model_id(int piece_id) const {
  return piece_id == model_->unk_id() ? options_.unk_id : piece_id + options_.id_offset;
}

void SentencePieceIdsTokenizer::encode_plain(std::string_view text, std::vector<int>& ids,
                                             std::vector<std::string>& pieces) const {
  std::string input(text);
  std::size_t skip = 0;
  // HF's non-legacy _tokenize: text starting with a space is encoded behind unk_token, whose
  // pieces are then dropped, so that its "▁" stays a word start of its own.
  if (!options_.legacy && (text.starts_with(word_start) || text.starts_with(' '))) {
    input = options_.unk_token + input;
    skip = unk_token_length_;
  }
  sentencepiece::ImmutableSentencePieceText encoded;
  // Encode fails only for an unloaded model; the loader never hands one over.
  if (!model_->Encode(input, encoded.mutable_proto()).ok()) return;
  const std::size_t count = encoded.pieces_size();
  for (std::size_t i = count >= skip ? skip : 0; i < count; ++i) {
    const auto piece = encoded.pieces(static_cast<int>(i));
    ids.push_back(model_id(static_cast<int>(piece.id())));
    pieces.push_back(piece.piece());
  }
}

Tokenization SentencePieceIdsTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::string valid = sanitize_utf8(text);
  if (!options_.legacy && !valid.empty()) {
    replace_all(valid, word_start, " ");
    if (options_.add_prefix_space) valid = std::string(word_start) + valid;
  }
  std::vector<int> ids;
  std::vector<std::string> pieces;  // the piece strings, to spot the non-legacy lone "▁"
  std::vector<bool> special;
  for (const TextSegment& segment : split_at_special_tokens(valid, specials_)) {
    if (segment.special != nullptr) {
      ids.push_back(segment.special->id);
      pieces.push_back(segment.special->text);
      special.push_back(true);
      continue;
    }
    encode_plain(segment.text, ids, pieces);
    special.resize(ids.size(), false);
  }
  // Non-legacy: a "▁" left alone before a special token at the very start is dropped.
  if (!options_.legacy && ids.size() > 1 && pieces[0] == word_start && special[1]) {
    ids.erase(ids.begin());
  }
  Tokenization tokenization;
  if (add_special_tokens) tokenization.ids = options_.prefix;
  tokenization.ids.insert(tokenization.ids.end(), ids.begin(), ids.end());
  if (add_special_tokens) {
    const bool present = options_.suffix_unless_present && !ids.empty() && options_.suffix.size() == 1 &&
                         ids.back() == options_.suffix[0];
    if (!present) tokenization.ids.insert(tokenization.ids.end(), options_.suffix.begin(), options_.suffix.end());
  }
  for (int id : tokenization.ids) {
    tokenization.tokens.push_back(vocabulary_.token(id));
    tokenization.unknown.push_back(id == options_.unk_id);
  }
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string SentencePieceIdsTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int SentencePieceIdsTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string SentencePieceIdsTokenizer::decode(std::span<const int> ids) const {
  std::string text;
  for (int id : ids) {
    if (std::find(options_.silent_ids.begin(), options_.silent_ids.end(), id) != options_.silent_ids.end()) continue;
    const std::string token = vocabulary_.token(id);
    // <0xNN>: one byte of a character the vocabulary lacks.
    if (token.size() == 6 && token.starts_with("<0x") && token.back() == '>' && std::isxdigit(token[3]) &&
        std::isxdigit(token[4])) {
      text.push_back(static_cast<char>(std::stoi(token.substr(3, 2), nullptr, 16)));
      continue;
    }
    text += token;
  }
  replace_all(text, word_start, " ");
  if (text.starts_with(' ')) text.erase(0, 1);
  return sanitize_utf8(text);
}

std::optional<PairTemplate> SentencePieceIdsTokenizer::pair_template() const {
  return make_pair_template(options_.pair_style, options_.prefix, options_.suffix);
}

}  // namespace core
