#pragma once
// The living diagram's stages, one painter each (living_diagram_frames.h lists them). Each draws
// from DiagramNumbers only, into rect, at progress ∈ (0, 1] of its animation, and writes into
// DiagramDrawn the numbers it put on screen, so a test can compare them with the core's.

#include <vector>

#include <QCoreApplication>
#include <QRectF>

#include "living_diagram_numbers.h"
#include "living_diagram_painter.h"

namespace ui {

// Where a click picks a query: a token's strip or row, and the query it is (0-based).
struct DiagramTarget {
  QRectF rect;
  int query = 0;
};

struct DiagramDrawn {
  std::vector<float> bars;       // Scores, Softmax: each key's bar height, in the number's units
  core::RowVector sum;           // WeightedSum: the b^1 strip (the running Σ α̂ v); MultiHead: b^1
  int revealedCells = 0;         // MatrixProduct: the cells of A filled in so far
  int rowsShown = 0;             // how many tokens' rows fit (the rest are left out, "…")
  int firstShown = 0;            // the first token shown (a window around the query when not all fit)
  int colsShown = 0;             // MatrixProduct: how many columns (keys) of A are drawn
  std::vector<DiagramTarget> queryTargets;  // Inputs, QueryKeyValue, MatrixProduct
};

// The diagram's translated strings share one context with the page (ui::LivingDiagramWidget).
inline QString diagramText(const char *source) {
  return QCoreApplication::translate("ui::LivingDiagramWidget", source);
}

// How many rows of at least minRow pixels fit height (at least 1 when count > 0).
int diagramRowsThatFit(int count, double height, double minRow);
// The key a window of keys centres on: the query itself in self-attention (keys are the same
// tokens), the query's most attended key in cross-attention.
int diagramFocusKey(const DiagramNumbers &n);
// Whether key i is one the query may attend to (the causal mask hides later keys).
inline bool diagramKeyVisible(const DiagramNumbers &n, int key) {
  return n.visible.empty() || n.visible[static_cast<std::size_t>(key)];
}

void paintInputs(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn);
void paintQueryKeyValue(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                        DiagramDrawn &drawn);
void paintScores(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn);
void paintSoftmax(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn);
void paintWeightedSum(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                      DiagramDrawn &drawn);
void paintMatrixProduct(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                        DiagramDrawn &drawn);
void paintMultiHead(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                    DiagramDrawn &drawn);

}  // namespace ui
