#pragma once
// What every stage of the living diagram draws with: fonts sized for the canvas (readable on a
// projector at 1024×768 and at 1920×1080), formula labels that shrink to fit their box and report
// when they cannot, token labels elided to their box, vector strips (one colour cell per value,
// the largest marked) and arrows.

#include <vector>

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QRectF>
#include <QString>
#include <QStringList>

#include "tensor/tensor.h"

class QPainter;

namespace ui {

// A label as drawn: the box its text takes (canvas coordinates), the text and its colour.
struct DiagramLabel {
  QRectF box;
  QString text;
  QColor colour;
};

class DiagramPainter {
 public:
  // font: the canvas's font (presentation mode enlarges it); size: the canvas.
  DiagramPainter(QPainter &painter, const QFont &font, const QSizeF &size, const QPalette &palette);

  QPainter &painter() { return m_painter; }
  double unit() const { return m_unit; }  // the body text's pixel size; every length scales with it
  QColor text() const { return m_palette.color(QPalette::WindowText); }
  QColor muted() const { return m_palette.color(QPalette::Mid); }
  QColor background() const { return m_palette.color(QPalette::Base); }
  // colour, or as near to it as keeps text readable on the background `on` (the canvas's when
  // invalid): a contrast of at least 4.5 : 1, WCAG's level for text, with a little to spare for
  // antialiasing. A head's colour is darkened on a light theme, lightened on a dark one.
  QColor readable(const QColor &colour, const QColor &on = {}) const;
  // The canvas's background under a tint of colour at alpha (a query's highlighted column).
  QColor tinted(const QColor &colour, double alpha) const;
  // Black or white, whichever reads better on a cell of that colour.
  static QColor textOn(const QColor &cell);

  // A formula (formula.h markup) in rect, shrunk down to 70 % of scale × unit if it does not fit;
  // a label that does not fit even then is drawn anyway and listed in clipped().
  void formula(const QRectF &rect, int alignment, const QString &markup, double scale = 1.0, bool bold = false);
  // A token or other literal text, elided with "…" to rect's width.
  void token(const QRectF &rect, int alignment, const QString &text, double scale = 1.0);
  // A number as the figure writes it (three decimals; −∞ for a masked score).
  static QString number(float value);

  // One cell per value, coloured on the diverging scale with extent; the largest value is marked
  // with a triangle above its cell. alpha in [0, 1] fades the strip in.
  void strip(const QRectF &rect, const core::RowVector &values, float extent, double alpha = 1.0);
  // An arrow from → to with its head at to.
  void arrow(const QPointF &from, const QPointF &to, const QColor &colour, double alpha = 1.0);

  // Whether a formula fits width at scale × unit (labels that are optional are left out otherwise).
  bool fits(const QString &markup, double width, double scale = 1.0) const;

  const QStringList &clipped() const { return m_clipped; }
  const std::vector<DiagramLabel> &labels() const { return m_labels; }

 private:
  QFont scaled(double scale, bool bold) const;
  void record(const QRectF &box, const QString &text);

  QPainter &m_painter;
  QFont m_font;
  QPalette m_palette;
  double m_unit;
  QStringList m_clipped;
  std::vector<DiagramLabel> m_labels;
};

// The contrast ratio of two colours, (L₁ + 0.05) / (L₂ + 0.05) with L the relative luminance
// (WCAG 2.1), lighter over darker: 1 (the same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

// Which of count tokens a stage draws when only fits places are free: every one when they fit,
// else a window around focus with "…" places for those left out before and after it.
struct DiagramWindow {
  int first = 0;   // the first token shown
  int count = 0;   // how many are shown, from first on
  bool before = false;  // tokens before first are left out (a "…" place before them)
  bool after = false;   // tokens after the window are left out (a "…" place after them)
  int places() const { return count + (before ? 1 : 0) + (after ? 1 : 0); }
  int end() const { return first + count; }
};
DiagramWindow diagramWindow(int count, int fits, int focus);

// The largest finite |value|: a colour extent shared by strips that should compare (never 0).
float diagramExtent(const Eigen::Ref<const core::RowMatrix> &values);

}  // namespace ui
