// Stage 5 of the living diagram: the output as the lecture computes it,
//   b^1 = Σ_i α̂_{1,i} v^i
// one row per key: its weight α̂_{1,i}, its value v^i, and v^i scaled by the weight, stacked; the
// strip at the bottom adds the scaled rows up as the stage plays, and is b^1 when it ends.

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "colour_scales.h"
#include "living_diagram_stages.h"

namespace ui {

void paintWeightedSum(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                      DiagramDrawn &drawn) {
  QPainter &painter = p.painter();
  const double u = p.unit();
  const int count = static_cast<int>(n.weighted.rows());
  const double headerHeight = 1.5 * u;
  const double sumHeight = 3.2 * u;
  const double minRow = 1.9 * u;
  const double room = rect.height() - headerHeight - sumHeight;
  // as many rows as fit, around the query's key when not all do ("…" rows for the rest)
  const DiagramWindow window = diagramWindow(count, diagramRowsThatFit(count, room, minRow), diagramFocusKey(n));
  const double row = std::min(room / std::max(window.places(), 1), 2.6 * u);
  drawn.rowsShown = window.count;
  drawn.firstShown = window.first;
  const int offset = window.before ? 1 : 0;  // the "…" row before the window

  // columns: token | α̂ | × v^i | = α̂ v^i
  const double tokenWidth = rect.width() * 0.16;
  const double weightWidth = rect.width() * 0.12;
  const double stripWidth = (rect.width() - tokenWidth - weightWidth - 4 * u) / 2;
  const double vLeft = rect.left() + tokenWidth + weightWidth + u;
  const double wLeft = vLeft + stripWidth + 2.5 * u;
  const float extent = std::max(diagramExtent(n.v), diagramExtent(n.b));

  p.formula(QRectF(rect.left() + tokenWidth, rect.top(), weightWidth, headerHeight), Qt::AlignCenter,
            QStringLiteral("α̂_{1,i}"), 0.9);
  p.formula(QRectF(vLeft, rect.top(), stripWidth, headerHeight), Qt::AlignCenter, QStringLiteral("v^i"), 0.9);
  p.formula(QRectF(wLeft, rect.top(), stripWidth, headerHeight), Qt::AlignCenter, QStringLiteral("α̂_{1,i} v^i"), 0.9);

  // rows are added one after another: after a share progress of the stage, ⌈progress · n⌉ rows
  const int added = std::clamp(static_cast<int>(std::ceil(progress * count - 1e-9)), 0, count);
  core::RowVector sum = core::RowVector::Zero(n.weighted.cols());
  for (int i = 0; i < count; ++i) {
    if (i < added) sum += n.weighted.row(i);
    if (i < window.first || i >= window.end()) continue;
    const double top = rect.top() + headerHeight + (i - window.first + offset) * row;
    const double stripTop = top + 0.55 * u;
    const double stripHeight = std::max(row - 0.8 * u, 0.5 * u);
    const bool visible = diagramKeyVisible(n, i);
    const double opacity = i < added ? 1.0 : 0.25;
    p.token(QRectF(rect.left(), top, tokenWidth - 0.3 * u, row), Qt::AlignRight | Qt::AlignVCenter, n.keyTokens.value(i),
            0.85);
    painter.save();
    painter.setOpacity(opacity);
    p.formula(QRectF(rect.left() + tokenWidth, top, weightWidth, row), Qt::AlignCenter,
              visible ? DiagramPainter::number(n.alphaHat[i]) : diagramText("0 (masked)"), 0.8);
    painter.restore();
    p.strip(QRectF(vLeft, stripTop, stripWidth, stripHeight), n.v.row(i), extent, opacity);
    p.formula(QRectF(vLeft + stripWidth, top, 2.5 * u, row), Qt::AlignCenter, QStringLiteral("→"), 0.9);
    p.strip(QRectF(wLeft, stripTop, stripWidth, stripHeight), n.weighted.row(i), extent, i < added ? 1.0 : 0.0);
  }
  const double listBottom = rect.top() + headerHeight + window.places() * row;
  // the rows left out: "…" and how many, in the token column
  const auto ellipsis = [&](int place, int leftOut) {
    const double top = rect.top() + headerHeight + place * row;
    p.token(QRectF(rect.left(), top, tokenWidth - 0.3 * u, row), Qt::AlignRight | Qt::AlignVCenter,
            QStringLiteral("… +%1").arg(leftOut), 0.85);
  };
  if (window.before) ellipsis(0, window.first);
  if (window.after) ellipsis(window.places() - 1, count - window.end());
  // the running sum: b^1 once every row is in
  const double sumTop = listBottom + 0.4 * u;
  painter.save();
  painter.setPen(QPen(p.text(), std::max(1.0, u / 10)));
  painter.drawLine(QPointF(wLeft, sumTop), QPointF(wLeft + stripWidth, sumTop));
  painter.restore();
  p.formula(QRectF(rect.left(), sumTop + 0.2 * u, wLeft - rect.left() - 0.5 * u, 2.2 * u), Qt::AlignRight | Qt::AlignVCenter,
            added == count ? QStringLiteral("b^1 = Σ_i α̂_{1,i} v^i") : diagramText("Σ of the first %1 rows").arg(added),
            0.95, true);
  p.strip(QRectF(wLeft, sumTop + 1.0 * u, stripWidth, std::min(1.6 * u, sumHeight - 1.4 * u)), sum, extent);
  drawn.sum = sum;
}

}  // namespace ui
