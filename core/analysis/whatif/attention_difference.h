#pragma once
// The difference of two attention traces, cell by cell over aligned tokens (token_alignment.h):
//   D^{l,h}[m, n] = α̂_after^{l,h}[q_after(m), k_after(n)] − α̂_before^{l,h}[q_before(m), k_before(n)]
// where m runs over the matched query tokens and n over the matched key tokens of layer l's kind
// (encoder self-attention: source × source; decoder self: target × target; cross: target × source).
// Positive: the token gained weight; negative: it lost weight. Unmatched tokens have no cell.
// Rows of an edited input no longer sum to 1 over the matched keys alone, so D is read cell by cell.
// The axes may be read (comparison.h): their entries are then words or kept tokens, matched by
// axis_alignment.h, and α̂ stands for whatever matrix both traces hold (a method's, read).

#include <vector>

#include "analysis/whatif/token_alignment.h"
#include "model/trace.h"

namespace core {

struct LayerDifference {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  std::vector<RowMatrix> heads;  // D^{l,h}: (matched queries, matched keys) per head
  float largest = 0;             // max over heads and cells of |D|
};

// The entries of each axis matched before → after. A side's queries and keys are the same
// entries unless a text pair's filter shows one text's queries and the other's keys.
struct AxisAlignment {
  TokenAlignment source_queries;
  TokenAlignment source_keys;
  TokenAlignment target_queries;
  TokenAlignment target_keys;
};

struct AttentionDifference {
  TokenAlignment source;                // encoder entries as queries, before → after
  TokenAlignment target;                // decoder entries as queries, before → after
  TokenAlignment source_keys;           // encoder entries as keys (source, unless a pair filter splits them)
  TokenAlignment target_keys;           // decoder entries as keys
  std::vector<LayerDifference> layers;  // every layer of every kind the traces have, in trace order
  float largest = 0;                    // max over layers

  // The layer of this kind (nullptr when the traces have none).
  const LayerDifference* find(AttentionKind kind, int layer) const;
};

// The alignment of a kind's queries and keys (cross: target queries, source keys).
const TokenAlignment& query_alignment(const AttentionDifference& difference, AttentionKind kind);
const TokenAlignment& key_alignment(const AttentionDifference& difference, AttentionKind kind);

// Throws core::InputError when the traces have different layers or heads for a kind (naming the
// kind, layer and both counts) or an alignment names a position a trace does not have.
// Works on dense and on-demand traces (each head's α̂ read through AttentionTrace::attention).
AttentionDifference attention_difference(const AttentionTrace& before, const AttentionTrace& after,
                                         const AxisAlignment& axes);
// The same with one alignment for a side's queries and keys (every token as it is).
AttentionDifference attention_difference(const AttentionTrace& before, const AttentionTrace& after,
                                         const TokenAlignment& source, const TokenAlignment& target);

}  // namespace core
