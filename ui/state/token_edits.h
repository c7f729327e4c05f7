#pragma once
// The token edits on show (issue 16, item 10): tokens masked, deleted or replaced, made from any
// view and kept in the ViewState, so every view, export and prediction reads the edited ids
// (core/analysis/whatif/edited_input.h). Positions count in the tokens as typed (before any edit
// of their side), as sessions store them.

#include <QString>
#include <vector>

#include "analysis/whatif/edited_input.h"

namespace ui {

struct Analysis;

// Which tokens an edit is in: the encoder's input or the decoder's.
enum class TokenSource { Source, Target };

struct SideEdit {
  TokenSource side = TokenSource::Source;
  core::TokenEdit edit;  // position: in the tokens as typed (before any edit)

  bool operator==(const SideEdit &other) const {
    return side == other.side && edit.kind == other.edit.kind && edit.position == other.edit.position &&
           edit.replacement == other.edit.replacement;
  }
};

// The edits of each side, in the order made.
core::InputEdits inputEdits(const std::vector<SideEdit> &edits);

// The position as typed of the token shown at position `shown` of an analysis's side (through its
// edits' origin), or −1 when that token is a new piece of a replacement (it has no typed position).
int typedPosition(const Analysis &analysis, TokenSource side, int shown);

// One line for the banner over every view (translated), e.g.
//   "2 edits: [MASK] at 3, ‘dog’→‘cat’ at 5, ‘the’ deleted at 0"
// with "target" before the position of a decoder token in an encoder-decoder model. Empty
// without edits. Tokens are shown decoded ("Ġdog" → "dog").
QString describeEdits(const Analysis &analysis, const std::vector<SideEdit> &edits);

}  // namespace ui
