#pragma once
// What an attention view is given: one layer's α̂ for every head (or the with-PE minus without-PE
// difference), with the token labels of both axes. Views draw this and compute nothing.

#include <vector>

#include <QString>
#include <QVector>

#include "analysis.h"
#include "analysis/methods/attention_method.h"
#include "analysis/reading/token_reading.h"
#include "layer_steps.h"
#include "tensor/tensor.h"

namespace ui {

struct TokenLabel {
  QString text;          // the vocabulary entry, as the model sees it ("▁Le", "##ing", "Ġthe")
  bool unknown = false;  // the text had no vocabulary entry
  bool sink = false;     // the first token or a special token ([CLS], </s>): where idle heads park weight

  // What labels show: the decoded piece ("Ġthe" → "the", "▁Le" → "Le"); tooltips keep text.
  QString shown() const { return displayToken(text); }
  static QString displayToken(const QString& raw);
};

struct TokenSequence {
  QVector<TokenLabel> tokens;
  int droppedCount = 0;  // tokens cut off beyond the model's maximum length
};

TokenSequence tokenSequence(const core::Tokenization& tokenization);

enum class ValueScale {
  Weights,     // α̂ in [0, 1]
  Difference,  // α̂ with PE − α̂ without PE, in [−1, 1]
  Magnitude,   // lengths ≥ 0 (norm-based attention), coloured on [0, extent]
};

struct AttentionSlice {
  LayerStep step;
  TokenSequence queries;  // rows
  TokenSequence keys;     // columns
  std::vector<core::RowMatrix> heads;  // per head, (queries, keys)
  bool causal = false;    // masked self-attention: key > query never attended
  ValueScale scale = ValueScale::Weights;
  float extent = 1.0f;    // Difference: the largest |value| in the layer, the colour scale's end
  // Difference: what minus what, for titles and legends ("edited − as typed"); empty: the PE
  // difference ("with PE − without PE")
  QString differenceName;
  int newestQuery = -1;   // generation stepper: the row of the token produced last, or −1
  // From the layer's core::AttentionSpec:
  int window = 0;   // sliding window W: query i sees keys i − W < j ≤ i only; 0: every earlier key
  int kvHeads = 0;  // key/value heads; fewer than the query heads: grouped-query attention
  // What the matrices are (docs/methods.md); a per-layer method has one matrix for all heads.
  core::AttentionMethod method = core::AttentionMethod::Raw;
  // How the tokens are read (docs/reading.md): words merged, tokens hidden; the axes above are
  // then words and the kept tokens.
  core::ReadingOptions reading{};
  // Per head: the share of each row's total on the sink keys (the first token and the special
  // tokens), averaged over the rows, measured before any token is hidden or merged.
  std::vector<double> sinkShare;

  bool perLayer() const { return !core::is_per_head(method); }

  bool empty() const { return heads.empty() || queries.tokens.isEmpty() || keys.tokens.isEmpty(); }
  int headCount() const { return static_cast<int>(heads.size()); }
  int rows() const { return static_cast<int>(queries.tokens.size()); }
  int cols() const { return static_cast<int>(keys.tokens.size()); }
  // Query heads per key/value head: 1 for multi-head attention, headCount() for multi-query.
  int groupSize() const { return grouped() ? headCount() / kvHeads : 1; }
  bool grouped() const { return kvHeads > 0 && kvHeads < headCount() && headCount() % kvHeads == 0; }
  // The key is before the query's window (j ≤ i − W): masked like a later key, whatever α̂ says.
  bool isOutsideWindow(int query, int key) const { return window > 0 && key <= query - window; }
  bool isMasked(int query, int key) const { return (causal && key > query) || isOutsideWindow(query, key); }
};

struct SliceOptions {
  bool positionalEncoding = true;
  ValueScale scale = ValueScale::Weights;
  // Generation stepper: show the decoder after it has read this many tokens (its first rows; exact,
  // because causal masking makes row i independent of later tokens). −1: all of them.
  int decoderLength = -1;
  // A method's matrices (MethodTrace::trace) to show instead of the analysis's α̂; the difference
  // scale does not apply to them. nullptr: raw α̂.
  const core::AttentionTrace* methodTrace = nullptr;
  core::AttentionMethod method = core::AttentionMethod::Raw;
  // Words merged and tokens hidden (ViewState::reading); default: every token as it is.
  core::ReadingOptions reading{};
};

// What the reading does, for a view's caption: "words: keys summed, queries averaged · special
// tokens hidden, rows rescaled · “the” hidden"; empty for every token as it is (translated).
QString readingCaption(const core::ReadingOptions& reading);

// An empty slice when the analysis lacks the trace (still computing, or an input error).
AttentionSlice makeSlice(const Analysis& analysis, const LayerStep& step, const SliceOptions& options);

}  // namespace ui
