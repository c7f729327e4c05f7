#include "analysis/reading/read_report.h"

#include <algorithm>
#include <utility>

#include "analysis/reading/read_trace.h"
#include "tensor/errors.h"
#include "tensor/thread_pool.h"

namespace core {

namespace {

// An on-demand trace read head by head: each head's α̂ (T_q, T_k) recomputed, read into W
// (token_reading.h), measured and dropped, the heads split across the calling thread's budget
// (at most one α̂ and its W alive per thread, not every layer's and head's). The same numbers as
// analyze_trace over read_trace's dense copy; no JS distances (as analyze_trace on demand).
HeadReport analyze_read_on_demand(const AttentionTrace& trace, const ReadTrace& axes, const Tokenization& read_source,
                                  const Tokenization& read_target, const HeadMetricOptions& options,
                                  const StopRequested& stop_requested) {
  HeadReport report;
  report.inputs = 1;
  const std::vector<int> source_sinks = sink_positions(read_source);
  const std::vector<int> target_sinks = sink_positions(read_target);
  for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    const int layer_count = trace.layer_count(kind);
    if (layer_count == 0 || trace.head_count(kind, 0) == 0) continue;
    // as analyze_trace: the sinks of the encoder's entries, or the decoder's for its self-attention
    const std::vector<int>& sinks = kind == AttentionKind::DecoderSelf ? target_sinks : source_sinks;
    const ReadingAxis& queries = kind == AttentionKind::EncoderSelf ? axes.source_queries : axes.target_queries;
    const ReadingAxis& keys = kind == AttentionKind::DecoderSelf ? axes.target_keys : axes.source_keys;
    const std::vector<HeadRef> refs = heads_of(trace, kind);
    KindHeads heads;
    heads.kind = kind;
    heads.layers = layer_count;
    heads.heads = trace.head_count(kind, 0);
    heads.metrics.resize(refs.size());
    measure_each_head(static_cast<int>(refs.size()), stop_requested, [&](int i) {
      const HeadRef& ref = refs[static_cast<std::size_t>(i)];
      // W = read(α̂) of this head only: α̂ (T_q, T_k) and W live until the next head
      const RowMatrix read = read_matrix(trace.attention(kind, ref.layer, ref.head), queries, keys);
      heads.metrics[static_cast<std::size_t>(i)] = compute_head_metrics(read, kind, sinks, options);
    });
    report.kinds.push_back(std::move(heads));
  }
  return report;
}

}  // namespace

HeadReport analyze_read_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                              const ReadingOptions& reading, const HeadMetricOptions& options,
                              const StopRequested& stop_requested) {
  if (reading.is_identity()) return analyze_trace(trace, source, target, options, stop_requested);
  // dense: every head read at once (the read copy is no larger than the α̂ already held); on
  // demand: only the axes here (the checks and the entries), the heads read one at a time below
  const AttentionTrace no_matrices;
  const ReadTrace read = read_trace(trace.is_dense() ? trace : no_matrices, source, target, reading);
  // the metrics see the shown entries as tokens: their labels decide which are special (sinks)
  Tokenization read_source;
  read_source.tokens = read.source_queries.labels;
  Tokenization read_target;
  read_target.tokens = read.target_queries.labels;
  if (!trace.is_dense()) return analyze_read_on_demand(trace, read, read_source, read_target, options, stop_requested);
  return analyze_trace(read.trace, read_source, read_target, options, stop_requested);
}

CorpusReading::CorpusReading(ReadingOptions options)
    : m_options(std::move(options)), m_found(m_options.hide_tokens.size(), false) {
  for (const std::string& wanted : m_options.hide_tokens) {
    if (wanted.empty()) throw InputError("the token to hide is empty");
  }
}

ReadingOptions CorpusReading::for_sentence(const Tokenization& source, const Tokenization& target) {
  ReadingOptions sentence = m_options;
  sentence.hide_tokens.clear();
  for (std::size_t n = 0; n < m_options.hide_tokens.size(); ++n) {
    const std::string& wanted = m_options.hide_tokens[n];
    bool held = false;
    for (const Tokenization* side : {&source, &target}) {
      const WordMarkers markers = detect_word_markers(side->tokens);
      for (const std::string& token : side->tokens) held = held || token_matches(token, wanted, markers);
    }
    if (!held) continue;
    m_found[n] = true;
    sentence.hide_tokens.push_back(wanted);
  }
  return sentence;
}

void CorpusReading::check_tokens_found(const std::string& corpus_name) const {
  std::string missing;
  int count = 0;
  for (std::size_t n = 0; n < m_found.size(); ++n) {
    if (m_found[n]) continue;
    missing += (missing.empty() ? "\"" : ", \"") + m_options.hide_tokens[n] + "\"";
    ++count;
  }
  if (count == 0) return;
  throw InputError(corpus_name + (count == 1 ? ": token to hide " : ": tokens to hide ") + missing +
                   (count == 1 ? " is" : " are") + " in none of its sentences");
}

}  // namespace core
