#include "analysis/head_analysis.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

#include "tensor/errors.h"
#include "model/generation.h"
#include "model/memory_estimate.h"
#include "analysis/corpus_notes.h"
#include "analysis/head_metric_rows.h"
#include "analysis/head_metrics.h"
#include "analysis/reading/read_report.h"
#include "analysis/reading/word_groups.h"
#include "model/model_input.h"
#include "nn/attention_rows.h"
#include "tensor/thread_pool.h"

namespace core {

namespace {

constexpr AttentionKind all_kinds[] = {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf,
                                       AttentionKind::DecoderCross};

// Running means that tolerate a metric some inputs lack.
using Mean = RunningMean;

struct MetricsMean {
  Mean entropy, entropy_normalized, mean_distance, mean_distance_normalized, local_mass, previous_token,
      current_token, next_token, sink, sink_first, sink_special, confidence;

  void add(const HeadMetrics& m) {
    entropy.add(m.entropy);
    entropy_normalized.add(m.entropy_normalized);
    if (m.mean_distance) mean_distance.add(*m.mean_distance);
    if (m.mean_distance_normalized) mean_distance_normalized.add(*m.mean_distance_normalized);
    if (m.local_mass) local_mass.add(*m.local_mass);
    if (m.previous_token) previous_token.add(*m.previous_token);
    if (m.current_token) current_token.add(*m.current_token);
    if (m.next_token) next_token.add(*m.next_token);
    sink.add(m.sink);
    sink_first.add(m.sink_first);
    sink_special.add(m.sink_special);
    confidence.add(m.confidence);
  }

  HeadMetrics mean() const {
    HeadMetrics m;
    m.entropy = entropy.value();
    m.entropy_normalized = entropy_normalized.value();
    m.mean_distance = mean_distance.optional();
    m.mean_distance_normalized = mean_distance_normalized.optional();
    m.local_mass = local_mass.optional();
    m.previous_token = previous_token.optional();
    m.current_token = current_token.optional();
    m.next_token = next_token.optional();
    m.sink = sink.value();
    m.sink_first = sink_first.value();
    m.sink_special = sink_special.value();
    m.confidence = confidence.value();
    return m;
  }
};

// Sums reports of the same model, then divides: the corpus mean.
class ReportAccumulator {
 public:
  void add(const HeadReport& report) {
    if (kinds_.empty()) {
      for (const KindHeads& kind : report.kinds) {
        kinds_.push_back({kind.kind, kind.layers, kind.heads, {}, RowMatrix::Zero(kind.js_distance.rows(), kind.js_distance.cols()), {}});
        means_.emplace_back(kind.metrics.size());
      }
    }
    for (std::size_t k = 0; k < report.kinds.size() && k < kinds_.size(); ++k) {
      const KindHeads& kind = report.kinds[k];
      for (std::size_t h = 0; h < kind.metrics.size() && h < means_[k].size(); ++h) means_[k][h].add(kind.metrics[h]);
      if (kind.js_distance.rows() == kinds_[k].js_distance.rows()) kinds_[k].js_distance += kind.js_distance;
    }
    inputs_ += report.inputs;
  }

  HeadReport mean() const {
    HeadReport report;
    report.inputs = inputs_;
    report.kinds = kinds_;
    for (std::size_t k = 0; k < report.kinds.size(); ++k) {
      for (const MetricsMean& mean : means_[k]) report.kinds[k].metrics.push_back(mean.mean());
      if (inputs_ > 0) report.kinds[k].js_distance /= static_cast<float>(inputs_);
      if (report.kinds[k].js_distance.rows() > 0) report.kinds[k].js_order = cluster_order(report.kinds[k].js_distance);
    }
    return report;
  }

 private:
  std::vector<KindHeads> kinds_;
  std::vector<std::vector<MetricsMean>> means_;
  int inputs_ = 0;
};

}  // namespace

HeadMetrics compute_head_metrics(const RowMatrix& alpha_hat, AttentionKind kind, std::span<const int> sinks,
                                 const HeadMetricOptions& options) {
  HeadMetricRows rows(kind, sinks, options, alpha_hat.cols());
  for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) rows.add(i, alpha_hat.row(i).data(), alpha_hat.cols());
  return rows.result();
}

bool is_special_token(const std::string& token) {
  if (token.size() < 3) return false;
  // SentencePiece's byte-fallback pieces ("<0xE5>") are bytes of a word, not special tokens
  if (is_byte_piece(token)) return false;
  return (token.front() == '[' && token.back() == ']') || (token.front() == '<' && token.back() == '>');
}

