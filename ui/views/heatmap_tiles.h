#pragma once
// A heatmap of a long text has more cells than the screen has pixels (4,096² cells at 4k tokens):
// zoomed out, it draws one tile per block of b × b cells instead, coloured by the largest or the
// mean α̂ of the block's unmasked cells. Pure, so the tests check the numbers against brute force.

#include <functional>
#include <thread>
#include <vector>

#include <QRect>
#include <QString>

#include "attention_slice.h"

namespace ui {

enum class TileAggregate { Max, Mean };
QString tileAggregateName(TileAggregate aggregate);  // "max", "mean"

struct HeatmapTiles {
  QRect cells;    // the cells covered: x = first key, y = first query, width = keys, height = queries
  int block = 1;  // cells per tile side; the last tile of a row or column may hold fewer
  int tileRows = 0;
  int tileCols = 0;
  TileAggregate aggregate = TileAggregate::Max;
  std::vector<float> values;  // [tileRow * tileCols + tileCol]
  std::vector<char> masked;   // 1: every cell of the tile is masked (nothing to aggregate)
  std::thread::id builtOn{};  // the thread aggregateTiles ran on (the heatmap's: a JobRunner lane)

  float value(int tileRow, int tileCol) const { return values[std::size_t(tileRow * tileCols + tileCol)]; }
  bool isMasked(int tileRow, int tileCol) const { return masked[std::size_t(tileRow * tileCols + tileCol)] != 0; }
  // The cells of one tile, clipped to `cells`.
  QRect tileCells(int tileRow, int tileCol) const;
};

// Tiles of head `head` of the slice over `cells` (clipped to the matrix), block × block each:
//   max:  t = max_{(i,j) ∈ tile, unmasked} α̂_ij
//   mean: t = (1 / n) Σ_{(i,j) ∈ tile, unmasked} α̂_ij, n = the tile's unmasked cells
// stopped is polled once per row; when it says true the tiles are given up (returned empty: no
// tileRows), since whoever asked wants other tiles now.
HeatmapTiles aggregateTiles(const AttentionSlice &slice, int head, QRect cells, int block, TileAggregate aggregate,
                            const std::function<bool()> &stopped = {});

}  // namespace ui
