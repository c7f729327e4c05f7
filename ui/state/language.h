#pragma once
// The interface language: English (the source strings) or Traditional Chinese
// (resources/translations/attnscope_zh_TW.ts, compiled to :/i18n/attnscope_zh_TW.qm). By default
// it follows the system locale; View ▸ Language stores a choice in QSettings, used at the next start.

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace ui {

// "system", "en" or "zh_TW", as stored under the settings key languageSettingsKey().
QString languageSettingsKey();
QStringList languageCodes();
QString languageName(const QString &code);  // in its own language: "English", "繁體中文"
QString chosenLanguage();                   // the stored choice, "system" when none
void setChosenLanguage(const QString &code);

// The locale the interface uses for a choice ("system": QLocale::system()).
QLocale interfaceLocale(const QString &code);
// The compiled translation for a locale, or an empty string for English.
QString translationFile(const QLocale &locale);

// Installs the translator for the stored choice on app (call after the organisation and
// application names are set, before any window is built). Returns the locale's name when a
// translation was installed, else an empty string. Called again, it first removes what it installed.
QString installTranslations(QCoreApplication &app);

}  // namespace ui
