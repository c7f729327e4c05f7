// Nothing lost in the GUI: every kind of file the window writes (sessions, lessons, PNG and SVG
// figures, CSV/JSON/npy attention, the settings) is saved whole or not at all. A save that fails
// half-way (the process's file-size limit stands in for a full disk) keeps the file that was
// there byte for byte, leaves no temporary and says which file and why. A damaged session is
// refused with its message and keeps everything else: the window's model and text, the settings
// and the user's other files. (Core and CLI writers: tests/core/nothing_lost_test.cpp.)

#include <memory>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "export_menu.h"
#include "file_size_limit.h"
#include "gui_test_support.h"
#include "input_panel.h"
#include "lesson_menu.h"
#include "main_window.h"
#include "preferences.h"
#include "session_menu.h"
#include "teaching_tools.h"

using namespace ui;

namespace {

QByteArray readAll(const QString &path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes) {
  QFile file(path);
  if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) file.write(bytes);
}

// Hidden temporaries (".name.tmp.<pid>.<n>") a writer left in folder.
QStringList leftovers(const QString &folder) {
  return QDir(folder).entryList({QStringLiteral("*.tmp.*")}, QDir::Files | QDir::Hidden);
}

}  // namespace

class TestNothingLost : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void cutShortSaveKeepsTheOldFile_data();
  void cutShortSaveKeepsTheOldFile();
  void cutShortSettingsKeepTheOldFile();
  void damagedSessionKeepsEverythingElse();
  void cutShortScreenshotKeepsTheOldFile();

 private:
  QString save(const QString &kind, const QString &path);
  void closeMessageBoxes();

  std::unique_ptr<MainWindow> m_window;
  QTemporaryDir m_dir;
  QTimer m_boxCloser;
  QStringList m_messages;  // what the closed message boxes said
};

void TestNothingLost::initTestCase() {
  ui::test::isolateSettings();
  QVERIFY(m_dir.isValid());
  // Each failure also shows a message box; it is read and closed.
  m_boxCloser.setInterval(20);
  connect(&m_boxCloser, &QTimer::timeout, this, &TestNothingLost::closeMessageBoxes);
  m_boxCloser.start();
}

void TestNothingLost::closeMessageBoxes() {
  for (QWidget *widget : QApplication::topLevelWidgets()) {
    if (auto *box = qobject_cast<QMessageBox *>(widget); box && box->isVisible()) {
      m_messages << box->text();
      box->close();
    }
  }
}

