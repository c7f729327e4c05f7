#include "text/vocabulary.h"

#include <utility>

namespace core {

Vocabulary::Vocabulary(std::vector<std::string> tokens) {
  tokens_.reserve(tokens.size());
  ids_.reserve(tokens.size());
  for (std::string& token : tokens) {
    ids_.insert_or_assign(token, static_cast<int>(tokens_.size()));
    tokens_.emplace_back(std::move(token));
  }
}

void Vocabulary::add(std::string token, int id) {
  const auto index = static_cast<std::size_t>(id);
  if (index >= tokens_.size()) tokens_.resize(index + 1);
  ids_.insert_or_assign(token, id);
  tokens_[index] = std::move(token);
}

bool Vocabulary::add_new(std::string token, int id) {
  const auto index = static_cast<std::size_t>(id);
  if (contains(id)) return false;
  const auto [entry, added] = ids_.try_emplace(token, id);
  if (!added) return false;
  if (index >= tokens_.size()) tokens_.resize(index + 1);
  tokens_[index] = std::move(token);
  return true;
}

std::optional<int> Vocabulary::find(std::string_view token) const {
  const auto found = ids_.find(token);
  if (found == ids_.end()) return std::nullopt;
  return found->second;
}

bool Vocabulary::contains(int id) const {
  return id >= 0 && static_cast<std::size_t>(id) < tokens_.size() && tokens_[static_cast<std::size_t>(id)];
}

std::string Vocabulary::token(int id) const {
  if (!contains(id)) return "<id " + std::to_string(id) + ">";
  return *tokens_[static_cast<std::size_t>(id)];
}

void append_token(Tokenization& tokenization, const Vocabulary& vocabulary, int id, bool unknown) {
  tokenization.tokens.push_back(vocabulary.token(id));
  tokenization.ids.push_back(id);
  tokenization.unknown.push_back(unknown);
}

}  // namespace core