std::vector<int> sink_positions(const Tokenization& tokens) {
  std::vector<int> sinks;
  for (std::size_t i = 0; i < tokens.tokens.size(); ++i) {
    if (i == 0 || is_special_token(tokens.tokens[i])) sinks.push_back(static_cast<int>(i));
  }
  return sinks;
}

const char* to_string(HeadClass head_class) {
  switch (head_class) {
    case HeadClass::Local: return "local";
    case HeadClass::Global: return "global";
    case HeadClass::Positional: return "positional";
    case HeadClass::Sink: return "sink";
    case HeadClass::Mixed: return "mixed";
  }
  return "mixed";
}

HeadClass classify_head(const HeadMetrics& m, const HeadThresholds& t) {
  if (m.sink >= t.sink) return HeadClass::Sink;
  const bool self = m.mean_distance_normalized.has_value();
  if (self && std::max(m.previous_token.value_or(0.0), m.next_token.value_or(0.0)) >= t.positional) {
    return HeadClass::Positional;
  }
  if (m.entropy_normalized >= t.global_entropy && (!self || *m.mean_distance_normalized >= t.global_distance)) {
    return HeadClass::Global;
  }
  if (self && m.local_mass.value_or(0.0) >= t.local) return HeadClass::Local;
  return HeadClass::Mixed;
}

namespace {

// Σ_j x_j log2 x_j over the row, with 0 log 0 = 0. In double with Eigen's vectorised log: the
// smallest normal double is added first, so a zero contributes 0 · (finite) = 0, not 0 · -inf.
double sum_x_log2_x(const Eigen::ArrayXd& x) {
  return (x * (x + std::numeric_limits<double>::min()).log()).sum() / std::numbers::ln2;
}

// Σ_j x log2 x for every row of one head's α̂.
Eigen::VectorXd rows_x_log2_x(const RowMatrix& alpha_hat) {
  Eigen::VectorXd sums(alpha_hat.rows());
  for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) sums(i) = sum_x_log2_x(alpha_hat.row(i).cast<double>().array());
  return sums;
}

// JS(P, Q) = ½ KL(P ‖ M) + ½ KL(Q ‖ M) with M = ½ (P + Q), which is ½ Σ p log p + ½ Σ q log q −
// Σ m log m: each head's own sums are computed once, so a pair costs one log per entry instead of
// the direct form's two (and 144 heads make 10 296 pairs). In double the subtraction loses nothing
// that matters, and two equal rows give exactly 0 (their M is bit-for-bit the row itself).
// row_mean is scratch space, reused across calls so a pair allocates nothing.
double js_distance(const RowMatrix& a, const RowMatrix& b, const Eigen::VectorXd& a_sums, const Eigen::VectorXd& b_sums,
                   Eigen::ArrayXd& row_mean) {
  if (a.rows() == 0) return 0.0;
  double total = 0.0;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    row_mean = 0.5 * (a.row(i).cast<double>().array() + b.row(i).cast<double>().array());
    const double js = 0.5 * a_sums(i) + 0.5 * b_sums(i) - sum_x_log2_x(row_mean);
    total += std::max(0.0, js);
  }
  return std::sqrt(std::min(1.0, total / static_cast<double>(a.rows())));
}

}  // namespace

double js_distance(const RowMatrix& a, const RowMatrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    throw std::invalid_argument("js_distance: the two heads' attention matrices differ in shape");
  }
  Eigen::ArrayXd row_mean;
  return js_distance(a, b, rows_x_log2_x(a), rows_x_log2_x(b), row_mean);
}

std::vector<int> cluster_order(const RowMatrix& distance) {
  const int n = static_cast<int>(distance.rows());
  // Each cluster keeps its members in dendrogram order; merging concatenates them.
  std::vector<std::vector<int>> clusters(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) clusters[static_cast<std::size_t>(i)] = {i};
  auto linkage = [&](const std::vector<int>& x, const std::vector<int>& y) {
    double sum = 0.0;
    for (const int i : x) {
      for (const int j : y) sum += distance(i, j);
    }
    return sum / static_cast<double>(x.size() * y.size());
  };
  while (clusters.size() > 1) {
    std::size_t best_a = 0;
    std::size_t best_b = 1;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t a = 0; a < clusters.size(); ++a) {
      for (std::size_t b = a + 1; b < clusters.size(); ++b) {
        const double d = linkage(clusters[a], clusters[b]);
        if (d < best) {
          best = d;
          best_a = a;
          best_b = b;
        }
      }
    }
    clusters[best_a].insert(clusters[best_a].end(), clusters[best_b].begin(), clusters[best_b].end());
    clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(best_b));
  }
  return clusters.empty() ? std::vector<int>{} : clusters.front();
}

