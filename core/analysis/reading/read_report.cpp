#include "analysis/reading/read_report.h"

#include <utility>

#include "analysis/reading/read_trace.h"
#include "tensor/errors.h"

namespace core {

HeadReport analyze_read_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                              const ReadingOptions& reading, const HeadMetricOptions& options,
                              const StopRequested& stop_requested) {
  if (reading.is_identity()) return analyze_trace(trace, source, target, options, stop_requested);
  const ReadTrace read = read_trace(trace, source, target, reading);
  // the metrics see the shown entries as tokens: their labels decide which are special (sinks)
  Tokenization read_source;
  read_source.tokens = read.source_queries.labels;
  Tokenization read_target;
  read_target.tokens = read.target_queries.labels;
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
