#include "text/tokenizer_json_models.h"

#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <tsl/robin_map.h>

#include "text/unicode.h"

namespace core {

namespace {

std::size_t utf8_length(char lead) {
  const auto byte = static_cast<unsigned char>(lead);
  return byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
}

// The byte-fallback piece for b: "<0x0A>".
std::string byte_piece(unsigned char b) {
  char text[8];
  std::snprintf(text, sizeof text, "<0x%02X>", b);
  return text;
}

Vocabulary parse_vocab_object(const JsonPlace& place) {
  Vocabulary vocabulary;
  const nlohmann::json& object = place.object();
  vocabulary.reserve(object.size());
  for (const auto& [token, id] : object.items()) {
    const bool valid = id.is_number_integer() && id.get<std::int64_t>() >= 0 && id.get<std::int64_t>() <= max_token_id;
    // the place (and its path) only for the message: 128k entries make no strings they do not need
    if (!valid) JsonPlace(place.file(), id, place.path() + "[\"" + token + "\"]").integer(0, max_token_id);
    vocabulary.add(token, static_cast<int>(id.get<std::int64_t>()));
  }
  return vocabulary;
}

// model.vocab as streamed, or read from the DOM when it was not.
Vocabulary vocab_of(const JsonPlace& model, StreamedModelMembers& streamed) {
  if (streamed.vocab) return std::move(*streamed.vocab);
  return parse_vocab_object(model.at("vocab"));
}

// The unk token, which must be in the vocabulary when named.
std::optional<int> parse_unk(const JsonPlace& place, const Vocabulary& vocabulary, const char* fallback) {
  const std::optional<JsonPlace> unk = place.find("unk_token");
  if (!unk && fallback == nullptr) return std::nullopt;
  const std::string token = unk ? unk->string() : std::string(fallback);
  const std::optional<int> id = vocabulary.find(token);
  if (!id) (unk ? *unk : place).fail("names the unknown token \"" + token + "\", which is not in 'model.vocab'");
  return id;
}

class Bpe : public SubwordModel {
 public:
  Bpe(const JsonPlace& place, StreamedModelMembers& streamed);
  void tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const override;
  const Vocabulary& vocabulary() const override { return vocabulary_; }

 private:
  struct Merge {
    int rank;
    int new_id;
  };
  static std::uint64_t pair_key(int left, int right) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32 | static_cast<std::uint32_t>(right);
  }
  std::vector<int> merge_all(std::vector<int> symbols) const;
  // Merge r: left + right → their join, at rank r. fail(what) names the merge in the message.
  template <typename Fail>
  void add_merge(std::size_t r, std::string_view left, std::string_view right, std::string& joined, const Fail& fail);