RowMatrix rollout_layer_graph(const LayerAttention& layer, bool add_residual) {
  if (layer.heads.empty()) return {};
  RowMatrix sum = RowMatrix::Zero(layer.heads.front().rows(), layer.heads.front().cols());
  for (const RowMatrix& head : layer.heads) sum += head;
  return rollout_step(std::move(sum), static_cast<int>(layer.heads.size()), add_residual);
}

RowMatrix rollout_step(RowMatrix head_sum, int heads, bool add_residual) {
  RowMatrix a = std::move(head_sum);
  const Eigen::Index t = a.rows();
  // mean over heads of α̂_l^h
  a /= static_cast<float>(heads);
  if (add_residual && a.rows() == a.cols()) {
    // the residual connection carries the token itself: Â = ½ A + ½ I, rows re-normalised
    a = 0.5f * a + 0.5f * RowMatrix::Identity(t, t);
    for (Eigen::Index i = 0; i < t; ++i) {
      const float sum = a.row(i).sum();
      if (sum > 0.0f) a.row(i) /= sum;
    }
  }
  return a;
}

std::vector<RowMatrix> attention_rollout(const std::vector<LayerAttention>& layers, bool add_residual) {
  std::vector<RowMatrix> rollout;
  RowMatrix r;
  for (const LayerAttention& layer : layers) {
    if (layer.heads.empty()) break;
    const RowMatrix a = rollout_layer_graph(layer, add_residual);
    // R_l = Â_l R_{l−1}
    if (r.size() == 0) r = a;
    else r = (a * r).eval();
    rollout.push_back(r);
  }
  return rollout;
}

