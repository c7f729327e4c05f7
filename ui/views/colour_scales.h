#pragma once
// The colours every view shares: one colour per head, the weight and difference scales, and the
// colour of masked cells, so a head or a masked pair looks the same in every view.

#include <QBrush>
#include <QColor>
#include <QImage>

#include "attention_slice.h"

namespace ui {

QColor headColour(int head);  // distinguishable hues (Tableau 10), repeating after ten heads

// Presentation mode: heads in the Okabe–Ito palette and α̂ in cividis, both readable with every
// common colour-vision deficiency and on a projector. Views read the scheme when they paint.
void setHighContrastColours(bool on);
bool highContrastColours();

// Sequential scale for α̂ in [0, 1] (viridis: dark at 0, bright at 1, readable in grey).
QColor weightColour(float weight);
// Diverging scale for a difference in [−extent, extent]: blue below 0, white at 0, red above.
QColor differenceColour(float value, float extent);
QColor valueColour(float value, ValueScale scale, float extent);

// Masked cells are grey with a hatch, never a colour of the scale, so "never attended" does not
// read as "attended with weight 0".
QColor maskColour();
// The sink marker beside the first and special tokens' keys (the Heads tab's sink purple).
QColor sinkMarkerColour();
QColor maskHatchColour();
QBrush maskHatchBrush();

// One pixel per cell (rows = queries), for thumbnails drawn scaled without smoothing.
QImage matrixImage(const AttentionSlice& slice, int head);

}  // namespace ui
