#pragma once
// One renderer for the lecture's notation everywhere the app shows a formula: page titles, lesson
// captions, matrix titles, heatmap legends and the figures they export.
//
// Markup (what lesson files, tr() strings and the code write):
//   a^i, a^{i,h}      superscript: one character, or a braced group
//   α_{1,i}, Σ_j      subscript: one character, or a braced group
//   \hat{α} or α̂      α with a hat (α followed by U+0302 COMBINING CIRCUMFLEX ACCENT)
//   everything else   literal: √, Σ, ·, Â, −∞, Chinese text …
// A single-character script must end the word ("d_k", "W^O"): "d_model" or "x^2y" stay as written,
// so identifiers and prose with a stray ^ or _ are not mangled.
//
// Output: a script whose every character has a Unicode sub/superscript is written with those
// (a^i → aⁱ, Σ_j → Σⱼ, K^T → Kᵀ); any other (q has no superscript, "1,i" has no subscript comma) becomes
// <sub>/<sup>. The hat always follows its α directly, the pair set in one font that has glyphs for
// both, so α and U+0302 are one grapheme cluster in one glyph run whatever font
// the widget uses (a CJK font has no U+0302 and would leave the hat to a fallback font, detached;
// tests/ui/tst_notation.cpp checks it).
// Qt has no markup-to-formula converter and Debian packages none that fits a widget label (MathJax
// and KaTeX need a browser, libmathview/MathML is gone), so this small hand-written one is it.

#include <QString>

class QPainter;
class QRectF;

namespace ui {

// Where the rich text is drawn. Raster: the screen, a PNG, the clipboard; each hat is a format run
// of its own after its letter, so Qt draws it where the font's design puts it, over the α, in every
// weight (one run lets the shaper apply anchors that Qt 6.4 misplaces for DejaVu Sans regular).
// Svg: α̂ stays one piece of text, which the SVG viewer shapes itself.
enum class FormulaTarget { Raster, Svg };
// The target a painter draws on (its paint engine).
FormulaTarget formulaTarget(const QPainter &painter);

// Rich text for a QLabel, QTextBrowser or QStaticText; the literal text is HTML-escaped, so the
// result needs Qt::RichText (lesson captions can contain '<' and '&').
QString formulaHtml(const QString &markup, FormulaTarget target = FormulaTarget::Raster);
// Rich text made for the raster (formulaHtml's Raster target, plainToolTip) as the SVG target
// writes it: each hat back in its letter's run, so an SVG drawing of a QLabel that shows it keeps
// α̂ in one <text> element (a hat alone in one would have no letter to sit on).
QString svgFormulaHtml(const QString &rasterHtml);
// Plain text with Unicode sub/superscripts where they exist and the bare characters where they do
// not (W^q → Wq), for places that take no rich text: window titles, SVG titles, tooltips' fallbacks.
QString formulaText(const QString &markup);
// A plain-text tooltip (or any plain text shown where rich text is read) that may hold α̂: the text
// escaped, its line breaks kept, each letter with a hat in one font that draws both, as rich text
// (a CJK interface font has no U+0302: Qt would take the hat from a fallback font and set it beside
// its α). The text itself when it has no hat. Markup is not read: tokens stay as they are.
QString plainToolTip(const QString &text);
// Draws the formula aligned in rect (Qt::Alignment flags) with the painter's font and pen.
void drawFormula(QPainter &painter, const QRectF &rect, int alignment, const QString &markup);

}  // namespace ui
