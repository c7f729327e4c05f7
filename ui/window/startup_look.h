#pragma once
// attnscope --theme light|dark|presentation --size WIDTHxHEIGHT: how the window looks at start,
// for this run only (nothing is saved). With --screenshot they give pictures of presentation mode
// or of a projector's 800 × 600 (scripts/screenshot.sh, README).

#include <optional>

#include <QSize>
#include <QString>

#include "theme.h"

namespace ui {

class MainWindow;

struct StartupLook {
  std::optional<Theme> theme;  // --theme light or dark
  bool presentation = false;   // --theme presentation: presentation mode (its own palette and type)
  std::optional<QSize> size;   // --size: the window's size, out of full screen
};

// The largest --size a side: a 8192 × 8192 window's picture already takes 256 MiB.
inline constexpr int kMaxStartupSide = 8192;

// Reads --theme into look: "light", "dark" or "presentation". Returns an empty string, or a
// message naming the value and the choices.
QString parseStartupTheme(const QString &value, StartupLook &look);
// Reads --size into look: "WIDTHxHEIGHT" (x, X or ×), each side 1 … kMaxStartupSide. Returns an
// empty string, or a message naming the value and what was expected.
QString parseStartupSize(const QString &value, StartupLook &look);

// Applies look to a shown window: the theme, presentation mode (full screen), then the size, which
// takes the window out of full screen as a projector's window would be.
void applyStartupLook(MainWindow &window, const StartupLook &look);

}  // namespace ui
