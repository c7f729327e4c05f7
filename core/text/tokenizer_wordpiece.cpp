#include "text/tokenizer_wordpiece.h"

#include <stdexcept>
#include <utility>

#include "text/text_pair.h"
#include "text/unicode.h"

namespace core {

namespace {

int require(const Vocabulary& vocabulary, const std::string& token) {
  const std::optional<int> id = vocabulary.find(token);
  if (!id) throw std::invalid_argument("has no '" + token + "' entry");
  return *id;
}

std::vector<std::u32string> split_at_whitespace(std::u32string_view text) {
  std::vector<std::u32string> words;
  std::u32string word;
  for (char32_t c : text) {
    if (!is_unicode_whitespace(c)) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

WordPieceTokenizer::WordPieceTokenizer(Vocabulary vocabulary, std::vector<SpecialToken> specials,
                                       WordPieceOptions options)
    : vocabulary_(std::move(vocabulary)), specials_(std::move(specials)), options_(std::move(options)) {
  unk_id_ = require(vocabulary_, options_.unk_token);
  cls_id_ = require(vocabulary_, options_.cls_token);
  sep_id_ = require(vocabulary_, options_.sep_token);
  pad_id_ = vocabulary_.find(options_.pad_token);
}

std::vector<std::u32string> WordPieceTokenizer::basic_tokenize(std::string_view text) const {
  std::u32string cleaned;
  for (char32_t c : decode_utf8(text)) {
    // U+FFFD is dropped with the control characters: to BERT it marks bytes that were not text.
    if (c == 0 || c == replacement_character || is_control(c)) continue;
    if (is_whitespace(c)) {
      cleaned.push_back(U' ');
    } else if (options_.split_cjk && is_cjk(c)) {
      cleaned += {U' ', c, U' '};
    } else {
      cleaned.push_back(c);
    }
  }
  // One spelling per character: "é" typed as e + U+0301 finds the same entries as U+00E9.
  const std::u32string normalized = nfc(cleaned);
  const bool strip = options_.strip_accents.value_or(options_.lowercase);

  std::vector<std::u32string> words;
  for (std::u32string word : split_at_whitespace(normalized)) {
    if (options_.lowercase) word = to_lower(word);
    if (strip) word = strip_accents(word);
    std::u32string run;
    for (char32_t c : word) {
      if (!is_punctuation(c)) {
        run.push_back(c);
        continue;
      }
      if (!run.empty()) words.push_back(std::move(run));
      run.clear();
      words.emplace_back(1, c);
    }
    if (!run.empty()) words.push_back(std::move(run));
  }
  return words;
}

void WordPieceTokenizer::append_word_pieces(std::u32string_view word, Tokenization& tokenization) const {
  if (word.size() > options_.max_word_length) {
    append_token(tokenization, vocabulary_, unk_id_, true);
    return;
  }
  std::vector<int> pieces;
  std::size_t start = 0;
  while (start < word.size()) {
    // Greedy longest match first: shrink the candidate from the right until it is an entry.
    std::optional<int> id;
    std::size_t end = word.size();
    for (; end > start; --end) {
      const std::string piece =
          (start > 0 ? options_.continuing_prefix : std::string{}) + encode_utf8(word.substr(start, end - start));
      id = vocabulary_.find(piece);
      if (id) break;
    }
    if (!id) {
      append_token(tokenization, vocabulary_, unk_id_, true);
      return;
    }
    pieces.push_back(*id);
    start = end;
  }
  for (int id : pieces) append_token(tokenization, vocabulary_, id);
}

Tokenization WordPieceTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  const std::string valid = sanitize_utf8(text);
  Tokenization tokenization;
  if (add_special_tokens) append_token(tokenization, vocabulary_, cls_id_);
  for (const TextSegment& segment : split_at_special_tokens(valid, specials_)) {
    if (segment.special != nullptr) {
      append_token(tokenization, vocabulary_, segment.special->id);
      continue;
    }
    for (const std::u32string& word : basic_tokenize(segment.text)) append_word_pieces(word, tokenization);
  }
  if (add_special_tokens) append_token(tokenization, vocabulary_, sep_id_);
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string WordPieceTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int WordPieceTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string WordPieceTokenizer::decode(std::span<const int> ids) const {
  std::string text;
  for (int id : ids) {
    if (id == cls_id_ || id == sep_id_ || id == pad_id_) continue;
    if (!text.empty()) text += ' ';
    text += vocabulary_.token(id);
  }
  replace_all(text, " " + options_.continuing_prefix, "");
  for (const auto& [from, to] : {std::pair{" .", "."},
                                 {" ?", "?"},
                                 {" !", "!"},
                                 {" ,", ","},
                                 {" ' ", "'"},
                                 {" n't", "n't"},
                                 {" 'm", "'m"},
                                 {" 's", "'s"},
                                 {" 've", "'ve"},
                                 {" 're", "'re"}}) {
    replace_all(text, from, to);
  }
  return text;
}

std::optional<PairTemplate> WordPieceTokenizer::pair_template() const {
  const int prefix[] = {cls_id_};
  const int suffix[] = {sep_id_};
  return make_pair_template(PairStyle::Bert, prefix, suffix);
}

}  // namespace core
