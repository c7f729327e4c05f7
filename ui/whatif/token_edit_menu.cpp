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
  return TokenAtLabel{source ? TokenSource::Source : TokenSource::Target, label.index,
                      sequence.tokens[label.index].text};
}

void addTokenEditActions(QMenu *menu, WhatIfPanel *panel, const TokenAtLabel &token) {
  const QString shown = TokenLabel::displayToken(token.token);
  menu->addSection(QObject::tr("Token %1 “%2”").arg(token.position).arg(shown));
  QAction *mask = menu->addAction(QObject::tr("Mask Token"), panel,
                                  [panel, token] { panel->maskToken(token.side, token.position); });
  mask->setObjectName(QStringLiteral("maskTokenAction"));
  mask->setToolTip(QObject::tr("Put the mask token ([MASK], <mask>) or the unknown token in its place"));
  QAction *remove = menu->addAction(QObject::tr("Delete Token"), panel,
                                    [panel, token] { panel->deleteToken(token.side, token.position); });
  remove->setObjectName(QStringLiteral("deleteTokenAction"));
  QAction *replace = menu->addAction(QObject::tr("Replace Token…"), panel, [panel, token, shown] {
    ReplaceTokenDialog dialog(
        shown, token.position,
        [panel, token](const QString &text) {
          return panel->checkEdit(
              {token.side,
               {core::TokenEditKind::Replace, static_cast<std::size_t>(token.position), text.toStdString()}});
        },
        panel->window());
    if (dialog.exec() == QDialog::Accepted) panel->replaceToken(token.side, token.position, dialog.replacement());
  });
  replace->setObjectName(QStringLiteral("replaceTokenAction"));
  menu->addSeparator();
}

}  // namespace ui
