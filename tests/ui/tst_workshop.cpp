// File ▸ Workshop…: the locked mode really blocks file dialogs and model edits (tried through the
// shortcuts, the menu and the actions themselves), the clicker's keys step the lesson, B blacks the
// screen, Esc asks before leaving, and every shipped section lesson applies on the bundled models
// in both of its languages with no markup left in a caption.

#include <QAction>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>

#include "classroom/lesson.h"
#include "gui_test_support.h"
#include "head_analysis_widget.h"
#include "heatmap_widget.h"
#include "lesson_bar.h"
#include "lesson_menu.h"
#include "main_window.h"
#include "presentation_controls.h"
#include "presentation_mode.h"
#include "teaching_tools.h"
#include "attention_slice.h"
#include "classroom_panel.h"
#include "living_diagram_widget.h"
#include "view_state_applier.h"
#include "workshop_dialog.h"
#include "workshop_mode.h"

using namespace ui;

namespace {

const char *const kText = "the big cat saw a small bird";

QString sectionPath(int section) { return QStringLiteral(":/lessons/section-%1.json").arg(section); }

QString plain(const QString &html) {
  QTextDocument document;
  document.setHtml(html);
  return document.toPlainText();
}

// Why a shown caption is wrong, or an empty string: notation markup left over, or a hat off its α.
QString captionProblem(const QString &shown) {
  const QString text = plain(shown);
  if (text.trimmed().isEmpty()) return QStringLiteral("empty");
  if (text.contains(u'^')) return QStringLiteral("leftover ^");
  if (text.contains(QStringLiteral("_{"))) return QStringLiteral("leftover _{");
  if (text.contains(QStringLiteral("\\hat"))) return QStringLiteral("leftover \\hat");
  for (qsizetype i = 0; i < text.size(); ++i) {
    if (text[i] == QChar(0x0302) && (i == 0 || text[i - 1] != QChar(0x03B1))) return QStringLiteral("a hat not on an α");
  }
  return {};
}

// Closes, and counts, every dialog that opens while it runs: a lock that failed shows up as a
// count, not as a test hanging in a file dialog's event loop.
class DialogWatch : public QObject {
 public:
  DialogWatch() {
    connect(&m_timer, &QTimer::timeout, this, [this] {
      for (QWidget *widget : QApplication::topLevelWidgets()) {
        auto *dialog = qobject_cast<QDialog *>(widget);
        if (!dialog || !dialog->isVisible()) continue;
        m_seen << dialog->metaObject()->className() + QStringLiteral(" ") + dialog->windowTitle();
        dialog->reject();
      }
    });
    m_timer.start(20);
  }
  const QStringList &seen() const { return m_seen; }

 private:
  QTimer m_timer;
  QStringList m_seen;
};

}  // namespace

class TstWorkshop : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void theSectionsAreOffered();
  void theDialogStartsTheChosenSection();
  void lockedModeBlocksFilesAndEdits();
  void leavingUnlocks();
  void clickerKeysStepTheLesson();
  void blackScreen();
  void blackScreenCoversAWindowTallerThanTheScreen();
  void escapeAsksBeforeLeaving();
  void everyStepAppliesInBothLanguages_data();
  void everyStepAppliesInBothLanguages();
  void outputsAreGreedyAndRepeat();

 private:
  TeachingTools *tools() const { return m_window->teachingTools(); }
  WorkshopMode *workshop() const { return tools()->workshop(); }
  LessonBar *bar() const { return tools()->lessons()->lessonBar(); }
  QMenu *fileMenu() const { return m_window->findChild<QMenu *>(QStringLiteral("fileMenu")); }
  bool startAndWait(int section, core::LessonLanguage language);
  bool keyAndWait(Qt::Key key);

  std::unique_ptr<MainWindow> m_window;
};

void TstWorkshop::initTestCase() { test::isolateSettings(); }

