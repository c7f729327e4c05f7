#include "analysis/why/corpus_sentences.h"

#include "analysis/corpus_lines.h"
#include "model/memory_estimate.h"
#include "tensor/errors.h"

namespace core {

std::vector<CorpusSentence> read_corpus_sentences(std::istream& corpus, const std::string& corpus_name,
                                                  const CorpusNote& note) {
  std::vector<CorpusSentence> sentences;
  CorpusLineReader reader(corpus, corpus_name);
  long long lines = 0;
  std::string line;
  for (CorpusLineReader::Status status = reader.next(line); status != CorpusLineReader::Status::End;
       status = reader.next(line)) {
    ++lines;
    if (status == CorpusLineReader::Status::TooLong) {
      if (note) note(reader.too_long_note());
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank
    CorpusSentence sentence;
    sentence.line = reader.line_number();
    const std::size_t tab = line.find('\t');
    sentence.text = line.substr(0, tab);
    if (tab != std::string::npos) sentence.target = line.substr(tab + 1);
    sentences.push_back(std::move(sentence));
  }
  if (sentences.empty()) {
    throw InputError(corpus_name + ": no sentences: " +
                     (lines == 0 ? std::string("the file is empty")
                                 : "none of its " + std::to_string(lines) + " lines holds text"));
  }
  return sentences;
}

const Tokenization& query_tokens(const ModelInput& input, AttentionKind kind) {
  return kind == AttentionKind::EncoderSelf ? input.source : input.target;
}

const Tokenization& key_tokens(const ModelInput& input, AttentionKind kind) {
  return kind == AttentionKind::DecoderSelf ? input.target : input.source;
}

void for_each_corpus_pass(const Model& model, const std::vector<CorpusSentence>& sentences,
                          const std::string& corpus_name, const std::vector<LayerRef>& record,
                          const ForwardOptions& forward_options,
                          const MethodProgress& progress, const std::string& what,
                          const std::function<void(const CorpusPass&)>& visit, const CorpusNote& note) {
  const auto say = [&](long long line, const std::string& message) {
    if (note) note(corpus_name + ":" + std::to_string(line) + ": " + message);
  };
  MethodOptions reports;
  reports.progress = progress;
  ForwardOptions pass_options = forward_options;
  pass_options.record = record;
  for (std::size_t n = 0; n < sentences.size(); ++n) {
    report_progress(reports, static_cast<double>(n) / static_cast<double>(sentences.size()), what);
    const CorpusSentence& sentence = sentences[n];
    CorpusPass pass;
    pass.index = n;
    pass.sentence = &sentence;
    try {
      pass.input = prepare_inputs(model, sentence.text, sentence.target, forward_options);
      pass.result = forward(model, pass.input.source.ids, pass.input.target.ids, pass_options);
    } catch (const MemoryBudgetError& error) {
      throw MemoryBudgetError(corpus_name + ":" + std::to_string(sentence.line) + ": " + error.what());
    } catch (const InputError& error) {
      say(sentence.line, std::string("skipped: ") + error.what());
      continue;
    }
    for (const Tokenization* side : {&pass.input.source, &pass.input.target}) {
      if (side->truncated) {
        say(sentence.line, "cut to the model's maximum of " + std::to_string(side->size()) + " tokens (the line has " +
                               std::to_string(side->untruncated_length) + ")");
      }
    }
    visit(pass);
  }
  report_progress(reports, 1.0, what);
}

}  // namespace core
