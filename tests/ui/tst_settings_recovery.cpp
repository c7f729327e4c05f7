// A damaged settings file: its readable values survive, the damaged bytes are kept in a copy beside
// it, and the message names both files (issue "Reliability v2": nothing lost).

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "preferences.h"
#include "settings_recovery.h"

using namespace ui;

namespace {

void writeBytes(const QString &path, const QByteArray &bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readBytes(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

// Every file in the folder whose name starts with the settings file's and carries ".damaged-".
QStringList damagedCopies(const QDir &folder) {
  return folder.entryList({QStringLiteral("attnscope.conf.damaged-*")}, QDir::Files);
}

}  // namespace

class TestSettingsRecovery : public QObject {
  Q_OBJECT

 private slots:
  void aCleanFileIsLeftAlone() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attnscope.conf"));
    writeBytes(path, "[General]\nthreads=2\n");
    const QByteArray before = readBytes(path);
    QSettings settings(path, QSettings::IniFormat);
    const SettingsRecovery recovery = recoverSettings(settings);
    QVERIFY(!recovery.needed());
    QVERIFY(recoveryMessage(recovery).isEmpty());
    QVERIFY(recovery.damagedCopy.isEmpty());
    QCOMPARE(readBytes(path), before);
    QVERIFY(damagedCopies(QDir(dir.path())).isEmpty());
  }

  void aMissingFileIsNotAnError() {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("attnscope.conf")), QSettings::IniFormat);
    QVERIFY(!recoverSettings(settings).needed());
    QVERIFY(damagedCopies(QDir(dir.path())).isEmpty());
  }

  void aDamagedFileKeepsItsReadableValuesAndACopy() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attnscope.conf"));
    // A readable section, then a section header cut short and NUL bytes (a write torn by a crash).
    const QByteArray damaged = QByteArray("[compute]\nthreads=2\nprecision=fast\n[views\n") + QByteArray(8, '\0');
    writeBytes(path, damaged);
    {
      QSettings settings(path, QSettings::IniFormat);
      QCOMPARE(settings.status(), QSettings::FormatError);
      const SettingsRecovery recovery = recoverSettings(settings);
      const QString message = recoveryMessage(recovery);
      QVERIFY2(message.contains(path), qPrintable(message));
      QVERIFY(!recovery.damagedCopy.isEmpty());
      QVERIFY2(message.contains(recovery.damagedCopy), qPrintable(message));
      QVERIFY(recovery.keptValues >= 2);
      // the damaged bytes, kept as they were
      QCOMPARE(readBytes(recovery.damagedCopy), damaged);
    }
    QCOMPARE(damagedCopies(QDir(dir.path())).size(), 1);
    // the rewritten file reads cleanly and still holds what the user had set
    QSettings reread(path, QSettings::IniFormat);
    QCOMPARE(reread.status(), QSettings::NoError);
    const Preferences preferences = loadPreferences(reread);
    QCOMPARE(preferences.threads, 2);
    QCOMPARE(preferences.precision, QStringLiteral("fast"));
    // a second start finds nothing to recover
    QVERIFY(!recoverSettings(reread).needed());
  }

  void aFileWithNoReadableSectionFallsBackToDefaults() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attnscope.conf"));
    // binary garbage after a section header cut short: nothing in it is a setting
    const QByteArray damaged = QByteArray("[compute\n\xff\xfe") + QByteArray(16, '\0');
    writeBytes(path, damaged);
    {
      QSettings settings(path, QSettings::IniFormat);
      const SettingsRecovery recovery = recoverSettings(settings);
      QVERIFY(recovery.needed());
      QCOMPARE(readBytes(recovery.damagedCopy), damaged);
    }
    QSettings reread(path, QSettings::IniFormat);
    QCOMPARE(reread.status(), QSettings::NoError);
    QCOMPARE(loadPreferences(reread), Preferences{});
  }

  void withoutRoomForACopyTheDamagedFileIsLeftAsItIs() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("attnscope.conf"));
    const QByteArray damaged = QByteArray("[compute]\nthreads=2\n[views\n") + QByteArray(4, '\0');
    writeBytes(path, damaged);
    // folders where the copy would go (this second and the next two): QFile::copy cannot write over them
    for (int second = 0; second < 3; ++second) {
      const QString blocked = QDateTime::currentDateTime().addSecs(second).toString(QStringLiteral("yyyyMMdd-HHmmss"));
      QVERIFY(QDir().mkpath(path + QStringLiteral(".damaged-") + blocked));
    }
    QSettings settings(path, QSettings::IniFormat);
    const SettingsRecovery recovery = recoverSettings(settings);
    QVERIFY(recovery.needed());
    QVERIFY(recovery.damagedCopy.isEmpty());
    QVERIFY2(recoveryMessage(recovery).contains(QStringLiteral("no copy")), qPrintable(recoveryMessage(recovery)));
    QCOMPARE(readBytes(path), damaged);
  }
};

QTEST_GUILESS_MAIN(TestSettingsRecovery)
#include "tst_settings_recovery.moc"
