#pragma once
// Right-click a token label in the word graph or heatmap: Mask, Delete or Replace… that token. The
// edit goes into the ViewState, so every view shows the edited input (and the What If tab the
// difference). The actions go into the view's own context menu, beside its export actions.
// Read as words (docs/reading.md) a label is a word: its edits apply to every piece of it, and the
// menu says so ("Mask Word (3 tokens)"). With tokens hidden a label is the one token it shows, at
// its true position (a hidden token has no label, so it cannot be clicked).

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "attention_slice.h"
#include "whatif_job.h"
#include "word_graph_layout.h"

class QMenu;

namespace ui {

class WhatIfPanel;

struct TokenAtLabel {
  TokenSource side = TokenSource::Source;  // the encoder's tokens or the decoder's
  int position = 0;                        // the first token, from 0, in the analysis's tokens as shown
  QString token;                           // the label: the vocabulary entry, or the word as read
  // Every token the label stands for (a word's pieces), increasing; {position} for one token.
  std::vector<int> positions;

  bool isWord() const { return positions.size() > 1; }
};

// Which input tokens a view's label is: queries of encoder self-attention and keys of encoder
// self- and cross-attention are source tokens; the rest are target tokens. Read as words or with
// tokens hidden, the slice says which tokens each label stands for (AttentionSlice::queryTokens,
// keyTokens). None: not a label.
std::optional<TokenAtLabel> tokenAtLabel(const AttentionSlice &slice, TokenRef label);

// Adds a section with the three edits of token to menu; Replace… asks for the text in a
// ReplaceTokenDialog that refuses what the vocabulary cannot read. A word's actions edit all of
// its pieces (Replace Word…: the replacement in the first piece's place, the others deleted).
void addTokenEditActions(QMenu *menu, WhatIfPanel *panel, const TokenAtLabel &token);

}  // namespace ui
