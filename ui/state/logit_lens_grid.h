#pragma once
// The Logit lens page's data (docs/methods.md): for every row (the embeddings, then each layer)
// and position, the top-K tokens the output head reads out of the residual stream, as text.
// Pure (no Qt threading): the page runs computeLens on the JobRunner's Lens lane.

#include <memory>
#include <vector>

#include <QString>
#include <QStringList>

#include "analysis.h"
#include "analysis/methods/method_options.h"

namespace ui {

struct LensToken {
  QString text;  // the vocabulary entry ("Ġthe", "▁Le")
  int id = 0;
  double probability = 0.0;
};

struct LensGrid {
  std::shared_ptr<const Analysis> analysis;  // the result it reads
  QStringList rows;       // "Embeddings", "Layer 1", …
  QStringList positions;  // the tokens of the stack the lens reads
  std::vector<std::vector<std::vector<LensToken>>> top;  // [row][position]: top-K, best first
  QString error;          // no output head, an input error, or cancelled; then top is empty

  bool empty() const { return top.empty(); }
  const std::vector<LensToken>& at(int row, int position) const {
    return top[static_cast<std::size_t>(row)][static_cast<std::size_t>(position)];
  }
};

// Runs core::logit_lens over the analysis's tokens (the pass with PE as the views show it).
// Never throws.
LensGrid computeLens(std::shared_ptr<const Analysis> analysis, int topK, bool positionalEncoding,
                     const core::MethodProgress& progress = {});

}  // namespace ui
