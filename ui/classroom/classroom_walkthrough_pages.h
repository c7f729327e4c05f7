#pragma once
// The walkthrough's pages as rich text, in the lecture's notation with the actual numbers.
// Positions are counted from 1 as in the lecture (a^1 … a^n); the chosen query plays "q^1".

#include <QString>
#include <QStringList>

#include "text/tokenizer.h"
#include "classroom/walkthrough.h"

namespace ui {

// Titles and pages are rich text, their formulas rendered by formulaHtml (formula.h).
QString walkthroughPageTitle(core::WalkthroughPage page);
// queryTokens label the rows of a_q, keyTokens those of a_kv.
QString walkthroughPageHtml(const core::Walkthrough &walkthrough, core::WalkthroughPage page,
                            const QStringList &queryTokens, const QStringList &keyTokens);
// How every number on the pages is written, so tests can look for it.
QString formatNumber(float value);
// The tokens as the classroom views label rows and columns with them.
QStringList tokenLabels(const core::Tokenization &tokens);

}  // namespace ui
