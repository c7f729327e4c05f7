#pragma once
// attnscope.Model: a loaded model and the passes a notebook asks of it. Every method computes with
// the same core functions as attnscope-cli and the app (prepare_inputs, forward, the head analysis,
// GreedyDecoder), so the numbers are the CLI's, bit for bit.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/reading/token_reading.h"
#include "model/model.h"
#include "model/transformer.h"
#include "python_trace.h"

namespace attnscope_python {

class PythonModel {
 public:
  // argument: a model folder or a Hugging Face cache id (core/hub/model_location.h).
  // precision: "exact" or "fast"; memory_budget: bytes a pass may allocate, and what a GGUF file's
  // dequantised weights may take when it opens (0: no limit).
  // Throws core::LoadError (the loader's message) or core::InputError (a bad precision).
  PythonModel(const std::string& argument, const std::string& precision, std::size_t memory_budget, int threads);

  const core::Model& model() const { return *model_; }
  const std::filesystem::path& folder() const { return folder_; }
  const std::string& note() const { return note_; }
  const core::ForwardOptions& options() const { return options_; }
  const std::shared_ptr<const core::Model>& shared_model() const { return model_; }
  // The options of a pass with or without positional encoding.
  core::ForwardOptions pass_options(bool no_pe) const;

  // The text through the tokenizer of the model's first input (the encoder's, or a decoder-only
  // model's), or the decoder's when target is true; truncated as a pass would.
  core::Tokenization tokenize(const std::string& text, bool target) const;
  // text: the encoder's input (the prompt for a decoder-only model); target: the decoder's input
  // of an encoder-decoder model, or none/empty for the model's own greedy output.
  // attention: "dense", "on-demand" or "auto" (core::AttentionStorage); throws core::InputError otherwise.
  // text_pair: text B of a sentence pair (text/text_pair.h), text being text A.
  PythonTrace trace(const std::string& text, const std::string& target, bool no_pe, const std::string& attention,
                    const std::optional<std::string>& text_pair = std::nullopt) const;
  // The metrics of every head, as `attnscope-cli heads` computes them (induction scores included),
  // of the matrices read as text (analysis/reading/read_report.h); text_pair: text B of a pair.
  // progress: after each block of the pass (false stops it with core::Cancelled).
  core::HeadReport heads(const std::string& text, const std::string& target, bool no_pe, int window,
                         const std::optional<std::string>& text_pair, const core::ReadingOptions& reading,
                         const std::function<bool(int, int)>& progress = {}) const;
  // The metrics averaged over a corpus's lines, as `attnscope-cli heads --corpus` computes them
  // (blank and unusable lines skipped; "source<TAB>target" for an encoder-decoder model's target),
  // read as text; name: the corpus in messages. progress(done, total) after each line, and
  // pass_progress after each block of a line's pass: either returning false stops the run with
  // core::Cancelled. Throws core::InputError when no line could be read, or a token to hide is in
  // none of them; core::MemoryBudgetError for a line's pass over the budget.
  core::HeadReport corpus_heads(const std::vector<std::string>& lines, const std::string& name, bool no_pe, int window,
                                const core::ReadingOptions& reading, const core::CorpusProgress& progress,
                                const std::function<bool(int, int)>& pass_progress) const;
  // Greedy output, as `attnscope-cli generate`: the new tokens decoded, without the end token.
  std::string generate(const std::string& text, std::optional<int> max_tokens, bool no_pe) const;

 private:
  std::filesystem::path folder_;
  std::string note_;
  std::shared_ptr<const core::Model> model_;
  core::ForwardOptions options_;
};

void bind_model(pybind11::module_& module);

}  // namespace attnscope_python
