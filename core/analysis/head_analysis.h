#pragma once
// Head specialisation in numbers: what each head of each layer and attention kind does, measured
// on its α̂ (rows = queries i, columns = keys j, each row a distribution), over one input or
// averaged over a corpus, and a class for each head. Formulas and sources: docs/head-metrics.md.
//   n_i      keys query i may see: T_k, or i + 1 under the causal mask
//   H_i      = −Σ_j α̂_{i,j} ln α̂_{i,j}                          (nats; Clark et al. 2019)
//   D_i      = Σ_j α̂_{i,j} |i − j|                              (tokens; ViT, Dosovitskiy et al. 2021)
//   L_i      = Σ_{|i−j| ≤ w} α̂_{i,j}                            (local mass, window w)
//   S_i      = Σ_{j ∈ sinks} α̂_{i,j}                            (first and special tokens; Voita et al. 2019)
//            = α̂_{i,0} + Σ_{j ∈ sinks, j > 0} α̂_{i,j}            (the first token's share + the other sinks')
//   C_i      = max_j α̂_{i,j}                                    (confidence; Voita et al. 2019)
// Each is averaged over the queries that see at least two keys (a query with one key has no choice).
// Rollout (Abnar & Zuidema 2020): R_l = Â_l R_{l−1}, Â_l = ½ (mean_h α̂_l^h) + ½ I, R_0 = I.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"
#include "model/prepare_inputs.h"
#include "text/tokenizer.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

class CorpusReading;  // analysis/reading/read_report.h

struct HeadMetricOptions {
  int local_window = 2;  // w: keys with |i − j| ≤ w count as local
  // analyze_trace's pairwise Jensen-Shannon distances between heads (KindHeads::js_distance):
  // O(heads² · T_q · T_k); when false, js_distance is left empty.
  bool js_distances = true;
};

// The metrics of one head. Position-based metrics (distance, local mass, previous/current/next)
// compare query and key positions, so they exist for self-attention only; in cross-attention the
// decoder's and the encoder's positions are not comparable and they are empty.
struct HeadMetrics {
  double entropy = 0.0;             // mean H_i, nats
  double entropy_normalized = 0.0;  // mean H_i / ln n_i: 0 = one key, 1 = uniform
  std::optional<double> mean_distance;             // mean D_i, tokens
  std::optional<double> mean_distance_normalized;  // mean D_i / mean D_i of uniform attention: 1 = uniform
  std::optional<double> local_mass;      // mean L_i
  std::optional<double> previous_token;  // mean α̂_{i,i−1} over queries with i ≥ 1
  std::optional<double> current_token;   // mean α̂_{i,i}
  std::optional<double> next_token;      // mean α̂_{i,i+1} over queries with i + 1 visible; 0 when causal
  double sink = 0.0;                     // mean S_i
  double sink_first = 0.0;               // mean α̂_{i,0} (when position 0 is a sink): the first token's share
  double sink_special = 0.0;             // mean of the rest of S_i: the special tokens after the first
  double confidence = 0.0;               // mean C_i
  std::optional<double> induction;       // decoder self-attention only (induction_scores)
};

// Metrics of one α̂ (T_q, T_k). sinks: the key positions counted as sinks (see sink_positions).
HeadMetrics compute_head_metrics(const RowMatrix& alpha_hat, AttentionKind kind, std::span<const int> sinks,
                                 const HeadMetricOptions& options = {});

// Position 0 and every special token ([CLS], [SEP], [PAD], <s>, </s>, <pad>, <|endoftext|>, …: a
// token written "[…]" or "<…>" of at least three characters, except SentencePiece's byte pieces
// "<0xE5>"), in increasing order.
std::vector<int> sink_positions(const Tokenization& tokens);
bool is_special_token(const std::string& token);

enum class HeadClass { Local, Global, Positional, Sink, Mixed };
const char* to_string(HeadClass head_class);  // "local", "global", "positional", "sink", "mixed"

// The rules, tried in this order (docs/head-metrics.md):
//   sink        S ≥ sink
//   positional  max(previous, next) ≥ positional              (self-attention)
//   global      entropy_normalized ≥ global_entropy and
//               mean_distance_normalized ≥ global_distance    (cross-attention: entropy alone)
//   local       local_mass ≥ local                            (self-attention)
//   mixed       none of these
struct HeadThresholds {
  double sink = 0.5;
  double positional = 0.5;
  double global_entropy = 0.6;
  double global_distance = 0.6;
  double local = 0.7;
};

HeadClass classify_head(const HeadMetrics& metrics, const HeadThresholds& thresholds = {});

// Jensen-Shannon distance between two heads over the same input (both (T_q, T_k)):
//   sqrt( mean_i JS(α̂_i, β̂_i) ), JS in bits, so 0 for identical heads and 1 for disjoint ones.
// Throws std::invalid_argument when the shapes differ.
double js_distance(const RowMatrix& a, const RowMatrix& b);

// Leaves of an average-linkage clustering of a symmetric distance matrix, in dendrogram order:
// similar heads end up next to each other.
std::vector<int> cluster_order(const RowMatrix& distance);

