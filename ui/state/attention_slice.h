#pragma once
// What an attention view is given: one layer's α̂ for every head (or, from the DifferenceView, a
// comparison's B − A), with the token labels of both axes. Views draw this and compute nothing.

#include <functional>
#include <thread>
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
// The axis as read (words, kept tokens): one label per entry, unknown and sink when any of its
// tokens is.
TokenSequence readSequence(const TokenSequence& sequence, const core::ReadingAxis& axis);

// A head's word-graph lines of a long text without its matrix: per query, its `perQuery` heaviest
// drawable keys (unmasked, α̂ > 0, in the top-p set when one was asked for), heaviest first (ties:
// the earlier key), exactly the lines WordGraphWidget draws before its threshold (views/view_slices.h).
struct HeadLines {
  int perQuery = 0;
  float topP = 0.0f;            // the top-p filter the candidates went through; 0: none
  std::vector<int> counts;      // [query]: candidates kept (≤ perQuery)
  std::vector<int> keys;        // [query * perQuery + n]
  std::vector<float> weights;   // [query * perQuery + n]

  bool empty() const { return counts.empty(); }
  // α̂(query, key) when the key is among the query's candidates, else nullptr.
  const float* weight(int query, int key) const;
};

// The lines of one head (values: (queries, keys)), as WordGraphWidget would draw them before its
// threshold: per query the k heaviest unmasked keys with α̂ > 0 (in the top-p set when topP > 0).
// isMasked(query, key): the slice's mask.
HeadLines headLines(const core::RowMatrix& values, int k, float topP, const std::function<bool(int, int)>& isMasked);

enum class ValueScale {
  Weights,     // α̂ in [0, 1]
  Difference,  // B − A of two passes (DifferenceView: edits, sentences, checkpoints, PE), in [−1, 1]
  Magnitude,   // lengths ≥ 0 (norm-based attention), coloured on [0, extent]
};

struct AttentionSlice {
  LayerStep step;
  TokenSequence queries;  // rows
  TokenSequence keys;     // columns
  std::vector<core::RowMatrix> heads;  // per head, (queries, keys); 0 × 0 when dropped (below)
  // A long text's view slice keeps one head's matrix (the one the heatmap draws); the others are
  // dropped after their thumbnail and their word-graph lines (lines) are made. recompute gives a
  // dropped head's matrix again (it costs one α̂: call it off the GUI thread). Empty otherwise.
  std::vector<HeadLines> lines;        // per head; empty: no head was dropped
  std::function<core::RowMatrix(int head)> recompute;
  bool causal = false;    // masked self-attention: key > query never attended
  ValueScale scale = ValueScale::Weights;
  float extent = 1.0f;    // Difference: the largest |value| in the layer, the colour scale's end
  // Difference: what minus what, for titles and legends ("B − A (edited − as typed)")
  QString differenceName;
  int newestQuery = -1;   // generation stepper: the row of the token produced last, or −1
  // From the layer's core::AttentionSpec:
  int window = 0;   // sliding window W: query i sees keys i − W < j ≤ i only; 0: every earlier key
  int kvHeads = 0;  // key/value heads; fewer than the query heads: grouped-query attention
  // What the matrices are (docs/methods.md); a per-layer method has one matrix for all heads.
  core::AttentionMethod method = core::AttentionMethod::Raw;
  // What part of the method was computed, for titles ("queries sampled: 64 of 4096 (other rows
  // 0)": a long input's sample, attention_methods.h); empty: all of it.
  QString methodNote{};
  // Rollout and flow: the heads each layer's Â averaged (from 0); empty: every head.
  std::vector<int> methodHeads{};
  // How the tokens are read (docs/reading.md): words merged, tokens hidden; the axes above are
  // then words and the kept tokens.
  core::ReadingOptions reading{};
  // Read: the token positions (in the analysis's tokens, increasing) each row and each column
  // stands for, a word's pieces or one kept token; hidden tokens are in none. Empty when every
  // token is as it is (row i is token i).
  std::vector<std::vector<int>> queryTokens{};
  std::vector<std::vector<int>> keyTokens{};
  // Per head: the share of each row's total on the sink keys (the first token and the special
  // tokens), averaged over the rows, measured before any token is hidden or merged.
  std::vector<double> sinkShare;
  // The thread makeSlice ran on: a long input's (on-demand) view slices are built on the
  // JobRunner (ui/views/view_slices.h), never on the GUI thread.
  std::thread::id builtOn{};

  bool perLayer() const { return !core::is_per_head(method); }

  bool empty() const { return heads.empty() || queries.tokens.isEmpty() || keys.tokens.isEmpty(); }
  // The head's matrix is held (not dropped for a long text's view: lines and recompute).
  bool hasMatrix(int head) const {
    return head >= 0 && head < headCount() && heads[static_cast<std::size_t>(head)].rows() == rows() &&
           heads[static_cast<std::size_t>(head)].cols() == cols();
  }
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
  // Generation stepper: show the decoder after it has read this many tokens (its first rows; exact,
  // because causal masking makes row i independent of later tokens). −1: all of them.
  int decoderLength = -1;
  // A method's matrices (MethodTrace::trace) to show instead of the analysis's α̂. nullptr: raw α̂.
  const core::AttentionTrace* methodTrace = nullptr;
  core::AttentionMethod method = core::AttentionMethod::Raw;
  QString methodNote{};  // AttentionSlice::methodNote, with methodTrace
  std::vector<int> methodHeads{};  // AttentionSlice::methodHeads, with methodTrace
  // ≥ 0: only this head's matrix is computed (the overview fills a long input head by head, one
  // α̂ at a time); the other heads' matrices stay empty (0 × 0) and their sink share 0. −1: every head.
  int onlyHead = -1;
  // Words merged and tokens hidden (ViewState::reading); default: every token as it is.
  core::ReadingOptions reading{};
};

// What the reading does, for a view's caption: "words: keys summed, queries averaged · special
// tokens hidden, rows rescaled · “the” hidden"; empty for every token as it is (translated).
QString readingCaption(const core::ReadingOptions& reading);

// An empty slice when the analysis lacks the trace (still computing, or an input error).
AttentionSlice makeSlice(const Analysis& analysis, const LayerStep& step, const SliceOptions& options);

// A slice of every token (makeSlice without a reading) whose matrices were then changed — averaged
// over heads, replaced by a rollout (the Heads tab's Rollout page) — read as reading says, as
// makeSlice would have read them: every held matrix through core::read_matrix, the axes relabelled.
// Returned as it is when reading is the identity, the slice is empty or already read.
AttentionSlice readSlice(AttentionSlice slice, const Analysis& analysis, const core::ReadingOptions& reading);

}  // namespace ui
