#pragma once
// Figures drawn without a window, for `attnscope-cli render` and scripts: the same widgets the
// app shows (word graph, heatmap, model overview grid, position vectors), computed from a model
// folder and a text, laid out off screen and written as PNG or SVG by the file's extension.
// Needs a QApplication (the CLI makes one on the offscreen platform).

#include <cstddef>
#include <optional>

#include <QSize>
#include <QString>
#include <QStringList>

#include "analysis/methods/attention_method.h"
#include "analysis/reading/token_reading.h"
#include "model/trace.h"

namespace ui {

struct FigureRequest {
  QString model;   // a model folder
  QString text;    // encoder input; a decoder-only model's prompt
  QString target;  // decoder input; empty: the model's greedy output
  QString textPair;  // text B read with text as a sentence pair; empty: one text
  QString view = QStringLiteral("heatmap");  // one of figureViews()
  std::optional<core::AttentionKind> kind;   // none: the model's first (encoder self, else decoder self)
  int layer = 0;                              // 0-based, as in `attnscope-cli dump`
  int head = 0;                               // 0-based
  bool positionalEncoding = true;
  double dpi = 96;  // PNG only: 96 draws one pixel per logical pixel
  QSize size{960, 720};
  // What graph, heatmap and grid draw: raw α̂ or another method's matrices (docs/methods.md); a
  // per-layer method (value zeroing, rollout, flow) has one matrix per layer, so head stays 0.
  core::AttentionMethod method = core::AttentionMethod::Raw;
  core::ReadingOptions reading;  // words merged, tokens hidden (docs/reading.md)
  double topP = 0.0;             // graph: per query the top-p keys' lines only; 0: every line
  // Bytes opening the model (a GGUF file's weights) and the pass may allocate (core::ForwardOptions::memory_budget);
  // 0: no limit. Over it, the figure is refused with the memory guard's message.
  std::size_t memoryBudget = 0;
};

QStringList figureViews();  // "graph", "heatmap", "grid", "pe"

// Parses "encoder_self", "decoder_self", "decoder_cross".
std::optional<core::AttentionKind> attentionKindFromName(const QString &name);

// Draws the figure into path (.png or .svg). Returns an empty string on success, else the message.
QString renderFigureFile(const FigureRequest &request, const QString &path);

}  // namespace ui
