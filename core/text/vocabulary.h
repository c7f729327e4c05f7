#pragma once
// The token ↔ id table every tokenizer owns: token t has id i when t is line i of a vocab.txt or
// "t": i in a vocab.json. Ids may have holes (a vocab.json that skips numbers); those print as "<id N>".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tsl/robin_map.h>

#include "text/tokenizer.h"

namespace core {

// Far above any real vocabulary (the largest are about 256k), low enough that a typo in an id
// cannot make us allocate gigabytes for the id → token table.
constexpr std::int64_t max_token_id = (1 << 24) - 1;

class Vocabulary {
 public:
  Vocabulary() = default;
  // tokens[i] gets id i. A token listed twice is found under its last id, as HF's load_vocab does.
  explicit Vocabulary(std::vector<std::string> tokens);

  // Gives id (>= 0) the entry token. A token already present is found under the new id from now on.
  void add(std::string token, int id);
  // Adds token under id (>= 0) when neither is in the vocabulary yet; false (and nothing added) otherwise.
  bool add_new(std::string token, int id);
  // Room for `count` tokens, so that adding them does not rehash (a 128k-entry vocabulary).
  void reserve(std::size_t count) { ids_.reserve(count); }
  std::optional<int> find(std::string_view token) const;
  bool contains(int id) const;
  // The entry for id, or "<id N>" outside the vocabulary.
  std::string token(int id) const;
  // One past the largest id: the rows a token table for this vocabulary needs.
  int size() const { return static_cast<int>(tokens_.size()); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::vector<std::optional<std::string>> tokens_;  // by id
  // Open addressing with each entry's hash kept beside it (robin-map): building a BPE model looks up
  // three tokens for each of up to 280k merges, and a node-based map spends most of that time in
  // cache misses (node, then key).
  tsl::robin_map<std::string, int, Hash, std::equal_to<>, std::allocator<std::pair<std::string, int>>, true> ids_;
};

// Appends id and its vocabulary entry to a tokenization.
void append_token(Tokenization& tokenization, const Vocabulary& vocabulary, int id, bool unknown = false);

}  // namespace core
