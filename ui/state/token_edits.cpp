#include "token_edits.h"

#include <QCoreApplication>
#include <QStringList>

#include "analysis.h"
#include "attention_slice.h"

namespace ui {

namespace {

QString translate(const char *text) {
  return QCoreApplication::translate("ui::TokenEdits", text);
}

// ‘dog’: a token as the views label it, in quotes.
QString quotedToken(const std::string &token) {
  return QStringLiteral("‘%1’").arg(TokenLabel::displayToken(QString::fromStdString(token)));
}

}  // namespace

core::InputEdits inputEdits(const std::vector<SideEdit> &edits) {
  core::InputEdits split;
  for (const SideEdit &edit : edits) (edit.side == TokenSource::Source ? split.source : split.target).push_back(edit.edit);
  return split;
}

int typedPosition(const Analysis &analysis, TokenSource side, int shown) {
  const std::vector<int> &origin = side == TokenSource::Source ? analysis.sourceOrigin : analysis.targetOrigin;
  // an analysis made before origins were recorded (or without edits): the same position
  if (origin.empty()) return shown;
  if (shown < 0 || shown >= static_cast<int>(origin.size())) return -1;
  return origin[static_cast<std::size_t>(shown)];
}

QString describeEdits(const Analysis &analysis, const std::vector<SideEdit> &edits) {
  if (edits.empty()) return {};
  const bool twoSides = analysis.model && analysis.model->spec().has_encoder() && analysis.model->spec().has_decoder();
  QStringList items;
  for (const SideEdit &edit : edits) {
    const bool source = edit.side == TokenSource::Source;
    const core::Tokenization &typed = source ? analysis.typedSource : analysis.typedTarget;
    const std::size_t at = edit.edit.position;
    const QString token = at < typed.tokens.size() ? quotedToken(typed.tokens[at]) : QStringLiteral("‘?’");
    // "at 3", or "at target 3" for the decoder's tokens of an encoder-decoder model
    const QString where = twoSides && !source ? translate("at target %1").arg(at) : translate("at %1").arg(at);
    switch (edit.edit.kind) {
      case core::TokenEditKind::Mask: {
        QString mask = QStringLiteral("[MASK]");
        if (analysis.model) {
          const core::Tokenizer &tokenizer = source ? analysis.model->source_tokenizer() : analysis.model->target_tokenizer();
          if (const std::optional<int> id = core::mask_token_id(tokenizer)) mask = QString::fromStdString(tokenizer.token(*id));
        }
        items << QStringLiteral("%1 %2").arg(mask, where);
        break;
      }
      case core::TokenEditKind::Delete: items << translate("%1 deleted %2").arg(token, where); break;
      case core::TokenEditKind::Replace:
        items << QStringLiteral("%1→‘%2’ %3").arg(token, QString::fromStdString(edit.edit.replacement), where);
        break;
    }
  }
  const QString list = items.join(QStringLiteral(", "));
  return edits.size() == 1 ? translate("1 edit: %1").arg(list)
                           : translate("%1 edits: %2").arg(edits.size()).arg(list);
}

}  // namespace ui
