// The main window's teaching tools, offscreen: the Classroom tab follows the selection,
// presentation mode and its keys, lessons (the bundled lecture too), sessions, exports of every
// view read back, and the Traditional Chinese translation.

#include <memory>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QSet>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTranslator>
#include <QXmlStreamReader>

#include <nlohmann/json.hpp>

#include "classroom_layer_inspector_widget.h"
#include "classroom_panel.h"
#include "classroom_positional_widget.h"
#include "classroom_walkthrough_pages.h"
#include "classroom_walkthrough_widget.h"
#include "colour_scales.h"
#include "export_menu.h"
#include "figure_frame.h"
#include "formula.h"
#include "gui_test_support.h"
#include "head_chips_widget.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_runner.h"
#include "overview_fill.h"
#include "language.h"
#include "lesson_bar.h"
#include "lesson_menu.h"
#include "living_diagram_canvas.h"
#include "living_diagram_frames.h"
#include "living_diagram_widget.h"
#include "main_window.h"
#include "whatif_job.h"
#include "whatif_panel.h"
#include "model_overview_widget.h"
#include "presentation_controls.h"
#include "presentation_mode.h"
#include "session_menu.h"
#include "stepper_widget.h"
#include "teaching_tools.h"
#include "thumbnail_grid.h"
#include "view_state.h"
#include "view_state_applier.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

const char *const kText = "the big cat saw a small bird";

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 20000);
}

// Every <text> element's characters in an SVG, one entry each.
QStringList svgTexts(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QXmlStreamReader xml(&file);
  QStringList texts;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("text")) {
      texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
    }
  }
  return texts;
}

// The SVG's <title>, as an XML reader decodes it.
QString svgTitle(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  QXmlStreamReader xml(&file);
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement() && xml.name() == QLatin1String("title")) return xml.readElementText();
  }
  return {};
}

// The runs of plain ASCII letters, digits, spaces and punctuation in text, trimmed, at least 3 long.
QStringList asciiFragments(const QString &text) {
  QStringList fragments;
  QString current;
  for (const QChar c : text + QChar(0x2192)) {
    if (c.unicode() >= 0x20 && c.unicode() < 0x7f) {
      current += c;
      continue;
    }
    if (current.trimmed().size() >= 3) fragments << current.trimmed();
    current.clear();
  }
  return fragments;
}

QByteArray readAll(const QString &path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The message box TeachingTools opens for an error, if one is open; closes it.
bool closeErrorBox(MainWindow &window) {
  auto *box = window.findChild<QMessageBox *>(QStringLiteral("teachingErrorBox"));
  if (!box) return false;
  box->close();
  QApplication::processEvents();
  return true;
}

}  // namespace

class TstClassroomWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void classroomFollowsTheSelection();
  void positionalAndInspectorPagesFollow();
  void presentationModeAndKeys();
  void lessonStepsApplyAndRoundTrip();
  void theLectureLessonPlays();
  void damagedLessonKeepsTheWindow();
  void sessionRoundTrip();
  void currentTabLivesInTheViewState();
  void sessionsReopenOnTheirTab_data();
  void sessionsReopenOnTheirTab();
  void sessionKeepsTheReadingAndTheTokenEdits();
  void damagedSessionShowsAMessageAndKeepsDefaults();
  void exportsEveryView_data();
  void exportsEveryView();
  void exportsAttentionData();
  void diagramExportButtonWritesTheFrame();
  void diagramKeysMoveTheQuery();
  void diagramKeepsALaterQueryThroughRefreshes();
  void chineseTranslationLoads();

 private:
  TeachingTools *tools() const { return m_window->teachingTools(); }
  bool classroomSettled() const;
  void applyAndWait(const core::ViewState &state, const QString &base = {});

  std::unique_ptr<MainWindow> m_window;
  QTemporaryDir m_dir;
};

void TstClassroomWindow::initTestCase() {
  test::isolateSettings();
  QVERIFY(m_dir.isValid());
}

void TstClassroomWindow::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  m_window->viewState()->setSourceText(QString::fromLatin1(kText));  // read by the model's first computation
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(test::defaultTestModel());
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
}

void TstClassroomWindow::cleanup() {
  if (m_window && tools()->presentation()->mode()->isActive()) tools()->presentation()->mode()->setActive(false);
  m_window.reset();
}

void TstClassroomWindow::applyAndWait(const core::ViewState &state, const QString &base) {
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  tools()->viewStates()->apply(state, base);
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QVERIFY(classroomSettled());
  // the Attention tab's slices come from the Slices lane, and the overview's fill starts once they are drawn
  QVERIFY(QTest::qWaitFor([this] { return !m_window->isComputing() && !m_window->overviewFill()->isBusy(); }, 20000));
}

bool TstClassroomWindow::classroomSettled() const {
  // The Classroom pages compute on the job runner, each on its lane.
  const JobRunner *runner = m_window->jobRunner();
  return QTest::qWaitFor([runner] {
    return !runner->isBusy(JobLane::Walkthrough) && !runner->isBusy(JobLane::Inspector) &&
           !runner->isBusy(JobLane::Permutation) && !runner->isBusy(JobLane::Diagram);
  }, 20000);
}

