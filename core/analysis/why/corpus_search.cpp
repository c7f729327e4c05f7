#include "analysis/why/corpus_search.h"

#include <algorithm>
#include <tuple>

#include "analysis/why/qk_view.h"
#include "tensor/errors.h"

namespace core {

namespace {

// Larger weight first; ties in corpus order, so the ranking never depends on how hits arrived.
bool ranks_before(const SearchHit& a, const SearchHit& b) {
  if (a.weight != b.weight) return a.weight > b.weight;
  return std::tie(a.sentence, a.head.layer, a.head.head, a.query, a.key) <
         std::tie(b.sentence, b.head.layer, b.head.head, b.query, b.key);
}

// Keeps the best `limit` of hits, best first.
void keep_best(std::vector<SearchHit>& hits, std::size_t limit) {
  std::sort(hits.begin(), hits.end(), ranks_before);
  if (hits.size() > limit) hits.resize(limit);
}

// The tokenizer whose tokens the search compares with T: the queries' (From) or the keys'.
const Tokenizer& searched_tokenizer(const Model& model, AttentionKind kind, SearchMode mode) {
  const bool queries = mode == SearchMode::From;
  const bool source = kind == AttentionKind::EncoderSelf || (kind == AttentionKind::DecoderCross && !queries);
  return source ? model.source_tokenizer() : model.target_tokenizer();
}

std::string quoted_pieces(const Tokenization& tokens) {
  std::string pieces;
  for (const std::string& piece : tokens.tokens) pieces += (pieces.empty() ? "\"" : " \"") + piece + "\"";
  return pieces;
}

}  // namespace

const char* to_string(SearchMode mode) {
  switch (mode) {
    case SearchMode::From: return "from";
    case SearchMode::To: return "to";
    case SearchMode::TopKey: return "top-key";
  }
  return "from";
}

std::vector<int> search_token_ids(const Tokenizer& tokenizer, const std::string& token) {
  if (token.empty()) throw InputError("the token to search for is empty");
  std::vector<int> ids;
  // the vocabulary entry itself ("Ġthe", "##ing", "[SEP]")
  for (int id = 0; id < tokenizer.vocab_size(); ++id) {
    if (tokenizer.token(id) == token) ids.push_back(id);
  }
  // the one token the text is, at the start of a sentence or after a space
  const Tokenization alone = tokenizer.encode(token, false);
  const Tokenization spaced = tokenizer.encode(" " + token, false);
  for (const Tokenization* encoded : {&alone, &spaced}) {
    if (encoded->size() == 1 && !encoded->unknown[0]) ids.push_back(encoded->ids[0]);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) {
    const Tokenization& shown = alone.size() > 0 ? alone : spaced;
    std::string how = shown.size() == 0 ? "it gives no tokens at all" : "it tokenises as " + quoted_pieces(shown);
    if (shown.size() == 1) how += " (the unknown token)";
    throw InputError("token \"" + token + "\" is not one token of this model: " + how +
                     (shown.size() > 1 ? "; search for one of those" : ""));
  }
  return ids;
}

CorpusSearch search_corpus(const Model& model, const std::vector<CorpusSentence>& sentences,
                           const std::string& corpus_name, const HeadRef& head, const std::string& token,
                           const SearchOptions& options, const ForwardOptions& forward_options,
                           const CorpusNote& note) {
  return search_corpus(model, sentences, corpus_name, std::vector<HeadRef>{head}, token, options, forward_options,
                       note);
}

CorpusSearch search_corpus(const Model& model, const std::vector<CorpusSentence>& sentences,
                           const std::string& corpus_name, const std::vector<HeadRef>& heads,
                           const std::string& token, const SearchOptions& options,
                           const ForwardOptions& forward_options, const CorpusNote& note) {
  if (heads.empty()) throw InputError("choose at least one head to search");
  for (std::size_t n = 0; n < heads.size(); ++n) {
    check_head(model.spec(), heads[n]);
    if (heads[n].kind != heads.front().kind) {
      throw InputError("the heads to search are of one attention kind: " + std::string(to_string(heads.front().kind)) +
                       " and " + to_string(heads[n].kind) + " were given");
    }
    if (std::find(heads.begin(), heads.begin() + static_cast<std::ptrdiff_t>(n), heads[n]) !=
        heads.begin() + static_cast<std::ptrdiff_t>(n)) {
      throw InputError("layer " + std::to_string(heads[n].layer) + " head " + std::to_string(heads[n].head) +
                       " is given twice");
    }
  }
  if (options.limit < 1) throw InputError("the number of hits to list must be at least 1, not " + std::to_string(options.limit));
  const AttentionKind kind = heads.front().kind;
  CorpusSearch search;
  search.head = heads.front();
  search.heads = heads;
  search.mode = options.mode;
  search.token = token;
  search.ids = search_token_ids(searched_tokenizer(model, kind, options.mode), token);
  const std::size_t limit = static_cast<std::size_t>(options.limit);
  const auto matches = [&](int id) { return std::binary_search(search.ids.begin(), search.ids.end(), id); };
  std::vector<SearchHit> hits;
  const auto visit = [&](const CorpusPass& pass) {
    const Tokenization& queries = query_tokens(pass.input, kind);
    const Tokenization& keys = key_tokens(pass.input, kind);
    const std::size_t sentence = search.sentences.size();
    search.sentences.push_back(*pass.sentence);
    for (const HeadRef& head : heads) {
      const RowMatrix alpha_hat = pass.result.trace.attention(head.kind, head.layer, head.head);
      const auto add = [&](Eigen::Index i, Eigen::Index j) {
        hits.push_back({sentence, head, static_cast<int>(i), static_cast<int>(j),
                        queries.tokens[static_cast<std::size_t>(i)], keys.tokens[static_cast<std::size_t>(j)],
                        alpha_hat(i, j)});
        ++search.matches;
      };
      for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) {
        // j* = argmax_j α̂_{i,j} (the first of equal maxima)
        Eigen::Index top = 0;
        alpha_hat.row(i).maxCoeff(&top);
        if (options.mode == SearchMode::From && matches(queries.ids[static_cast<std::size_t>(i)])) add(i, top);
        if (options.mode == SearchMode::TopKey && matches(keys.ids[static_cast<std::size_t>(top)])) add(i, top);
        if (options.mode == SearchMode::To) {
          for (Eigen::Index j = 0; j < alpha_hat.cols(); ++j) {
            // a masked key (α̂ = 0) is not attended to at all
            if (matches(keys.ids[static_cast<std::size_t>(j)]) && alpha_hat(i, j) > 0.0f) add(i, j);
          }
        }
      }
    }
    if (hits.size() > 4 * limit + 1024) keep_best(hits, limit);  // memory for the best few only
  };
  for_each_corpus_pass(model, sentences, corpus_name, {}, forward_options, options.progress,
                       "corpus search", visit, note);
  keep_best(hits, limit);
  search.hits = std::move(hits);
  return search;
}

std::vector<HeadRef> heads_of_layer(const ModelSpec& spec, AttentionKind kind, int layer) {
  check_head(spec, {kind, layer, 0});
  std::vector<HeadRef> heads;
  for (int head = 0; head < spec.attention(kind, layer).heads; ++head) heads.push_back({kind, layer, head});
  return heads;
}

}  // namespace core
