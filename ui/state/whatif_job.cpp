#include "whatif_job.h"

#include <QCoreApplication>
#include <exception>

#include "analysis/whatif/architecture_match.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "tensor/errors.h"

namespace ui {

const core::Tokenization &sideTokens(const Analysis &analysis, TokenSource side) {
  return side == TokenSource::Source ? analysis.typedSource : analysis.typedTarget;
}

const core::Tokenizer &sideTokenizer(const core::Model &model, TokenSource side) {
  return side == TokenSource::Source ? model.source_tokenizer() : model.target_tokenizer();
}

core::EditedTokens applyEdits(const Analysis &analysis, TokenSource side, const std::vector<SideEdit> &edits) {
  std::vector<core::TokenEdit> ofSide;
  for (const SideEdit &edit : edits) {
    if (edit.side == side) ofSide.push_back(edit.edit);
  }
  return core::apply_token_edits(sideTokenizer(*analysis.model, side), sideTokens(analysis, side), ofSide);
}

WhatIfResult runWhatIf(const WhatIfRequest &request, const core::MethodProgress &progress) {
  WhatIfResult result;
  result.mode = request.mode;
  result.analysis = request.analysis;
  result.checkpoint = request.checkpoint;
  result.checkpointModel = request.checkpointModel;
  try {
    if (!request.analysis || !request.analysis->model) throw core::InputError("no model is open");
    const Analysis &analysis = *request.analysis;
    if (!analysis.error.isEmpty()) throw core::InputError(analysis.error.toStdString());
    const core::Model &model = *analysis.model;
    core::ComparedPass a{&model, analysis.source, analysis.target, analysis.forwardOptions(request.positionalEncoding)};
    core::ComparedPass b = a;
    core::TokenAlignment source = core::identity_alignment(a.source.size(), a.source.size());
    core::TokenAlignment target = core::identity_alignment(a.target.size(), a.target.size());
    switch (request.mode) {
      case WhatIfMode::TokenEdits: {
        // B: the tokens every view shows (edited); A: the same input as typed.
        a.source = analysis.typedSource;
        a.target = analysis.typedTarget;
        a.options.token_types = core::token_types_for(model, a.source);
        source = core::alignment_from_origin(analysis.sourceOrigin);
        target = core::alignment_from_origin(analysis.targetOrigin);
        const bool sourceEdited = !inputEdits(analysis.edits).source.empty();
        if (analysis.generated && sourceEdited) {
          // the target was generated from the edited source: A's is the one the typed source gives
          a.target = core::prepare_edited_inputs(model, analysis.sourceText, analysis.sourcePairText, {}, {},
                                                 a.options)
                         .input.target;
          target = core::align(a.target, b.target);
        }
        result.aName = QCoreApplication::translate("ui::WhatIfJob", "as typed");
        result.bName = QCoreApplication::translate("ui::WhatIfJob", "edited");
        break;
      }
      case WhatIfMode::Sentence: {
        if (request.sentence.empty()) {
          throw core::InputError(
              QCoreApplication::translate("ui::WhatIfJob", "Type a second sentence to compare with.").toStdString());
        }
        // a sentence pair is compared with another pair, text A with text A and text B with text B
        // (a pair and one text have no texts to match), as attnscope-cli diff --compare-text-pair
        const bool pair = !analysis.sourcePairText.empty();
        if (pair && request.sentencePair.empty()) {
          throw core::InputError(QCoreApplication::translate("ui::WhatIfJob",
                                                             "The input is a sentence pair: type the second pair's "
                                                             "text B too (text A is compared with text A, text B "
                                                             "with text B).")
                                     .toStdString());
        }
        if (!pair && !request.sentencePair.empty()) {
          throw core::InputError(QCoreApplication::translate("ui::WhatIfJob",
                                                             "The input is one text: the second sentence has no "
                                                             "text B to compare with.")
                                     .toStdString());
        }
        const core::ModelInput other =
            pair ? core::prepare_pair_inputs(model, request.sentence, request.sentencePair, analysis.targetText,
                                             b.options)
                 : core::prepare_inputs(model, request.sentence, analysis.targetText, b.options);
        b.source = other.source;
        b.target = other.target;
        // B's own token types (a BERT pair's text B: type 1), never A's: A's belong to A's tokens
        b.options.token_types = core::token_types_for(model, b.source);
        source = core::align(a.source, b.source);
        target = core::align(a.target, b.target);
        result.aName = QCoreApplication::translate("ui::WhatIfJob", "this sentence");
        result.bName = QCoreApplication::translate("ui::WhatIfJob", "the second sentence");
        break;
      }
      case WhatIfMode::Checkpoint: {
        if (request.checkpoint.isEmpty()) {
          throw core::InputError(
              QCoreApplication::translate("ui::WhatIfJob", "Choose a second checkpoint to compare with.")
                  .toStdString());
        }
        if (!result.checkpointModel) {
          result.checkpointModel =
              std::make_shared<const core::Model>(core::load_model(request.checkpoint.toStdString(), analysis.memoryBudget));
        }
        core::check_same_architecture(model.spec(), result.checkpointModel->spec(), model.spec().name,
                                      request.checkpoint.toStdString());
        b.model = result.checkpointModel.get();  // the same token ids: every cell compares the same tokens
        result.aName = QCoreApplication::translate("ui::WhatIfJob", "this model");
        result.bName = request.checkpoint;
        break;
      }
      case WhatIfMode::PositionalEncoding:
        a.options.positional_encoding = false;
        b.options.positional_encoding = true;
        result.aName = QCoreApplication::translate("ui::WhatIfJob", "without positional encoding");
        result.bName = QCoreApplication::translate("ui::WhatIfJob", "with positional encoding");
        break;
    }
    result.sourceA = a.source;
    result.targetA = a.target;
    result.sourceB = b.source;
    result.targetB = b.target;
    // a method that fails on one pass says which: "value zeroing cannot be computed for B (edited): …"
    core::ComparisonReading reading;
    reading.before_name = QCoreApplication::translate("ui::WhatIfJob", "A (%1)").arg(result.aName).toStdString();
    reading.after_name = QCoreApplication::translate("ui::WhatIfJob", "B (%1)").arg(result.bName).toStdString();
    reading.method = request.method;
    reading.reading = request.reading;
    reading.top_p = request.topP;
    reading.progress = progress;
    result.comparison = core::compare_passes(a, b, source, target, request.topK, reading);
    if (result.comparison->prediction) {
      const core::Tokenizer &vocabulary =
          model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();
      for (const core::TokenProbabilityChange &row : result.comparison->prediction->top) {
        result.topTokens << QString::fromStdString(vocabulary.token(row.id));
      }
    }
  } catch (const std::exception &error) {
    result.comparison.reset();
    result.error = QString::fromStdString(error.what());
  }
  return result;
}

}  // namespace ui