void TstClassroomWindow::classroomFollowsTheSelection() {
  tools()->presentation()->showClassroomAction()->trigger();
  QCOMPARE(m_window->tabs()->currentWidget(), tools()->classroom());
  m_window->showLayerStep({core::AttentionKind::DecoderCross, 0});
  m_window->headChips()->setFocusedHead(1);
  m_window->viewState()->setFocusToken(2);
  QVERIFY(classroomSettled());

  const core::Walkthrough *walkthrough = tools()->classroom()->walkthrough()->walkthrough();
  QVERIFY(walkthrough);
  QCOMPARE(walkthrough->request.kind, core::AttentionKind::DecoderCross);
  QCOMPARE(walkthrough->request.layer, 0);
  QCOMPARE(walkthrough->request.head, 1);
  QCOMPARE(walkthrough->request.query, 2);
  // The walkthrough's α̂ is the forward pass's row, and its page shows those numbers.
  const core::RowMatrix &alphaHat = m_window->analysis()->withPe->decoder_cross[0].heads[1];
  for (Eigen::Index key = 0; key < alphaHat.cols(); ++key) {
    QVERIFY(std::abs(walkthrough->step.alpha_hat(key) - alphaHat(2, key)) < 1e-5f);
  }
  tools()->classroom()->walkthrough()->showPage(static_cast<int>(core::WalkthroughPage::Softmax));
  QVERIFY(tools()->classroom()->walkthrough()->pageText().contains(formatNumber(alphaHat(2, 0))));
  // The same token is the pointer highlight of the word graph and the heatmap.
  QCOMPARE(m_window->wordGraph()->pinnedToken(), (TokenRef{TokenSide::Query, 2}));
  QCOMPARE(m_window->heatmap()->highlightedQuery(), 2);

  // Clicking another layer moves the walkthrough along.
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 1});
  QVERIFY(classroomSettled());
  QCOMPARE(tools()->classroom()->walkthrough()->walkthrough()->request.kind, core::AttentionKind::EncoderSelf);
  QCOMPARE(tools()->classroom()->walkthrough()->walkthrough()->request.layer, 1);
}

void TstClassroomWindow::positionalAndInspectorPagesFollow() {
  m_window->tabs()->setCurrentWidget(tools()->classroom());
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 1});
  tools()->classroom()->showPage(ClassroomPanel::Page::Positional);
  QVERIFY(classroomSettled());
  const ClassroomPositionalWidget *positional = tools()->classroom()->positional();
  QVERIFY(positional->demo());
  QVERIFY2(positional->verdict(false).contains(QStringLiteral(": equal")), qPrintable(positional->verdict(false)));
  QVERIFY2(positional->verdict(true).contains(QStringLiteral("not equal")), qPrintable(positional->verdict(true)));

  tools()->classroom()->showPage(ClassroomPanel::Page::LayerInspector);
  QVERIFY(classroomSettled());
  const core::AddAndNormInspection *inspection = tools()->classroom()->layerInspector()->inspection();
  QVERIFY2(inspection, qPrintable(tools()->classroom()->layerInspector()->errorText()));
  QCOMPARE(inspection->residual_before.rows(), static_cast<Eigen::Index>(m_window->analysis()->source.size()));
}

void TstClassroomWindow::presentationModeAndKeys() {
  const QFont normalFont = QApplication::font();
  const QColor normalWindow = QApplication::palette().color(QPalette::Window);
  m_window->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

  QTest::keyClick(m_window.get(), Qt::Key_F5);
  QVERIFY(tools()->presentation()->mode()->isActive());
  QVERIFY(QTest::qWaitFor([&] { return m_window->isFullScreen(); }, 5000));
  QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(Qt::white));
  QCOMPARE(QApplication::palette().color(QPalette::WindowText), QColor(Qt::black));
  QVERIFY(QApplication::font().pointSizeF() > normalFont.pointSizeF());
  QVERIFY(highContrastColours());
  QCOMPARE(headColour(0), QColor(0x00, 0x72, 0xb2));  // Okabe–Ito blue
  // The small multiples are images: built again (on the Slices lane) in the new colours, not the
  // slices on show redrawn.
  QVERIFY(waitForViews(*m_window));
  QVERIFY(!m_window->smallMultiples()->thumbnails().isEmpty());
  QCOMPARE(m_window->smallMultiples()->thumbnails().front().frame, headColour(0));
  QVERIFY(tools()->presentation()->presentationAction()->isChecked());

  // Layers ←/→, heads ] [ and digits, tokens ↓/↑, all from the keyboard.
  QWidget *focus = QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get();
  const int step = m_window->layerStepper()->currentIndex();
  QTest::keyClick(focus, Qt::Key_Right);
  QCOMPARE(m_window->layerStepper()->currentIndex(), step + 1);
  QTest::keyClick(focus, Qt::Key_Left);
  QCOMPARE(m_window->layerStepper()->currentIndex(), step);
  m_window->headChips()->setFocusedHead(0);
  QTest::keyClick(focus, Qt::Key_BracketRight);
  QCOMPARE(m_window->headChips()->focusedHead(), 1);
  QTest::keyClick(focus, Qt::Key_BracketLeft);
  QCOMPARE(m_window->headChips()->focusedHead(), 0);
  QTest::keyClick(focus, Qt::Key_2);
  QCOMPARE(m_window->headChips()->focusedHead(), 1);
  const int token = m_window->viewState()->focusToken();
  QVERIFY(token >= 0);  // presentation mode starts with the first token highlighted
  QTest::keyClick(focus, Qt::Key_Down);
  QCOMPARE(m_window->viewState()->focusToken(), token + 1);
  QCOMPARE(m_window->heatmap()->highlightedQuery(), token + 1);
  QTest::keyClick(focus, Qt::Key_Up);
  QCOMPARE(m_window->viewState()->focusToken(), token);

  // Page Down turns the walkthrough's page while it is on screen (and not the layer).
  tools()->presentation()->showClassroomAction()->trigger();
  tools()->classroom()->showPage(ClassroomPanel::Page::Walkthrough);
  QApplication::processEvents();
  const int layerStep = m_window->layerStepper()->currentIndex();
  QCOMPARE(tools()->classroom()->walkthrough()->page(), 0);
  // The walkthrough's buttons take Page Up/Down, and a button's shortcut clicks it a moment later.
  QTest::keyClick(focus, Qt::Key_PageDown);
  QTRY_COMPARE(tools()->classroom()->walkthrough()->page(), 1);
  QCOMPARE(m_window->layerStepper()->currentIndex(), layerStep);
  QTest::keyClick(focus, Qt::Key_PageUp);
  QTRY_COMPARE(tools()->classroom()->walkthrough()->page(), 0);

  QTest::keyClick(focus, Qt::Key_Escape);
  QVERIFY(!tools()->presentation()->mode()->isActive());
  QVERIFY(QTest::qWaitFor([&] { return !m_window->isFullScreen(); }, 5000));
  QCOMPARE(QApplication::palette().color(QPalette::Window), normalWindow);
  QCOMPARE(QApplication::font(), normalFont);
  QVERIFY(!highContrastColours());
  // The pointer highlight ends with presentation mode.
  QCOMPARE(m_window->viewState()->focusToken(), -1);
  QCOMPARE(m_window->heatmap()->highlightedQuery(), -1);
  QVERIFY(!m_window->wordGraph()->pinnedToken().valid());
  // Digits type again once presentation mode is over.
  QVERIFY(!tools()->presentation()->nextTokenAction()->isEnabled());
}