  Vocabulary vocabulary_;
  // std::hash of an integer is the integer: its low bits would be the right id alone, which an
  // open-addressing table with power-of-two sizes cannot spread. Mixed as splitmix64's finaliser.
  struct PairHash {
    std::size_t operator()(std::uint64_t key) const noexcept {
      key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
      key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
      return static_cast<std::size_t>(key ^ (key >> 31));
    }
  };
  tsl::robin_map<std::uint64_t, Merge, PairHash> merges_;  // (left id, right id) → rank and joined id
  std::optional<int> unk_id_;
  std::string prefix_;  // continuing_subword_prefix
  std::string suffix_;  // end_of_word_suffix
  bool fuse_unk_ = false;
  bool byte_fallback_ = false;
  bool ignore_merges_ = false;
};

Bpe::Bpe(const JsonPlace& place, StreamedModelMembers& streamed) {
  vocabulary_ = vocab_of(place, streamed);
  unk_id_ = parse_unk(place, vocabulary_, nullptr);
  prefix_ = place.string_or("continuing_subword_prefix", "");
  suffix_ = place.string_or("end_of_word_suffix", "");
  fuse_unk_ = place.boolean_or("fuse_unk", false);
  byte_fallback_ = place.boolean_or("byte_fallback", false);
  ignore_merges_ = place.boolean_or("ignore_merges", false);

  const JsonPlace list = place.at("merges");
  std::string joined;
  if (streamed.merges) {
    // already split into two symbols each (tokenizer_json_stream.h)
    const std::vector<std::pair<std::string, std::string>>& merges = *streamed.merges;
    merges_.reserve(merges.size());
    for (std::size_t r = 0; r < merges.size(); ++r) {
      const auto fail = [&](const std::string& what) {
        JsonPlace(list.file(), list.value(), list.path() + "[" + std::to_string(r) + "]").fail(what);
      };
      add_merge(r, merges[r].first, merges[r].second, joined, fail);
    }
    return;
  }
  const nlohmann::json& entries = list.array();
  const std::size_t count = entries.size();
  merges_.reserve(count);
  for (std::size_t r = 0; r < count; ++r) {
    const nlohmann::json& value = entries[r];
    // the place (and its path) only for a message: 280k merges make no strings they do not need
    const auto fail = [&](const std::string& what) { list.at(r).fail(what); };
    // Older files write "left right", newer ones ["left", "right"].
    std::string_view left;
    std::string_view right;
    if (value.is_string()) {
      const std::string_view line = value.get_ref<const std::string&>();
      const std::size_t space = line.find(' ');
      if (space == std::string::npos || space == 0 || space + 1 == line.size()) fail("is not two symbols");
      left = line.substr(0, space);
      right = line.substr(space + 1);
    } else if (value.is_array() && value.size() == 2 && value[0].is_string() && value[1].is_string()) {
      left = value[0].get_ref<const std::string&>();
      right = value[1].get_ref<const std::string&>();
    } else if (value.is_array() && value.size() == 2) {
      list.at(r).at(value[0].is_string() ? 1 : 0).string();  // names the element that is not a string
    } else {
      fail("is not two symbols");
    }
    add_merge(r, left, right, joined, fail);
  }
}

template <typename Fail>
void Bpe::add_merge(std::size_t r, std::string_view left, std::string_view right, std::string& joined,
                    const Fail& fail) {
  // The joined symbol drops the right one's continuation prefix: "hug" + "##s" → "hugs".
  joined.assign(left);
  joined += !prefix_.empty() && right.starts_with(prefix_) ? right.substr(prefix_.size()) : right;
  std::optional<int> ids[3];
  const std::string_view names[3] = {left, right, joined};
  for (int k = 0; k < 3; ++k) {
    ids[k] = vocabulary_.find(names[k]);
    if (!ids[k]) fail("names \"" + std::string(names[k]) + "\", which is not in 'model.vocab'");
  }
  // A merge listed twice keeps its later rank, as HuggingFace's map does.
  merges_.insert_or_assign(pair_key(*ids[0], *ids[1]), Merge{static_cast<int>(r), *ids[2]});
}

std::vector<int> Bpe::merge_all(std::vector<int> symbols) const {
  // A linked list of symbols and a heap of candidate pairs, lowest rank first, leftmost among
  // equals: O(n log n) where rescanning after each merge would be O(n²) on a long word.
  struct Candidate {
    int rank;
    std::size_t left;
    int new_id;
    bool operator>(const Candidate& other) const { return rank != other.rank ? rank > other.rank : left > other.left; }
  };
  const std::size_t n = symbols.size();
  if (n < 2) return symbols;
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> previous(n);
  std::vector<std::size_t> next(n);
  std::vector<bool> removed(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    previous[i] = i == 0 ? none : i - 1;
    next[i] = i + 1 == n ? none : i + 1;
  }
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> queue;
  const auto push = [&](std::size_t left) {
    if (left == none || next[left] == none) return;
    const auto found = merges_.find(pair_key(symbols[left], symbols[next[left]]));
    if (found != merges_.end()) queue.push({found->second.rank, left, found->second.new_id});
  };
  for (std::size_t i = 0; i + 1 < n; ++i) push(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    const std::size_t left = top.left;
    if (removed[left] || next[left] == none) continue;
    const std::size_t right = next[left];
    // A stale entry: the pair at this position has changed since it was queued.
    const auto found = merges_.find(pair_key(symbols[left], symbols[right]));
    if (found == merges_.end() || found->second.new_id != top.new_id) continue;
    symbols[left] = top.new_id;
    removed[right] = true;
    next[left] = next[right];
    if (next[left] != none) previous[next[left]] = left;
    push(previous[left]);
    push(left);
  }
  std::vector<int> merged;
  for (std::size_t i = 0; i != none; i = next[i]) merged.push_back(symbols[i]);
  return merged;
}

void Bpe::tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const {
  if (piece.empty()) return;
  if (ignore_merges_) {
    if (const std::optional<int> id = vocabulary_.find(piece)) {
      ids.push_back(*id);
      unknown.push_back(false);
      return;
    }
  }
  // HuggingFace's BPE::merge_word: one symbol per character, with the prefix on all but the
  // first and the suffix on the last; what the vocabulary lacks falls back to bytes, then unk.
  std::vector<int> symbols;
  bool pending_unk = false;
  const auto flush_unk = [&] {
    if (pending_unk) symbols.push_back(*unk_id_);
    pending_unk = false;
  };
  for (std::size_t i = 0; i < piece.size();) {
    const std::size_t length = std::min(utf8_length(piece[i]), piece.size() - i);
    std::string symbol(piece.substr(i, length));
    if (i > 0) symbol = prefix_ + symbol;
    if (i + length == piece.size()) symbol += suffix_;
    i += length;
    if (const std::optional<int> id = vocabulary_.find(symbol)) {
      flush_unk();
      symbols.push_back(*id);
      continue;
    }
    if (byte_fallback_) {
      std::vector<int> bytes;
      for (char byte : symbol) {
        const std::optional<int> id = vocabulary_.find(byte_piece(static_cast<unsigned char>(byte)));
        if (!id) break;
        bytes.push_back(*id);
      }
      if (bytes.size() == symbol.size()) {
        // HuggingFace adds the bytes without first adding a pending unk, so it lands after them.
        symbols.insert(symbols.end(), bytes.begin(), bytes.end());
        continue;
      }
    }
    if (!unk_id_) continue;  // no unk token: HuggingFace drops the character
    if (!fuse_unk_) flush_unk();
    pending_unk = true;
  }
  flush_unk();
  for (int id : merge_all(std::move(symbols))) {
    ids.push_back(id);
    unknown.push_back(unk_id_ && id == *unk_id_);
  }
}

class WordPiece : public SubwordModel {
 public:
  WordPiece(const JsonPlace& place, StreamedModelMembers& streamed)
      : vocabulary_(vocab_of(place, streamed)),
        unk_id_(*parse_unk(place, vocabulary_, "[UNK]")),
        prefix_(place.string_or("continuing_subword_prefix", "##")),
        max_characters_(static_cast<std::size_t>(
            place.find("max_input_chars_per_word") ? place.at("max_input_chars_per_word").integer(0, max_token_id) : 100)) {}

