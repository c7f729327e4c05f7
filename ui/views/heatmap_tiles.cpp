#include "heatmap_tiles.h"

#include <algorithm>
#include <limits>

#include <QCoreApplication>

namespace ui {

QString tileAggregateName(TileAggregate aggregate) {
  return aggregate == TileAggregate::Max ? QCoreApplication::translate("ui::HeatmapTiles", "max")
                                         : QCoreApplication::translate("ui::HeatmapTiles", "mean");
}

QRect HeatmapTiles::tileCells(int tileRow, int tileCol) const {
  return QRect(cells.x() + tileCol * block, cells.y() + tileRow * block, block, block).intersected(cells);
}

HeatmapTiles aggregateTiles(const AttentionSlice &slice, int head, QRect cells, int block, TileAggregate aggregate,
                            const std::function<bool()> &stopped) {
  HeatmapTiles tiles;
  tiles.builtOn = std::this_thread::get_id();
  tiles.aggregate = aggregate;
  tiles.block = std::max(block, 1);
  if (slice.empty() || head < 0 || head >= slice.headCount()) return tiles;
  tiles.cells = cells.intersected(QRect(0, 0, slice.cols(), slice.rows()));
  if (tiles.cells.isEmpty()) return tiles;
  tiles.tileRows = (tiles.cells.height() + tiles.block - 1) / tiles.block;
  tiles.tileCols = (tiles.cells.width() + tiles.block - 1) / tiles.block;
  const std::size_t count = std::size_t(tiles.tileRows) * std::size_t(tiles.tileCols);
  std::vector<float> sum(count, aggregate == TileAggregate::Max ? -std::numeric_limits<float>::infinity() : 0.0f);
  std::vector<int> unmasked(count, 0);
  const core::RowMatrix &alpha_hat = slice.heads[std::size_t(head)];
  // One pass over the cells, row by row (the matrix is row-major), each into its tile.
  for (int i = tiles.cells.top(); i <= tiles.cells.bottom(); ++i) {
    if (stopped && stopped()) {
      tiles.tileRows = tiles.tileCols = 0;
      return tiles;
    }
    const std::size_t tileRow = std::size_t((i - tiles.cells.top()) / tiles.block);
    for (int j = tiles.cells.left(); j <= tiles.cells.right(); ++j) {
      if (slice.isMasked(i, j)) continue;
      const std::size_t t = tileRow * std::size_t(tiles.tileCols) + std::size_t((j - tiles.cells.left()) / tiles.block);
      const float a = alpha_hat(i, j);
      sum[t] = aggregate == TileAggregate::Max ? std::max(sum[t], a) : sum[t] + a;
      ++unmasked[t];
    }
  }
  tiles.values.resize(count, 0.0f);
  tiles.masked.resize(count, 0);
  for (std::size_t t = 0; t < count; ++t) {
    if (unmasked[t] == 0) {
      tiles.masked[t] = 1;
      continue;
    }
    tiles.values[t] = aggregate == TileAggregate::Max ? sum[t] : sum[t] / float(unmasked[t]);
  }
  return tiles;
}

}  // namespace ui