void TstClassroomWindow::lessonStepsApplyAndRoundTrip() {
  core::ViewState first = tools()->viewStates()->capture();
  QCOMPARE(first.model, std::string("encdec-post-relu"));  // a bundled model is named, not located
  first.view = "heatmap";
  first.attention = "encoder_self";
  first.layer = 1;
  first.head = 1;
  first.focus_token = 1;
  core::ViewState second = first;
  second.text = "a small bird saw the big cat";
  second.view = "walkthrough";
  second.attention = "decoder_cross";
  second.layer = 0;
  second.head = 0;
  second.page = 4;
  second.focus_token = 0;
  core::Lesson lesson;
  lesson.title = "Two steps";
  lesson.steps = {{first, "first caption", ""}, {second, "second caption", ""}};
  const QString path = m_dir.filePath(QStringLiteral("two-steps.json"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(QByteArray::fromStdString(core::write_lesson(lesson)));
  file.close();

  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QCOMPARE(tools()->lessons()->openLesson(path), QString());
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QVERIFY(tools()->lessons()->lessonToolBar()->isVisible());
  QCOMPARE(tools()->lessons()->lessonBar()->caption(), QStringLiteral("first caption"));
  QCOMPARE(tools()->lessons()->lessonBar()->progressText(), QStringLiteral("Step 1 of 2"));
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::EncoderSelf, 1}));
  QCOMPARE(m_window->headChips()->focusedHead(), 1);
  QCOMPARE(m_window->heatmap()->highlightedQuery(), 1);
  QVERIFY(m_window->tabs()->currentWidget()->isAncestorOf(m_window->heatmap()));

  applied.clear();
  tools()->lessons()->nextStepAction()->trigger();
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QCOMPARE(m_window->inputPanel()->sourceText(), QString::fromStdString(second.text));
  QCOMPARE(tokenSequence(m_window->analysis()->source).tokens.front().text, QStringLiteral("a"));
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::DecoderCross, 0}));
  QCOMPARE(m_window->headChips()->focusedHead(), 0);
  QCOMPARE(m_window->tabs()->currentWidget(), tools()->classroom());
  QCOMPARE(tools()->classroom()->walkthrough()->page(), 4);
  QVERIFY(classroomSettled());
  QCOMPARE(tools()->classroom()->walkthrough()->walkthrough()->request.query, 0);
  QCOMPARE(tools()->lessons()->lessonBar()->caption(), QStringLiteral("second caption"));
  QVERIFY(!tools()->lessons()->nextStepAction()->isEnabled() || !tools()->lessons()->lessonBar()->nextButton()->isEnabled());

  applied.clear();
  tools()->lessons()->previousStepAction()->trigger();
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QCOMPARE(m_window->inputPanel()->sourceText(), QString::fromLatin1(kText));
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::EncoderSelf, 1}));

  // Record the window's view as a third step, save, and read the file back.
  tools()->lessons()->recordStepAction()->trigger();
  QCOMPARE(tools()->lessons()->lessonBar()->stepCount(), 3);
  QCOMPARE(tools()->lessons()->lessonBar()->lesson().steps.back().state, tools()->viewStates()->capture());
  const QString saved = m_dir.filePath(QStringLiteral("saved-lesson.json"));
  QCOMPARE(tools()->lessons()->saveLesson(saved), QString());
  const core::LessonFile reread = core::read_lesson(readAll(saved).toStdString());
  QCOMPARE(QString::fromStdString(reread.error), QString());
  QVERIFY(reread.lesson == tools()->lessons()->lessonBar()->lesson());
}

void TstClassroomWindow::theLectureLessonPlays() {
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QCOMPARE(tools()->lessons()->openLesson(LessonMenu::lectureLessonPath()), QString());
  QVERIFY(applied.count() > 0 || applied.wait(30000));
  QCOMPARE(QFileInfo(m_window->modelFolder()).fileName(), QStringLiteral("translate-en-zh"));
  const int steps = tools()->lessons()->lessonBar()->stepCount();
  QVERIFY(steps >= 10);
  bool sawEqualWithoutPe = false;
  for (int step = 0; step < steps; ++step) {
    if (step > 0) {
      applied.clear();
      tools()->lessons()->nextStepAction()->trigger();
      QVERIFY2(applied.count() > 0 || applied.wait(20000), qPrintable(QStringLiteral("step %1").arg(step + 1)));
    }
    QCOMPARE(tools()->lessons()->lessonBar()->currentStep(), step);
    QVERIFY(!tools()->lessons()->lessonBar()->caption().isEmpty());
    const auto analysis = m_window->analysis();
    QVERIFY2(analysis->error.isEmpty(), qPrintable(analysis->error));
    // Every word of the lesson is in the model's vocabulary.
    for (const TokenLabel &token : tokenSequence(analysis->source).tokens) {
      QVERIFY2(!token.unknown, qPrintable(QStringLiteral("step %1: unknown word %2").arg(step + 1).arg(token.text)));
    }
    const core::ViewState &state = tools()->lessons()->lessonBar()->lesson().steps[static_cast<std::size_t>(step)].state;
    QCOMPARE(m_window->positionalEncodingAction()->isChecked(), state.positional_encoding);
    QCOMPARE(m_window->currentStep().layer, state.layer);
    if (state.view == "permutation" && !state.positional_encoding) {
      QCOMPARE(tools()->classroom()->currentPage(), ClassroomPanel::Page::Positional);
      QVERIFY(classroomSettled());
      sawEqualWithoutPe = tools()->classroom()->positional()->verdict(false).contains(QStringLiteral(": equal"));
    }
  }
  QVERIFY(sawEqualWithoutPe);
}

