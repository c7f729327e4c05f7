#pragma once
// attnscope.Model: a loaded model and the passes a notebook asks of it. Every method computes with
// the same core functions as attnscope-cli and the app (prepare_inputs, forward, the head analysis,
// GreedyDecoder), so the numbers are the CLI's, bit for bit.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "model/model.h"
#include "model/transformer.h"
#include "python_trace.h"

namespace attnscope_python {

class PythonModel {
 public:
  // argument: a model folder or a Hugging Face cache id (core/hub/model_location.h).
  // precision: "exact" or "fast"; memory_budget: bytes a pass may allocate (0: no limit).
  // Throws core::LoadError (the loader's message) or core::InputError (a bad precision).
  PythonModel(const std::string& argument, const std::string& precision, std::size_t memory_budget, int threads);

  const core::Model& model() const { return *model_; }
  const std::filesystem::path& folder() const { return folder_; }
  const std::string& note() const { return note_; }
  const core::ForwardOptions& options() const { return options_; }

  // The text through the tokenizer of the model's first input (the encoder's, or a decoder-only
  // model's), or the decoder's when target is true; truncated as a pass would.
  core::Tokenization tokenize(const std::string& text, bool target) const;
  // text: the encoder's input (the prompt for a decoder-only model); target: the decoder's input
  // of an encoder-decoder model, or none/empty for the model's own greedy output.
  // attention: "dense", "on-demand" or "auto" (core::AttentionStorage); throws core::InputError otherwise.
  PythonTrace trace(const std::string& text, const std::string& target, bool no_pe, const std::string& attention) const;
  // The metrics of every head, as `attnscope-cli heads` computes them (induction scores included).
  core::HeadReport heads(const std::string& text, const std::string& target, bool no_pe, int window) const;
  // Greedy output, as `attnscope-cli generate`: the new tokens decoded, without the end token.
  std::string generate(const std::string& text, std::optional<int> max_tokens, bool no_pe) const;

 private:
  core::ForwardOptions pass_options(bool no_pe) const;

  std::filesystem::path folder_;
  std::string note_;
  std::shared_ptr<const core::Model> model_;
  core::ForwardOptions options_;
};

void bind_model(pybind11::module_& module);

}  // namespace attnscope_python
