#pragma once
// Where the word graph puts things: query tokens in a left column, key tokens in a right column,
// lines between their anchors. Pure, so hit-testing and drawing agree and tests can use it.

#include <QHashFunctions>
#include <QRectF>

namespace ui {

enum class TokenSide { Query, Key };

struct TokenRef {
  TokenSide side = TokenSide::Query;
  int index = -1;

  bool valid() const { return index >= 0; }
  bool operator==(const TokenRef &) const = default;
};

inline size_t qHash(const TokenRef &token, size_t seed = 0) {
  return ::qHash((token.side == TokenSide::Query ? 1 : -1) * (token.index + 1), seed);
}

struct WordGraphLayout {
  QRectF queryLabels;  // the column of query labels (hit area), right-aligned text
  QRectF keyLabels;    // the column of key labels, left-aligned text
  double queryAnchorX = 0;
  double keyAnchorX = 0;
  double queryTop = 0;
  double keyTop = 0;
  double pitch = 0;  // vertical distance between tokens
  int queries = 0;
  int keys = 0;

  QPointF queryAnchor(int index) const;
  QPointF keyAnchor(int index) const;
  QRectF labelRect(TokenRef token) const;
  TokenRef tokenAt(const QPointF &position) const;  // invalid outside every label row
};

// area: the widget minus its header and footer; label widths: the widest token of each column;
// minPitch: the least distance between two tokens (a label's height keeps labels apart). A
// column that needs more than area's height starts at its top and runs past its bottom.
WordGraphLayout layoutWordGraph(const QRectF &area, int queries, int keys, double queryLabelWidth,
                                double keyLabelWidth, double minPitch = 8.0);

}  // namespace ui