void TstClassroomWindow::damagedLessonKeepsTheWindow() {
  const QString path = m_dir.filePath(QStringLiteral("damaged-lesson.json"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("{\"version\": 1, \"steps\": [{\"layer\": \"two\"}]}");
  file.close();
  const LayerStep step = m_window->currentStep();
  const QString error = tools()->lessons()->openLesson(path);
  QVERIFY2(error.contains(QStringLiteral("step 1: 'layer' must be a whole number")), qPrintable(error));
  QVERIFY(closeErrorBox(*m_window));
  QVERIFY(!tools()->lessons()->lessonToolBar()->isVisible());
  QCOMPARE(m_window->currentStep(), step);
  QCOMPARE(m_window->inputPanel()->sourceText(), QString::fromLatin1(kText));
  QVERIFY(!tools()->lessons()->openLesson(m_dir.filePath(QStringLiteral("missing.json"))).isEmpty());
  QVERIFY(closeErrorBox(*m_window));
}

void TstClassroomWindow::sessionRoundTrip() {
  m_window->showLayerStep({core::AttentionKind::DecoderSelf, 1});
  m_window->headChips()->showHeadAlone(1);
  m_window->differenceAction()->setChecked(true);
  QVERIFY(waitForViews(*m_window));
  m_window->viewState()->setFocusToken(1);
  m_window->tabs()->setCurrentWidget(tools()->classroom());
  tools()->classroom()->showPage(ClassroomPanel::Page::Walkthrough);
  tools()->classroom()->walkthrough()->showPage(3);
  const core::Session before = tools()->sessions()->currentSession();
  const QString path = m_dir.filePath(QStringLiteral("session.json"));
  QCOMPARE(tools()->sessions()->saveSession(path), QString());
  const core::SessionFile file = core::read_session(readAll(path).toStdString());
  QCOMPARE(QString::fromStdString(file.error), QString());
  QVERIFY(file.session == before);

  // Change everything, then reopen.
  m_window->inputPanel()->setSourceText(QStringLiteral("a small bird"));
  m_window->differenceAction()->setChecked(false);
  m_window->headChips()->showAllHeads();
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  m_window->tabs()->setCurrentIndex(0);
  QVERIFY(waitForViews(*m_window));

  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QCOMPARE(tools()->sessions()->openSession(path), QString());
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QVERIFY(waitForViews(*m_window));
  const core::Session after = tools()->sessions()->currentSession();
  QCOMPARE(after.state, before.state);
  QVERIFY(after.toggles == before.toggles);
  QVERIFY(m_window->differenceAction()->isChecked());
}

// The tab on show is a view-state property (issue 18): setting it switches the tab widget, the
// user's pick is written back, and a name the window has no tab for leaves the tab as it is.
void TstClassroomWindow::currentTabLivesInTheViewState() {
  ViewState *state = m_window->viewState();
  QTabWidget *tabs = m_window->tabs();
  QCOMPARE(state->currentTab(), tabs->currentWidget()->objectName());
  QVERIFY(tabs->count() >= 9);
  QSet<QString> names;
  for (int index = 0; index < tabs->count(); ++index) names.insert(tabs->widget(index)->objectName());
  QCOMPARE(names.size(), tabs->count());  // every page has its own name
  for (int index = tabs->count() - 1; index >= 0; --index) {
    QWidget *page = tabs->widget(index);
    QSignalSpy changed(state, &ViewState::currentTabChanged);
    state->setCurrentTab(page->objectName());
    QCOMPARE(tabs->currentWidget(), page);
    QCOMPARE(changed.count(), 1);
    tabs->setCurrentIndex((index + 1) % tabs->count());
    QCOMPARE(state->currentTab(), tabs->widget((index + 1) % tabs->count())->objectName());
  }
  // Ctrl+5 (a window action) goes through the same state.
  tools()->presentation()->showClassroomAction()->trigger();
  QCOMPARE(state->currentTab(), tools()->classroom()->objectName());
  QWidget *shown = tabs->currentWidget();
  state->setCurrentTab(QStringLiteral("noSuchTab"));
  QCOMPARE(tabs->currentWidget(), shown);
  QCOMPARE(state->currentTab(), shown->objectName());
}

void TstClassroomWindow::sessionsReopenOnTheirTab_data() {
  QTest::addColumn<QString>("view");
  QTest::addColumn<QString>("page");
  QTest::newRow("heads") << QStringLiteral("heads") << QStringLiteral("headAnalysis");
  QTest::newRow("logit_lens") << QStringLiteral("logit_lens") << QStringLiteral("logitLens");
  QTest::newRow("what_if") << QStringLiteral("what_if") << QStringLiteral("whatIf");
  QTest::newRow("qk") << QStringLiteral("qk") << QStringLiteral("qkPage");
  QTest::newRow("qk_map") << QStringLiteral("qk_map") << QStringLiteral("qkMapPage");
  QTest::newRow("corpus_search") << QStringLiteral("corpus_search") << QStringLiteral("corpusSearchPage");
  QTest::newRow("grid") << QStringLiteral("grid") << QStringLiteral("modelOverview");
  QTest::newRow("walkthrough") << QStringLiteral("walkthrough") << QStringLiteral("classroomPanel");
}

// A session saved on any tab reopens on it.
void TstClassroomWindow::sessionsReopenOnTheirTab() {
  QFETCH(QString, view);
  QFETCH(QString, page);
  m_window->viewState()->setCurrentTab(page);
  QCOMPARE(m_window->tabs()->currentWidget()->objectName(), page);
  const QString path = m_dir.filePath(QStringLiteral("tab-session.json"));
  QCOMPARE(tools()->sessions()->saveSession(path), QString());
  const core::SessionFile file = core::read_session(readAll(path).toStdString());
  QCOMPARE(QString::fromStdString(file.error), QString());
  QCOMPARE(QString::fromStdString(file.session.state.view), view);

  m_window->viewState()->setCurrentTab(QStringLiteral("attentionPage"));
  QCOMPARE(m_window->tabs()->currentIndex(), 0);
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QCOMPARE(tools()->sessions()->openSession(path), QString());
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QCOMPARE(m_window->viewState()->currentTab(), page);
  QCOMPARE(m_window->tabs()->currentWidget()->objectName(), page);
  QCOMPARE(tools()->viewStates()->currentViewName(), view);
}

void TstClassroomWindow::sessionKeepsTheReadingAndTheTokenEdits() {
  QVERIFY(waitForViews(*m_window));
  ViewState *state = m_window->viewState();
  state->setWordLevel(true);
  state->setHideSpecialTokens(true);
  state->setTopP(0.6);
  state->setEdgeFilter(ViewState::EdgeFilter::TopP);
  state->setMethod(core::AttentionMethod::Rollout);
  state->setMethodHeads({1});  // of its 2 heads
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->whatIf()->maskToken(TokenSource::Source, 1), QString());
  QCOMPARE(m_window->whatIf()->deleteToken(TokenSource::Source, 2), QString());
  const core::Session before = tools()->sessions()->currentSession();
  QVERIFY(before.reading.words);
  QVERIFY(before.reading.hide_special);
  QCOMPARE(QString::fromStdString(before.reading.edge_filter), QStringLiteral("top_p"));
  QCOMPARE(before.reading.top_p, 0.6);
  QCOMPARE(QString::fromStdString(before.reading.method), QStringLiteral("rollout"));
  QCOMPARE(before.reading.method_heads, std::vector<int>{1});
  QCOMPARE(before.edits.size(), std::size_t{2});
  const QString path = m_dir.filePath(QStringLiteral("reading-session.json"));
  QCOMPARE(tools()->sessions()->saveSession(path), QString());

  // Undo every choice and edit, then reopen: all of them come back, the edits on the same tokens.
  m_window->whatIf()->clearEdits();
  state->setWordLevel(false);
  state->setHideSpecialTokens(false);
  state->setEdgeFilter(ViewState::EdgeFilter::Threshold);
  state->setTopP(0.9);
  state->setMethodHeads({});
  state->setMethod(core::AttentionMethod::Raw);
  QVERIFY(waitForViews(*m_window));
  QSignalSpy applied(tools()->viewStates(), &ViewStateApplier::applied);
  QCOMPARE(tools()->sessions()->openSession(path), QString());
  QVERIFY(applied.count() > 0 || applied.wait(20000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(state->method(), core::AttentionMethod::Rollout);
  QCOMPARE(state->methodHeads(), std::vector<int>{1});
  QVERIFY(state->wordLevel());
  QVERIFY(state->hideSpecialTokens());
  QCOMPARE(state->edgeFilter(), ViewState::EdgeFilter::TopP);
  QCOMPARE(state->topP(), 0.6);
  const std::vector<SideEdit> &edits = m_window->whatIf()->edits();
  QCOMPARE(edits.size(), std::size_t{2});
  QCOMPARE(edits[0].edit.kind, core::TokenEditKind::Mask);
  QCOMPARE(edits[0].edit.position, std::size_t{1});
  QCOMPARE(edits[1].edit.kind, core::TokenEditKind::Delete);
  QCOMPARE(edits[1].edit.position, std::size_t{2});
  QVERIFY(tools()->sessions()->currentSession() == before);
}

void TstClassroomWindow::damagedSessionShowsAMessageAndKeepsDefaults() {
  const core::Session defaults = tools()->sessions()->currentSession();
  const QString path = m_dir.filePath(QStringLiteral("damaged-session.json"));
  for (const QByteArray &damage : {QByteArray("{\"version\": 1, \"state\": {\"layer\": true}}"), QByteArray("\x89PNG"),
                                   QByteArray("{\"version\": 99}"), QByteArray()}) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(damage);
    file.close();
    QSignalSpy messages(tools(), &TeachingTools::messageShown);
    const QString error = tools()->sessions()->openSession(path);
    QVERIFY(!error.isEmpty());
    QCOMPARE(messages.count(), 1);
    QVERIFY(closeErrorBox(*m_window));
    QVERIFY(!tools()->viewStates()->isApplying());
    QCOMPARE(tools()->sessions()->currentSession().state, defaults.state);
  }
  QVERIFY(tools()->sessions()->openSession(path).contains(QStringLiteral("not valid JSON")));
  QVERIFY(closeErrorBox(*m_window));
}

void TstClassroomWindow::exportsEveryView_data() {
  QTest::addColumn<QString>("view");
  for (const char *view : {"graph", "heatmap", "grid", "walkthrough", "pe", "sandbox", "layer_inspector", "diagram"}) {
    QTest::newRow(view) << QString::fromLatin1(view);
  }
}

void TstClassroomWindow::exportsEveryView() {
  QFETCH(QString, view);
  core::ViewState state = tools()->viewStates()->capture();
  state.view = view.toStdString();
  applyAndWait(state);
  QCOMPARE(tools()->viewStates()->currentViewName(), view);
  QWidget *figure = tools()->exports()->currentFigure();
  QVERIFY(figure && figure->isVisible());

  // The figure rules: a title, both axes named, a legend (the heatmap draws its own colour bar).
  const FigureDecor decor = tools()->exports()->figureDecor(figure);
  QVERIFY(!decor.title.isEmpty());
  QVERIFY(!decor.xAxis.isEmpty() && !decor.yAxis.isEmpty());
  QVERIFY(!decor.legend.isEmpty() || decor.colourBar != FigureColourBar::None || view == QLatin1String("heatmap"));
  const QSize framed = framedFigureSize(figure->size(), decor, figure->font());
  // the controls on the page, which the figure leaves out
  QStringList controls;
  for (const QAbstractButton *button : figure->findChildren<QAbstractButton *>()) {
    if (button->isVisible() && !button->text().isEmpty()) controls << QString(button->text()).remove(QLatin1Char('&'));
  }

  const QString png = m_dir.filePath(view + QStringLiteral(".png"));
  QCOMPARE(tools()->exports()->exportFigure(figure, png, 150), QString());
  const QImage image(png);
  QVERIFY(!image.isNull());
  QCOMPARE(image.width(), qRound(framed.width() * 150.0 / 96.0));
  QVERIFY(std::abs(image.dotsPerMeterX() - 150 / 0.0254) < 2);
  // Not blank: a view draws more than its background.
  QVERIFY(image.convertToFormat(QImage::Format_Indexed8).colorCount() > 2);

  const QString svg = m_dir.filePath(view + QStringLiteral(".svg"));
  QCOMPARE(tools()->exports()->exportFigure(figure, svg), QString());
  QSvgRenderer renderer(svg);
  QVERIFY(renderer.isValid());
  QCOMPARE(renderer.viewBoxF(), QRectF(QPointF(), framed));
  const QStringList texts = svgTexts(svg);
  const QString all = texts.join(QLatin1Char('\n'));
  // a symbol the font lacks (→) is drawn from another font, in a <text> of its own
  for (const QString &fragment : asciiFragments(decor.xAxis + QLatin1Char('\n') + decor.yAxis)) {
    QVERIFY2(all.contains(fragment), qPrintable(fragment + QStringLiteral(" is missing from:\n") + all));
  }
  QVERIFY2(all.contains(formulaText(decor.title).left(8)), qPrintable(all));
  // α̂ stays one glyph cluster (issue 17): a label's hat, set in a run of its own on screen, is
  // written after its α in the same <text> element, never in one of its own
  int hats = 0;
  for (const QString &text : texts) {
    for (qsizetype at = text.indexOf(QChar(0x0302)); at >= 0; at = text.indexOf(QChar(0x0302), at + 1)) {
      QVERIFY2(at > 0 && !text[at - 1].isSpace(), qPrintable(QStringLiteral("a detached hat in “%1” of:\n%2").arg(text, all)));
      ++hats;
    }
  }
  // every page but the diagram's last frame shows α̂ (a title, a legend, a label)
  QVERIFY2(hats > 0 || view == QLatin1String("diagram"), qPrintable(all));
  QCOMPARE(svgTitle(svg), formulaText(decor.title));  // escaped once ("Add & Norm" stays valid XML)
  for (const QString &control : controls) QVERIFY2(!texts.contains(control), qPrintable(control));
  // the page's controls are back after the export
  for (const QAbstractButton *button : figure->findChildren<QAbstractButton *>()) {
    if (controls.contains(QString(button->text()).remove(QLatin1Char('&')))) QVERIFY(button->isVisible());
  }

  tools()->exports()->copyFigureAction()->trigger();
  QVERIFY(!QApplication::clipboard()->image().isNull());
}

void TstClassroomWindow::exportsAttentionData() {
  m_window->showLayerStep({core::AttentionKind::DecoderCross, 1});
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  const AttentionSlice slice = m_window->wordGraph()->slice();
  QVERIFY(!slice.empty());
  const auto heads = static_cast<std::size_t>(slice.headCount());
  // The file is written on the job runner's Export lane; attentionExported says when.
  QSignalSpy exported(tools()->exports(), &ExportMenu::attentionExported);
  const auto exportAttention = [&](const QString &path) {
    exported.clear();
    if (!tools()->exports()->exportAttention(path).isEmpty()) return false;
    return QTest::qWaitFor([&] { return exported.count() == 1; }, 10000) && exported.front().at(1).toString().isEmpty();
  };

  const QString npy = m_dir.filePath(QStringLiteral("attention.npy"));
  QVERIFY(exportAttention(npy));
  const QByteArray bytes = readAll(npy);
  QVERIFY(bytes.startsWith("\x93NUMPY\x01\x00"));
  const int headerLength = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  const QByteArray header = bytes.mid(10, headerLength);
  QVERIFY2(header.contains(QStringLiteral("'shape': (%1, %2, %3)").arg(heads).arg(slice.rows()).arg(slice.cols()).toLatin1()),
           header.constData());
  QVERIFY(header.contains("'<f4'"));
  const auto *values = reinterpret_cast<const float *>(bytes.constData() + 10 + headerLength);
  QCOMPARE(bytes.size() - 10 - headerLength, static_cast<qsizetype>(heads * slice.rows() * slice.cols() * sizeof(float)));
  for (std::size_t h = 0; h < heads; ++h) {
    for (int q = 0; q < slice.rows(); ++q) {
      for (int k = 0; k < slice.cols(); ++k) {
        QCOMPARE(values[(h * slice.rows() + q) * slice.cols() + k], slice.heads[h](q, k));
      }
    }
  }

  const QString json = m_dir.filePath(QStringLiteral("attention.json"));
  QVERIFY(exportAttention(json));
  const nlohmann::json object = nlohmann::json::parse(readAll(json).toStdString());
  QVERIFY(object["shape"] == nlohmann::json({heads, static_cast<std::size_t>(slice.rows()), static_cast<std::size_t>(slice.cols())}));
  QCOMPARE(QString::fromStdString(object["query_tokens"][1].get<std::string>()), slice.queries.tokens[1].text);
  QVERIFY(std::abs(object["attention"][1][2][3].get<float>() - slice.heads[1](2, 3)) <= 1e-6f);

  const QString csv = m_dir.filePath(QStringLiteral("attention.csv"));
  QVERIFY(exportAttention(csv));
  const QList<QByteArray> lines = readAll(csv).trimmed().split('\n');
  QCOMPARE(lines.size(), static_cast<qsizetype>(1 + heads * slice.rows()));
  QVERIFY(lines[0].startsWith("head,query\\key,"));
  // Issue 18: each column names its position, so a word that occurs twice gets two names ("3:the").
  const QList<QByteArray> columns = lines[0].trimmed().split(',');
  QCOMPARE(columns.size(), 2 + slice.cols());
  for (int k = 0; k < slice.cols(); ++k) {
    QCOMPARE(QString::fromUtf8(columns[2 + k]), QStringLiteral("%1:%2").arg(k).arg(slice.keys.tokens[k].text));
  }
  QCOMPARE(QSet<QByteArray>(columns.begin(), columns.end()).size(), columns.size());
  const QList<QByteArray> row = lines[1 + slice.rows() + 2].split(',');  // head 1, query 2
  QCOMPARE(row[0], QByteArray("1"));
  QCOMPARE(row[2 + 3].toFloat(), slice.heads[1](2, 3));

  QVERIFY(tools()->exports()->exportAttention(m_dir.filePath(QStringLiteral("attention.xlsx"))).contains(QStringLiteral(".npy")));
  QVERIFY(closeErrorBox(*m_window));
}

void TstClassroomWindow::diagramExportButtonWritesTheFrame() {
  core::ViewState state = tools()->viewStates()->capture();
  state.view = "diagram";
  applyAndWait(state);
  LivingDiagramWidget *diagram = tools()->classroom()->diagram();
  QVERIFY(QTest::qWaitFor([diagram] { return diagram->canvas()->numbers() != nullptr; }, 20000));
  diagram->showFrame(DiagramTimeline::lastFrameOf(DiagramStage::Softmax));
  QToolButton *button = diagram->exportButton();
  QVERIFY(button->isVisible() && button->isEnabled());
  const QList<QAction *> entries = button->menu()->actions();  // PNG…, SVG…, Copy Image
  QCOMPARE(entries.size(), 3);

  // The entries open File ▸ Export's dialogs: a file name, then (PNG) the resolution.
  QString path;
  QTimer answer;
  answer.setInterval(20);
  connect(&answer, &QTimer::timeout, this, [&path] {
    QWidget *modal = QApplication::activeModalWidget();
    if (auto *files = qobject_cast<QFileDialog *>(modal)) {
      files->setOption(QFileDialog::DontConfirmOverwrite);
      files->selectFile(path);
      if (auto *name = files->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))) name->setText(path);
      static_cast<QDialog *>(files)->accept();
    } else if (auto *resolution = qobject_cast<QInputDialog *>(modal)) {
      resolution->setIntValue(96);
      resolution->accept();
    }
  });
  answer.start();
  const FigureDecor decor = diagram->figureDecor(m_window->windowTitle());
  path = m_dir.filePath(QStringLiteral("diagram-button.svg"));
  entries[1]->trigger();
  QTRY_VERIFY(QFileInfo::exists(path));
  QCOMPARE(svgTitle(path), formulaText(decor.title));  // "Living diagram · 4. softmax … · the model"
  const QString texts = svgTexts(path).join(QLatin1Char('\n'));
  for (const FigureLegendEntry &entry : decor.legend) QVERIFY2(texts.contains(entry.label.left(8)), qPrintable(texts));
  QVERIFY(!texts.contains(diagram->playButton()->text()));  // the figure, not the page's controls

  path = m_dir.filePath(QStringLiteral("diagram-button.png"));
  entries[0]->trigger();
  QTRY_VERIFY(QFileInfo::exists(path));
  answer.stop();
  const QImage image(path);
  QVERIFY(!image.isNull());
  QCOMPARE(image.size(), framedFigureSize(diagram->canvas()->size(), decor, diagram->canvas()->font()));

  QApplication::clipboard()->clear();
  entries[2]->trigger();
  QVERIFY(!QApplication::clipboard()->image().isNull());
}

