#include "text/tokenizer_bpe.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <stdexcept>

#include "text/byte_level.h"
#include "text/text_pair.h"
#include "text/unicode.h"

namespace core {

namespace {

// 's|'t|'re|'ve|'m|'ll|'d : the length of the contraction at text[i], or 0.
std::size_t contraction_length(std::u32string_view text, std::size_t i) {
  if (text[i] != U'\'' || i + 1 >= text.size()) return 0;
  const char32_t first = text[i + 1];
  if (first == U's' || first == U't' || first == U'm' || first == U'd') return 2;
  if (i + 2 >= text.size()) return 0;
  const char32_t second = text[i + 2];
  if ((first == U'r' && second == U'e') || (first == U'v' && second == U'e') || (first == U'l' && second == U'l')) {
    return 3;
  }
  return 0;
}

bool is_other(char32_t c) {
  return !is_unicode_whitespace(c) && !is_letter(c) && !is_number(c);
}

}  // namespace

std::vector<std::u32string> gpt2_pre_tokenize(std::u32string_view text) {
  const std::size_t n = text.size();
  const auto run_end = [&](std::size_t from, bool (*in_class)(char32_t)) {
    while (from < n && in_class(text[from])) ++from;
    return from;
  };
  std::vector<std::u32string> pieces;
  std::size_t i = 0;
  while (i < n) {
    std::size_t end = i + contraction_length(text, i);
    if (end == i) {
      // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": one leading space joins the word after it.
      const std::size_t start = (text[i] == U' ' && i + 1 < n) ? i + 1 : i;
      if (is_letter(text[start])) {
        end = run_end(start, is_letter);
      } else if (is_number(text[start])) {
        end = run_end(start, is_number);
      } else if (is_other(text[start])) {
        end = run_end(start, is_other);
      } else {
        // "\s+(?!\S)" then "\s+": a run of white space before a word leaves its last character
        // to that word, so "a  b" → "a", " ", " b".
        const std::size_t spaces_end = run_end(i, is_unicode_whitespace);
        end = (spaces_end < n && spaces_end - i > 1) ? spaces_end - 1 : spaces_end;
      }
    }
    pieces.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return pieces;
}

BpeTokenizer::BpeTokenizer(Vocabulary vocabulary, const std::vector<std::pair<std::string, std::string>>& merges,
                           std::vector<SpecialToken> specials, BpeOptions options)
    : vocabulary_(std::move(vocabulary)), specials_(std::move(specials)), options_(std::move(options)) {
  const std::array<char32_t, 256>& code_points = byte_level_code_points();
  for (unsigned b = 0; b < 256; ++b) {
    byte_symbols_[b] = encode_utf8(code_points[b]);
    symbol_bytes_[code_points[b]] = static_cast<unsigned char>(b);
    if (!options_.unk_id && !vocabulary_.find(byte_symbols_[b])) {
      throw std::invalid_argument("has no entry for byte " + std::to_string(b) + " ('" + byte_symbols_[b] +
                                  "') and no unknown token to stand in for it");
    }
  }
  // Thrown as std::invalid_argument when the pattern does not compile; the loader names the file.
  if (options_.split_pattern) split_pattern_.emplace(*options_.split_pattern);
  ranks_.reserve(merges.size());
  for (std::size_t r = 0; r < merges.size(); ++r) {
    // A merge listed twice keeps its later rank, as GPT2Tokenizer's dict does.
    ranks_.insert_or_assign(merges[r].first + ' ' + merges[r].second, static_cast<int>(r));
  }
}

std::optional<int> BpeTokenizer::rank(const std::string& left, const std::string& right) const {
  const auto found = ranks_.find(left + ' ' + right);
  if (found == ranks_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> BpeTokenizer::merge(std::vector<std::string> symbols) const {
  // A linked list of symbols and a heap of candidate pairs: O(n log n) for a word of n bytes, where
  // rescanning for the best pair after every merge would be O(n²) on a 100,000-letter word.
  // Equal ranks merge leftmost first, which is what GPT2Tokenizer's left-to-right pass does.
  struct Candidate {
    int rank;
    std::size_t left;
    std::size_t left_size;   // sizes when queued: a symbol only grows, so a size change
    std::size_t right_size;  // means this candidate is stale
    bool operator>(const Candidate& other) const { return rank != other.rank ? rank > other.rank : left > other.left; }
  };
  const std::size_t n = symbols.size();
  if (n < 2) return symbols;
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> previous(n);
  std::vector<std::size_t> next(n);
  for (std::size_t i = 0; i < n; ++i) {
    previous[i] = i == 0 ? none : i - 1;
    next[i] = i + 1 == n ? none : i + 1;
  }
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  const auto push = [&](std::size_t left) {
    if (left == none || next[left] == none) return;
    const std::size_t right = next[left];
    if (const std::optional<int> r = rank(symbols[left], symbols[right])) {
      queue.push({*r, left, symbols[left].size(), symbols[right].size()});
    }
  };
  for (std::size_t i = 0; i + 1 < n; ++i) push(i);

  while (!queue.empty()) {
    const Candidate candidate = queue.top();
    queue.pop();
    const std::size_t left = candidate.left;
    const std::size_t right = next[left];
    if (symbols[left].empty() || right == none || symbols[left].size() != candidate.left_size ||
        symbols[right].size() != candidate.right_size) {
      continue;
    }
    symbols[left] += symbols[right];
    symbols[right].clear();
    next[left] = next[right];
    if (next[left] != none) previous[next[left]] = left;
    push(previous[left]);
    push(left);
  }

  std::vector<std::string> merged;
  for (std::size_t i = 0; i != none; i = next[i]) merged.push_back(std::move(symbols[i]));
  return merged;
}

void BpeTokenizer::append_piece(std::u32string_view piece, Tokenization& tokenization) const {
  std::vector<std::string> symbols;
  for (char byte : encode_utf8(piece)) symbols.push_back(byte_symbols_[static_cast<unsigned char>(byte)]);
  if (options_.ignore_merges) {
    std::string whole;
    for (const std::string& symbol : symbols) whole += symbol;
    if (const std::optional<int> id = vocabulary_.find(whole)) {
      append_token(tokenization, vocabulary_, *id);
      return;
    }
  }
  for (const std::string& symbol : merge(std::move(symbols))) {
    if (const std::optional<int> id = vocabulary_.find(symbol)) {
      append_token(tokenization, vocabulary_, *id);
    } else if (options_.unk_id) {
      append_token(tokenization, vocabulary_, *options_.unk_id, true);
    } else {
      // A merge whose result the vocabulary lacks: fall back to the base symbols, which the
      // constructor checked are all there.
      for (char32_t c : decode_utf8(symbol)) {
        append_token(tokenization, vocabulary_, *vocabulary_.find(encode_utf8(c)));
      }
    }
  }
}

Tokenization BpeTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  std::string valid = sanitize_utf8(text);
  if (options_.nfc) valid = encode_utf8(nfc(decode_utf8(valid)));
  if (options_.add_prefix_space) valid.insert(valid.begin(), ' ');
  Tokenization tokenization;
  if (add_special_tokens && options_.bos_id) append_token(tokenization, vocabulary_, *options_.bos_id);
  for (const TextSegment& segment : split_at_special_tokens(valid, specials_)) {
    if (segment.special != nullptr) {
      append_token(tokenization, vocabulary_, segment.special->id);
      continue;
    }
    if (split_pattern_) {
      for (const ByteRange& match : split_pattern_->find_all(segment.text)) {
        append_piece(decode_utf8(segment.text.substr(match.begin, match.end - match.begin)), tokenization);
      }
      continue;
    }
    for (const std::u32string& piece : gpt2_pre_tokenize(decode_utf8(segment.text))) {
      append_piece(piece, tokenization);
    }
  }
  if (add_special_tokens && options_.eos_id) append_token(tokenization, vocabulary_, *options_.eos_id);
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string BpeTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int BpeTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string BpeTokenizer::decode(std::span<const int> ids) const {
  std::string bytes;
  for (int id : ids) {
    if (std::find(options_.silent_ids.begin(), options_.silent_ids.end(), id) != options_.silent_ids.end()) continue;
    for (char32_t c : decode_utf8(vocabulary_.token(id))) {
      const auto byte = symbol_bytes_.find(c);
      if (byte != symbol_bytes_.end()) {
        bytes.push_back(static_cast<char>(byte->second));
      } else {
        bytes += encode_utf8(c);
      }
    }
  }
  return sanitize_utf8(bytes);
}

std::optional<PairTemplate> BpeTokenizer::pair_template() const {
  std::vector<int> prefix;
  std::vector<int> suffix;
  if (options_.bos_id) prefix.push_back(*options_.bos_id);
  if (options_.eos_id) suffix.push_back(*options_.eos_id);
  const bool both = options_.bos_id && options_.eos_id;
  return make_pair_template(both ? PairStyle::Roberta : PairStyle::Repeat, prefix, suffix);
}

}  // namespace core