const KindHeads* HeadReport::find(AttentionKind kind) const {
  for (const KindHeads& k : kinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

const HeadMetrics* HeadReport::find(const HeadRef& head) const {
  const KindHeads* k = find(head.kind);
  if (k == nullptr || head.layer < 0 || head.layer >= k->layers || head.head < 0 || head.head >= k->heads) return nullptr;
  return &k->at(head.layer, head.head);
}

namespace {

// One on-demand head's metrics: α̂ recomputed 64 query rows at a time (nn/attention_scores.h), each
// block added to the sums and dropped, so at most 64 · T_k floats of it exist at once.
HeadMetrics measure_on_demand_head(const AttentionScoreInputs& inputs, int head, AttentionKind kind,
                                   std::span<const int> sinks, const HeadMetricOptions& options) {
  HeadMetricRows rows(kind, sinks, options, inputs.keys());
  const std::vector<Eigen::Index> bounds = query_blocks(inputs.queries());
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const RowMatrix block = head_attention_rows(inputs, head, bounds[b], bounds[b + 1]);
    for (Eigen::Index r = 0; r < block.rows(); ++r) rows.add(bounds[b] + r, block.row(r).data(), block.cols());
  }
  return rows.result();
}

}  // namespace

std::vector<HeadRef> heads_of(const AttentionTrace& trace, AttentionKind kind) {
  std::vector<HeadRef> refs;
  for (int l = 0; l < trace.layer_count(kind); ++l) {
    for (int h = 0; h < trace.head_count(kind, l); ++h) refs.push_back({kind, l, h});
  }
  return refs;
}

void measure_each_head(int count, const StopRequested& stop_requested, const std::function<void(int)>& measure) {
  const int parts = std::max(1, std::min(count, current_threads()));
  parallel_for(parts, [&](int part) {
    for (int i = count * part / parts; i < count * (part + 1) / parts; ++i) {
      if (stop_requested && stop_requested()) throw Cancelled("head analysis cancelled");
      measure(i);
    }
  });
}

std::vector<HeadMetrics> measure_heads(const AttentionTrace& trace, AttentionKind kind, std::span<const int> sinks,
                                       const HeadMetricOptions& options, const StopRequested& stop_requested) {
  const std::vector<HeadRef> refs = heads_of(trace, kind);
  std::vector<HeadMetrics> metrics(refs.size());
  measure_each_head(static_cast<int>(refs.size()), stop_requested, [&](int i) {
    const HeadRef& ref = refs[static_cast<std::size_t>(i)];
    auto& result = metrics[static_cast<std::size_t>(i)];
    // a dense trace is read in place; an on-demand one recomputes this head's α̂ (on this thread)
    // a block of query rows at a time, each block measured and dropped
    if (const RowMatrix* stored = trace.stored(ref.kind, ref.layer, ref.head)) {
      result = compute_head_metrics(*stored, kind, sinks, options);
    } else {
      result = measure_on_demand_head(trace.on_demand->layers(kind)[static_cast<std::size_t>(ref.layer)], ref.head,
                                      kind, sinks, options);
    }
  });
  return metrics;
}

HeadReport analyze_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                         const HeadMetricOptions& options, const StopRequested& stop_requested) {
  const auto check_stop = [&] {
    if (stop_requested && stop_requested()) throw Cancelled("head analysis cancelled");
  };
  HeadReport report;
  report.inputs = 1;
  const std::vector<int> source_sinks = sink_positions(source);
  const std::vector<int> target_sinks = sink_positions(target);
  for (const AttentionKind kind : all_kinds) {
    const int layer_count = trace.layer_count(kind);
    if (layer_count == 0 || trace.head_count(kind, 0) == 0) continue;
    // keys: the encoder's tokens for encoder self- and cross-attention, the decoder's for its self-attention
    const std::vector<int>& sinks = kind == AttentionKind::DecoderSelf ? target_sinks : source_sinks;
    KindHeads heads;
    heads.kind = kind;
    heads.layers = layer_count;
    heads.heads = trace.head_count(kind, 0);
    if (!trace.is_dense()) {
      heads.metrics = measure_heads(trace, kind, sinks, options, stop_requested);
      report.kinds.push_back(std::move(heads));
      continue;
    }
    std::vector<const RowMatrix*> all;
    for (int l = 0; l < layer_count; ++l) {
      for (int h = 0; h < trace.head_count(kind, l); ++h) {
        check_stop();
        const RowMatrix* alpha_hat = trace.stored(kind, l, h);
        heads.metrics.push_back(compute_head_metrics(*alpha_hat, kind, sinks, options));
        all.push_back(alpha_hat);
      }
    }
    if (!options.js_distances) {
      report.kinds.push_back(std::move(heads));
      continue;
    }
    const auto n = static_cast<Eigen::Index>(all.size());
    std::vector<Eigen::VectorXd> sums;
    for (const RowMatrix* alpha_hat : all) sums.push_back(rows_x_log2_x(*alpha_hat));
    heads.js_distance = RowMatrix::Zero(n, n);
    Eigen::ArrayXd row_mean;
    for (Eigen::Index a = 0; a < n; ++a) {
      check_stop();
      for (Eigen::Index b = a + 1; b < n; ++b) {
        const auto ua = static_cast<std::size_t>(a);
        const auto ub = static_cast<std::size_t>(b);
        const double distance = js_distance(*all[ua], *all[ub], sums[ua], sums[ub], row_mean);
        heads.js_distance(a, b) = heads.js_distance(b, a) = static_cast<float>(distance);
      }
    }
    if (n > 0) heads.js_order = cluster_order(heads.js_distance);
    report.kinds.push_back(std::move(heads));
  }
  return report;
}

namespace {

// T distinct ordinary (non-special) ids of a tokenizer, drawn with generator.
std::vector<int> random_ordinary_ids(const Tokenizer& tokenizer, int count, std::mt19937& generator) {
  std::vector<int> ordinary;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) {
    const std::string token = tokenizer.token(id);
    if (!token.empty() && !is_special_token(token)) ordinary.push_back(id);
  }
  std::shuffle(ordinary.begin(), ordinary.end(), generator);
  if (static_cast<int>(ordinary.size()) > count) ordinary.resize(static_cast<std::size_t>(count));
  return ordinary;
}

// The tokens a decoder reads before its input: the start token (encoder-decoder), or what the
// tokenizer puts before any text (a decoder-only model's <s>; nothing for GPT-2).
std::vector<int> decoder_prefix(const Model& model) {
  if (model.spec().has_encoder()) return generation_prefix(model);
  const Tokenizer& tokenizer = model.target_tokenizer();
  std::vector<int> ids = tokenizer.encode("").ids;
  const auto trailing = static_cast<std::size_t>(std::max(0, tokenizer.trailing_special_tokens()));
  ids.resize(ids.size() > trailing ? ids.size() - trailing : 0);
  return ids;
}

}  // namespace

