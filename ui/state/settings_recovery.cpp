#include "settings_recovery.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QVariantMap>

namespace ui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("SettingsRecovery", text); }

}  // namespace

SettingsRecovery recoverSettings(QSettings &settings) {
  SettingsRecovery recovery;
  const QString file = settings.fileName();
  if (settings.status() == QSettings::NoError || !QFileInfo::exists(file)) return recovery;
  recovery.file = file;

  // What QSettings could parse before the damage: every key it read, with its value.
  QVariantMap readable;
  for (const QString &key : settings.allKeys()) readable.insert(key, settings.value(key));

  const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  const QString copy = file + QStringLiteral(".damaged-") + stamp;
  // Without a copy the damaged file stays untouched: nothing the user had is overwritten.
  if (!QFile::copy(file, copy)) return recovery;
  recovery.damagedCopy = copy;
  QFile::remove(file);

  // A fresh QSettings on the same path: the old object still holds the damaged file's state.
  QSettings rewritten(file, settings.format());
  for (auto it = readable.cbegin(); it != readable.cend(); ++it) rewritten.setValue(it.key(), it.value());
  rewritten.sync();
  recovery.keptValues = static_cast<int>(readable.size());
  return recovery;
}

QString recoveryMessage(const SettingsRecovery &recovery) {
  if (!recovery.needed()) return {};
  if (recovery.damagedCopy.isEmpty()) {
    return tr("The settings file %1 could not be read, and no copy of it could be written beside it. "
              "AttentionScope uses its default settings for now and leaves the file as it is.")
        .arg(recovery.file);
  }
  return tr("The settings file %1 was damaged. AttentionScope kept the %2 settings it could read and uses defaults "
            "for the rest; the damaged file was saved as %3.")
      .arg(recovery.file)
      .arg(recovery.keptValues)
      .arg(recovery.damagedCopy);
}

}  // namespace ui