  void tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const override {
    if (decode_utf8(piece).size() > max_characters_) {
      ids.push_back(unk_id_);
      unknown.push_back(true);
      return;
    }
    std::vector<int> pieces;
    std::size_t start = 0;
    while (start < piece.size()) {
      // Greedy longest match first: shrink the candidate by one character from the right.
      std::optional<int> id;
      std::size_t end = piece.size();
      while (end > start) {
        id = vocabulary_.find((start > 0 ? prefix_ : std::string{}) + std::string(piece.substr(start, end - start)));
        if (id) break;
        do {
          --end;
        } while (end > start && (static_cast<unsigned char>(piece[end]) & 0xC0) == 0x80);
      }
      if (!id) {
        ids.push_back(unk_id_);
        unknown.push_back(true);
        return;
      }
      pieces.push_back(*id);
      start = end;
    }
    ids.insert(ids.end(), pieces.begin(), pieces.end());
    unknown.insert(unknown.end(), pieces.size(), false);
  }
  const Vocabulary& vocabulary() const override { return vocabulary_; }

 private:
  Vocabulary vocabulary_;
  int unk_id_;
  std::string prefix_;
  std::size_t max_characters_;
};

class Unigram : public SubwordModel {
 public:
  explicit Unigram(const JsonPlace& place);
  void tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const override;
  const Vocabulary& vocabulary() const override { return vocabulary_; }

 private:
  Vocabulary vocabulary_;
  std::vector<double> scores_;  // log-probabilities, by id
  std::unordered_map<std::string, int> ids_;
  std::size_t longest_piece_ = 0;  // in bytes
  std::optional<int> unk_id_;
  double unk_score_ = 0.0;
  bool byte_fallback_ = false;
};

Unigram::Unigram(const JsonPlace& place) {
  const JsonPlace list = place.at("vocab");
  std::vector<std::string> tokens;
  double min_score = std::numeric_limits<double>::max();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonPlace entry = list.at(i);
    if (entry.size() != 2) entry.fail("is not a [piece, score] pair");
    tokens.push_back(entry.at(0).string());
    scores_.push_back(entry.at(1).number());
    min_score = std::min(min_score, scores_.back());
    // The first entry wins for a piece listed twice, as in HuggingFace's token_to_ids.
    ids_.emplace(tokens.back(), static_cast<int>(i));
    longest_piece_ = std::max(longest_piece_, tokens.back().size());
  }
  vocabulary_ = Vocabulary(tokens);
  if (const std::optional<JsonPlace> unk = place.find("unk_id")) {
    unk_id_ = static_cast<int>(unk->integer(0, static_cast<std::int64_t>(tokens.size()) - 1));
  }
  // HuggingFace's kUnkPenalty: an unknown character is less likely than any piece.
  unk_score_ = (tokens.empty() ? 0.0 : min_score) - 10.0;
  byte_fallback_ = place.boolean_or("byte_fallback", false);
}