std::vector<double> induction_scores(const Model& model, const ForwardOptions& given, int repeat_length) {
  // random inputs of their own: a text pair's token types do not apply to them
  ForwardOptions options = given;
  options.token_types.clear();
  const ModelSpec& config = model.spec();
  if (!config.has_decoder()) return {};
  const std::vector<int> prefix = decoder_prefix(model);
  const int offset = static_cast<int>(prefix.size());
  int t = repeat_length > 0 ? repeat_length : std::min(20, (config.max_positions - offset) / 2);
  constexpr int draws = 3;
  std::vector<double> scores;
  std::mt19937 generator(20220308);  // fixed: the same model always gets the same score
  int used = 0;
  for (int draw = 0; draw < draws; ++draw) {
    std::vector<int> tokens = random_ordinary_ids(model.target_tokenizer(), t, generator);
    const int length = static_cast<int>(tokens.size());
    if (length < 2) return {};
    // x_0 … x_{T−1} x_0 … x_{T−1} after the prefix
    std::vector<int> ids = prefix;
    for (int repeat = 0; repeat < 2; ++repeat) ids.insert(ids.end(), tokens.begin(), tokens.end());
    std::vector<int> source;
    if (config.has_encoder()) source = random_ordinary_ids(model.source_tokenizer(), length, generator);
    const ForwardResult result = forward(model, source, ids, options);
    std::size_t index = 0;
    const AttentionKind kind = AttentionKind::DecoderSelf;
    for (int l = 0; l < result.trace.layer_count(kind); ++l) {
      for (int h = 0; h < result.trace.head_count(kind, l); ++h) {
        if (index >= scores.size()) scores.push_back(0.0);
        scores[index++] += induction_score(result.trace.attention(kind, l, h), length, offset);
      }
    }
    ++used;
  }
  for (double& score : scores) score /= used;
  return scores;
}

void add_induction_scores(HeadReport& report, const std::vector<double>& scores) {
  for (KindHeads& kind : report.kinds) {
    if (kind.kind != AttentionKind::DecoderSelf || kind.metrics.size() != scores.size()) continue;
    for (std::size_t h = 0; h < scores.size(); ++h) kind.metrics[h].induction = scores[h];
  }
}

HeadReport analyze_corpus(const Model& model, std::span<const std::string> lines, const HeadMetricOptions& options,
                          const ForwardOptions& forward_options, const CorpusProgress& progress) {
  CorpusReading as_tokens{ReadingOptions{}};
  return analyze_corpus(model, lines, as_tokens, options, forward_options, progress);
}

HeadReport analyze_corpus(const Model& model, std::span<const std::string> lines, CorpusReading& reading,
                          const HeadMetricOptions& options, const ForwardOptions& forward_options,
                          const CorpusProgress& progress) {
  return analyze_corpus_noted(model, lines, reading, {}, options, forward_options, progress);
}

HeadReport analyze_corpus_noted(const Model& model, std::span<const std::string> lines, CorpusReading& reading,
                                const CorpusLineNote& note, const HeadMetricOptions& options,
                                const ForwardOptions& forward_options, const CorpusProgress& progress) {
  const auto say = [&note](int index, const std::string& text) {
    if (note) note(index + 1, text);
  };
  ReportAccumulator accumulator;
  int skipped = 0;
  const int total = static_cast<int>(lines.size());
  for (int done = 0; done < total; ++done) {
    const std::string& line = lines[static_cast<std::size_t>(done)];
    const bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    if (blank) {
      ++skipped;
    } else {
      const std::size_t tab = line.find('\t');
      const std::string_view text = std::string_view(line).substr(0, tab);
      const std::string_view target = tab == std::string::npos ? std::string_view() : std::string_view(line).substr(tab + 1);
      try {
        const ModelInput input = prepare_inputs(model, text, target, forward_options);
        const ForwardResult result = forward(model, input.source.ids, input.target.ids, forward_options);
        accumulator.add(analyze_read_trace(result.trace, input.source, input.target,
                                           reading.for_sentence(input.source, input.target), options));
        for (const Tokenization* side : {&input.source, &input.target}) {
          if (side->truncated) {
            say(done, "cut to the model's maximum of " + std::to_string(side->size()) + " tokens (the line has " +
                          std::to_string(side->untruncated_length) + ")");
          }
        }
      } catch (const MemoryBudgetError&) {
        throw;  // not a bad line: every longer line would be refused too, so say why now
      } catch (const InputError& error) {
        ++skipped;
        say(done, std::string("skipped: ") + error.what());
      }
    }
    if (progress && !progress(done + 1, total)) break;
  }
  HeadReport report = accumulator.mean();
  report.skipped = skipped;
  return report;
}

std::vector<std::string> read_corpus_lines(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw InputError(path + ": cannot be read");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(stream, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace core
