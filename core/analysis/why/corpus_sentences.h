#pragma once
// The corpus the "why a head attends" tools read (the query/key map, corpus search): UTF-8 text,
// one sentence per line, "source<TAB>target" for an encoder-decoder model's target, as in
// analysis/corpus_head_table.h. Each sentence is run through the model in turn:
//   line n → prepare_inputs → forward (recording one layer) → the tool's reading of it
// What happens to each kind of line (docs/methods.md, "Corpus files"):
//   blank lines            skipped silently
//   longer than 1 MiB      skipped, with a note naming the line
//   more tokens than the model reads
//                          cut to the model's maximum length (as every view cuts it), with a note
//   a line the model cannot read (an id outside its table, …)
//                          skipped, with a note naming the line and the reason
//   no sentence at all     core::InputError "FILE: no sentences: …"

#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "analysis/methods/method_options.h"
#include "model/model.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"

namespace core {

struct CorpusSentence {
  long long line = 0;  // line number in the file, from 1
  std::string text;    // the source (or the only) text
  std::string target;  // after a tab; empty otherwise
};

// Receives one message per skipped or cut line, "<name>:<line>: …" (as corpus_head_table.h's).
using CorpusNote = std::function<void(const std::string& message)>;

// Every non-blank line of corpus (named corpus_name in messages), in order. Throws InputError
// when reading fails or when no line holds a sentence ("corpus.txt: no sentences: the file is
// empty" or "…: every line is blank").
std::vector<CorpusSentence> read_corpus_sentences(std::istream& corpus, const std::string& corpus_name,
                                                  const CorpusNote& note = {});

// The sentence a pass read, with its place in the corpus.
struct CorpusPass {
  std::size_t index = 0;  // in the sentences given
  const CorpusSentence* sentence = nullptr;
  ModelInput input;       // tokens as the model read them (cut when too long)
  ForwardResult result;   // with `record`'s layers recorded
};

// The tokens an attention kind's queries and keys are: the source for encoder self-attention, the
// decoder input for decoder self-attention; cross-attention's queries are the decoder's, its keys
// the source's.
const Tokenization& query_tokens(const ModelInput& input, AttentionKind kind);
const Tokenization& key_tokens(const ModelInput& input, AttentionKind kind);

// Runs every sentence through the model, recording the layers in `record`, and gives each pass to visit
// in order. Notes lines that were cut or could not be read (and skips the latter); reports
// progress after each sentence (core::Cancelled when the callback says stop, the message naming
// `what`). Throws MemoryBudgetError naming the line when one pass is over the budget.
void for_each_corpus_pass(const Model& model, const std::vector<CorpusSentence>& sentences,
                          const std::string& corpus_name, const std::vector<LayerRef>& record,
                          const ForwardOptions& forward_options,
                          const MethodProgress& progress, const std::string& what,
                          const std::function<void(const CorpusPass&)>& visit, const CorpusNote& note = {});

}  // namespace core
