#include "text/tokenizer_json.h"

#include <algorithm>

#include "text/json_place.h"
#include "text/tokenizer_json_stream.h"
#include "text/text_pair.h"
#include "text/unicode.h"

namespace core {

namespace {

std::vector<AddedToken> parse_added_tokens(const JsonPlace& list) {
  std::vector<AddedToken> tokens;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonPlace entry = list.at(i);
    AddedToken token;
    token.id = static_cast<int>(entry.at("id").integer(0, max_token_id));
    token.content = entry.at("content").string();
    token.special = entry.boolean_or("special", false);
    token.lstrip = entry.boolean_or("lstrip", false);
    token.rstrip = entry.boolean_or("rstrip", false);
    token.normalized = entry.boolean_or("normalized", !token.special);
    token.single_word = entry.boolean_or("single_word", false);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

JsonTokenizer::JsonTokenizer(const std::filesystem::path& file, TokenizerJsonReading reading) {
  const std::string name = file.filename().string();
  TokenizerJsonDocument document = read_tokenizer_json_document(name, file.string(), reading);
  const JsonPlace root(name, document.root);
  root.object();
  if (const std::optional<JsonPlace> place = root.find("normalizer")) normalizer_ = parse_normalizer(*place);
  if (const std::optional<JsonPlace> place = root.find("pre_tokenizer")) pre_tokenizer_ = parse_pre_tokenizer(*place);
  model_ = parse_model(root.at("model"), std::move(document.model));
  if (const std::optional<JsonPlace> place = root.find("post_processor"); place && !place->value().is_null()) {
    framing_ = parse_post_processor(*place);
  } else {
    framing_.pair = make_pair_template(PairStyle::Repeat, {}, {});  // no post-processor: A B
  }
  if (const std::optional<JsonPlace> place = root.find("decoder")) decoder_ = parse_decoder(*place);
  if (const std::optional<JsonPlace> place = root.find("added_tokens")) added_tokens_ = parse_added_tokens(*place);

  vocabulary_ = model_->vocabulary();
  for (const AddedToken& token : added_tokens_) {
    vocabulary_.add(token.content, token.id);
    (token.normalized ? normalized_tokens_ : raw_tokens_).push_back(&token);
  }
  for (int id : framing_.prefix) {
    if (!vocabulary_.contains(id)) root.at("post_processor").fail("adds id " + std::to_string(id) + ", which the vocabulary lacks");
  }
  for (int id : framing_.suffix) {
    if (!vocabulary_.contains(id)) root.at("post_processor").fail("adds id " + std::to_string(id) + ", which the vocabulary lacks");
  }
}

void JsonTokenizer::encode_stretch(std::string_view text, bool at_start, Tokenization& tokenization) const {
  const std::string normalized = normalizer_ ? normalizer_->normalize(std::string(text)) : std::string(text);
  std::vector<PreToken> pieces;
  std::size_t plain_begin = 0;
  const auto flush_pieces = [&] {
    if (pre_tokenizer_) pre_tokenizer_->pre_tokenize(pieces);
    for (const PreToken& piece : pieces) {
      if (!piece.text.empty()) model_->tokenize(piece.text, tokenization.ids, tokenization.unknown);
    }
    pieces.clear();
  };
  for (const AddedTokenMatch& match : find_added_tokens(normalized, normalized_tokens_)) {
    if (match.begin > plain_begin) {
      pieces.push_back({normalized.substr(plain_begin, match.begin - plain_begin), at_start && plain_begin == 0});
    }
    flush_pieces();
    tokenization.ids.push_back(match.token->id);
    tokenization.unknown.push_back(false);
    plain_begin = match.end;
  }
  if (plain_begin < normalized.size()) {
    pieces.push_back({normalized.substr(plain_begin), at_start && plain_begin == 0});
  }
  flush_pieces();
}

Tokenization JsonTokenizer::encode(std::string_view text, bool add_special_tokens) const {
  const std::string valid = sanitize_utf8(text);
  Tokenization tokenization;
  if (add_special_tokens) {
    tokenization.ids = framing_.prefix;
    tokenization.unknown.assign(framing_.prefix.size(), false);
  }
  std::size_t plain_begin = 0;
  for (const AddedTokenMatch& match : find_added_tokens(valid, raw_tokens_)) {
    if (match.begin > plain_begin) {
      encode_stretch(std::string_view(valid).substr(plain_begin, match.begin - plain_begin), plain_begin == 0,
                     tokenization);
    }
    tokenization.ids.push_back(match.token->id);
    tokenization.unknown.push_back(false);
    plain_begin = match.end;
  }
  if (plain_begin < valid.size()) encode_stretch(std::string_view(valid).substr(plain_begin), plain_begin == 0, tokenization);
  if (add_special_tokens) {
    tokenization.ids.insert(tokenization.ids.end(), framing_.suffix.begin(), framing_.suffix.end());
    tokenization.unknown.insert(tokenization.unknown.end(), framing_.suffix.size(), false);
  }
  tokenization.tokens.reserve(tokenization.ids.size());
  for (int id : tokenization.ids) tokenization.tokens.push_back(vocabulary_.token(id));
  tokenization.untruncated_length = tokenization.size();
  return tokenization;
}

std::string JsonTokenizer::token(int id) const {
  return vocabulary_.token(id);
}

int JsonTokenizer::vocab_size() const {
  return vocabulary_.size();
}

std::string JsonTokenizer::decode(std::span<const int> ids) const {
  std::vector<std::string> tokens;
  for (int id : ids) {
    const bool special = std::any_of(added_tokens_.begin(), added_tokens_.end(),
                                     [&](const AddedToken& token) { return token.special && token.id == id; });
    if (!special) tokens.push_back(vocabulary_.token(id));
  }
  std::string text;
  if (decoder_) {
    for (const std::string& piece : decoder_->decode_chain(std::move(tokens))) text += piece;
  } else {
    for (const std::string& token : tokens) text += (text.empty() ? "" : " ") + token;
  }
  return sanitize_utf8(text);
}

void JsonTokenizer::set_framing(Framing framing) {
  if (!framing.pair) {
    // as HF's LlamaTokenizerFast.update_post_processor writes it: bos:0 $A:0 eos:0 bos:1 $B:1 eos:1
    PairTemplate layout;
    for (const int type : {0, 1}) {
      for (const int id : framing.prefix) layout.pieces.push_back({-1, id, type});
      layout.pieces.push_back({type, 0, type});
      for (const int id : framing.suffix) layout.pieces.push_back({-1, id, type});
    }
    framing.pair = std::move(layout);
  }
  framing_ = std::move(framing);
}

}  // namespace core
