#include "token_strip.h"

#include <algorithm>

#include <QPalette>
#include <QStringList>

namespace ui {

namespace {

// The token with a word joiner (U+2060, invisible) between its characters: a line may break
// between chips, never inside one ("</s>" would otherwise break after its slash).
QString unbreakable(const QString &text) {
  QString joined;
  for (qsizetype i = 0; i < text.size(); ++i) {
    joined += text[i];
    const bool pairContinues = text[i].isHighSurrogate();
    if (i + 1 < text.size() && !pairContinues) joined += QChar(0x2060);
  }
  return joined;
}

}  // namespace

QString tokenStripHtml(const TokenSequence &tokens, int maxPositions, const QPalette &palette) {
  const QString chip = palette.color(QPalette::AlternateBase).name();
  const QString text = palette.color(QPalette::Text).name();
  QString html;
  const qsizetype shownChips = std::min<qsizetype>(tokens.tokens.size(), kTokenStripMaxChips);
  for (qsizetype i = 0; i < shownChips; ++i) {
    const TokenLabel &token = tokens.tokens[i];
    // The decoded piece ("Ġthe" → "the", "▁Le" → "Le"), as the views' labels show it; the
    // vocabulary entry is in the tooltip. Non-breaking spaces pad the chip; a token's own spaces
    // are made visible the same way.
    const QString shown = unbreakable(token.shown()).toHtmlEscaped().replace(' ', QStringLiteral("&nbsp;"));
    if (token.unknown) {
      html += QStringLiteral("<span style=\"background:#f8d7d7;color:#b00020;\">&nbsp;%1&nbsp;</span> ").arg(shown);
    } else {
      html += QStringLiteral("<span style=\"background:%1;color:%2;\">&nbsp;%3&nbsp;</span> ").arg(chip, text, shown);
    }
  }
  if (const qsizetype hidden = tokens.tokens.size() - shownChips; hidden > 0) {
    const QString placeholder = palette.color(QPalette::PlaceholderText).name();
    html += QStringLiteral("<span style=\"color:%1;\">%2</span> ")
                .arg(placeholder, TokenStrip::tr("… %n more token(s), not shown here: the views show every one", nullptr,
                                                 static_cast<int>(hidden))
                                      .toHtmlEscaped());
  }
  if (tokens.droppedCount > 0) {
    html += QStringLiteral("<span style=\"color:#b00020;\"><b>%1</b></span>")
                .arg(TokenStrip::tr("✂ %n token(s) cut: the model reads at most %1", nullptr, tokens.droppedCount)
                         .arg(maxPositions)
                         .toHtmlEscaped());
  }
  return html;
}

QString tokenStripEntries(const TokenSequence &tokens, int limit) {
  bool differs = false;
  QStringList entries;
  for (const TokenLabel &token : tokens.tokens) {
    differs = differs || token.shown() != token.text;
    if (entries.size() < limit) entries << token.text;
  }
  if (!differs) return {};
  if (tokens.tokens.size() > limit) entries << QStringLiteral("…");
  return entries.join(QLatin1Char(' '));
}

TokenStrip::TokenStrip(QWidget *parent) : QLabel(parent) {
  setTextFormat(Qt::RichText);
  setWordWrap(true);
  setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void TokenStrip::setTokens(const TokenSequence &tokens, int maxPositions) {
  m_tokens = tokens;
  setText(tokenStripHtml(tokens, maxPositions, palette()));
  int unknown = 0;
  for (const TokenLabel &token : tokens.tokens) unknown += token.unknown ? 1 : 0;
  QString tip = tr("%n token(s) as the model sees them", nullptr, static_cast<int>(tokens.tokens.size()));
  if (unknown > 0) tip += '\n' + tr("Red: %n word(s) not in the vocabulary, read as the unknown token", nullptr, unknown);
  const QString entries = tokenStripEntries(tokens);
  if (!entries.isEmpty()) tip += '\n' + tr("As the vocabulary writes them: %1").arg(entries);
  setToolTip(tip);
}

void TokenStrip::clearTokens() {
  m_tokens = {};
  clear();
}

}  // namespace ui
