// Stages 1 and 2 of the living diagram, as the lecture draws them: the tokens a^1 … a^n side by
// side, each a strip of coloured cells, and above each a^i its q^i, k^i and v^i with arrows up
// from a^i (q^i = W^q a^i, k^i = W^k a^i, v^i = W^v a^i). Cross-attention's query comes from the
// decoder: it stands apart on the left with its own a and q. A key the decoder's mask hides from
// the query has its k and v greyed. A click on a column picks its token as the query.

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "colour_scales.h"
#include "living_diagram_stages.h"

namespace ui {

namespace {

struct Column {
  QString token;
  int index = 0;          // 0-based position, in its own sequence
  core::RowVector a;      // a^i
  core::RowVector q;      // q^i of this head; empty when the column has no query
  core::RowVector k;      // empty for cross-attention's query column
  core::RowVector v;
  bool query = false;     // the lecture's "1"
};

std::vector<Column> columnsOf(const DiagramNumbers &n) {
  std::vector<Column> columns;
  if (n.crossAttention) {
    Column query;
    query.token = n.queryTokens.value(n.query);
    query.index = n.query;
    query.a = n.aQ.row(n.query);
    query.q = n.queries.row(n.query);
    query.query = true;
    columns.push_back(query);
  }
  for (Eigen::Index i = 0; i < n.aKv.rows(); ++i) {
    Column column;
    column.token = n.keyTokens.value(static_cast<int>(i));
    column.index = static_cast<int>(i);
    column.a = n.aKv.row(i);
    column.k = n.k.row(i);
    column.v = n.v.row(i);
    if (!n.crossAttention) {
      column.q = n.queries.row(i);
      column.query = i == n.query;
    }
    columns.push_back(column);
  }
  return columns;
}

// Both stages share the layout, so the strips stay where they are when the animation moves on.
// With more tokens than fit, a window of them around the query is drawn, "…" for the rest.
void paintVectors(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, bool withQkv,
                  DiagramDrawn &drawn) {
  QPainter &painter = p.painter();
  const double u = p.unit();
  const std::vector<Column> columns = columnsOf(n);
  const double margin = 7.0 * u;  // the row names on the left: a^i, q^i = W^q a^i …
  const double width = rect.width() - margin;
  // cross-attention's query column stands first, always; the keys' columns follow
  const int fixed = n.crossAttention ? 1 : 0;
  const int keys = static_cast<int>(columns.size()) - fixed;
  // a column needs room for a strip and its token's first letters
  const int fits = std::max(1, static_cast<int>(width / (3.0 * u)) - fixed);
  const DiagramWindow window = diagramWindow(keys, fits, diagramFocusKey(n));
  const int places = fixed + window.places();
  const double columnWidth = width / places;
  drawn.rowsShown = window.count;
  drawn.firstShown = window.first;

  // top to bottom: q^i, k^i, v^i, the arrows up from a^i, a^i, the token; centred in rect
  const double stripHeight = std::clamp(rect.height() / 9, 0.8 * u, 2.6 * u);
  const double arrowGap = std::clamp(rect.height() * 0.22, 3.0 * u, 8.0 * u);
  const double blockHeight = 1.0 * u + 3 * stripHeight + 2 * 1.0 * u + 0.2 * u + arrowGap + stripHeight + 0.3 * u + 1.6 * u;
  const double blockTop = rect.top() + std::max(0.0, (rect.height() - blockHeight) / 2);
  const double qTop = blockTop + 1.0 * u;
  const double kTop = qTop + stripHeight + 1.0 * u;
  const double vTop = kTop + stripHeight + 1.0 * u;
  const double arrowTop = vTop + stripHeight + 0.2 * u;
  const double aTop = arrowTop + arrowGap;
  const double labelTop = aTop + stripHeight + 0.3 * u;

  const float aExtent = std::max(diagramExtent(n.aKv), diagramExtent(n.aQ));
  const float qkvExtent = std::max({diagramExtent(n.queries), diagramExtent(n.k), diagramExtent(n.v)});

  // the row names
  const auto rowName = [&](double top, const QString &markup) {
    p.formula(QRectF(rect.left(), top - 0.3 * u, margin - 0.4 * u, stripHeight + 0.6 * u), Qt::AlignRight | Qt::AlignVCenter,
              markup);
  };
  rowName(aTop, QStringLiteral("a^i"));
  if (withQkv) {
    rowName(qTop, QStringLiteral("q^i = W^q a^i"));
    rowName(kTop, QStringLiteral("k^i = W^k a^i"));
    rowName(vTop, QStringLiteral("v^i = W^v a^i"));
  } else {
    // what the strips are, where stage 2 will put q, k and v
    p.formula(QRectF(rect.left() + margin, qTop - 0.5 * u, width, (vTop + stripHeight) - qTop + u),
              Qt::AlignCenter,
              diagramText("each token a^i is a vector of %1 numbers: one colour cell per value, ▼ marks the largest")
                  .arg(n.aKv.cols()),
              0.9);
  }

  // a place left out: "…" where the strips would be, how many under it
  const auto ellipsis = [&](int place, int leftOut) {
    const double left = rect.left() + margin + place * columnWidth;
    p.formula(QRectF(left, aTop - 0.5 * u, columnWidth, stripHeight + u), Qt::AlignCenter, QStringLiteral("…"), 1.2);
    p.token(QRectF(left, labelTop, columnWidth, 1.6 * u), Qt::AlignCenter, QStringLiteral("+%1").arg(leftOut), 0.85);
  };
  if (window.before) ellipsis(fixed, window.first);
  if (window.after) ellipsis(places - 1, keys - window.end());

  for (int place = 0; place < places; ++place) {
    const bool queryColumn = place < fixed;
    const int shownKey = place - fixed - (window.before ? 1 : 0);
    if (!queryColumn && (shownKey < 0 || shownKey >= window.count)) continue;  // a "…" place
    const Column &column = columns[static_cast<std::size_t>(queryColumn ? 0 : fixed + window.first + shownKey)];
    const double left = rect.left() + margin + place * columnWidth;
    const double gap = std::min(0.4 * u, columnWidth * 0.12);
    const QRectF cell(left + gap, 0, columnWidth - 2 * gap, stripHeight);
    // Inputs fade in left to right; q, k, v rise from them after the arrows
    const double appear = withQkv ? 1.0 : std::clamp(progress * places - place, 0.0, 1.0);
    constexpr float highlightAlpha = 0.16f;
    if (column.query) {
      QColor highlight = headColour(n.head);
      highlight.setAlphaF(highlightAlpha);
      painter.fillRect(QRectF(left + 1, (withQkv ? qTop : aTop) - 1.0 * u, columnWidth - 2,
                              rect.bottom() - (withQkv ? qTop : aTop) + 1.0 * u),
                       highlight);
    }
    // a click on a token's column makes it the query (its own tokens are the queries in self-attention)
    if (!n.crossAttention) {
      drawn.queryTargets.push_back({QRectF(left, qTop - 1.0 * u, columnWidth, labelTop + 1.6 * u - (qTop - 1.0 * u)), column.index});
    }
    p.strip(cell.translated(0, aTop), column.a, aExtent, appear);
    const QString label = n.crossAttention && column.query ? diagramText("query: %1").arg(column.token) : column.token;
    painter.save();
    painter.setPen(column.query ? p.readable(headColour(n.head).darker(130), p.tinted(headColour(n.head), highlightAlpha))
                                : p.text());
    p.token(QRectF(left, labelTop, columnWidth, 1.6 * u), Qt::AlignCenter, label, 0.85);
    painter.restore();
    if (!withQkv) continue;
    // arrows first (0 … ½), then the strips (½ … 1)
    const double arrows = std::clamp(progress * 2, 0.0, 1.0);
    const double strips = std::clamp(progress * 2 - 1, 0.0, 1.0);
    const QPointF from(cell.center().x(), aTop - 0.1 * u);
    const QPointF to(cell.center().x(), from.y() - (from.y() - arrowTop) * arrows);
    p.arrow(from, to, p.text(), arrows);
    if (column.q.size() > 0) p.strip(cell.translated(0, qTop), column.q, qkvExtent, strips * (column.query ? 1.0 : 0.45));
    if (column.k.size() > 0) p.strip(cell.translated(0, kTop), column.k, qkvExtent, strips);
    if (column.v.size() > 0) p.strip(cell.translated(0, vTop), column.v, qkvExtent, strips);
    // a key the causal mask hides from the query: its k and v greyed, no attention (α̂ = 0)
    if (!queryColumn && !diagramKeyVisible(n, column.index) && strips > 0) {
      painter.save();
      painter.setOpacity(0.8 * strips);
      for (const double top : {kTop, vTop}) {
        painter.fillRect(cell.translated(0, top), maskColour());
        painter.fillRect(cell.translated(0, top), maskHatchBrush());
      }
      painter.restore();
    }
  }
}

}  // namespace

int diagramFocusKey(const DiagramNumbers &n) {
  if (!n.crossAttention || n.alphaHat.size() == 0) return n.query;
  Eigen::Index strongest = 0;
  n.alphaHat.maxCoeff(&strongest);
  return static_cast<int>(strongest);
}

int diagramRowsThatFit(int count, double height, double minRow) {
  if (count <= 0) return 0;
  return std::clamp(static_cast<int>(height / std::max(minRow, 1.0)), 1, count);
}

void paintInputs(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn) {
  paintVectors(p, n, rect, progress, false, drawn);
}

void paintQueryKeyValue(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                        DiagramDrawn &drawn) {
  paintVectors(p, n, rect, progress, true, drawn);
}

}  // namespace ui
