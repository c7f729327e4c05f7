#include "logit_lens_grid.h"

#include <exception>

#include <QCoreApplication>

#include "analysis/methods/logit_lens.h"

namespace ui {

LensGrid computeLens(std::shared_ptr<const Analysis> analysis, int topK, bool positionalEncoding,
                     const core::MethodProgress& progress) {
  LensGrid grid;
  grid.analysis = std::move(analysis);
  const Analysis* source = grid.analysis.get();
  if (!source || !source->model || !source->error.isEmpty()) return grid;
  const core::Model& model = *source->model;
  try {
    core::LensOptions options;
    options.top_k = topK;
    options.progress = progress;
    const core::LogitLens lens = core::logit_lens(model, source->source.ids, source->target.ids, options,
                                                  source->forwardOptions(positionalEncoding));
    // An encoder-only model's lens reads the encoder through its masked-LM head.
    const bool encoder = lens.stack == core::AttentionKind::EncoderSelf;
    const core::Tokenizer& tokenizer = encoder ? model.source_tokenizer() : model.target_tokenizer();
    const core::Tokenization& tokens = encoder ? source->source : source->target;
    for (const int row : lens.rows) {
      grid.rows << (row == 0 ? QCoreApplication::translate("ui::LogitLens", "Embeddings")
                             : QCoreApplication::translate("ui::LogitLens", "Layer %1").arg(row));
    }
    for (const int position : lens.positions) {
      const auto index = static_cast<std::size_t>(position);
      grid.positions << (index < tokens.tokens.size() ? QString::fromStdString(tokens.tokens[index]) : QString());
    }
    for (const auto& row : lens.top) {
      auto& cells = grid.top.emplace_back();
      for (const auto& cell : row) {
        auto& predictions = cells.emplace_back();
        for (const core::LensPrediction& p : cell) {
          predictions.push_back({QString::fromStdString(tokenizer.token(p.id)), p.id, p.probability});
        }
      }
    }
  } catch (const std::exception& error) {
    // core::InputError (no output head over the vocabulary, a bad input), core::Cancelled.
    grid.error = QString::fromStdString(error.what());
    grid.top.clear();
  }
  return grid;
}

}  // namespace ui
