#include "token_strip.h"

#include <QPalette>

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
  for (const TokenLabel &token : tokens.tokens) {
    // Non-breaking spaces pad the chip; a token's own spaces are made visible the same way.
    const QString shown = unbreakable(token.text).toHtmlEscaped().replace(' ', QStringLiteral("&nbsp;"));
    if (token.unknown) {
      html += QStringLiteral("<span style=\"background:#f8d7d7;color:#b00020;\">&nbsp;%1&nbsp;</span> ").arg(shown);
    } else {
      html += QStringLiteral("<span style=\"background:%1;color:%2;\">&nbsp;%3&nbsp;</span> ").arg(chip, text, shown);
    }
  }
  if (tokens.droppedCount > 0) {
    html += QStringLiteral("<span style=\"color:#b00020;\"><b>%1</b></span>")
                .arg(TokenStrip::tr("✂ %n token(s) cut: the model reads at most %1", nullptr, tokens.droppedCount)
                         .arg(maxPositions)
                         .toHtmlEscaped());
  }
  return html;
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
  setToolTip(tip);
}

void TokenStrip::clearTokens() {
  m_tokens = {};
  clear();
}

}  // namespace ui