void TstWorkshop::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  m_window->viewState()->setSourceText(QString::fromLatin1(kText));
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(test::defaultTestModel());
  QVERIFY(loaded.wait(20000));
  QVERIFY(QTest::qWaitFor([this] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
}

void TstWorkshop::cleanup() {
  if (m_window) workshop()->leave();
  m_window.reset();
}

bool TstWorkshop::startAndWait(int section, core::LessonLanguage language) {
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  if (!workshop()->start(sectionPath(section), language).isEmpty()) return false;
  return applied.count() > 0 || applied.wait(30000);
}

bool TstWorkshop::keyAndWait(Qt::Key key) {
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QTest::keyClick(m_window.get(), key);
  return applied.count() > 0 || applied.wait(30000);
}

void TstWorkshop::theSectionsAreOffered() {
  const std::vector<WorkshopLesson> lessons = WorkshopMode::bundledLessons();
  QVERIFY(lessons.size() >= 8);
  for (int section = 1; section <= 8; ++section) {
    const WorkshopLesson &lesson = lessons[static_cast<std::size_t>(section - 1)];
    QCOMPARE(lesson.section, section);
    QCOMPARE(lesson.path, sectionPath(section));
    QVERIFY2(lesson.title.startsWith(QString::number(section) + QStringLiteral(". ")), qPrintable(lesson.title));
    QVERIFY2(lesson.titleChinese.startsWith(QString::number(section) + QStringLiteral(". ")),
             qPrintable(lesson.titleChinese));
  }
}

void TstWorkshop::theDialogStartsTheChosenSection() {
  QAction *action = workshop()->workshopAction();
  QVERIFY(fileMenu()->actions().contains(action));
  action->trigger();
  auto *dialog = m_window->findChild<WorkshopDialog *>();
  QVERIFY(dialog);
  QVERIFY(QTest::qWaitForWindowExposed(dialog));
  QVERIFY(dialog->lessonList()->count() >= 7);
  dialog->languageBox()->setCurrentIndex(1);  // 繁體中文
  QVERIFY(dialog->lessonList()->item(5)->text().contains(QStringLiteral("位置編碼")));
  dialog->lessonList()->setCurrentRow(5);
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  dialog->accept();
  QVERIFY(applied.count() > 0 || applied.wait(30000));
  QVERIFY(workshop()->isActive());
  QCOMPARE(bar()->language(), core::LessonLanguage::TraditionalChinese);
  QVERIFY2(bar()->caption().contains(QStringLiteral("位置向量")), qPrintable(bar()->caption()));
  QVERIFY(tools()->presentation()->mode()->isActive());
  QVERIFY(m_window->isFullScreen());
}

void TstWorkshop::lockedModeBlocksFilesAndEdits() {
  QVERIFY(startAndWait(1, core::LessonLanguage::English));
  DialogWatch watch;
  // The shortcuts of every file dialog the window has: Open Model, Open Lesson, Open and Save
  // Session, Export PNG; none may open anything.
  for (const QKeySequence &key : std::initializer_list<QKeySequence>{QKeySequence(QKeySequence::Open), QKeySequence(Qt::CTRL | Qt::Key_L),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), QKeySequence(Qt::CTRL | Qt::Key_T),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), QKeySequence(QKeySequence::Preferences)}) {
    QTest::keySequence(m_window.get(), key);
    QTest::qWait(60);
  }
  // The File menu, opened and clicked: every entry but Quit is disabled and a click does nothing.
  QMenu *file = fileMenu();
  QVERIFY(file);
  file->popup(m_window->mapToGlobal(QPoint(10, 10)));
  QVERIFY(QTest::qWaitForWindowExposed(file));
  int locked = 0;
  for (QAction *entry : file->actions()) {
    if (entry->isSeparator()) continue;
    if (entry->menuRole() == QAction::QuitRole) {
      QVERIFY(entry->isEnabled());
      continue;
    }
    QVERIFY2(!entry->isEnabled(), qPrintable(entry->text()));
    ++locked;
    if (!entry->menu() && file->isVisible()) QTest::mouseClick(file, Qt::LeftButton, {}, file->actionGeometry(entry).center());
  }
  file->close();
  QVERIFY(locked >= 8);
  // Triggered from code, as a stray signal would: a disabled action does not run.
  for (QAction *entry : file->actions()) {
    if (entry->menuRole() != QAction::QuitRole && !entry->menu()) entry->trigger();
  }
  QTest::qWait(100);
  QVERIFY2(watch.seen().isEmpty(), qPrintable(watch.seen().join(QStringLiteral(", "))));
  QVERIFY(m_window->findChildren<QFileDialog *>().isEmpty());

  // Nothing edits the model or the settings: training, head ablation, theme, presentation, drops.
  QVERIFY(!m_window->trainPanelAction()->isEnabled());
  QVERIFY(!m_window->settingsAction()->isEnabled());
  QVERIFY(!m_window->headAnalysis()->ablationHeads()->isEnabled());
  QVERIFY(!tools()->presentation()->presentationAction()->isEnabled());
  for (QAction *language : tools()->presentation()->languageActions()) QVERIFY(!language->isEnabled());
  QVERIFY(!m_window->acceptDrops());
  // The living diagram's own Export button goes with File ▸ Export.
  QVERIFY(tools()->classroom()->diagram()->exportButton()->isHidden());
  // A model that loads during the workshop (the next step's) does not unlock what its owner enables.
  QVERIFY(keyAndWait(Qt::Key_PageDown));
  QVERIFY(keyAndWait(Qt::Key_PageDown));  // step 3 is on the reverse model
  QCOMPARE(QFileInfo(m_window->modelFolder()).fileName(), QStringLiteral("reverse"));
  for (QAction *entry : file->actions()) {
    if (!entry->isSeparator() && entry->menuRole() != QAction::QuitRole) {
      QVERIFY2(!entry->isEnabled(), qPrintable(entry->text()));
    }
  }
  QVERIFY(watch.seen().isEmpty());
}

