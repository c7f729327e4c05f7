#include "analysis/whatif/token_edit.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "tensor/errors.h"

namespace core {

const char* to_string(TokenEditKind kind) {
  switch (kind) {
    case TokenEditKind::Mask: return "mask";
    case TokenEditKind::Delete: return "delete";
    case TokenEditKind::Replace: return "replace";
  }
  return "mask";
}

namespace {

// The first id whose vocabulary entry is one of names, in the order of names.
std::optional<int> find_token(const Tokenizer& tokenizer, std::span<const std::string_view> names) {
  std::vector<std::optional<int>> found(names.size());
  for (int id = 0; id < tokenizer.vocab_size(); ++id) {
    const std::string token = tokenizer.token(id);
    for (std::size_t n = 0; n < names.size(); ++n) {
      if (!found[n] && token == names[n]) found[n] = id;
    }
  }
  for (const std::optional<int>& id : found) {
    if (id) return id;
  }
  return std::nullopt;
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace

std::optional<int> mask_token_id(const Tokenizer& tokenizer) {
  static constexpr std::array<std::string_view, 5> names = {"[MASK]", "<mask>", "[UNK]", "<unk>", "<UNK>"};
  return find_token(tokenizer, names);
}

EditedTokens apply_token_edit(const Tokenizer& tokenizer, const Tokenization& tokens, const TokenEdit& edit) {
  const std::size_t length = tokens.size();
  if (edit.position >= length) {
    throw InputError("cannot " + std::string(to_string(edit.kind)) + " token " + std::to_string(edit.position) +
                     ": the input has " + std::to_string(length) + " tokens (positions 0 to " +
                     std::to_string(length == 0 ? 0 : length - 1) + ")");
  }
  const std::string& edited = tokens.tokens[edit.position];
  // the pieces that take position edit.position's place (none for a deletion)
  Tokenization inserted;
  switch (edit.kind) {
    case TokenEditKind::Mask: {
      const std::optional<int> mask = mask_token_id(tokenizer);
      if (!mask) {
        throw InputError("cannot mask token " + std::to_string(edit.position) + " " + quoted(edited) +
                         ": the vocabulary has no mask token ([MASK], <mask>) and no unknown token ([UNK], <unk>); "
                         "delete or replace it instead");
      }
      inserted.ids = {*mask};
      inserted.tokens = {tokenizer.token(*mask)};
      inserted.unknown = {false};
      break;
    }
    case TokenEditKind::Delete:
      if (length == 1) {
        throw InputError("cannot delete token 0 " + quoted(edited) +
                         ": it is the only token, and the model needs at least one");
      }
      break;
    case TokenEditKind::Replace: {
      inserted = tokenizer.encode(edit.replacement, false);
      if (inserted.size() == 0) {
        throw InputError("cannot replace token " + std::to_string(edit.position) + " " + quoted(edited) + " with " +
                         quoted(edit.replacement) + ": it has no tokens");
      }
      for (std::size_t i = 0; i < inserted.size(); ++i) {
        if (i < inserted.unknown.size() && inserted.unknown[i]) {
          throw InputError("cannot replace token " + std::to_string(edit.position) + " " + quoted(edited) + " with " +
                           quoted(edit.replacement) + ": the vocabulary has no token for it (piece " +
                           std::to_string(i + 1) + " of " + std::to_string(inserted.size()) +
                           " would be read as the unknown token " + quoted(inserted.tokens[i]) + ")");
        }
      }
      break;
    }
  }

  EditedTokens result;
  Tokenization& out = result.tokens;
  out.untruncated_length = tokens.untruncated_length;
  out.truncated = tokens.truncated;
  // a text pair's token types and sequence ids go with their tokens; new pieces take the edited token's
  const bool pair = tokens.type_ids.size() == length && tokens.sequence_ids.size() == length;
  const auto keep = [&](std::size_t i) {
    out.tokens.push_back(tokens.tokens[i]);
    out.ids.push_back(tokens.ids[i]);
    out.unknown.push_back(i < tokens.unknown.size() && tokens.unknown[i]);
    if (pair) {
      out.type_ids.push_back(tokens.type_ids[i]);
      out.sequence_ids.push_back(tokens.sequence_ids[i]);
    }
    result.origin.push_back(static_cast<int>(i));
  };
  for (std::size_t i = 0; i < edit.position; ++i) keep(i);
  for (std::size_t j = 0; j < inserted.size(); ++j) {
    out.tokens.push_back(inserted.tokens[j]);
    out.ids.push_back(inserted.ids[j]);
    out.unknown.push_back(false);
    if (pair) {
      out.type_ids.push_back(tokens.type_ids[edit.position]);
      out.sequence_ids.push_back(tokens.sequence_ids[edit.position]);
    }
    // a one-for-one edit keeps the position's identity; extra pieces are new
    result.origin.push_back(inserted.size() == 1 ? static_cast<int>(edit.position) : -1);
  }
  for (std::size_t i = edit.position + 1; i < length; ++i) keep(i);
  return result;
}

EditedTokens apply_token_edits(const Tokenizer& tokenizer, const Tokenization& tokens,
                               std::span<const TokenEdit> edits) {
  EditedTokens result;
  result.tokens = tokens;
  for (std::size_t i = 0; i < tokens.size(); ++i) result.origin.push_back(static_cast<int>(i));
  for (const TokenEdit& edit : edits) {
    // where the token edit.position of the input as given sits now
    const auto now = std::find(result.origin.begin(), result.origin.end(), static_cast<int>(edit.position));
    if (edit.position < tokens.size() && now == result.origin.end()) {
      throw InputError("cannot " + std::string(to_string(edit.kind)) + " token " + std::to_string(edit.position) + " " +
                       quoted(tokens.tokens[edit.position]) +
                       ": an earlier edit deleted it or replaced it with several tokens");
    }
    TokenEdit moved = edit;
    if (now != result.origin.end()) moved.position = static_cast<std::size_t>(now - result.origin.begin());
    EditedTokens step = apply_token_edit(tokenizer, result.tokens, moved);
    // origin after this step = origin before it, looked up through this step's own origin
    for (int& o : step.origin) o = o < 0 ? -1 : result.origin[static_cast<std::size_t>(o)];
    result = std::move(step);
  }
  return result;
}

}  // namespace core
