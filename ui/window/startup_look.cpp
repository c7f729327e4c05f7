#include "startup_look.h"

#include <QRegularExpression>

#include "main_window.h"
#include "presentation_controls.h"
#include "presentation_mode.h"
#include "teaching_tools.h"

namespace ui {

QString parseStartupTheme(const QString &value, StartupLook &look) {
  const QString key = value.trimmed().toLower();
  if (key == QLatin1String("presentation")) {
    look.presentation = true;
    return {};
  }
  if (key == QLatin1String("light") || key == QLatin1String("dark")) {
    look.theme = themeFromKey(key);
    return {};
  }
  return QStringLiteral("--theme: unknown theme \"%1\"; expected light, dark or presentation").arg(value);
}

QString parseStartupSize(const QString &value, StartupLook &look) {
  static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,9})\\s*[xX\\x{00D7}]\\s*(\\d{1,9})\\s*$"));
  const QRegularExpressionMatch match = pattern.match(value);
  if (!match.hasMatch()) {
    return QStringLiteral("--size: expected WIDTHxHEIGHT in pixels such as 800x600, got \"%1\"").arg(value);
  }
  const int width = match.captured(1).toInt();
  const int height = match.captured(2).toInt();
  if (width < 1 || height < 1 || width > kMaxStartupSide || height > kMaxStartupSide) {
    return QStringLiteral("--size: %1 × %2 is out of range; each side must be 1 to %3 pixels")
        .arg(width)
        .arg(height)
        .arg(kMaxStartupSide);
  }
  look.size = QSize(width, height);
  return {};
}

void applyStartupLook(MainWindow &window, const StartupLook &look) {
  if (look.theme) window.useThemeForThisRun(*look.theme);
  if (look.presentation) window.teachingTools()->presentation()->mode()->setActive(true);
  if (look.size) {
    // Out of full screen (presentation mode) or maximized (the geometry remembered) first: a
    // full-screen window keeps the screen's size.
    window.showNormal();
    window.resize(*look.size);
  }
}

}  // namespace ui