void TstWorkshop::leavingUnlocks() {
  const QList<QKeySequence> layerKeys = m_window->previousLayerAction()->shortcuts();
  QVERIFY(m_window->openFromCacheAction()->isEnabled());
  QVERIFY(startAndWait(2, core::LessonLanguage::English));
  QVERIFY(!m_window->openFromCacheAction()->isEnabled());
  QVERIFY(m_window->previousLayerAction()->shortcuts().isEmpty());  // ← and PgUp turn steps now
  workshop()->leave();
  QVERIFY(!workshop()->isActive());
  QVERIFY(!tools()->presentation()->mode()->isActive());
  QVERIFY(m_window->openFromCacheAction()->isEnabled());
  QVERIFY(m_window->trainPanelAction()->isEnabled());
  QVERIFY(m_window->headAnalysis()->ablationHeads()->isEnabled());
  QVERIFY(m_window->acceptDrops());
  QVERIFY(!tools()->classroom()->diagram()->exportButton()->isHidden());
  QCOMPARE(m_window->previousLayerAction()->shortcuts(), layerKeys);
  QVERIFY(bar()->recordButton()->isVisibleTo(bar()));  // the bar can record again
}

void TstWorkshop::clickerKeysStepTheLesson() {
  QVERIFY(startAndWait(3, core::LessonLanguage::English));
  QCOMPARE(bar()->currentStep(), 0);
  QVERIFY(!bar()->recordButton()->isVisibleTo(bar()));
  QVERIFY(!bar()->closeButton()->isVisibleTo(bar()));
  QVERIFY(keyAndWait(Qt::Key_PageDown));
  QCOMPARE(bar()->currentStep(), 1);
  QVERIFY(keyAndWait(Qt::Key_Right));
  QCOMPARE(bar()->currentStep(), 2);
  QVERIFY(keyAndWait(Qt::Key_Space));
  QCOMPARE(bar()->currentStep(), 3);
  QVERIFY(keyAndWait(Qt::Key_PageUp));
  QCOMPARE(bar()->currentStep(), 2);
  QVERIFY(keyAndWait(Qt::Key_Left));
  QCOMPARE(bar()->currentStep(), 1);
  // The walkthrough is on screen: its own Page Up/Down buttons let go of the keys meanwhile.
  QCOMPARE(tools()->viewStates()->currentViewName(), QStringLiteral("walkthrough"));
  QVERIFY(keyAndWait(Qt::Key_PageDown));
  QCOMPARE(bar()->currentStep(), 2);
  // The layer keys are the lesson's now: the layer shown is the step's.
  const core::ViewState &state = bar()->lesson().steps[2].state;
  QCOMPARE(m_window->currentStep().layer, state.layer);
}