void TstClassroomWindow::diagramKeysMoveTheQuery() {
  core::ViewState state = tools()->viewStates()->capture();
  state.view = "diagram";
  applyAndWait(state);
  LivingDiagramWidget *diagram = tools()->classroom()->diagram();
  QVERIFY(QTest::qWaitFor([diagram] { return diagram->canvas()->numbers() != nullptr; }, 20000));
  ViewState *viewState = m_window->viewState();
  const int layer = viewState->layerIndex();
  viewState->setFocusToken(1);
  // Left and Right are the window's layer keys, but on the focused figure they move the query
  diagram->canvas()->setFocus();
  QTRY_VERIFY(diagram->canvas()->hasFocus());
  QVERIFY(QTest::qWaitFor([diagram] { return diagram->canvas()->numbers()->query == 1; }, 20000));
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
  QCOMPARE(viewState->focusToken(), 2);
  QCOMPARE(viewState->layerIndex(), layer);
  QVERIFY(QTest::qWaitFor([diagram] { return diagram->canvas()->numbers()->query == 2; }, 20000));
  QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);
  QCOMPARE(viewState->focusToken(), 1);
  QCOMPARE(viewState->layerIndex(), layer);
}

// Issue 17: at a generation step the views draw the decoder's rows up to the step, and the
// window's next refresh cleared a focused token past them, so the living diagram's query, chosen
// later than the step, jumped back. The choice is kept while the queries hold it; a text too short
// for it shows the last query, and the page says so.
void TstClassroomWindow::diagramKeepsALaterQueryThroughRefreshes() {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->viewState()->setSourceText(QStringLiteral("the happy child plays with the small dog"));
  m_window->openModel(test::testData(QStringLiteral("../../models/translate-en-zh")));
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
  core::ViewState state = tools()->viewStates()->capture();
  state.view = "diagram";
  state.attention = "decoder_self";
  state.layer = 0;
  applyAndWait(state);
  LivingDiagramWidget *diagram = tools()->classroom()->diagram();
  QVERIFY(diagram->isVisible());
  ViewState *viewState = m_window->viewState();
  QCOMPARE(viewState->layerStep().kind, core::AttentionKind::DecoderSelf);
  const auto shows = [&](int query, int head) {
    return QTest::qWaitFor(
        [&] {
          const DiagramNumbers *n = diagram->canvas()->numbers();
          return n && n->query == query && n->head == head && !m_window->jobRunner()->isBusy(JobLane::Diagram);
        },
        20000);
  };
  const int steps = viewState->generationStepCount();
  QVERIFY2(steps > 4, qPrintable(QString::number(steps)));
  // step back through the generation to step 1: the views draw the decoder's first two rows
  while (viewState->generationStep() > 1) m_window->generationStepper()->previous();
  QCOMPARE(viewState->generationStep(), 1);
  QVERIFY(shows(1, 0));
  QCOMPARE(m_window->wordGraph()->slice().rows(), 2);
  // choose query 4 on the figure (Right from the step's token), later than the step
  diagram->canvas()->setFocus();
  QTRY_VERIFY(diagram->canvas()->hasFocus());
  const int later = 4;
  for (int query = 2; query <= later; ++query) {
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);  // the figure on show's query + 1
    QVERIFY(shows(query, 0));
  }
  QCOMPARE(viewState->focusToken(), later);
  QVERIFY(shows(later, 0));
  // the window's refreshes: another head, and a redraw of every view
  viewState->setFocusedHead(1);
  QCOMPARE(viewState->focusToken(), later);
  QVERIFY(shows(later, 1));
  m_window->refreshAllViews();
  QCOMPARE(viewState->focusToken(), later);
  QCOMPARE(viewState->generationStep(), 1);
  QVERIFY(shows(later, 1));
  QVERIFY(diagram->queryNote()->isHidden());
  // a shorter decoder text than the choice: the figure shows its last query and says so
  const QString shortTarget = QStringLiteral("狗");
  m_window->inputPanel()->setTargetText(shortTarget);
  QVERIFY(QTest::qWaitFor(
      [&] { return waitForViews(*m_window) && m_window->analysis()->targetText == shortTarget.toStdString(); }, 20000));
  const int count = static_cast<int>(m_window->analysis()->target.size());
  QVERIFY2(count <= later, qPrintable(QString::number(count)));
  QCOMPARE(viewState->focusToken(), later);  // still the choice
  QVERIFY(shows(count - 1, 1));
  QVERIFY(diagram->queryNote()->isVisible());
  QVERIFY2(diagram->queryNote()->text().contains(QString::number(later + 1)), qPrintable(diagram->queryNote()->text()));
  QVERIFY2(diagram->queryNote()->text().contains(QString::number(count)), qPrintable(diagram->queryNote()->text()));
  // a text long enough again: the choice is back, and the note goes
  m_window->inputPanel()->setTargetText(QString());
  QVERIFY(QTest::qWaitFor([&] { return waitForViews(*m_window) && m_window->analysis()->targetText.empty(); }, 20000));
  QVERIFY(shows(later, 1));
  QVERIFY(diagram->queryNote()->isHidden());
}