void TestNothingLost::init() {
  m_messages.clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1100, 760);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(ui::test::testData(QStringLiteral("../../models/translate-en-zh")));
  QVERIFY(loaded.wait(20000));
  m_window->inputPanel()->setSourceText(QStringLiteral("the cat sat on the mat"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
}

void TestNothingLost::cleanup() { m_window.reset(); }

// Saves through the window's own writer of that kind; returns its message (empty: saved).
QString TestNothingLost::save(const QString &kind, const QString &path) {
  TeachingTools *tools = m_window->teachingTools();
  if (kind == QLatin1String("session")) return tools->sessions()->saveSession(path);
  if (kind == QLatin1String("lesson")) return tools->lessons()->saveLesson(path);
  if (kind == QLatin1String("png") || kind == QLatin1String("svg")) {
    return tools->exports()->exportFigure(tools->exports()->currentFigure(), path, 72);
  }
  // csv, json, npy: written off the GUI thread, reported by attentionExported
  QSignalSpy exported(tools->exports(), &ExportMenu::attentionExported);
  const QString refused = tools->exports()->exportAttention(path);
  if (!refused.isEmpty()) return refused;
  if (!exported.wait(20000)) return QStringLiteral("no attentionExported signal");
  return exported.front().at(1).toString();
}

void TestNothingLost::cutShortSaveKeepsTheOldFile_data() {
  QTest::addColumn<QString>("kind");
  for (const char *kind : {"session", "lesson", "png", "svg", "csv", "json", "npy"}) QTest::newRow(kind) << QString::fromLatin1(kind);
}

void TestNothingLost::cutShortSaveKeepsTheOldFile() {
  QFETCH(QString, kind);
  // A lesson needs a step to save.
  if (kind == QLatin1String("lesson")) m_window->teachingTools()->lessons()->fileActions()[3]->trigger();
  const QString path = m_dir.filePath(QStringLiteral("saved.") + (kind == QLatin1String("session") || kind == QLatin1String("lesson")
                                                                      ? QStringLiteral("json")
                                                                      : kind));
  // A first save works and is what the user has on disk.
  QCOMPARE(save(kind, path), QString());
  const QByteArray saved = readAll(path);
  QVERIFY(saved.size() > 64);
  // The next save stops after 32 bytes, as on a full disk.
  QString error;
  {
    ::test::FileSizeLimit limit(32);
    QVERIFY(limit.active());
    m_window->inputPanel()->setSourceText(QStringLiteral("a different text to save"));
    QVERIFY(QTest::qWaitFor([&] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
    error = save(kind, path);
  }
  QVERIFY2(error.contains(path) && error.contains(QStringLiteral("File too large")), qPrintable(error));
  QCOMPARE(readAll(path), saved);
  QCOMPARE(leftovers(m_dir.path()), QStringList());
  // The user sees it too (a message box or the status bar's message).
  if (kind == QLatin1String("session") || kind == QLatin1String("lesson") || kind == QLatin1String("png") ||
      kind == QLatin1String("svg")) {
    QVERIFY(QTest::qWaitFor([&] { return !m_messages.isEmpty(); }, 5000));
    QVERIFY2(m_messages.last().contains(QStringLiteral("File too large")), qPrintable(m_messages.last()));
  }
}

// Settings go through QSettings, which writes with QSaveFile (temporary + rename) itself.
void TestNothingLost::cutShortSettingsKeepTheOldFile() {
  Preferences preferences = m_window->viewState()->preferences();
  preferences.theme = QStringLiteral("dark");
  QCOMPARE(m_window->applyPreferences(preferences), QString());
  const QString file = QSettings().fileName();
  const QByteArray saved = readAll(file);
  QVERIFY(saved.contains("dark"));
  preferences.theme = QStringLiteral("light");
  QString error;
  {
    ::test::FileSizeLimit limit(16);
    QVERIFY(limit.active());
    error = m_window->applyPreferences(preferences);
  }
  QVERIFY2(error.contains(file), qPrintable(error));
  QCOMPARE(readAll(file), saved);
  QCOMPARE(leftovers(QFileInfo(file).path()), QStringList());
  QVERIFY(QTest::qWaitFor([&] { return !m_messages.isEmpty(); }, 5000));
  QVERIFY(m_messages.last().contains(file));
}

void TestNothingLost::damagedSessionKeepsEverythingElse() {
  TeachingTools *tools = m_window->teachingTools();
  // The user's other data: a good session, a lesson, the settings, the window's model and text.
  const QString good = m_dir.filePath(QStringLiteral("good-session.json"));
  QCOMPARE(tools->sessions()->saveSession(good), QString());
  tools->lessons()->fileActions()[3]->trigger();
  const QString lesson = m_dir.filePath(QStringLiteral("lesson.json"));
  QCOMPARE(tools->lessons()->saveLesson(lesson), QString());
  QSettings().setValue(QStringLiteral("monkey/kept"), 42);
  QSettings().sync();
  const QByteArray goodBytes = readAll(good);
  const QByteArray lessonBytes = readAll(lesson);
  const QByteArray settingsBytes = readAll(QSettings().fileName());
  const QString model = m_window->modelFolder();
  const core::Session before = tools->sessions()->currentSession();

  // Cut off in the middle, as by a crash while another program wrote it.
  const QString damaged = m_dir.filePath(QStringLiteral("damaged-session.json"));
  const QByteArray damagedBytes = goodBytes.left(goodBytes.size() / 2);
  writeAll(damaged, damagedBytes);
  const QString error = tools->sessions()->openSession(damaged);
  QVERIFY2(error.contains(damaged) && error.contains(QStringLiteral("nothing was changed")), qPrintable(error));
  QVERIFY(QTest::qWaitFor([&] { return !m_messages.isEmpty(); }, 5000));

  QCOMPARE(m_window->modelFolder(), model);
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("the cat sat on the mat"));
  QCOMPARE(tools->sessions()->currentSession().state, before.state);
  QCOMPARE(readAll(damaged), damagedBytes);  // not "repaired" or deleted behind the user's back
  QCOMPARE(readAll(good), goodBytes);
  QCOMPARE(readAll(lesson), lessonBytes);
  QCOMPARE(readAll(QSettings().fileName()), settingsBytes);
  QCOMPARE(QSettings().value(QStringLiteral("monkey/kept")).toInt(), 42);
  // and the good session still opens
  QCOMPARE(tools->sessions()->openSession(good), QString());
}

// attnscope --screenshot FILE (scripts/screenshot.sh): the app itself, as a separate process that
// inherits the file-size limit (and the ignored SIGXFSZ).
void TestNothingLost::cutShortScreenshotKeepsTheOldFile() {
  m_window.reset();
  const QString file = m_dir.filePath(QStringLiteral("screenshot.png"));
  const QByteArray old("an older screenshot");
  writeAll(file, old);
  QProcess app;
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));  // not the user's settings
  app.setProcessEnvironment(environment);
  {
    ::test::FileSizeLimit limit(4096);
    QVERIFY(limit.active());
    app.start(QStringLiteral(ATTNSCOPE_GUI), {ui::test::testData(QStringLiteral("../../models/induction")), QStringLiteral("--text"),
                                              QStringLiteral("a b c a b"), QStringLiteral("--screenshot"), file});
    QVERIFY(app.waitForStarted(10000));
  }
  QVERIFY(app.waitForFinished(60000));
  const QString errors = QString::fromLocal8Bit(app.readAllStandardError());
  QCOMPARE(app.exitStatus(), QProcess::NormalExit);
  QCOMPARE(app.exitCode(), 1);
  QVERIFY2(errors.contains(QStringLiteral("attnscope: Cannot write ") + file) && errors.contains(QStringLiteral("File too large")),
           qPrintable(errors));
  QCOMPARE(readAll(file), old);
  QCOMPARE(leftovers(m_dir.path()), QStringList());
}

QTEST_MAIN(TestNothingLost)
#include "tst_nothing_lost.moc"
