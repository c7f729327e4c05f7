#pragma once
// The tokens of one input as the model sees them, as chips in a line: each chip shows the decoded
// piece ("the", not "Ġthe"; the tooltip keeps the vocabulary entries), unknown tokens in red, and
// a note when the text was cut at the model's maximum length.

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

// The strip shows at most this many chips, then says how many more there are: a wrapped rich-text
// label lays out every chip on the GUI thread whenever the window's layout changes, which took
// ~300 ms at 4,096 tokens; the word graph and the heatmap show every token of a long text.
inline constexpr int kTokenStripMaxChips = 256;

// The HTML the strip shows: one chip per token with its decoded piece (TokenLabel::shown), escaped,
// up to kTokenStripMaxChips of them.
QString tokenStripHtml(const TokenSequence &tokens, int maxPositions, const QPalette &palette);
// The vocabulary entries of the first `limit` tokens, space-separated ("▁the ▁ca t …"), for the
// strip's tooltip; empty when every chip already shows its entry unchanged.
QString tokenStripEntries(const TokenSequence &tokens, int limit = 40);

}  // namespace ui
