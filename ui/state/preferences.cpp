#include "preferences.h"

#include <algorithm>
#include <thread>

#include <QCoreApplication>
#include <QSettings>

#include "language.h"

namespace ui {

namespace {

namespace keys {
const char *const threads = "compute/threads";
const char *const precision = "compute/precision";
const char *const memoryBudget = "compute/memoryBudgetMb";
const char *const theme = "view/theme";
const char *const positionalEncoding = "view/defaultPositionalEncoding";
const char *const peDifference = "view/defaultPeDifference";
const char *const threshold = "view/defaultThreshold";
const char *const words = "view/defaultWords";
const char *const hideSpecial = "view/defaultHideSpecialTokens";
const char *const topPLines = "view/defaultTopPLines";
const char *const topP = "view/defaultTopP";
}  // namespace keys

constexpr int kMaxMemoryBudgetMb = 1024 * 1024;

QString oneOf(const QString &value, const QStringList &allowed, const QString &fallback) {
  return allowed.contains(value) ? value : fallback;
}

}  // namespace

QStringList precisionKeys() { return {QStringLiteral("exact"), QStringLiteral("fast")}; }

int maximumThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

Preferences loadPreferences(QSettings &settings) {
  const Preferences defaults;
  Preferences p;
  const int threads = settings.value(keys::threads, defaults.threads).toInt();
  p.threads = threads >= 0 && threads <= maximumThreads() ? threads : defaults.threads;
  p.precision = oneOf(settings.value(keys::precision).toString(), precisionKeys(), defaults.precision);
  const int budget = settings.value(keys::memoryBudget, defaults.memoryBudgetMb).toInt();
  p.memoryBudgetMb = budget >= 0 && budget <= kMaxMemoryBudgetMb ? budget : defaults.memoryBudgetMb;
  p.language = oneOf(settings.value(languageSettingsKey()).toString(), languageCodes(), defaults.language);
  p.theme = oneOf(settings.value(keys::theme).toString(),
                  {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}, defaults.theme);
  p.positionalEncoding = settings.value(keys::positionalEncoding, defaults.positionalEncoding).toBool();
  p.peDifference = settings.value(keys::peDifference, defaults.peDifference).toBool();
  const double threshold = settings.value(keys::threshold, defaults.threshold).toDouble();
  p.threshold = threshold >= 0.0 && threshold <= 0.5 ? threshold : defaults.threshold;
  p.words = settings.value(keys::words, defaults.words).toBool();
  p.hideSpecial = settings.value(keys::hideSpecial, defaults.hideSpecial).toBool();
  p.topPLines = settings.value(keys::topPLines, defaults.topPLines).toBool();
  const double topP = settings.value(keys::topP, defaults.topP).toDouble();
  p.topP = topP >= 0.01 && topP <= 1.0 ? topP : defaults.topP;
  return p;
}

QString savePreferences(QSettings &settings, const Preferences &p) {
  settings.setValue(keys::threads, p.threads);
  settings.setValue(keys::precision, p.precision);
  settings.setValue(keys::memoryBudget, p.memoryBudgetMb);
  settings.setValue(languageSettingsKey(), p.language);
  settings.setValue(keys::theme, p.theme);
  settings.setValue(keys::positionalEncoding, p.positionalEncoding);
  settings.setValue(keys::peDifference, p.peDifference);
  settings.setValue(keys::threshold, p.threshold);
  settings.setValue(keys::words, p.words);
  settings.setValue(keys::hideSpecial, p.hideSpecial);
  settings.setValue(keys::topPLines, p.topPLines);
  settings.setValue(keys::topP, p.topP);
  settings.sync();
  switch (settings.status()) {
    case QSettings::NoError: return {};
    case QSettings::AccessError:
      return QCoreApplication::translate("ui::Preferences", "The settings file %1 cannot be written.")
          .arg(settings.fileName());
    case QSettings::FormatError:
      return QCoreApplication::translate("ui::Preferences", "The settings file %1 is damaged.").arg(settings.fileName());
  }
  return {};
}

}  // namespace ui
