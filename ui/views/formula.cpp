#include "formula.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPaintEngine>
#include <QPainter>
#include <QRawFont>
#include <QStaticText>
#include <QTextDocument>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

namespace ui {

namespace {

enum class Script { Normal, Sub, Super };

struct Piece {
  QString text;
  Script script = Script::Normal;
};

using CharMap = std::pair<char16_t, char16_t>;

// Every character with a Unicode superscript (Superscripts and Subscripts, Phonetic Extensions,
// Spacing Modifier Letters); q, Q and the comma have none.
constexpr auto superscripts = std::to_array<CharMap>({
    {u'0', u'\u2070'}, {u'1', u'\u00B9'}, {u'2', u'\u00B2'}, {u'3', u'\u00B3'}, {u'4', u'\u2074'},
    {u'5', u'\u2075'}, {u'6', u'\u2076'}, {u'7', u'\u2077'}, {u'8', u'\u2078'}, {u'9', u'\u2079'},
    {u'+', u'\u207A'}, {u'-', u'\u207B'}, {u'\u2212', u'\u207B'}, {u'=', u'\u207C'}, {u'(', u'\u207D'},
    {u')', u'\u207E'}, {u'a', u'\u1D43'}, {u'b', u'\u1D47'}, {u'c', u'\u1D9C'}, {u'd', u'\u1D48'},
    {u'e', u'\u1D49'}, {u'f', u'\u1DA0'}, {u'g', u'\u1D4D'}, {u'h', u'\u02B0'}, {u'i', u'\u2071'},
    {u'j', u'\u02B2'}, {u'k', u'\u1D4F'}, {u'l', u'\u02E1'}, {u'm', u'\u1D50'}, {u'n', u'\u207F'},
    {u'o', u'\u1D52'}, {u'p', u'\u1D56'}, {u'r', u'\u02B3'}, {u's', u'\u02E2'}, {u't', u'\u1D57'},
    {u'u', u'\u1D58'}, {u'v', u'\u1D5B'}, {u'w', u'\u02B7'}, {u'x', u'\u02E3'}, {u'y', u'\u02B8'},
    {u'z', u'\u1DBB'}, {u'A', u'\u1D2C'}, {u'B', u'\u1D2E'}, {u'D', u'\u1D30'}, {u'E', u'\u1D31'},
    {u'G', u'\u1D33'}, {u'H', u'\u1D34'}, {u'I', u'\u1D35'}, {u'J', u'\u1D36'}, {u'K', u'\u1D37'},
    {u'L', u'\u1D38'}, {u'M', u'\u1D39'}, {u'N', u'\u1D3A'}, {u'O', u'\u1D3C'}, {u'P', u'\u1D3E'},
    {u'R', u'\u1D3F'}, {u'T', u'\u1D40'}, {u'U', u'\u1D41'}, {u'V', u'\u2C7D'}, {u'W', u'\u1D42'},
    {u'\u03B1', u'\u1D45'}, {u'\u03B2', u'\u1D5D'}, {u'\u03B3', u'\u1D5E'}, {u'\u03B4', u'\u1D5F'},
    {u'\u03C6', u'\u1D60'}, {u'\u03C7', u'\u1D61'},
});

constexpr auto subscripts = std::to_array<CharMap>({
    {u'0', u'\u2080'}, {u'1', u'\u2081'}, {u'2', u'\u2082'}, {u'3', u'\u2083'}, {u'4', u'\u2084'},
    {u'5', u'\u2085'}, {u'6', u'\u2086'}, {u'7', u'\u2087'}, {u'8', u'\u2088'}, {u'9', u'\u2089'},
    {u'+', u'\u208A'}, {u'-', u'\u208B'}, {u'\u2212', u'\u208B'}, {u'=', u'\u208C'}, {u'(', u'\u208D'},
    {u')', u'\u208E'}, {u'a', u'\u2090'}, {u'e', u'\u2091'}, {u'o', u'\u2092'}, {u'x', u'\u2093'},
    {u'h', u'\u2095'}, {u'k', u'\u2096'}, {u'l', u'\u2097'}, {u'm', u'\u2098'}, {u'n', u'\u2099'},
    {u'p', u'\u209A'}, {u's', u'\u209B'}, {u't', u'\u209C'}, {u'i', u'\u1D62'}, {u'r', u'\u1D63'},
    {u'u', u'\u1D64'}, {u'v', u'\u1D65'}, {u'j', u'\u2C7C'}, {u'\u03B2', u'\u1D66'},
});

template <std::size_t N>
char16_t lookUp(const std::array<CharMap, N> &map, QChar c) {
  const auto found = std::find_if(map.begin(), map.end(), [c](const CharMap &m) { return m.first == c.unicode(); });
  return found == map.end() ? char16_t{0} : found->second;
}

char16_t scripted(QChar c, Script script) {
  return script == Script::Super ? lookUp(superscripts, c) : lookUp(subscripts, c);
}

// The group in Unicode sub/superscripts, or an empty string when one of its characters has none.
QString unicodeScript(const QString &group, Script script) {
  QString out;
  for (const QChar c : group) {
    const char16_t mapped = scripted(c, script);
    if (mapped == 0) return {};
    out += QChar(mapped);
  }
  return out;
}

// \hat{x} → x followed by U+0302, so both spellings reach the parser as one.
QString expandHats(const QString &markup) {
  const QString open = QStringLiteral("\\hat{");
  QString out = markup;
  qsizetype from = out.indexOf(open);
  while (from >= 0) {
    const qsizetype close = out.indexOf(u'}', from + open.size());
    if (close < 0) break;
    const QString base = out.mid(from + open.size(), close - from - open.size());
    out.replace(from, close + 1 - from, base + QChar(0x0302));
    from = out.indexOf(open, from + base.size() + 1);
  }
  return out;
}

std::vector<Piece> parse(const QString &markup) {
  const QString text = expandHats(markup);
  std::vector<Piece> pieces;
  const auto append = [&pieces](const QString &part, Script script) {
    if (part.isEmpty()) return;
    if (!pieces.empty() && pieces.back().script == script) {
      pieces.back().text += part;
    } else {
      pieces.push_back({part, script});
    }
  };
  const qsizetype n = text.size();
  qsizetype i = 0;
  while (i < n) {
    const QChar c = text[i];
    if ((c == u'^' || c == u'_') && i > 0 && i + 1 < n && !text[i - 1].isSpace()) {
      const Script script = c == u'^' ? Script::Super : Script::Sub;
      if (text[i + 1] == u'{') {
        const qsizetype close = text.indexOf(u'}', i + 2);
        if (close > i + 2) {
          append(text.mid(i + 2, close - i - 2), script);
          i = close + 1;
          continue;
        }
      } else if (text[i + 1].isLetterOrNumber() && (i + 2 == n || !text[i + 2].isLetterOrNumber())) {
        append(text.mid(i + 1, 1), script);
        i += 2;
        continue;
      }
    }
    append(QString(c), Script::Normal);
    ++i;
  }
  return pieces;
}

// A family whose own glyphs include both α and the combining circumflex. Fonts without U+0302 (the
// CJK fonts a zh_TW desktop uses) leave the hat to a fallback font, which draws it detached from
// the α; one font for the whole cluster puts it on top. The application font when it can, else the
// first installed one that can, sans-serif before the rest.
QString hatFamily() {
  const auto drawsBoth = [](const QFont &font) {
    const QRawFont raw = QRawFont::fromFont(font, QFontDatabase::Greek);
    const bool both = raw.isValid() && raw.supportsCharacter(char32_t{0x03B1}) && raw.supportsCharacter(char32_t{0x0302});
    return both ? raw.familyName() : QString();
  };
  if (const QString family = drawsBoth(QGuiApplication::font()); !family.isEmpty()) return family;
  QStringList families = QFontDatabase::families(QFontDatabase::Greek);
  std::stable_partition(families.begin(), families.end(),
                        [](const QString &family) { return family.contains(QLatin1String("Sans")); });
  for (const QString &family : families) {
    if (const QString found = drawsBoth(QFont(family)); !found.isEmpty()) return found;
  }
  return {};
}

// The raster's run of its own around a hat: "<span …>" + U+0302 + "</span>".
constexpr QLatin1String hatRunOpen("<span style=\"letter-spacing:0px\">");
constexpr QLatin1String hatRunClose("</span>");

// A letter and its hat, as the target needs them (FormulaTarget in formula.h says why).
// On a raster the hat is a format run of its own: Qt then shapes it apart from its letter, and the
// font's own design (a zero-width mark drawn back over the glyph before it) puts it on the α. In
// one run the shaper applies the font's mark-to-base anchors, and with DejaVu Sans regular on
// Qt 6.4 (Debian 12) those put the hat a line above the α (the bold weight was right). The run
// changes nothing else (letter-spacing 0 is the default), so the pair stays one grapheme and one
// glyph run (tests/ui/tst_notation.cpp). An SVG keeps the pair in one piece of text: the viewer
// shapes it with its own fonts, and a hat alone in a <text> element would have no letter.
QString hatPair(const QString &letterAndHat, FormulaTarget target) {
  if (target == FormulaTarget::Svg) return letterAndHat;
  return letterAndHat.left(1) + hatRunOpen + letterAndHat.mid(1) + hatRunClose;
}

// Escaped literal text, each letter with a hat set in one font that draws both.
QString literalHtml(const QString &text, const QString &family, FormulaTarget target) {
  const QString escaped = text.toHtmlEscaped();
  if (!escaped.contains(QChar(0x0302))) return escaped;
  QString html;
  for (qsizetype i = 0; i < escaped.size(); ++i) {
    if (i + 1 < escaped.size() && escaped[i + 1] == QChar(0x0302)) {
      const QString pair = hatPair(escaped.mid(i, 2), target);
      html += family.isEmpty() ? pair
                               : QStringLiteral("<span style=\"font-family:'%1'\">%2</span>").arg(family.toHtmlEscaped(), pair);
      ++i;
    } else {
      html += escaped[i];
    }
  }
  return html;
}

}  // namespace

QString formulaHtml(const QString &markup, FormulaTarget target) {
  const std::vector<Piece> pieces = parse(markup);
  const bool hats = std::any_of(pieces.begin(), pieces.end(), [](const Piece &p) { return p.text.contains(QChar(0x0302)); });
  const QString family = hats ? hatFamily() : QString();
  QString html;
  for (const Piece &piece : pieces) {
    if (piece.script == Script::Normal) {
      html += literalHtml(piece.text, family, target);
      continue;
    }
    const QString unicode = unicodeScript(piece.text, piece.script);
    if (!unicode.isEmpty()) {
      html += unicode;
    } else {
      const QString tag = piece.script == Script::Super ? QStringLiteral("sup") : QStringLiteral("sub");
      html += QStringLiteral("<%1>%2</%1>").arg(tag, piece.text.toHtmlEscaped());
    }
  }
  return html;
}

QString svgFormulaHtml(const QString &rasterHtml) {
  QString html = rasterHtml;
  return html.replace(QString(hatRunOpen) + QChar(0x0302) + hatRunClose, QString(QChar(0x0302)));
}

QString plainToolTip(const QString &text) {
  if (!text.contains(QChar(0x0302))) return text;
  // <qt> makes Qt read it as rich text whatever it starts with; pre-wrap keeps the line breaks.
  return QStringLiteral("<qt><p style=\"white-space:pre-wrap\">%1</p></qt>").arg(literalHtml(text, hatFamily(), FormulaTarget::Raster));
}

QString formulaText(const QString &markup) {
  QString text;
  for (const Piece &piece : parse(markup)) {
    if (piece.script == Script::Normal) {
      text += piece.text;
      continue;
    }
    for (const QChar c : piece.text) {
      const char16_t mapped = scripted(c, piece.script);
      text += mapped == 0 ? c : QChar(mapped);
    }
  }
  return text;
}

FormulaTarget formulaTarget(const QPainter &painter) {
  const QPaintEngine *engine = painter.paintEngine();
  return engine && engine->type() == QPaintEngine::SVG ? FormulaTarget::Svg : FormulaTarget::Raster;
}

void drawFormula(QPainter &painter, const QRectF &rect, int alignment, const QString &markup) {
  const QString html = formulaHtml(markup, formulaTarget(painter));
  // Without a width QStaticText lays rich text out at a "reasonable" shape of its own, which broke
  // a title of a few words over three lines and pushed them out of its one-line box (the PE
  // explorer's "Position vectors eᵖ (rows: positions, columns: dimensions)"). At the text's ideal
  // width, measured as QLabel measures (no document margin), it stays on one line.
  QTextDocument measure;
  measure.setDocumentMargin(0);
  measure.setDefaultFont(painter.font());
  measure.setHtml(html);
  QStaticText text(html);
  text.setTextFormat(Qt::RichText);
  text.setTextWidth(std::ceil(measure.idealWidth()) + 1);
  text.setPerformanceHint(QStaticText::AggressiveCaching);
  text.prepare(painter.transform(), painter.font());
  const QSizeF size = text.size();
  double x = rect.left();
  if (alignment & Qt::AlignRight) x = rect.right() - size.width();
  if (alignment & Qt::AlignHCenter) x = rect.center().x() - size.width() / 2;
  double y = rect.top();
  if (alignment & Qt::AlignBottom) y = rect.bottom() - size.height();
  if (alignment & Qt::AlignVCenter) y = rect.center().y() - size.height() / 2;
  painter.drawStaticText(QPointF(x, y), text);
}

}  // namespace ui
