#pragma once
// Right-click a token label in the word graph or heatmap: Mask, Delete or Replace… that token
// (the What If tab computes the difference). The actions go into the view's own context menu,
// beside its export actions.

#include <QString>
#include <optional>

#include "attention_slice.h"
#include "whatif_job.h"
#include "word_graph_layout.h"

class QMenu;

namespace ui {

class WhatIfPanel;

struct TokenAtLabel {
  TokenSource side = TokenSource::Source;  // the encoder's tokens or the decoder's
  int position = 0;                        // from 0, in the analysis's tokens
  QString token;                           // the vocabulary entry
};

// Which input token a view's label is: queries of encoder self-attention and keys of encoder
// self- and cross-attention are source tokens; the rest are target tokens. None: not a label.
std::optional<TokenAtLabel> tokenAtLabel(const AttentionSlice &slice, TokenRef label);

// Adds a section with the three edits of token to menu; Replace… asks for the text in a
// ReplaceTokenDialog that refuses what the vocabulary cannot read.
void addTokenEditActions(QMenu *menu, WhatIfPanel *panel, const TokenAtLabel &token);

}  // namespace ui
