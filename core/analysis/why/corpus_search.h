#pragma once
// Corpus search (exBERT, Hoover et al. 2020): where in a corpus does one head attend most from or
// to a given token? For every sentence, with α̂ the head's weights (query i, key j):
//   From:    every query i whose token is T, with its strongest key:  weight = max_j α̂_{i,j}
//   To:      every (query i, key j) whose key token is T:              weight = α̂_{i,j}
//   TopKey:  every query i whose strongest key j* = argmax_j α̂_{i,j} is T: weight = α̂_{i,j*}
// Several heads of one attention kind can be searched at once (a set of layer/head pairs, or every
// head of a layer): each head's hits are found as above, and all of them ranked together, a hit
// naming its head. The hits are ranked by weight (largest first; ties by sentence, then layer,
// head, query and key) and the best `limit` kept. T is matched by id: the vocabulary entry T itself, or the one token T (or
// " T") tokenises as, so "the" finds "Ġthe" and "▁the". docs/methods.md ("Corpus search").

#include <string>
#include <vector>

#include "analysis/methods/method_options.h"
#include "analysis/why/corpus_sentences.h"
#include "model/model.h"
#include "model/trace.h"
#include "text/tokenizer.h"

namespace core {

enum class SearchMode { From, To, TopKey };
const char* to_string(SearchMode mode);  // "from", "to", "top-key"

struct SearchHit {
  std::size_t sentence = 0;  // index into CorpusSearch::sentences
  HeadRef head;              // the head that attends so
  int query = 0;             // query position
  int key = 0;               // key position
  std::string query_token;
  std::string key_token;
  double weight = 0.0;       // α̂_{query, key}
};

struct CorpusSearch {
  HeadRef head;                           // the first head searched
  std::vector<HeadRef> heads;             // every head searched, in the order given
  SearchMode mode = SearchMode::From;
  std::string token;                      // T as asked
  std::vector<int> ids;                   // the ids T matches
  std::vector<CorpusSentence> sentences;  // the sentences read (a hit names one by index)
  std::vector<SearchHit> hits;            // best first, at most limit
  long long matches = 0;                  // every hit found, before the limit
};

struct SearchOptions {
  SearchMode mode = SearchMode::From;
  int limit = 20;           // hits kept (≥ 1)
  MethodProgress progress;  // after each sentence; returning false cancels (core::Cancelled)
};

// The ids token matches in tokenizer: its vocabulary entry, or the single token "T" or " T"
// encodes to (no special tokens added). Throws core::InputError naming the token and how it
// tokenises when it matches none: 'token "walking" is not one token of this model: it tokenises
// as "walk" "ing"; search for one of those'.
std::vector<int> search_token_ids(const Tokenizer& tokenizer, const std::string& token);

// The search over the corpus sentences; notes as for_each_corpus_pass. Throws core::InputError
// for a head the model does not have, an unknown token (before any pass), a limit below 1;
// core::Cancelled when cancelled.
CorpusSearch search_corpus(const Model& model, const std::vector<CorpusSentence>& sentences,
                           const std::string& corpus_name, const HeadRef& head, const std::string& token,
                           const SearchOptions& options = {}, const ForwardOptions& forward_options = {},
                           const CorpusNote& note = {});

// The same over several heads of one kind, in one pass per sentence. Throws core::InputError as
// above, for no heads, for heads of different kinds, and for a head given twice.
CorpusSearch search_corpus(const Model& model, const std::vector<CorpusSentence>& sentences,
                           const std::string& corpus_name, const std::vector<HeadRef>& heads,
                           const std::string& token, const SearchOptions& options = {},
                           const ForwardOptions& forward_options = {}, const CorpusNote& note = {});

// Every head of one layer: {kind, layer, 0}, {kind, layer, 1}, … Throws core::InputError for a
// layer the model does not have.
std::vector<HeadRef> heads_of_layer(const ModelSpec& spec, AttentionKind kind, int layer);

}  // namespace core
