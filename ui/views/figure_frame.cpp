#include "figure_frame.h"

#include <algorithm>
#include <cmath>

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QFont>
#include <QLineEdit>
#include <QFontMetrics>
#include <QPainter>
#include <QStaticText>
#include <QWidget>

#include "colour_scales.h"
#include "formula.h"

namespace ui {

namespace {

constexpr int margin = 10;
constexpr int swatch = 12;
constexpr int barWidth = 14;

struct FrameGeometry {
  int titleHeight = 0;
  int xAxisHeight = 0;
  int yAxisWidth = 0;
  int legendWidth = 0;
};

QFont titleFont(const QFont &font) {
  QFont bold = font;
  bold.setBold(true);
  bold.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 1.25 : 12);
  return bold;
}

FrameGeometry geometry(const FigureDecor &decor, const QFont &font) {
  const QFontMetrics metrics(font);
  FrameGeometry g;
  g.titleHeight = decor.title.isEmpty() ? 0 : QFontMetrics(titleFont(font)).height() + 8;
  g.xAxisHeight = decor.xAxis.isEmpty() ? 0 : metrics.height() + 6;
  g.yAxisWidth = decor.yAxis.isEmpty() ? 0 : metrics.height() + 6;
  int widest = 0;
  for (const FigureLegendEntry &entry : decor.legend) {
    widest = std::max(widest, swatch + 6 + metrics.horizontalAdvance(formulaText(entry.label)));
  }
  if (decor.colourBar != FigureColourBar::None) {
    widest = std::max({widest, metrics.horizontalAdvance(formulaText(decor.colourLabel)),
                       barWidth + 6 + metrics.horizontalAdvance(QStringLiteral("−0.000"))});
  }
  g.legendWidth = widest > 0 ? std::min(widest, 260) + 2 * margin : 0;
  return g;
}

// Controls are not part of a figure: they are hidden while it is drawn and shown again after.
// Hiding posts a layout request but does not move anything before the event loop runs, so the
// figure keeps its layout with a gap where a control was.
class HiddenControls {
 public:
  explicit HiddenControls(QWidget *content) {
    for (QWidget *child : content->findChildren<QWidget *>()) {
      const bool control = qobject_cast<QAbstractButton *>(child) || qobject_cast<QAbstractSpinBox *>(child) ||
                           qobject_cast<QComboBox *>(child) || qobject_cast<QLineEdit *>(child) ||
                           qobject_cast<QAbstractSlider *>(child);
      if (control && child->isVisible()) m_hidden << child;
    }
    for (QWidget *child : m_hidden) child->hide();
  }
  ~HiddenControls() {
    for (QWidget *child : m_hidden) child->show();
  }
  HiddenControls(const HiddenControls &) = delete;
  HiddenControls &operator=(const HiddenControls &) = delete;

 private:
  QList<QWidget *> m_hidden;
};

// One line of the figure's furniture through the formula renderer (α̂ as one glyph cluster), laid
// out over the whole width of rect so that it wraps only when longer than rect.
void drawLine(QPainter &painter, const QRectF &rect, int alignment, const QString &markup) {
  const char *align = (alignment & Qt::AlignHCenter) ? "center" : (alignment & Qt::AlignRight) ? "right" : "left";
  QStaticText text(
      QStringLiteral("<div align=\"%1\">%2</div>").arg(QLatin1String(align), formulaHtml(markup, formulaTarget(painter))));
  text.setTextFormat(Qt::RichText);
  text.setTextWidth(rect.width());
  text.prepare(painter.transform(), painter.font());
  double y = rect.top();
  if (alignment & Qt::AlignVCenter) y = rect.center().y() - text.size().height() / 2;
  if (alignment & Qt::AlignBottom) y = rect.bottom() - text.size().height();
  painter.drawStaticText(QPointF(rect.left(), y), text);
}

QColor barColour(const FigureDecor &decor, double value) {
  if (decor.colourBar == FigureColourBar::Weights) return weightColour(static_cast<float>(value));
  return differenceColour(static_cast<float>(value), static_cast<float>(std::max(std::abs(decor.colourLow),
                                                                                 std::abs(decor.colourHigh))));
}

}  // namespace

