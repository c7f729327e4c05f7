#include "analysis/corpus_head_table.h"

#include <string_view>

#include "analysis/corpus_lines.h"
#include "analysis/reading/read_report.h"
#include "model/memory_estimate.h"
#include "model/prepare_inputs.h"
#include "tensor/errors.h"

namespace core {

CorpusTableSummary write_corpus_head_table(const Model& model, std::istream& corpus, const std::string& corpus_name,
                                           HeadTableWriter& writer, const HeadMetricOptions& options,
                                           const ForwardOptions& forward_options, const CorpusNote& note,
                                           const ReadingOptions& reading) {
  // The rows carry each head's own numbers; the pairwise distances between heads are not exported.
  HeadMetricOptions row_options = options;
  row_options.js_distances = false;
  const std::vector<double> induction = induction_scores(model, forward_options);
  const auto say = [&](long long line, const std::string& message) {
    if (note) note(corpus_name + ":" + std::to_string(line) + ": " + message);
  };

  CorpusReading corpus_reading(reading);
  CorpusTableSummary summary;
  CorpusLineReader reader(corpus, corpus_name);
  std::string line;
  for (CorpusLineReader::Status status = reader.next(line); status != CorpusLineReader::Status::End;
       status = reader.next(line)) {
    ++summary.lines;
    const long long number = reader.line_number();
    if (status == CorpusLineReader::Status::TooLong) {
      ++summary.skipped;
      if (note) note(reader.too_long_note());
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) {
      ++summary.blank;
      continue;
    }
    const std::size_t tab = line.find('\t');
    const std::string_view text = std::string_view(line).substr(0, tab);
    const std::string_view target = tab == std::string::npos ? std::string_view() : std::string_view(line).substr(tab + 1);
    HeadTableSentence sentence;
    sentence.line = number;
    HeadReport report;
    try {
      const ModelInput input = prepare_inputs(model, text, target, forward_options);
      const ForwardResult result = forward(model, input.source.ids, input.target.ids, forward_options);
      report = analyze_read_trace(result.trace, input.source, input.target,
                                  corpus_reading.for_sentence(input.source, input.target), row_options);
      sentence.source_tokens = static_cast<int>(input.source.size());
      sentence.target_tokens = static_cast<int>(input.target.size());
      sentence.truncated = input.source.truncated || input.target.truncated;
      if (sentence.truncated) {
        const Tokenization& cut = input.source.truncated ? input.source : input.target;
        say(number, "cut to the model's maximum of " + std::to_string(cut.size()) + " tokens (the line has " +
                        std::to_string(cut.untruncated_length) + ")");
      }
    } catch (const MemoryBudgetError& error) {
      throw MemoryBudgetError(corpus_name + ":" + std::to_string(number) + ": " + error.what());
    } catch (const InputError& error) {
      ++summary.skipped;
      say(number, std::string("skipped: ") + error.what());
      continue;
    }
    add_induction_scores(report, induction);
    writer.write(sentence, report);
    ++summary.sentences;
    summary.truncated += sentence.truncated ? 1 : 0;
  }
  if (summary.sentences > 0) corpus_reading.check_tokens_found(corpus_name);
  return summary;
}

}  // namespace core
