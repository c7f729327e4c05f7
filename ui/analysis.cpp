#include "analysis.h"

#include <algorithm>
#include <chrono>

#include "tensor/errors.h"
#include "model/generation.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace ui {

namespace {

bool canGenerate(const core::Model& model) {
  return model.spec().architecture == core::Architecture::EncoderDecoder && model.spec().has_output_head;
}

core::AttentionTrace traceFor(const core::Model& model, const Analysis& analysis, bool positionalEncoding) {
  core::ForwardOptions options;
  options.positional_encoding = positionalEncoding;
  return core::forward(model, analysis.source.ids, analysis.target.ids, options).trace;
}

}  // namespace

int generationBudget(const core::ModelSpec& config, std::size_t sourceLength) {
  const int wanted = 2 * static_cast<int>(sourceLength) + 8;
  return std::clamp(wanted, 1, std::max(1, config.max_positions - 1));
}

Analysis runAnalysis(const AnalysisRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  Analysis analysis;
  analysis.requestId = request.id;
  analysis.thread = std::this_thread::get_id();
  analysis.model = request.model;
  const core::Model& model = *request.model;
  const core::ModelSpec& config = model.spec();
  try {
    // The same inputs as `attnscope-cli dump`: a decoder-only model reads the text as its decoder input.
    if (config.has_encoder()) {
      analysis.source = core::tokenize_input(model, core::InputSide::Source, request.source);
    } else {
      analysis.target = core::tokenize_input(model, core::InputSide::Target, request.source);
      // Only a tokenizer that adds no special tokens (GPT-2) gives nothing here; the forward pass
      // would blame "the target input", a field a decoder-only model does not show (as in the CLI).
      if (analysis.target.size() == 0) throw core::InputError("the text is empty");
    }
    if (config.architecture == core::Architecture::EncoderDecoder) {
      if (!request.target.empty() || !canGenerate(model)) {
        analysis.target = core::tokenize_input(model, core::InputSide::Target, request.target);
      } else {
        core::ForwardOptions options;
        options.positional_encoding = request.positionalEncoding;
        std::vector<int> prefix = core::generation_prefix(model);
        const auto prefixLength = static_cast<std::ptrdiff_t>(prefix.size());
        core::GreedyDecoder decoder(model, analysis.source.ids, std::move(prefix), options,
                                    generationBudget(config, analysis.source.size()));
        while (!decoder.finished()) decoder.step();
        analysis.target = core::tokens_for_ids(model, core::InputSide::Target, decoder.sequence());
        std::vector<int> produced(decoder.sequence().begin() + prefixLength, decoder.sequence().end());
        if (!produced.empty() && produced.back() == config.eos_token_id) produced.pop_back();
        analysis.generated = true;
        analysis.generatedText = QString::fromStdString(model.target_tokenizer().decode(produced));
      }
    }
    // Both passes read the same tokens, so (with PE − without PE) compares like with like.
    const bool wantOn = request.positionalEncoding || request.bothEncodings;
    const bool wantOff = !request.positionalEncoding || request.bothEncodings;
    if (wantOn) analysis.withPe = traceFor(model, analysis, true);
    if (wantOff) analysis.withoutPe = traceFor(model, analysis, false);
  } catch (const std::exception& error) {
    // core::InputError above all (an empty input, an id outside the vocabulary); anything else
    // is shown the same way rather than taking the worker thread down.
    analysis.withPe.reset();
    analysis.withoutPe.reset();
    analysis.error = QString::fromStdString(error.what());
  }
  analysis.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return analysis;
}

}  // namespace ui