QSize framedFigureSize(const QSize &content, const FigureDecor &decor, const QFont &font) {
  const FrameGeometry g = geometry(decor, font);
  return {content.width() + 2 * margin + g.yAxisWidth + g.legendWidth,
          content.height() + 2 * margin + g.titleHeight + g.xAxisHeight};
}

void paintFramedFigure(QPainter &painter, QWidget *content, const FigureDecor &decor) {
  const QFont font = content->font();
  const QFontMetrics metrics(font);
  const FrameGeometry g = geometry(decor, font);
  const QSize size = framedFigureSize(content->size(), decor, font);
  const QColor text = content->palette().color(QPalette::WindowText);
  painter.fillRect(QRect(QPoint(), size), content->palette().color(QPalette::Window));
  const QRect plot(margin + g.yAxisWidth, margin + g.titleHeight, content->width(), content->height());

  painter.setFont(titleFont(font));
  painter.setPen(text);
  drawLine(painter, QRectF(margin, margin, size.width() - 2 * margin, g.titleHeight), Qt::AlignCenter, decor.title);
  painter.setFont(font);

  // the figure itself, as the view draws it
  painter.save();
  {
    const HiddenControls hidden(content);
    content->render(&painter, plot.topLeft(), QRegion(), QWidget::DrawChildren);
  }
  painter.restore();
  painter.setFont(font);
  painter.setPen(text);

  if (!decor.xAxis.isEmpty()) {
    drawLine(painter, QRectF(plot.left(), plot.bottom() + 3, plot.width(), g.xAxisHeight), Qt::AlignCenter,
             decor.xAxis);
  }
  if (!decor.yAxis.isEmpty()) {
    painter.save();
    painter.translate(margin, plot.top() + plot.height() / 2.0);
    painter.rotate(-90);
    drawLine(painter, QRectF(-plot.height() / 2.0, 0, plot.height(), g.yAxisWidth), Qt::AlignCenter, decor.yAxis);
    painter.restore();
  }
  if (g.legendWidth == 0) return;
  const double left = plot.right() + margin;
  double y = plot.top();
  const double line = metrics.height() + 4;
  for (const FigureLegendEntry &entry : decor.legend) {
    painter.fillRect(QRectF(left, y + (line - swatch) / 2, swatch, swatch), entry.colour);
    painter.setPen(text);
    drawLine(painter, QRectF(left + swatch + 6, y, g.legendWidth - swatch - 6 - margin, line),
             Qt::AlignLeft | Qt::AlignVCenter, entry.label);
    y += line;
  }
  if (decor.colourBar == FigureColourBar::None) return;
  y += decor.legend.isEmpty() ? 0 : line / 2;
  drawLine(painter, QRectF(left, y, g.legendWidth - margin, line), Qt::AlignLeft | Qt::AlignVCenter,
           decor.colourLabel);
  y += line;
  const QRectF bar(left, y + metrics.height() / 2.0, barWidth, std::max(40.0, plot.bottom() - y - metrics.height()));
  const int steps = std::max(2, static_cast<int>(bar.height()));
  for (int n = 0; n < steps; ++n) {
    // top = high, bottom = low
    const double value = decor.colourHigh - (decor.colourHigh - decor.colourLow) * n / (steps - 1);
    painter.fillRect(QRectF(bar.left(), bar.top() + bar.height() * n / steps, bar.width(), bar.height() / steps + 1),
                     barColour(decor, value));
  }
  painter.setPen(text);
  painter.drawRect(bar);
  if (!(decor.colourHigh > decor.colourLow)) return;
  for (const double value : {decor.colourHigh, (decor.colourLow + decor.colourHigh) / 2, decor.colourLow}) {
    const double at = bar.top() + bar.height() * (decor.colourHigh - value) / (decor.colourHigh - decor.colourLow);
    painter.drawText(QRectF(bar.right() + 4, at - metrics.height() / 2.0, g.legendWidth, metrics.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, QString::number(value, 'g', 3));
  }
}

}  // namespace ui