void TstWorkshop::blackScreen() {
  QVERIFY(startAndWait(1, core::LessonLanguage::English));
  QVERIFY(!workshop()->isBlackScreen());
  QTest::keyClick(m_window.get(), Qt::Key_B);
  QVERIFY(workshop()->isBlackScreen());
  // (QTRY: a layout change the key press causes may resize the window after it)
  QTRY_COMPARE(workshop()->blackScreen()->geometry(), m_window->rect());
  const QImage shot = m_window->grab().toImage();
  for (const QPoint &at : {QPoint(shot.width() / 2, shot.height() / 2), QPoint(5, 5),
                           QPoint(shot.width() - 5, shot.height() - 5)}) {
    QCOMPARE(QColor(shot.pixel(at)), QColor(Qt::black));
  }
  QTest::keyClick(m_window.get(), Qt::Key_B);
  QVERIFY(!workshop()->isBlackScreen());
  // The clicker's blank button sends '.'; the next key only brings the picture back.
  QTest::keyClick(m_window.get(), Qt::Key_Period);
  QVERIFY(workshop()->isBlackScreen());
  QTest::keyClick(m_window.get(), Qt::Key_PageDown);
  QVERIFY(!workshop()->isBlackScreen());
  QCOMPARE(bar()->currentStep(), 0);
}

// A window taller than its screen (content whose minimum height does not fit, a projector of
// 768 lines) is still covered from top to bottom, also when it grows or shrinks while black.
void TstWorkshop::blackScreenCoversAWindowTallerThanTheScreen() {
  QVERIFY(startAndWait(1, core::LessonLanguage::English));
  const int screenHeight = m_window->screen()->geometry().height();
  m_window->setMinimumHeight(screenHeight + 300);
  QTRY_VERIFY(m_window->height() > screenHeight);
  QTest::keyClick(m_window.get(), Qt::Key_B);
  QVERIFY(workshop()->isBlackScreen());
  const auto covered = [this] {
    const QImage shot = m_window->grab().toImage();
    for (const QPoint &at : {QPoint(shot.width() / 2, 5), QPoint(shot.width() / 2, shot.height() / 2),
                             QPoint(5, shot.height() - 5), QPoint(shot.width() - 5, shot.height() - 5)}) {
      if (QColor(shot.pixel(at)) != QColor(Qt::black)) {
        qWarning() << "not black at" << at << "of" << shot.size();
        return false;
      }
    }
    return true;
  };
  QTRY_COMPARE(workshop()->blackScreen()->geometry(), m_window->rect());
  QVERIFY(covered());
  m_window->setMinimumHeight(screenHeight + 600);
  QTRY_VERIFY(m_window->height() >= screenHeight + 600);
  QTRY_COMPARE(workshop()->blackScreen()->geometry(), m_window->rect());
  QVERIFY(covered());
  m_window->setMinimumHeight(0);
  QTest::keyClick(m_window.get(), Qt::Key_B);
  QVERIFY(!workshop()->isBlackScreen());
}

void TstWorkshop::escapeAsksBeforeLeaving() {
  QVERIFY(startAndWait(1, core::LessonLanguage::English));
  QTest::keyClick(m_window.get(), Qt::Key_Escape);
  QVERIFY(workshop()->isAskingToLeave());
  QVERIFY(workshop()->leaveQuestion()->isVisible());
  QVERIFY(workshop()->isActive());
  // A step key answers "stay", and does not step.
  QTest::keyClick(m_window.get(), Qt::Key_PageDown);
  QVERIFY(!workshop()->isAskingToLeave());
  QVERIFY(workshop()->isActive());
  QVERIFY(tools()->presentation()->mode()->isActive());
  QCOMPARE(bar()->currentStep(), 0);
  // Esc twice leaves.
  QTest::keyClick(m_window.get(), Qt::Key_Escape);
  QVERIFY(workshop()->isAskingToLeave());
  QTest::keyClick(m_window.get(), Qt::Key_Escape);
  QVERIFY(!workshop()->isActive());
  QVERIFY(!workshop()->isAskingToLeave());
  QVERIFY(!tools()->presentation()->mode()->isActive());
  QVERIFY(m_window->openFromCacheAction()->isEnabled());
}

void TstWorkshop::everyStepAppliesInBothLanguages_data() {
  QTest::addColumn<int>("section");
  for (const WorkshopLesson &lesson : WorkshopMode::bundledLessons()) {
    QTest::newRow(qPrintable(QStringLiteral("section %1").arg(lesson.section))) << lesson.section;
  }
}

