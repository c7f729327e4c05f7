#include "token_edit_menu.h"

#include <QMenu>

#include "replace_token_dialog.h"
#include "whatif_panel.h"

namespace ui {

std::optional<TokenAtLabel> tokenAtLabel(const AttentionSlice &slice, TokenRef label) {
  if (!label.valid() || slice.empty()) return std::nullopt;
  const bool query = label.side == TokenSide::Query;
  const TokenSequence &sequence = query ? slice.queries : slice.keys;
  if (label.index >= sequence.tokens.size()) return std::nullopt;
  const core::AttentionKind kind = slice.step.kind;
  const bool source = query ? kind == core::AttentionKind::EncoderSelf : kind != core::AttentionKind::DecoderSelf;
  TokenAtLabel token{source ? TokenSource::Source : TokenSource::Target, label.index, sequence.tokens[label.index].text,
                     {label.index}};
  // Read: the label stands for the tokens its entry holds (a word's pieces, or one kept token at
  // its true position).
  const std::vector<std::vector<int>> &members = query ? slice.queryTokens : slice.keyTokens;
  if (!slice.reading.is_identity()) {
    const auto entry = static_cast<std::size_t>(label.index);
    if (entry >= members.size() || members[entry].empty()) return std::nullopt;
    token.positions = members[entry];
    token.position = token.positions.front();
  }
  return token;
}

void addTokenEditActions(QMenu *menu, WhatIfPanel *panel, const TokenAtLabel &token) {
  const QString shown = TokenLabel::displayToken(token.token);
  const int count = static_cast<int>(token.positions.size());
  if (token.isWord()) {
    // a word read from several pieces: every edit applies to all of them, and says so
    menu->addSection(QObject::tr("Word “%1” (tokens %2–%3)").arg(shown).arg(token.positions.front()).arg(token.positions.back()));
  } else {
    menu->addSection(QObject::tr("Token %1 “%2”").arg(token.position).arg(shown));
  }
  QAction *mask = menu->addAction(token.isWord() ? QObject::tr("Mask Word (all %1 tokens)").arg(count)
                                                 : QObject::tr("Mask Token"),
                                  panel, [panel, token] { panel->maskTokens(token.side, token.positions); });
  mask->setObjectName(QStringLiteral("maskTokenAction"));
  mask->setToolTip(QObject::tr("Put the mask token ([MASK], <mask>) or the unknown token in its place"));
  QAction *remove = menu->addAction(token.isWord() ? QObject::tr("Delete Word (all %1 tokens)").arg(count)
                                                   : QObject::tr("Delete Token"),
                                    panel, [panel, token] { panel->deleteTokens(token.side, token.positions); });
  remove->setObjectName(QStringLiteral("deleteTokenAction"));
  QAction *replace = menu->addAction(
      token.isWord() ? QObject::tr("Replace Word (all %1 tokens)…").arg(count) : QObject::tr("Replace Token…"), panel,
      [panel, token, shown] {
        ReplaceTokenDialog dialog(
            shown, token.position,
            [panel, token](const QString &text) {
              return panel->checkShownEdits(WhatIfPanel::replacementEdits(token.side, token.positions, text));
            },
            panel->window());
        if (dialog.exec() == QDialog::Accepted) panel->replaceTokens(token.side, token.positions, dialog.replacement());
      });
  replace->setObjectName(QStringLiteral("replaceTokenAction"));
  if (token.isWord()) {
    replace->setToolTip(QObject::tr("The replacement takes the first piece's place; the other pieces are deleted"));
  }
  menu->addSeparator();
}

}  // namespace ui
