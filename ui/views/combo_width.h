#pragma once
// A combo box wide enough for its items. Qt 6.4 sizes a combo box by its items' ink (QFontMetrics::
// boundingRect), which is narrower than the advance the painter needs for text with wide side
// bearings (the Reading toolbar gave "（無）", 36 px of advance, a 25 px field), and a toolbar
// squeezes a combo down to a minimum size hint that Qt does not recompute when the font grows
// (presentation mode: the 句子對 chooser showed "兩段文字", 76 px, in 64 px at 800 px wide).

class QComboBox;
class QString;

namespace ui {

// The width a combo box needs to show `text` whole in its edit field, in its current font and style.
int comboWidthFor(const QComboBox &combo, const QString &text);

// Keeps the combo's minimum width at comboWidthFor(its widest item) from now on: again whenever
// its items, its font or its style change. The helper that does so is a child of the combo.
void keepWideEnoughForItems(QComboBox *combo);

}  // namespace ui
