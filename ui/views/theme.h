#pragma once
// Light and dark palettes on the Fusion style, or the platform's own look.

#include <QString>

namespace ui {

enum class Theme { System, Light, Dark };

void applyTheme(Theme theme);
QString themeKey(Theme theme);  // for QSettings: "system", "light", "dark"
Theme themeFromKey(const QString &key);

}  // namespace ui