// One layer's step of rollout and attention flow: Â = mean_h α̂^h, and with add_residual (square
// self-attention only) Â = ½ Â + ½ I with rows re-normalised. Empty for a layer without heads.
RowMatrix rollout_layer_graph(const LayerAttention& layer, bool add_residual = true);
// The same step from Σ_h α̂^h of `heads` heads (added in head order), for callers that stream the
// heads one at a time (analysis/methods/streamed_rollout.h): bit for bit rollout_layer_graph's.
RowMatrix rollout_step(RowMatrix head_sum, int heads, bool add_residual = true);

// Attention rollout over one stack of self-attention layers: element l is R_l (T, T), row i =
// how much position i after layer l draws on each input token. Empty layers give an empty result.
std::vector<RowMatrix> attention_rollout(const std::vector<LayerAttention>& layers, bool add_residual = true);

// Every head of one attention kind with its metrics, and their pairwise JS distances.
struct KindHeads {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layers = 0;
  int heads = 0;
  std::vector<HeadMetrics> metrics;  // [layer * heads + head]
  // (layers·heads)², same indexing; 0 × 0 for an on-demand trace (model/trace.h): every pair of
  // heads at thousands of tokens does not scale (issue 15 leaves it to a chosen subset of heads)
  RowMatrix js_distance;
  // cluster_order(js_distance), computed with it (off the GUI thread); empty when js_distance is.
  std::vector<int> js_order;

  const HeadMetrics& at(int layer, int head) const { return metrics[static_cast<std::size_t>(layer * heads + head)]; }
};

struct HeadReport {
  std::vector<KindHeads> kinds;  // encoder self, decoder self, decoder cross: those the model has
  int inputs = 0;                // how many inputs the numbers are averaged over
  int skipped = 0;               // corpus lines that could not be used (empty, or an input error)

  const KindHeads* find(AttentionKind kind) const;
  const HeadMetrics* find(const HeadRef& head) const;
};

// Polled while long work runs; returning true gives the work up (core::Cancelled is thrown).
using StopRequested = std::function<bool()>;

// Every head of one kind in the trace, layer by layer.
std::vector<HeadRef> heads_of(const AttentionTrace& trace, AttentionKind kind);

// measure(i) for every i in [0, count), split into contiguous runs across the calling thread's
// budget; stop_requested is polled before each (core::Cancelled).
void measure_each_head(int count, const StopRequested& stop_requested, const std::function<void(int)>& measure);

// The metrics of every head of one kind, [layer * heads + head], without the pairwise distances:
// a dense trace's α̂ are read in place; an on-demand trace's are recomputed, measured and dropped
// one head at a time (at most one α̂ per thread alive: 2 · T_q · T_k floats on two threads, not
// H · L · T_q · T_k). The heads are split across the calling thread's budget. stop_requested is
// polled once per head (core::Cancelled).
std::vector<HeadMetrics> measure_heads(const AttentionTrace& trace, AttentionKind kind, std::span<const int> sinks,
                                       const HeadMetricOptions& options = {}, const StopRequested& stop_requested = {});

// The metrics of one forward pass. source/target: the tokens the trace was computed on (their
// special tokens are the sinks); either may be empty when the model has no such side.
// stop_requested is polled once per head (the pairwise distances take seconds at 512 tokens).
// An on-demand trace is measured one head at a time (each α̂ recomputed, measured, dropped), the
// heads split across the calling thread's budget; its JS distances are not computed.
HeadReport analyze_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                         const HeadMetricOptions& options = {}, const StopRequested& stop_requested = {});

// Induction score (Olsson et al. 2022) of every decoder self-attention head: on T random tokens
// of the model's vocabulary (no special tokens) repeated once, after the decoder start token when
// the model has one, the mean over k = 0 … T−2 of α̂_{T+k, k+1}; averaged over a few fixed draws
// (deterministic). An encoder-decoder model's encoder reads another T random source tokens.
// Returns one KindHeads-shaped vector [layer * heads + head]; empty for a model without a decoder.
std::vector<double> induction_scores(const Model& model, const ForwardOptions& options = {}, int repeat_length = 0);
// Fills HeadMetrics::induction of the report's decoder self-attention heads.
void add_induction_scores(HeadReport& report, const std::vector<double>& scores);

// progress(done, total) after each line; returning false stops the run (the lines done so far
// are averaged). cancel, when given, is polled between lines too.
using CorpusProgress = std::function<bool(int done, int total)>;

// The metrics averaged over a corpus, one input per line ("source<TAB>target" gives an
// encoder-decoder model its target). Blank lines are skipped; lines the model rejects are counted
// in HeadReport::skipped, except a pass over forward_options.memory_budget, which throws
// core::MemoryBudgetError (model/memory_estimate.h). JS distances are averaged like the metrics.
HeadReport analyze_corpus(const Model& model, std::span<const std::string> lines, const HeadMetricOptions& options = {},
                          const ForwardOptions& forward_options = {}, const CorpusProgress& progress = {});
// The same with every line's attention read as text first (analysis/reading/read_report.h): the
// averages of the read matrices' metrics. Afterwards reading.check_tokens_found(name) says whether
// a token to hide was in no line.
HeadReport analyze_corpus(const Model& model, std::span<const std::string> lines, CorpusReading& reading,
                          const HeadMetricOptions& options = {}, const ForwardOptions& forward_options = {},
                          const CorpusProgress& progress = {});

// Reads a corpus file: one sentence per line, UTF-8, "\r\n" accepted. Throws InputError when the
// file cannot be read.
std::vector<std::string> read_corpus_lines(const std::string& path);

}  // namespace core
