// Stage 7 of the living diagram: multi-head attention for the chosen query, as the lecture draws
// it with two heads:
//   q^1 = [q^{1,1}; …; q^{1,H}]      each head h takes its own d_k rows (and its k^{i,h}, v^{i,h})
//   head h gives b^{1,h} = Σ_i α̂^h_{1,i} v^{i,h}
//   b^1 = W^O [b^{1,1}; …; b^{1,H}] (+ b^O)
// The heads' parts sit under their slices of q^1, so the concatenation lines up with the split.

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "colour_scales.h"
#include "living_diagram_stages.h"

namespace ui {

void paintMultiHead(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                    DiagramDrawn &drawn) {
  QPainter &painter = p.painter();
  const double u = p.unit();
  const int heads = static_cast<int>(n.headOutputs.size());
  if (heads == 0 || n.qAllHeads.size() == 0) return;
  const double nameWidth = std::min(rect.width() * 0.2, 10.0 * u);
  const double left = rect.left() + nameWidth;
  const double width = rect.width() - nameWidth - u;
  const double stripHeight = std::min(1.6 * u, rect.height() / 14);
  const double gap = (rect.height() - 4 * stripHeight) / 4;
  const double qTop = rect.top() + 1.2 * u;
  const double headsTop = qTop + stripHeight + gap;
  const double concatTop = headsTop + stripHeight + gap;
  const double outputTop = concatTop + stripHeight + gap;
  const double segment = width / heads;

  const double split = std::clamp(progress * 3, 0.0, 1.0);       // arrows down from the slices
  const double perHead = std::clamp(progress * 3 - 1, 0.0, 1.0);  // b^{1,h} appear
  const double joined = std::clamp(progress * 3 - 2, 0.0, 1.0);   // concatenation, W^O, b^1

  core::RowMatrix heads2d(heads, n.headOutputs.front().size());
  for (int h = 0; h < heads; ++h) heads2d.row(h) = n.headOutputs[static_cast<std::size_t>(h)];
  const float qExtent = diagramExtent(n.qAllHeads);
  const float bExtent = std::max(diagramExtent(heads2d), diagramExtent(n.concatenated));
  const float outExtent = diagramExtent(n.output);

  const auto name = [&](double top, const QString &markup, bool bold = false) {
    p.formula(QRectF(rect.left(), top - 0.4 * u, nameWidth - 0.5 * u, stripHeight + 0.8 * u),
              Qt::AlignRight | Qt::AlignVCenter, markup, 0.9, bold);
  };
  name(qTop, QStringLiteral("q^1"));
  name(headsTop, diagramText("each head"));
  name(concatTop, QStringLiteral("[b^{1,1}; …; b^{1,H}]"));
  name(outputTop, QStringLiteral("b^1"), true);
  p.strip(QRectF(left, qTop, width, stripHeight), n.qAllHeads, qExtent);

  for (int h = 0; h < heads; ++h) {
    const double x = left + h * segment;
    const QRectF slice(x, qTop, segment, stripHeight);
    const QColor colour = headColour(h);
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(colour, h == n.head ? std::max(3.0, u / 4) : std::max(1.5, u / 10)));
    painter.drawRect(slice);
    painter.restore();
    // the slice's name under it when there is room: q^{1,h}
    const QString sliceName = QStringLiteral("q^{1,%1}").arg(h + 1);
    if (p.fits(sliceName, segment - 0.2 * u, 0.7)) {
      p.formula(QRectF(x, qTop + stripHeight + 0.05 * u, segment, 1.2 * u), Qt::AlignCenter, sliceName, 0.7);
    }
    const double inset = std::min(0.3 * u, segment * 0.1);
    const QRectF part(x + inset, headsTop, segment - 2 * inset, stripHeight);
    const QPointF from(part.center().x(), qTop + stripHeight + 1.3 * u);
    p.arrow(from, QPointF(from.x(), from.y() + (headsTop - 0.2 * u - from.y()) * split), colour, split);
    p.strip(part, n.headOutputs[static_cast<std::size_t>(h)], bExtent, perHead);
    if (perHead > 0) {
      painter.save();
      painter.setOpacity(perHead);
      painter.setBrush(Qt::NoBrush);
      painter.setPen(QPen(colour, h == n.head ? std::max(3.0, u / 4) : std::max(1.5, u / 10)));
      painter.drawRect(part);
      painter.restore();
      const QString partName = QStringLiteral("b^{1,%1}").arg(h + 1);
      if (p.fits(partName, part.width() - 0.2 * u, 0.7)) {
        p.formula(QRectF(x, headsTop + stripHeight + 0.05 * u, segment, 1.2 * u), Qt::AlignCenter, partName, 0.7);
      }
    }
  }
  if (joined <= 0) return;
  // the parts side by side: the concatenation, then W^O mixes the heads into b^1
  p.strip(QRectF(left, concatTop, width, stripHeight), n.concatenated, bExtent, joined);
  const double arrowX = left + width / 2;
  p.arrow(QPointF(arrowX, concatTop + stripHeight + 0.3 * u), QPointF(arrowX, outputTop - 0.3 * u), p.text(), joined);
  p.formula(QRectF(arrowX + 0.6 * u, concatTop + stripHeight, width / 2 - 0.6 * u, gap), Qt::AlignLeft | Qt::AlignVCenter,
            diagramText("× W^O (mixes the heads)"), 0.85);
  p.strip(QRectF(left, outputTop, width, stripHeight), n.output, outExtent, joined);
  if (joined >= 1) drawn.sum = n.output;
}

}  // namespace ui
