#include "living_diagram_painter.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <QAbstractTextDocumentLayout>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QTextDocument>

#include "colour_scales.h"
#include "formula.h"

namespace ui {

namespace {

// The smallest a label may shrink to fit, as a share of its size.
constexpr double minimumShrink = 0.7;

}  // namespace

DiagramPainter::DiagramPainter(QPainter &painter, const QFont &font, const QSizeF &size, const QPalette &palette)
    : m_painter(painter), m_font(font), m_palette(palette) {
  // The text grows with the canvas (a projector's 1920×1080 reads from the back of the room) and
  // never falls below the widget's own font (presentation mode's large font wins).
  const double fromSize = std::clamp(std::min(size.width() / 62.0, size.height() / 38.0), 11.0, 34.0);
  m_unit = std::max(fromSize, static_cast<double>(QFontInfo(font).pixelSize()));
  m_font.setPixelSize(static_cast<int>(std::lround(m_unit)));
  m_painter.setRenderHint(QPainter::Antialiasing);
  m_painter.setPen(text());
  m_painter.setFont(m_font);
}

QFont DiagramPainter::scaled(double scale, bool bold) const {
  QFont font = m_font;
  font.setPixelSize(std::max(6, static_cast<int>(std::lround(m_unit * scale))));
  font.setBold(bold);
  return font;
}

namespace {

// The formula laid out on one line by Qt's rich-text layout (as a QLabel lays it out), for the
// target the painter draws on (formula.h: a hat is placed on its α on a raster, kept with it in SVG).
std::unique_ptr<QTextDocument> formulaLine(const QString &markup, const QFont &font, FormulaTarget target) {
  auto document = std::make_unique<QTextDocument>();
  document->setDefaultFont(font);
  document->setDocumentMargin(0);
  document->setHtml(formulaHtml(markup, target));
  document->setTextWidth(std::ceil(document->idealWidth()) + 1);  // one line, never wrapped
  return document;
}

}  // namespace

void DiagramPainter::formula(const QRectF &rect, int alignment, const QString &markup, double scale, bool bold) {
  double shrink = 1.0;
  const FormulaTarget target = formulaTarget(m_painter);
  std::unique_ptr<QTextDocument> line = formulaLine(markup, scaled(scale, bold), target);
  for (;;) {
    const QSizeF size(line->idealWidth(), line->size().height());
    const bool fits = size.width() <= rect.width() + 0.5 && size.height() <= rect.height() + 0.5;
    if (fits) break;
    if (shrink <= minimumShrink + 1e-9) {
      m_clipped << QStringLiteral("“%1” needs %2×%3 px, has %4×%5 px")
                       .arg(markup)
                       .arg(size.width(), 0, 'f', 0)
                       .arg(size.height(), 0, 'f', 0)
                       .arg(rect.width(), 0, 'f', 0)
                       .arg(rect.height(), 0, 'f', 0);
      break;
    }
    shrink = std::max(minimumShrink, shrink - 0.05);
    line = formulaLine(markup, scaled(scale * shrink, bold), target);
  }
  const QSizeF size(line->idealWidth(), line->size().height());
  double x = rect.left();
  if (alignment & Qt::AlignRight) x = rect.right() - size.width();
  if (alignment & Qt::AlignHCenter) x = rect.center().x() - size.width() / 2;
  double y = rect.top();
  if (alignment & Qt::AlignBottom) y = rect.bottom() - size.height();
  if (alignment & Qt::AlignVCenter) y = rect.center().y() - size.height() / 2;
  record(QRectF(x, y, size.width(), size.height()), formulaText(markup));
  m_painter.save();
  m_painter.translate(x, y);
  QAbstractTextDocumentLayout::PaintContext context;
  context.palette.setColor(QPalette::Text, m_painter.pen().color());  // the colour the stage chose
  line->documentLayout()->draw(&m_painter, context);
  m_painter.restore();
}

void DiagramPainter::token(const QRectF &rect, int alignment, const QString &text, double scale) {
  m_painter.save();
  const QFont font = scaled(scale, false);
  m_painter.setFont(font);
  const QFontMetricsF metrics(font);
  const QString shown = metrics.elidedText(text, Qt::ElideRight, rect.width());
  QRectF drawn;
  m_painter.drawText(rect, alignment, shown, &drawn);
  record(drawn, shown);
  m_painter.restore();
}

void DiagramPainter::record(const QRectF &box, const QString &text) {
  if (text.trimmed().isEmpty()) return;
  // in the canvas's coordinates, whatever the stage translated to; faded text counts as faded
  QColor colour = m_painter.pen().color();
  colour.setAlphaF(static_cast<float>(colour.alphaF() * m_painter.opacity()));
  m_labels.push_back({m_painter.transform().mapRect(box), text, colour});
}

namespace {

// The relative luminance of a colour (WCAG 2.1): its linearised sRGB channels weighted by the eye.
double luminance(const QColor &colour) {
  const auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

}  // namespace

double contrastRatio(const QColor &a, const QColor &b) {
  const double la = luminance(a);
  const double lb = luminance(b);
  // (L_lighter + 0.05) / (L_darker + 0.05)
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor DiagramPainter::tinted(const QColor &colour, double alpha) const {
  const QColor base = background();
  // alpha blending: a · colour + (1 − a) · background
  const auto mix = [alpha](double c, double b) { return static_cast<float>(alpha * c + (1 - alpha) * b); };
  return QColor::fromRgbF(mix(colour.redF(), base.redF()), mix(colour.greenF(), base.greenF()),
                          mix(colour.blueF(), base.blueF()));
}

QColor DiagramPainter::readable(const QColor &colour, const QColor &on) const {
  constexpr double wanted = 4.8;
  const QColor under = on.isValid() ? on : background();
  QColor shown = colour;
  // step towards the text colour (dark on a light theme, light on a dark one) until it reads
  const QColor towards = text();
  for (int step = 1; step <= 10 && contrastRatio(shown, under) < wanted; ++step) {
    const double t = step / 10.0;
    shown = QColor::fromRgbF(static_cast<float>(colour.redF() + (towards.redF() - colour.redF()) * t),
                             static_cast<float>(colour.greenF() + (towards.greenF() - colour.greenF()) * t),
                             static_cast<float>(colour.blueF() + (towards.blueF() - colour.blueF()) * t));
  }
  return shown;
}

QColor DiagramPainter::textOn(const QColor &cell) {
  return contrastRatio(Qt::black, cell) >= contrastRatio(Qt::white, cell) ? QColor(Qt::black) : QColor(Qt::white);
}

DiagramWindow diagramWindow(int count, int fits, int focus) {
  DiagramWindow window;
  if (count <= 0) return window;
  if (count <= fits) {
    window.count = count;
    return window;
  }
  // the focus in the middle of what fits, a "…" place on each side that leaves tokens out
  const int places = std::max(fits, 1);
  window.count = std::max(places - 2, 1);
  window.first = std::clamp(focus - window.count / 2, 0, count - window.count);
  if (window.first == 0) {
    window.count = std::max(places - 1, 1);  // nothing before: one more token after
  } else if (window.first + window.count >= count) {
    window.count = std::max(places - 1, 1);  // nothing after: one more token before
    window.first = count - window.count;
  }
  window.before = window.first > 0;
  window.after = window.end() < count;
  return window;
}

QString DiagramPainter::number(float value) {
  if (std::isinf(value)) return value < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
  // a minus sign, not a hyphen, as the lecture's formulas write it
  return QString::number(value, 'f', 3).replace(u'-', QChar(0x2212));
}

void DiagramPainter::strip(const QRectF &rect, const core::RowVector &values, float extent, double alpha) {
  const Eigen::Index n = values.size();
  if (n == 0 || rect.width() <= 0) return;
  m_painter.save();
  m_painter.setOpacity(std::clamp(alpha, 0.0, 1.0));
  const double cell = rect.width() / static_cast<double>(n);
  Eigen::Index largest = 0;
  values.maxCoeff(&largest);
  for (Eigen::Index d = 0; d < n; ++d) {
    const QRectF box(rect.left() + d * cell, rect.top(), cell, rect.height());
    m_painter.fillRect(box.adjusted(0, 0, 0.5, 0), differenceColour(values[d], extent));
  }
  m_painter.setPen(QPen(text(), 1));
  m_painter.setBrush(Qt::NoBrush);
  m_painter.drawRect(rect);
  // ▼ over the largest value's cell
  const double x = rect.left() + (static_cast<double>(largest) + 0.5) * cell;
  const double h = std::max(4.0, m_unit * 0.45);
  QPainterPath marker;
  marker.moveTo(x - h * 0.6, rect.top() - h);
  marker.lineTo(x + h * 0.6, rect.top() - h);
  marker.lineTo(x, rect.top() - 1);
  marker.closeSubpath();
  m_painter.fillPath(marker, text());
  m_painter.restore();
}

void DiagramPainter::arrow(const QPointF &from, const QPointF &to, const QColor &colour, double alpha) {
  if (alpha <= 0) return;
  m_painter.save();
  m_painter.setOpacity(std::clamp(alpha, 0.0, 1.0));
  const double width = std::max(1.5, m_unit / 8);
  m_painter.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
  m_painter.drawLine(from, to);
  const QLineF line(to, from);
  const double head = std::max(6.0, m_unit * 0.5);
  const QLineF left = QLineF::fromPolar(head, line.angle() + 25).translated(to);
  const QLineF right = QLineF::fromPolar(head, line.angle() - 25).translated(to);
  QPainterPath tip;
  tip.moveTo(to);
  tip.lineTo(left.p2());
  tip.lineTo(right.p2());
  tip.closeSubpath();
  m_painter.fillPath(tip, colour);
  m_painter.restore();
}

float diagramExtent(const Eigen::Ref<const core::RowMatrix> &values) {
  float extent = 1e-6f;
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
      if (std::isfinite(values(r, c))) extent = std::max(extent, std::abs(values(r, c)));
    }
  }
  return extent;
}

bool DiagramPainter::fits(const QString &markup, double width, double scale) const {
  return formulaLine(markup, scaled(scale * minimumShrink, false), formulaTarget(m_painter))->idealWidth() <= width + 0.5;
}

}  // namespace ui