void TstClassroomWindow::chineseTranslationLoads() {
  QTranslator translator;
  QVERIFY(translator.load(QStringLiteral(":/i18n/attnscope_zh_TW.qm")));
  QCOMPARE(translator.translate("ui::MainWindow", "&File"), QStringLiteral("檔案(&F)"));
  QCOMPARE(translator.translate("ui::TeachingTools", "Classroom"), QStringLiteral("課堂"));
  QCOMPARE(translationFile(QLocale(QLocale::Chinese, QLocale::TraditionalChineseScript, QLocale::Taiwan)),
           QStringLiteral(":/i18n/attnscope_zh_TW.qm"));
  QCOMPARE(translationFile(QLocale(QLocale::English, QLocale::UnitedStates)), QString());
  QCOMPARE(translationFile(QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China)), QString());

  // The choice in View ▸ Language is what the next start installs.
  setChosenLanguage(QStringLiteral("zh_TW"));
  QCOMPARE(chosenLanguage(), QStringLiteral("zh_TW"));
  QCOMPARE(installTranslations(*QCoreApplication::instance()), QStringLiteral("zh_TW"));
  {
    MainWindow translated;
    QCOMPARE(translated.tabs()->tabText(translated.tabs()->indexOf(translated.teachingTools()->classroom())),
             QStringLiteral("課堂"));
  }
  for (QTranslator *installed : QCoreApplication::instance()->findChildren<QTranslator *>()) {
    QCoreApplication::removeTranslator(installed);
    delete installed;
  }
  QLocale::setDefault(QLocale::c());
}

QTEST_MAIN(TstClassroomWindow)
#include "tst_classroom_window.moc"
