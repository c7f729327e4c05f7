// Stages 3 and 4 of the living diagram: the query's scores as bars, one per key,
//   α_{1,i} = q^1 · k^i / √d   (growing from 0 as the stage plays)
// then softmax reshaping them into the weights
//   α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})
// (each bar moves from its α to its α̂; the numbers switch from α to α̂ half-way). A key the causal
// mask hides has no bar: a grey hatched box reads −∞, then 0.

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "colour_scales.h"
#include "living_diagram_stages.h"

namespace ui {

namespace {

// values: what each bar shows now (NaN: a hidden key); numbers: what its label reads.
void paintBars(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, const std::vector<float> &values,
               const std::vector<float> &numbers, const QString &axis, DiagramDrawn &drawn) {
  QPainter &painter = p.painter();
  const double u = p.unit();
  const int count = static_cast<int>(values.size());
  const double axisWidth = 3.0 * u;
  const double plotWidth = rect.width() - axisWidth;
  // as many bars as fit at 2.6 units each, around the query's key when not all do ("…" for the rest)
  const DiagramWindow window =
      diagramWindow(count, std::max(1, static_cast<int>(plotWidth / (2.6 * u))), diagramFocusKey(n));
  const double slot = plotWidth / window.places();
  drawn.rowsShown = window.count;
  drawn.firstShown = window.first;
  drawn.bars.assign(values.begin(), values.end());

  // the plot's range always holds 0, so every bar starts on the zero line
  float top = 0, bottom = 0;
  for (const float value : values) {
    if (std::isnan(value)) continue;
    top = std::max(top, value);
    bottom = std::min(bottom, value);
  }
  if (top - bottom < 1e-6f) top = bottom + 1;
  // room for the axis name above, a number above the tallest bar and below the lowest, the names below
  const QRectF plot(rect.left() + axisWidth, rect.top() + 3.0 * u, plotWidth, rect.height() - 3.0 * u - 4.8 * u);
  const auto y = [&](float value) { return plot.bottom() - (value - bottom) / (top - bottom) * plot.height(); };

  // the axis: its name and the zero line
  p.formula(QRectF(rect.left(), rect.top(), rect.width(), 1.4 * u), Qt::AlignLeft | Qt::AlignVCenter, axis);
  painter.save();
  painter.setPen(QPen(p.muted(), 1));
  painter.drawLine(QPointF(plot.left(), y(0)), QPointF(plot.right(), y(0)));
  painter.restore();
  p.formula(QRectF(rect.left(), y(0) - 0.8 * u, axisWidth - 0.3 * u, 1.6 * u), Qt::AlignRight | Qt::AlignVCenter,
            QStringLiteral("0"), 0.8);

  const QColor colour = headColour(n.head);
  const int offset = window.before ? 1 : 0;  // the "…" place before the window
  for (int shown = 0; shown < window.count; ++shown) {
    const int i = window.first + shown;
    const double left = plot.left() + (shown + offset) * slot;
    const double barWidth = std::min(slot * 0.7, 4.0 * u);
    const double x = left + (slot - barWidth) / 2;
    const float value = values[static_cast<std::size_t>(i)];
    QString label = DiagramPainter::number(numbers[static_cast<std::size_t>(i)]);
    double labelY = 0;
    if (std::isnan(value)) {
      // a key the mask hides: no score, no weight
      const QRectF box(x, y(0) - 1.2 * u, barWidth, 1.2 * u);
      painter.fillRect(box, maskColour());
      painter.fillRect(box, maskHatchBrush());
      labelY = box.top() - 1.4 * u;
    } else {
      const QRectF bar = QRectF(QPointF(x, y(std::max(value, 0.0f))), QPointF(x + barWidth, y(std::min(value, 0.0f))));
      painter.fillRect(bar, i == n.query && !n.crossAttention ? colour.darker(120) : colour);
      labelY = value >= 0 ? bar.top() - 1.4 * u : bar.bottom() + 0.1 * u;
    }
    p.formula(QRectF(left, labelY, slot, 1.3 * u), Qt::AlignCenter, label, 0.75);
    p.token(QRectF(left, plot.bottom() + 3.0 * u, slot, 1.5 * u), Qt::AlignCenter, n.keyTokens.value(i), 0.85);
    p.formula(QRectF(left, plot.bottom() + 1.7 * u, slot, 1.3 * u), Qt::AlignCenter, QStringLiteral("k^{%1}").arg(i + 1), 0.7);
  }
  // the keys left out: "…" on the zero line, how many under it
  const auto ellipsis = [&](int place, int leftOut) {
    const double left = plot.left() + place * slot;
    p.formula(QRectF(left, y(0) - 0.9 * u, slot, 1.8 * u), Qt::AlignCenter, QStringLiteral("…"), 1.2);
    p.token(QRectF(left, plot.bottom() + 3.0 * u, slot, 1.5 * u), Qt::AlignCenter, QStringLiteral("+%1").arg(leftOut), 0.85);
  };
  if (window.before) ellipsis(0, window.first);
  if (window.after) ellipsis(window.places() - 1, count - window.end());
}

}  // namespace

void paintScores(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn) {
  std::vector<float> values;
  std::vector<float> numbers;
  for (Eigen::Index i = 0; i < n.alpha.size(); ++i) {
    const bool visible = n.visible.empty() || n.visible[static_cast<std::size_t>(i)];
    // the bars grow to their score as the stage plays; the label is the score itself
    values.push_back(visible ? static_cast<float>(n.alpha[i] * progress) : std::nanf(""));
    numbers.push_back(n.alpha[i]);
  }
  paintBars(p, n, rect, values, numbers, diagramText("score α_{1,i}"), drawn);
}

void paintSoftmax(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress, DiagramDrawn &drawn) {
  std::vector<float> values;
  std::vector<float> numbers;
  for (Eigen::Index i = 0; i < n.alpha.size(); ++i) {
    const bool visible = n.visible.empty() || n.visible[static_cast<std::size_t>(i)];
    // each bar moves from α to α̂: (1 − t) α + t α̂
    const double t = progress;
    values.push_back(visible ? static_cast<float>((1 - t) * n.alpha[i] + t * n.alphaHat[i]) : std::nanf(""));
    numbers.push_back(progress < 0.5 ? n.alpha[i] : n.alphaHat[i]);
  }
  paintBars(p, n, rect, values, numbers,
            progress < 0.5 ? diagramText("score α_{1,i}") : diagramText("weight α̂_{1,i} (sums to 1)"), drawn);
}

}  // namespace ui
