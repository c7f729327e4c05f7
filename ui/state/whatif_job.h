#pragma once
// One "what if" comparison for the What If tab (docs/methods.md): the pass on show (A) against
// the same input with tokens edited, another sentence, another checkpoint of the same
// architecture, or the positional encoding off; B − A over aligned tokens and the change of the
// next-token prediction (core/analysis/whatif/comparison.h). Both passes are read as the other
// views read the one on show: the method switch's matrices, the Reading toolbar's words, hidden
// tokens, pair filter and top-p lines (core::ComparisonReading). Pure (no Qt threading): the tab's
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

struct WhatIfRequest {
  // The pass on show: its model, tokens (with the token edits on show) and pass settings. A is
  // it, except for TokenEdits, where A is the input as typed and B the analysis's edited tokens.
  std::shared_ptr<const Analysis> analysis;
  bool positionalEncoding = true;            // the setting on show (PE mode: A off, B on)
  WhatIfMode mode = WhatIfMode::TokenEdits;
  std::string sentence;                                // Sentence: B's text (a decoder's target: A's)
  // Sentence, when A is a sentence pair: B's text B. B is then a pair too, read with its own token
  // types and aligned text by text (core::align), as attnscope-cli diff --compare-text-pair.
  std::string sentencePair;
  QString checkpoint;                                  // Checkpoint: B's folder
  std::shared_ptr<const core::Model> checkpointModel;  // that folder's model when already open
  int topK = 10;
  // How both passes are read (ViewState::method, ViewState::reading; topP > 0 when the word
  // graph draws top-p lines): what every other view shows.
  core::AttentionMethod method = core::AttentionMethod::Raw;
  core::ReadingOptions reading;
  double topP = 0.0;
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

// The tokens an edit on side applies to: the analysis's source or target as typed.
const core::Tokenization &sideTokens(const Analysis &analysis, TokenSource side);
const core::Tokenizer &sideTokenizer(const core::Model &model, TokenSource side);

// Applies the edits of one side to the analysis's tokens as typed (core::apply_token_edits);
// throws core::InputError as it does.
core::EditedTokens applyEdits(const Analysis &analysis, TokenSource side, const std::vector<SideEdit> &edits);

// Never throws: errors come back in WhatIfResult::error. progress (the method's, over both
// passes) may stop the work; its "… cancelled" message comes back as the error.
WhatIfResult runWhatIf(const WhatIfRequest &request, const core::MethodProgress &progress = {});

}  // namespace ui

Q_DECLARE_METATYPE(std::shared_ptr<const ui::WhatIfResult>)
