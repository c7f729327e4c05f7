#pragma once
// One "what if" comparison for the What If tab (docs/methods.md): the pass on show (A) against
// the same input with tokens edited, another sentence, another checkpoint of the same
// architecture, or the positional encoding off; B − A over aligned tokens and the change of the
// next-token prediction (core/analysis/whatif/comparison.h). Pure (no Qt threading): the tab's
// worker and the tests call the same function.

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/token_edit.h"

namespace ui {

enum class WhatIfMode { TokenEdits, Sentence, Checkpoint, PositionalEncoding };

// Which tokens an edit is in: the encoder's input or the decoder's.
enum class TokenSource { Source, Target };

struct SideEdit {
  TokenSource side = TokenSource::Source;
  core::TokenEdit edit;  // position: in the analysis's tokens as computed (before any edit)
};

struct WhatIfRequest {
  std::shared_ptr<const Analysis> analysis;  // A: its model, tokens and pass settings
  bool positionalEncoding = true;            // the setting on show (PE mode: A off, B on)
  WhatIfMode mode = WhatIfMode::TokenEdits;
  std::vector<SideEdit> edits;                         // TokenEdits
  std::string sentence;                                // Sentence: B's text (a decoder's target: A's)
  QString checkpoint;                                  // Checkpoint: B's folder
  std::shared_ptr<const core::Model> checkpointModel;  // that folder's model when already open
  int topK = 10;
};

struct WhatIfResult {
  WhatIfMode mode = WhatIfMode::TokenEdits;
  std::shared_ptr<const Analysis> analysis;  // A's
  QString aName;                             // "as typed", "this model", "without PE", …
  QString bName;
  core::Tokenization sourceA, targetA, sourceB, targetB;
  std::optional<core::Comparison> comparison;
  QStringList topTokens;  // the vocabulary entries of comparison->prediction->top, in order
  QString checkpoint;     // Checkpoint: the folder B was read from
  std::shared_ptr<const core::Model> checkpointModel;  // kept for the next request
  QString error;                                       // a core::InputError or load message; then no comparison

  const core::Tokenization &tokens(TokenSource side, bool b) const {
    return side == TokenSource::Source ? (b ? sourceB : sourceA) : (b ? targetB : targetA);
  }
};

// The tokens an edit on side applies to: the analysis's source or target.
const core::Tokenization &sideTokens(const Analysis &analysis, TokenSource side);
const core::Tokenizer &sideTokenizer(const core::Model &model, TokenSource side);

// Applies the edits of one side to the analysis's tokens (core::apply_token_edits); throws
// core::InputError as it does.
core::EditedTokens applyEdits(const Analysis &analysis, TokenSource side, const std::vector<SideEdit> &edits);

// Never throws: errors come back in WhatIfResult::error.
WhatIfResult runWhatIf(const WhatIfRequest &request);

}  // namespace ui

Q_DECLARE_METATYPE(std::shared_ptr<const ui::WhatIfResult>)
