#pragma once
// Round tick steps for chart axes: 1, 2, 2.5 or 5 times a power of ten, so an axis reads
// "0 1000 2000 3000" or "0 0.25 0.5 0.75 1" instead of "0 750 1500" or "0 0 0 0 1".

namespace ui {

// The smallest round step that splits span into at most maxIntervals intervals. span ≤ 0: 1.
// integers: the step is at least 1 (an axis that labels whole numbers, such as training steps).
double roundTickStep(double span, int maxIntervals = 5, bool integers = false);

}  // namespace ui