void TstWorkshop::everyStepAppliesInBothLanguages() {
  QFETCH(int, section);
  QVERIFY(startAndWait(section, core::LessonLanguage::English));
  const int steps = bar()->stepCount();
  QVERIFY(steps >= 3);
  for (int step = 0; step < steps; ++step) {
    const QString where = QStringLiteral("section %1 step %2").arg(section).arg(step + 1);
    if (step > 0) QVERIFY2(keyAndWait(Qt::Key_PageDown), qPrintable(where));
    QCOMPARE(bar()->currentStep(), step);
    const core::ViewState &state = bar()->lesson().steps[static_cast<std::size_t>(step)].state;
    const auto analysis = m_window->analysis();
    QVERIFY2(analysis && analysis->error.isEmpty(), qPrintable(where + QStringLiteral(": ") + analysis->error));
    QCOMPARE(QFileInfo(m_window->modelFolder()).fileName(), QString::fromStdString(state.model));
    // The step's own text, not the sample a task model shows when it opens.
    QCOMPARE(QString::fromStdString(analysis->sourceText), QString::fromStdString(state.text));
    // Every word of the step is in the model's vocabulary, on either side.
    for (const core::Tokenization *tokens : {&analysis->source, &analysis->target}) {
      for (const TokenLabel &token : tokenSequence(*tokens).tokens) {
        QVERIFY2(!token.unknown, qPrintable(where + QStringLiteral(": unknown word ") + token.text));
      }
    }
    // The step's attention, layer and head exist in its model: nothing was clamped.
    QCOMPARE(QString::fromLatin1(core::to_string(m_window->currentStep().kind)), QString::fromStdString(state.attention));
    QCOMPARE(m_window->currentStep().layer, state.layer);
    QCOMPARE(m_window->viewState()->focusedHead(), state.head);
    QCOMPARE(m_window->positionalEncodingAction()->isChecked(), state.positional_encoding);
    QCOMPARE(tools()->viewStates()->currentViewName(),
             state.view == "permutation" ? QStringLiteral("pe") : QString::fromStdString(state.view));
    for (const core::LessonLanguage language : {core::LessonLanguage::English, core::LessonLanguage::TraditionalChinese}) {
      bar()->setLanguage(language);
      const QString problem = captionProblem(bar()->caption());
      QVERIFY2(problem.isEmpty(), qPrintable(where + QStringLiteral(": ") + problem + QStringLiteral(" in ") +
                                             plain(bar()->caption())));
    }
    const QString chinese = plain(bar()->caption());
    bar()->setLanguage(core::LessonLanguage::English);
    QVERIFY2(plain(bar()->caption()) != chinese, qPrintable(where + QStringLiteral(": one caption for both languages")));
  }
}

void TstWorkshop::outputsAreGreedyAndRepeat() {
  // Section 7, step 4: the cross-attention of the decoder reading its own greedy output.
  QVERIFY(startAndWait(7, core::LessonLanguage::English));
  for (int step = 1; step <= 3; ++step) QVERIFY(keyAndWait(Qt::Key_PageDown));
  const auto first = m_window->analysis();
  QVERIFY(first->generated);
  QVERIFY(!first->generatedText.isEmpty());
  const AttentionSlice shown = m_window->heatmap()->slice();
  QVERIFY(keyAndWait(Qt::Key_PageDown));  // step 5 opens the reverse model …
  QCOMPARE(QFileInfo(m_window->modelFolder()).fileName(), QStringLiteral("reverse"));
  QVERIFY(keyAndWait(Qt::Key_PageUp));    // … and step 4 opens translate-en-zh again
  const auto again = m_window->analysis();
  QVERIFY(again != first);  // computed anew, by a model loaded anew
  QVERIFY(again->model != first->model);
  QCOMPARE(again->generatedText, first->generatedText);
  QCOMPARE(again->target.ids, first->target.ids);
  const AttentionSlice repeated = m_window->heatmap()->slice();
  QCOMPARE(repeated.heads.size(), shown.heads.size());
  for (std::size_t head = 0; head < shown.heads.size(); ++head) {
    QVERIFY(repeated.heads[head] == shown.heads[head]);  // bit for bit
  }
}

QTEST_MAIN(TstWorkshop)
#include "tst_workshop.moc"