void Unigram::tokenize(std::string_view piece, std::vector<int>& ids, std::vector<bool>& unknown) const {
  // best[e]: the highest-scoring segmentation of piece[0, e): its score, last token and its start.
  struct Node {
    double score = 0.0;
    int id = -1;
    std::optional<std::size_t> start;
  };
  const std::size_t n = piece.size();
  std::vector<Node> best(n + 1);
  for (std::size_t start = 0; start < n;) {
    const std::size_t char_length = std::min(utf8_length(piece[start]), n - start);
    const double score_here = best[start].score;
    bool has_single_character = false;
    // Shorter pieces first, and a later one must score strictly higher: HuggingFace's tie-break.
    for (std::size_t length = 1; length <= std::min(longest_piece_, n - start); ++length) {
      const auto found = ids_.find(std::string(piece.substr(start, length)));
      if (found == ids_.end()) continue;
      Node& target = best[start + length];
      const double candidate = score_here + scores_[static_cast<std::size_t>(found->second)];
      if (!target.start || candidate > target.score) target = {candidate, found->second, start};
      if (length == char_length) has_single_character = true;
    }
    if (!has_single_character) {
      Node& target = best[start + char_length];
      const double candidate = score_here + unk_score_;
      if (!target.start || candidate > target.score) target = {candidate, unk_id_.value_or(-1), start};
    }
    start += char_length;
  }
  // Back from the end; adjacent unknown stretches become one token.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) of each token, last first
  std::vector<int> span_ids;
  for (std::size_t end = n; end > 0;) {
    const Node& node = best[end];
    const std::size_t start = *node.start;
    const bool is_unk = node.id == -1 || (unk_id_ && node.id == *unk_id_);
    if (is_unk && !span_ids.empty() && span_ids.back() == -2) {
      spans.back().first = start;
    } else {
      spans.emplace_back(start, end);
      span_ids.push_back(is_unk ? -2 : node.id);
    }
    end = start;
  }
  for (std::size_t k = spans.size(); k-- > 0;) {
    if (span_ids[k] != -2) {
      ids.push_back(span_ids[k]);
      unknown.push_back(false);
      continue;
    }
    const std::string_view text = piece.substr(spans[k].first, spans[k].second - spans[k].first);
    // The fused text may itself be a piece (HuggingFace looks it up before falling back).
    if (const auto found = ids_.find(std::string(text)); found != ids_.end()) {
      ids.push_back(found->second);
      unknown.push_back(false);
      continue;
    }
    if (byte_fallback_) {
      std::vector<int> bytes;
      for (char byte : text) {
        const auto found = ids_.find(byte_piece(static_cast<unsigned char>(byte)));
        if (found == ids_.end()) break;
        bytes.push_back(found->second);
      }
      if (bytes.size() == text.size()) {
        ids.insert(ids.end(), bytes.begin(), bytes.end());
        unknown.insert(unknown.end(), bytes.size(), false);
        continue;
      }
    }
    if (!unk_id_) continue;  // no unk id: the text is dropped rather than failing the whole input
    ids.push_back(*unk_id_);
    unknown.push_back(true);
  }
}

}  // namespace

std::unique_ptr<const SubwordModel> parse_model(const JsonPlace& place, StreamedModelMembers streamed) {
  std::string type;
  const std::optional<JsonPlace> type_place = place.find("type");
  if (type_place) {
    type = type_place->string();
  } else if (place.find("merges")) {
    // Files from before "type" was written: the keys tell the model apart.
    type = "BPE";
  } else if (place.find("vocab") && place.at("vocab").value().is_array()) {
    type = "Unigram";
  } else {
    type = "WordPiece";
  }
  if (type == "BPE") return std::make_unique<Bpe>(place, streamed);
  if (type == "WordPiece") return std::make_unique<WordPiece>(place, streamed);
  if (type == "Unigram") return std::make_unique<Unigram>(place);
  type_place->fail("is \"" + type + "\", not a model this program knows (BPE, WordPiece, Unigram)");
}

}  // namespace core
