#pragma once
// The tokens of one input as the model sees them, as chips in a line: unknown tokens in red,
// and a note when the text was cut at the model's maximum length.

#include <QLabel>

#include "attention_slice.h"

namespace ui {

class TokenStrip : public QLabel {
  Q_OBJECT

 public:
  explicit TokenStrip(QWidget *parent = nullptr);

  void setTokens(const TokenSequence &tokens, int maxPositions);
  void clearTokens();
  const TokenSequence &tokens() const { return m_tokens; }

 private:
  TokenSequence m_tokens;
};

// The HTML the strip shows (escaped token text, one chip per token).
QString tokenStripHtml(const TokenSequence &tokens, int maxPositions, const QPalette &palette);

}  // namespace ui
