#include "language.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace ui {

QString languageSettingsKey() { return QStringLiteral("view/language"); }

QStringList languageCodes() { return {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("zh_TW")}; }

QString languageName(const QString &code) {
  if (code == QLatin1String("en")) return QStringLiteral("English");
  if (code == QLatin1String("zh_TW")) return QStringLiteral("繁體中文");
  return QCoreApplication::translate("ui::Language", "System Language");
}

QString chosenLanguage() {
  const QString code = QSettings().value(languageSettingsKey(), QStringLiteral("system")).toString();
  return languageCodes().contains(code) ? code : QStringLiteral("system");
}

void setChosenLanguage(const QString &code) { QSettings().setValue(languageSettingsKey(), code); }

QLocale interfaceLocale(const QString &code) {
  if (code == QLatin1String("en")) return QLocale(QLocale::English, QLocale::UnitedStates);
  if (code == QLatin1String("zh_TW")) return QLocale(QLocale::Chinese, QLocale::TraditionalChineseScript, QLocale::Taiwan);
  return QLocale::system();
}

QString translationFile(const QLocale &locale) {
  // Traditional Chinese wherever it is written (Taiwan, Hong Kong, Macau); other Chinese locales
  // read Simplified Chinese, which we do not ship, so they get English.
  const bool traditional = locale.language() == QLocale::Chinese &&
                           (locale.script() == QLocale::TraditionalChineseScript ||
                            locale.territory() == QLocale::Taiwan || locale.territory() == QLocale::HongKong ||
                            locale.territory() == QLocale::Macau);
  return traditional ? QStringLiteral(":/i18n/attnscope_zh_TW.qm") : QString();
}

QString installTranslations(QCoreApplication &app) {
  // Called again (the tests start the window anew in one process, as the next start would): the
  // translators of the earlier choice go first, and with them its locale.
  const QString ours = QStringLiteral("attnscopeTranslator");
  const QList<QTranslator *> earlier = app.findChildren<QTranslator *>(ours, Qt::FindDirectChildrenOnly);
  for (QTranslator *translator : earlier) delete translator;  // ~QTranslator removes it from the application
  if (!earlier.isEmpty()) QLocale::setDefault(QLocale::system());
  const QLocale locale = interfaceLocale(chosenLanguage());
  const QString file = translationFile(locale);
  if (file.isEmpty()) return {};
  auto *translator = new QTranslator(&app);
  translator->setObjectName(ours);
  if (!translator->load(file)) {
    delete translator;
    return {};
  }
  QCoreApplication::installTranslator(translator);
  // Qt's own dialogs (file dialogs, message box buttons), when the system has them.
  auto *qtTranslator = new QTranslator(&app);
  qtTranslator->setObjectName(ours);
  if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qtTranslator);
  } else {
    delete qtTranslator;
  }
  QLocale::setDefault(locale);
  return locale.name();
}

}  // namespace ui
