#include "axis_ticks.h"

#include <algorithm>
#include <cmath>

namespace ui {

double roundTickStep(double span, int maxIntervals, bool integers) {
  if (!(span > 0) || maxIntervals < 1) return 1.0;
  const double rough = span / maxIntervals;
  // Step = m · 10^e, the first m of 1, 2, 2.5, 5, 10 that is at least rough.
  const double power = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * power;
  for (const double mantissa : {1.0, 2.0, 2.5, 5.0}) {
    if (mantissa * power >= rough * (1 - 1e-9)) {
      step = mantissa * power;
      break;
    }
  }
  // 2.5 is not a whole number of anything below 10: whole-number axes take 5 instead.
  if (integers && step < 10 && std::abs(step - 2.5 * power) < 1e-9 * step) step = 5 * power;
  return integers ? std::max(1.0, std::round(step)) : step;
}

}  // namespace ui
