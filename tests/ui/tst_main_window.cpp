// Drives the real main window offscreen: opens models, types, switches heads, steps through
// layers and generation, toggles the positional encoding, and checks what the views hold.

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QFile>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainterPathStroker>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QUrl>

#include "colour_scales.h"
#include "head_chips_widget.h"
#include "heatmap_widget.h"
#include "attention_table_model.h"
#include "input_panel.h"
#include "source_edit.h"
#include "job_runner.h"
#include "difference_view.h"
#include "main_window.h"
#include "whatif_panel.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "model_panel.h"
#include "preferences.h"
#include "settings_dialog.h"
#include "stepper_widget.h"
#include "thumbnail_grid.h"
#include "view_slices.h"
#include "token_strip.h"
#include "view_state.h"
#include "gui_test_support.h"
#include "word_graph_widget.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"

using namespace ui;

namespace {

QStringList texts(const TokenSequence &sequence) {
  QStringList result;
  for (const TokenLabel &token : sequence.tokens) result << token.text;
  return result;
}

// True once the newest request's result is in the views.
bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 20000);
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void startsOnTheDefaultModel();
  void typingRecomputesEveryView();
  void forwardPassesRunOffTheGuiThread();
  void denseSlicesAreBuiltOffTheGuiThread();
  void unknownWordsAndTruncationAreMarked();
  void switchingHeads();
  void steppingThroughLayers();
  void steppingThroughGeneration();
  void generateFillsTheTarget();
  void togglingPositionalEncoding();
  void overviewOpensTheClickedHead();
  void brokenModelKeepsThePreviousModel();
  void opensPeerModels_data();
  void opensPeerModels();
  void droppingAFolderOpensIt();
  void ggufFileOpensByDropAndAtStartup();
  void remembersLastModelAndLayout();
  void groupedQueryHeadsAreMarked_data();
  void groupedQueryHeadsAreMarked();
  void slidingWindowLayersShowTheirBand_data();
  void slidingWindowLayersShowTheirBand();
  void taskHeadPredictionIsShown_data();
  void taskHeadPredictionIsShown();
  void supersededLoadNeverBecomesCurrent();
  void generationStepFollowsTheTarget();
  void widgetsAndStateStayInStep();
  void settingsDialogRoundTrip();
  void settingsThemeRecoloursTheWindow();
  void precisionSettingReachesTheForwardPass();

 private:
  void openAndWait(const QString &folder);
  void type(QWidget *edit, const QString &text);  // the source or the target field

  std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase() { test::isolateSettings(); }

void TestMainWindow::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup() { m_window.reset(); }

void TestMainWindow::openAndWait(const QString &folder) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
}

void TestMainWindow::type(QWidget *edit, const QString &text) {
  edit->setFocus();
  if (auto *line = qobject_cast<QLineEdit *>(edit)) line->selectAll();
  if (auto *source = qobject_cast<SourceEdit *>(edit)) source->selectAll();
  QTest::keyClick(edit, Qt::Key_Backspace);
  QTest::keyClicks(edit, text);
  // The debounce: nothing is requested while the user is still typing.
  QVERIFY(QTest::qWaitFor([&] { return m_window->isComputing(); }, 2000));
  QVERIFY(waitForViews(*m_window));
}

void TestMainWindow::startsOnTheDefaultModel() {
  m_window->openStartupModel(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->modelFolder(), defaultModelFolder());
  const core::ModelSpec &config = m_window->model()->spec();
  QCOMPARE(m_window->windowTitle(), QStringLiteral("AttentionScope — %1").arg(QString::fromStdString(config.name)));
  ModelPanel *panel = m_window->modelPanel();
  QCOMPARE(panel->field(QStringLiteral("name")), QString::fromStdString(config.name));
  QVERIFY(panel->field(QStringLiteral("heads")).startsWith(QString::number(config.heads())));
  QCOMPARE(panel->field(QStringLiteral("dModel")), QString::number(config.d_model));
  QVERIFY(!panel->field(QStringLiteral("parameters")).isEmpty());
  QVERIFY(panel->field(QStringLiteral("architecture")).contains(QStringLiteral("encoder")));
  QVERIFY(!m_window->wordGraph()->slice().empty());
  QVERIFY(!m_window->heatmap()->slice().empty());
}

void TestMainWindow::typingRecomputesEveryView() {
  openAndWait(test::defaultTestModel());
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("a dog saw a bird"));
  const QStringList expected{"a", "dog", "saw", "a", "bird", "</s>"};
  QCOMPARE(texts(tokenSequence(m_window->analysis()->source)), expected);
  QCOMPARE(texts(m_window->wordGraph()->slice().queries), expected);
  QCOMPARE(texts(m_window->wordGraph()->slice().keys), expected);
  QCOMPARE(m_window->heatmap()->tableModel()->rowCount(), 6);
  QCOMPARE(m_window->heatmap()->tableModel()->headerData(1, Qt::Vertical).toString(), QStringLiteral("dog"));
  QCOMPARE(texts(m_window->inputPanel()->sourceTokens()->tokens()), expected);
  QCOMPARE(m_window->smallMultiples()->thumbnails().size(), m_window->model()->spec().heads());
  QVERIFY(m_window->wordGraph()->visibleLineCount() > 0);
}

void TestMainWindow::forwardPassesRunOffTheGuiThread() {
  // Every analysis (tokenizing, greedy generation, the forward passes) records the thread that ran
  // it; the GUI thread must never be that thread, whatever asked for it.
  const std::thread::id gui = std::this_thread::get_id();
  openAndWait(test::defaultTestModel());
  QVERIFY(m_window->analysis()->thread != std::thread::id());
  QVERIFY(m_window->analysis()->thread != gui);
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("a dog saw a bird"));  // generates the target
  QVERIFY(m_window->analysis()->error.isEmpty());
  QVERIFY(m_window->analysis()->thread != gui);
  const auto newResult = [&] {
    const quint64 before = m_window->analysis()->requestId;
    return QTest::qWaitFor(
        [&] { return m_window->analysis()->requestId > before && !m_window->isComputing(); }, 20000);
  };
  type(m_window->inputPanel()->targetEdit(), QStringLiteral("a bird"));  // a typed target: no generation
  QVERIFY(!m_window->analysis()->generated);
  QVERIFY(m_window->analysis()->thread != gui);
  m_window->positionalEncodingAction()->trigger();
  QVERIFY(newResult());
  QVERIFY(m_window->analysis()->thread != gui);
}

// A dense trace (the default limit, a short text on the bundled model) gets its Attention-tab
// slices from the JobRunner's Slices lane as a long input does: never built on the GUI thread,
// every head's matrix kept, the views showing the previous slices until the new ones arrive, and
// only the newest of several quick requests drawn.
void TestMainWindow::denseSlicesAreBuiltOffTheGuiThread() {
  const std::thread::id gui = std::this_thread::get_id();
  m_window->openStartupModel(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  QVERIFY(waitForViews(*m_window));
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("a dog saw a bird"));
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  QVERIFY(analysis->error.isEmpty());
  QVERIFY2(analysis->trace(true)->is_dense(), "the default limit keeps a short text's trace dense");
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::Slices));  // waitForViews waits for the slices too

  const AttentionSlice shown = m_window->heatmap()->slice();  // a copy: the widget's changes below
  QVERIFY(!shown.empty());
  QVERIFY(shown.builtOn != gui);
  QVERIFY(m_window->wordGraph()->slice().builtOn != gui);
  // the word graph and the heatmap share the slices' weights: no copy on the GUI thread (a long
  // input's head is 64 MiB at 4,096 tokens)
  QVERIFY(&m_window->wordGraph()->slice() == &m_window->heatmap()->slice());
  // what the synchronous path drew: every head's matrix and full-size thumbnails
  const ViewSlices want = buildViewSlices(*analysis, shown.step, {}, 0);
  QVERIFY(want.weights.builtOn == gui);
  QCOMPARE(shown.headCount(), want.weights.headCount());
  QVERIFY(shown.lines.empty());
  for (int h = 0; h < want.weights.headCount(); ++h) {
    QVERIFY(shown.hasMatrix(h));
    QVERIFY(shown.heads[std::size_t(h)] == want.weights.heads[std::size_t(h)]);
    QCOMPARE(m_window->smallMultiples()->thumbnails()[h].image, want.thumbnails[h].image);
  }

  // A focus change draws the slices on show again, at once and without building them anew.
  QSignalSpy updated(m_window.get(), &MainWindow::viewsUpdated);
  m_window->viewState()->setFocusedHead(1);
  QVERIFY(updated.size() >= 1);
  QVERIFY(m_window->smallMultiples()->thumbnails()[1].selected);
  QVERIFY(m_window->heatmap()->slice().builtOn == shown.builtOn);
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::Slices));

  // Several steps asked for before any slices can arrive: the views keep the slices on show (no
  // empty view in between), and only the last step's slices are drawn.
  const std::vector<LayerStep> steps = m_window->viewState()->steps();
  QVERIFY(steps.size() >= 3);
  QVector<LayerStep> drawn;
  connect(m_window.get(), &MainWindow::viewsUpdated, this, [&] { drawn.push_back(m_window->heatmap()->slice().step); });
  for (std::size_t s = 1; s < steps.size(); ++s) {
    m_window->showLayerStep(steps[s]);
    QVERIFY(m_window->jobRunner()->isBusy(JobLane::Slices));
    QVERIFY(m_window->heatmap()->slice().step == shown.step);  // the previous slices, still on show
    QVERIFY(!m_window->wordGraph()->slice().empty());
    QVERIFY(!m_window->smallMultiples()->thumbnails().isEmpty());
  }
  QVERIFY(drawn.isEmpty());  // nothing was built here
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(drawn.size(), 1);
  QVERIFY(drawn.front() == steps.back());
  QTest::qWait(200);  // time for a stale job's result to arrive, were it delivered
  QCOMPARE(drawn.size(), 1);
  QVERIFY(m_window->heatmap()->slice().step == steps.back());
  QVERIFY(m_window->heatmap()->slice().builtOn != gui);
}

void TestMainWindow::unknownWordsAndTruncationAreMarked() {
  openAndWait(test::defaultTestModel());
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("the zebra sat"));
  const TokenSequence &queries = m_window->wordGraph()->slice().queries;
  QVERIFY(!queries.tokens[0].unknown);
  QVERIFY(queries.tokens[1].unknown);
  QVERIFY(m_window->inputPanel()->sourceTokens()->text().contains(QStringLiteral("#b00020")));
  QVERIFY(m_window->heatmap()->tableModel()->headerData(1, Qt::Horizontal, AttentionTableModel::UnknownTokenRole).toBool());

  type(m_window->inputPanel()->sourceEdit(),
       QStringLiteral("the cat sat on the mat the cat sat on the mat the cat sat on the mat the cat"));
  QVERIFY(m_window->wordGraph()->slice().queries.droppedCount > 0);
  QCOMPARE(m_window->wordGraph()->slice().rows(), m_window->model()->spec().max_positions);
  QVERIFY(m_window->inputPanel()->sourceTokens()->text().contains(QStringLiteral("cut")));
}

void TestMainWindow::switchingHeads() {
  openAndWait(test::testData(QStringLiteral("peer/marian-tiny-short")));  // four heads
  HeadChipsWidget *chips = m_window->headChips();
  QCOMPARE(chips->headCount(), 4);
  // The word graph starts with the selected head alone; "All" shows every head (issue 18 §3).
  QCOMPARE(m_window->wordGraph()->visibleHeads(), (QVector<bool>{true, false, false, false}));
  QTest::mouseClick(chips, Qt::LeftButton, {}, chips->chipRect(4).center().toPoint());
  QCOMPARE(m_window->wordGraph()->visibleHeads(), (QVector<bool>{true, true, true, true}));
  QTest::mouseClick(chips, Qt::LeftButton, {}, chips->chipRect(1).center().toPoint());
  QCOMPARE(m_window->wordGraph()->visibleHeads(), (QVector<bool>{true, false, true, true}));
  QVERIFY(m_window->smallMultiples()->thumbnails()[1].dimmed);
  QTest::mouseDClick(chips, Qt::LeftButton, {}, chips->chipRect(2).center().toPoint());
  QCOMPARE(m_window->wordGraph()->visibleHeads(), (QVector<bool>{false, false, true, false}));
  QCOMPARE(m_window->heatmap()->head(), 2);
  QVERIFY(m_window->smallMultiples()->thumbnails()[2].selected);
  // Clicking a small multiple shows that head in the heatmap.
  ThumbnailGrid *multiples = m_window->smallMultiples();
  QTest::mouseClick(multiples, Qt::LeftButton, {}, multiples->thumbnailRect(0, 3).center().toPoint());
  QCOMPARE(m_window->heatmap()->head(), 3);
  QCOMPARE(m_window->heatmap()->tableModel()->head(), 3);
}

void TestMainWindow::steppingThroughLayers() {
  openAndWait(test::defaultTestModel());
  m_window->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
  m_window->wordGraph()->setFocus();
  const std::vector<LayerStep> steps = layerSteps(m_window->model()->spec());
  QCOMPARE(m_window->currentStep(), steps[0]);
  QTest::keyClick(m_window->wordGraph(), Qt::Key_Right);
  QCOMPARE(m_window->currentStep(), steps[1]);
  QTest::keyClick(m_window->wordGraph(), Qt::Key_PageDown);
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::DecoderSelf, 0}));
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QVERIFY(m_window->wordGraph()->slice().causal);
  QCOMPARE(m_window->heatmap()->slice().step, m_window->currentStep());
  QTest::keyClick(m_window->wordGraph(), Qt::Key_Right);
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::DecoderCross, 0}));
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QVERIFY(!m_window->wordGraph()->slice().causal);
  QCOMPARE(m_window->wordGraph()->slice().cols(), int(m_window->analysis()->source.size()));
  QTest::keyClick(m_window->wordGraph(), Qt::Key_PageUp);
  QTest::keyClick(m_window->wordGraph(), Qt::Key_Left);
  QCOMPARE(m_window->currentStep(), steps[1]);

  // Space plays through to the last step.
  m_window->layerStepper()->setInterval(10);
  QTest::keyClick(m_window->wordGraph(), Qt::Key_Space);
  QVERIFY(m_window->layerStepper()->isPlaying());
  QTRY_COMPARE(m_window->currentStep(), steps.back());
  QTRY_VERIFY(!m_window->layerStepper()->isPlaying());
}

void TestMainWindow::steppingThroughGeneration() {
  openAndWait(test::defaultTestModel());
  m_window->inputPanel()->setTargetText(QStringLiteral("die katze sass auf der matte"));
  QVERIFY(waitForViews(*m_window));
  StepperWidget *generation = m_window->generationStepper();
  QVERIFY(!generation->isHidden());
  QCOMPARE(generation->count(), 7);  // <s> + six words
  QCOMPARE(generation->currentIndex(), 6);
  m_window->showLayerStep({core::AttentionKind::DecoderSelf, 1});
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().rows(), 7);
  QCOMPARE(m_window->wordGraph()->slice().newestQuery, -1);

  m_window->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
  m_window->wordGraph()->setFocus();
  for (int i = 0; i < 3; ++i) QTest::keyClick(m_window->wordGraph(), Qt::Key_Left, Qt::ShiftModifier);
  QCOMPARE(generation->currentIndex(), 3);
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  // Step 3: the decoder has produced three tokens; its self-attention is 4 × 4, the new row highlighted.
  QCOMPARE(m_window->wordGraph()->slice().rows(), 4);
  QCOMPARE(m_window->wordGraph()->slice().cols(), 4);
  QCOMPARE(m_window->heatmap()->tableModel()->rowCount(), 4);
  QCOMPARE(m_window->heatmap()->slice().newestQuery, 3);
  generation->next();
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().rows(), 5);
  m_window->showLayerStep({core::AttentionKind::DecoderCross, 1});
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().rows(), 5);
  QCOMPARE(m_window->wordGraph()->slice().cols(), int(m_window->analysis()->source.size()));
  QCOMPARE(m_window->wordGraph()->slice().newestQuery, 4);
  // The encoder does not change while the decoder generates.
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().rows(), int(m_window->analysis()->source.size()));
}

void TestMainWindow::generateFillsTheTarget() {
  openAndWait(test::testData(QStringLiteral("peer/marian-tiny-short")));
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("The quick brown fox"));
  QVERIFY(m_window->analysis()->generated);  // an empty target shows the model's own output
  const int generatedLength = int(m_window->analysis()->target.size());
  QCOMPARE(m_window->generationStepper()->count(), generatedLength);
  QVERIFY(generatedLength > 1);
  QTest::mouseClick(m_window->inputPanel()->generateButton(), Qt::LeftButton);
  QVERIFY(QTest::qWaitFor([&] { return m_window->isComputing(); }, 2000) || !m_window->isComputing());
  QVERIFY(waitForViews(*m_window));
  QVERIFY(m_window->analysis()->generated);
  QCOMPARE(m_window->inputPanel()->targetText(), m_window->analysis()->generatedText);
  QVERIFY(!m_window->inputPanel()->targetText().isEmpty());
}

void TestMainWindow::togglingPositionalEncoding() {
  openAndWait(test::defaultTestModel());
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("the cat sat on the mat"));
  const core::RowMatrix withPe = m_window->wordGraph()->slice().heads[0];
  QVERIFY((withPe.row(0) - withPe.row(4)).cwiseAbs().maxCoeff() > 1e-3f);

  m_window->positionalEncodingAction()->trigger();
  QVERIFY(waitForViews(*m_window));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->withoutPe.has_value(); }, 20000));
  const core::RowMatrix withoutPe = m_window->wordGraph()->slice().heads[0];
  // Without positions the two "the" are the same query: the same row of weights.
  QVERIFY((withoutPe.row(0) - withoutPe.row(4)).cwiseAbs().maxCoeff() < 1e-5f);
  QVERIFY(!withPe.isApprox(withoutPe));

  m_window->positionalEncodingAction()->trigger();
  QVERIFY(waitForViews(*m_window));
  // PE Difference (Ctrl+D): the What If tab's one difference view, B (with PE) − A (without PE)
  m_window->differenceAction()->trigger();
  QVERIFY(m_window->viewState()->peDifference());
  QCOMPARE(m_window->tabs()->currentWidget(), m_window->whatIf());
  QCOMPARE(m_window->whatIf()->mode(), WhatIfMode::PositionalEncoding);
  DifferenceView *view = m_window->whatIf()->view();
  QVERIFY(QTest::qWaitFor([&] { return !m_window->whatIf()->isBusy() && view->result() != nullptr; }, 20000));
  view->selectHead(core::AttentionKind::EncoderSelf, 0, 0);
  QVERIFY(waitForViews(*m_window));  // the figure is built on the Difference lane
  QVERIFY(!view->isComputing());
  const AttentionSlice &difference = view->heatmap()->slice();
  QCOMPARE(difference.scale, ValueScale::Difference);
  QVERIFY((difference.heads[0] - (withPe - withoutPe)).cwiseAbs().maxCoeff() < 1e-5f);
  // The word graph keeps drawing weights.
  QCOMPARE(m_window->wordGraph()->slice().scale, ValueScale::Weights);
  // Drawn in the diverging scale: the cell with the largest change is strongly red or blue.
  Eigen::Index row = 0;
  Eigen::Index col = 0;
  difference.heads[0].cwiseAbs().maxCoeff(&row, &col);
  const QImage image = view->heatmap()->grab().toImage();
  const QColor cell = image.pixelColor(view->heatmap()->cellRect(int(row), int(col)).center().toPoint());
  QVERIFY(std::abs(cell.red() - cell.blue()) > 80);
  // Another comparison chosen in the tab turns the toggle off.
  m_window->whatIf()->setMode(WhatIfMode::TokenEdits);
  QVERIFY(!m_window->viewState()->peDifference());
  QVERIFY(!m_window->differenceAction()->isChecked());
}

void TestMainWindow::overviewOpensTheClickedHead() {
  openAndWait(test::testData(QStringLiteral("peer/marian-tiny-short")));
  m_window->tabs()->setCurrentWidget(m_window->overview());
  auto *kind = m_window->overview()->findChild<QComboBox *>(QStringLiteral("overviewKind"));
  QVERIFY(kind);
  QCOMPARE(kind->count(), 3);
  kind->setCurrentIndex(2);
  QCOMPARE(m_window->overview()->currentKind(), core::AttentionKind::DecoderCross);
  QVERIFY(test::waitForOverview(*m_window));  // filled on the JobRunner
  ThumbnailGrid *grid = m_window->overview()->grid();
  QCOMPARE(grid->rowCount(), 2);
  QCOMPARE(grid->columnCount(), 4);
  QCOMPARE(grid->thumbnails().size(), 8);
  QTest::mouseClick(grid, Qt::LeftButton, {}, grid->thumbnailRect(1, 3).center().toPoint());
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->currentStep(), (LayerStep{core::AttentionKind::DecoderCross, 1}));
  QCOMPARE(m_window->headChips()->visibleHeads(), (QVector<bool>{false, false, false, true}));
  QCOMPARE(m_window->heatmap()->head(), 3);
  QCOMPARE(m_window->tabs()->currentIndex(), 0);
}

void TestMainWindow::brokenModelKeepsThePreviousModel() {
  openAndWait(test::defaultTestModel());
  const QString title = m_window->windowTitle();
  const auto analysis = m_window->analysis();
  QTemporaryDir broken;
  // The test model's files, but the weights file is not a safetensors file.
  for (const QString &name : QDir(test::defaultTestModel()).entryList(QDir::Files)) {
    QVERIFY(QFile::copy(test::defaultTestModel() + '/' + name, broken.filePath(name)));
  }
  QFile weights(broken.filePath(QStringLiteral("model.safetensors")));
  QVERIFY(weights.open(QIODevice::WriteOnly | QIODevice::Truncate));
  weights.write("this is not a safetensors file");
  weights.close();

  QSignalSpy failed(m_window.get(), &MainWindow::modelLoadFailed);
  m_window->openModel(broken.path());
  QVERIFY(failed.wait(20000));
  const QString message = failed.front().at(1).toString();
  QVERIFY2(message.contains(QStringLiteral("model.safetensors")), qPrintable(message));
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("loadErrorBox"));
  QVERIFY(box);
  QTRY_VERIFY(box->isVisible());
  QCOMPARE(box->informativeText(), message);
  QCOMPARE(m_window->modelFolder(), test::defaultTestModel());
  QCOMPARE(m_window->windowTitle(), title);
  QCOMPARE(m_window->analysis(), analysis);
  QVERIFY(!m_window->wordGraph()->slice().empty());
  box->accept();
  // Still fully working afterwards.
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("the dog"));
  QCOMPARE(m_window->wordGraph()->slice().rows(), 3);
}

void TestMainWindow::opensPeerModels_data() {
  QTest::addColumn<QString>("folder");
  QTest::addColumn<int>("steps");
  QTest::addColumn<bool>("targetShown");
  QTest::addColumn<bool>("causal");
  QTest::newRow("bert (encoder)") << "peer/bert-tiny-short" << 2 << false << false;
  QTest::newRow("gpt2 (decoder)") << "peer/gpt2-tiny-short" << 3 << false << true;
  QTest::newRow("marian (encoder-decoder)") << "peer/marian-tiny-short" << 6 << true << false;
}

void TestMainWindow::opensPeerModels() {
  QFETCH(QString, folder);
  QFETCH(int, steps);
  QFETCH(bool, targetShown);
  QFETCH(bool, causal);
  openAndWait(test::testData(folder));
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("The quick brown fox"));
  QCOMPARE(m_window->layerStepper()->count(), steps);
  QCOMPARE(!m_window->inputPanel()->targetEdit()->isHidden(), targetShown);
  QCOMPARE(!m_window->generationStepper()->isHidden(), targetShown);
  QCOMPARE(m_window->wordGraph()->slice().causal, causal);
  QVERIFY(m_window->wordGraph()->slice().rows() >= 4);
  QVERIFY(!m_window->inputPanel()->sourceTokens()->tokens().tokens.isEmpty());
  QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("AttentionScope — ")));
}

void TestMainWindow::droppingAFolderOpensIt() {
  openAndWait(test::defaultTestModel());
  const QString folder = test::testData(QStringLiteral("peer/bert-tiny-short"));
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(folder)});
  const QPoint centre = m_window->rect().center();
  QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(m_window.get(), &enter);
  QVERIFY(enter.isAccepted());
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(m_window.get(), &drop);
  QVERIFY(loaded.wait(20000));
  QCOMPARE(m_window->modelFolder(), folder);

  // A file is not a model folder: not accepted.
  QMimeData file;
  file.setUrls({QUrl::fromLocalFile(folder + QStringLiteral("/config.json"))});
  QDragEnterEvent fileEnter(centre, Qt::CopyAction, &file, Qt::LeftButton, Qt::NoModifier);
  fileEnter.setAccepted(false);
  QApplication::sendEvent(m_window.get(), &fileEnter);
  QVERIFY(!fileEnter.isAccepted());
}

// A .gguf file is a whole model: dropped on the window, or given as the startup model.
void TestMainWindow::ggufFileOpensByDropAndAtStartup() {
  openAndWait(test::defaultTestModel());
  const QString file = test::testData(QStringLiteral("gguf/qwen2-tiny-bias-tied.f16.gguf"));
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(file)});
  const QPoint centre = m_window->rect().center();
  QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(m_window.get(), &enter);
  QVERIFY(enter.isAccepted());
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  QDropEvent drop(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(m_window.get(), &drop);
  QVERIFY(loaded.wait(20000));
  QCOMPARE(m_window->modelFolder(), file);
  QCOMPARE(m_window->model()->spec().family, std::string("qwen2"));
  QVERIFY(waitForViews(*m_window));

  m_window = std::make_unique<MainWindow>();
  m_window->show();
  m_window->openStartupModel(file);
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  QCOMPARE(m_window->modelFolder(), file);
}

void TestMainWindow::remembersLastModelAndLayout() {
  openAndWait(test::defaultTestModel());
  const QString marian = test::testData(QStringLiteral("peer/marian-tiny-short"));
  openAndWait(marian);
  QMenu *recent = nullptr;
  for (QMenu *menu : m_window->menuBar()->findChildren<QMenu *>()) {
    if (menu->title() == MainWindow::tr("Open &Recent")) recent = menu;
  }
  QVERIFY(recent);
  QCOMPARE(recent->actions().size(), 2);
  QCOMPARE(recent->actions().front()->text(), QStringLiteral("marian-tiny-short"));
  m_window->inputPanel()->sourceEdit()->setText(QStringLiteral("remember me"));
  m_window->resize(1100, 720);
  m_window->close();
  QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));

  m_window = std::make_unique<MainWindow>();
  m_window->show();
  QCOMPARE(m_window->size(), QSize(1100, 720));
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("remember me"));
  m_window->openStartupModel(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  QCOMPARE(m_window->modelFolder(), marian);
  // The recent list reopens the first model.
  recent = nullptr;
  for (QMenu *menu : m_window->menuBar()->findChildren<QMenu *>()) {
    if (menu->title() == MainWindow::tr("Open &Recent")) recent = menu;
  }
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  recent->actions().at(1)->trigger();
  QVERIFY(loaded.wait(20000));
  QCOMPARE(m_window->modelFolder(), test::defaultTestModel());
}

// hf-cases fixtures: the chips and the overview mark the query heads that share a key/value head;
// multi-head attention looks exactly as before.
void TestMainWindow::groupedQueryHeadsAreMarked_data() {
  QTest::addColumn<QString>("folder");
  QTest::addColumn<int>("kvHeads");
  QTest::addColumn<QString>("head3Tip");  // the third chip's tooltip starts with it
  QTest::newRow("GQA 4/2") << "hf-cases/llama-tiny-gqa" << 2
                           << "Head 3 · shares keys and values with heads 3–4 (key/value head 2 of 2)";
  QTest::newRow("MQA 4/1") << "hf-cases/llama-tiny-mqa" << 1
                           << "Head 3 · shares keys and values with heads 1–4 (key/value head 1 of 1)";
  QTest::newRow("MHA 4/4") << "hf-cases/llama-tiny-bias" << 4
                           << "Head 3: click to show or hide it, double-click to show it alone";
}

void TestMainWindow::groupedQueryHeadsAreMarked() {
  QFETCH(QString, folder);
  QFETCH(int, kvHeads);
  QFETCH(QString, head3Tip);
  openAndWait(test::testData(folder));
  const core::AttentionSpec &spec = m_window->model()->spec().attention(m_window->currentStep().kind, 0);
  QCOMPARE(spec.kv_heads, kvHeads);
  const bool grouped = kvHeads < spec.heads;
  const int groupSize = spec.heads / kvHeads;

  // Head chips: the group structure, from the layer's spec.
  HeadChipsWidget *chips = m_window->headChips();
  QCOMPARE(chips->headCount(), 4);
  QCOMPARE(chips->grouped(), grouped);
  QCOMPARE(chips->groupSize(), grouped ? groupSize : 1);
  for (int head = 0; head < 4; ++head) QCOMPARE(chips->keyValueHeadOf(head), grouped ? spec.kv_head_of(head) : head);
  const QPoint third = chips->chipRect(2).center().toPoint();
  QHelpEvent help(QEvent::ToolTip, third, chips->mapToGlobal(third));
  QApplication::sendEvent(chips, &help);
  QTRY_VERIFY(QToolTip::isVisible());
  QVERIFY2(QToolTip::text().startsWith(head3Tip), qPrintable(QToolTip::text()));
  QToolTip::hideText();
  // The gap between two chips is wider where a new key/value head starts.
  const auto gapAfter = [&](int head) { return chips->chipRect(head + 1).left() - chips->chipRect(head).right(); };
  for (int head = 0; head < 3; ++head) {
    const bool boundary = grouped && (head + 1) % groupSize == 0;
    QVERIFY2(boundary ? gapAfter(head) > gapAfter(0) + 4 : std::abs(gapAfter(head) - 6.0) < 0.01,
             qPrintable(QStringLiteral("gap after head %1: %2").arg(head + 1).arg(gapAfter(head))));
  }
  if (grouped) {
    QCOMPARE(chips->groupRect(0).left(), chips->chipRect(0).left());
    QCOMPARE(chips->groupRect(0).right(), chips->chipRect(groupSize - 1).right());
    QVERIFY(chips->groupRect(kvHeads).isNull());
  } else {
    // Multi-head attention: the layout of every earlier version, no brackets.
    QVERIFY(chips->groupRect(0).isNull());
    for (int head = 0; head <= 4; ++head) QCOMPARE(chips->chipRect(head), QRectF(1 + head * 70.0, 1, 64, 24));
    QCOMPARE(chips->sizeHint().height(), 26);
  }

  // Model overview: a shaded band per group of columns, and a legend line saying what it means.
  m_window->tabs()->setCurrentWidget(m_window->overview());
  QVERIFY(test::waitForOverview(*m_window));
  ModelOverviewWidget *overview = m_window->overview();
  ThumbnailGrid *grid = overview->grid();
  QCOMPARE(grid->columnCount(), 4);
  QCOMPARE(grid->columnGroupCount(), grouped ? kvHeads : 0);
  QCOMPARE(!overview->groupLegend()->isHidden(), grouped);
  QCOMPARE(m_window->smallMultiples()->columnGroupCount(), grouped ? kvHeads : 0);
  const QImage image = grid->grab().toImage();
  const QColor background = grid->palette().color(QPalette::Window);
  // The gap between the first two thumbnails: inside a band (MQA, GQA) or bare (MHA).
  const QRectF first = grid->thumbnailRect(0, 0);
  const QPoint inGap((first.right() + grid->thumbnailRect(0, 1).left()) / 2, first.center().y());
  if (grouped) {
    QVERIFY(overview->groupLegend()->text().contains(
        QStringLiteral("The %1 heads in a band share one key/value head (%2 key/value heads for 4 query heads)")
            .arg(groupSize)
            .arg(kvHeads)));
    QVERIFY(grid->columnGroupRect(0).contains(inGap));
    QVERIFY(test::colourDistance(image.pixel(inGap), background) > 8);
    if (kvHeads > 1) {
      // Between two groups: the window's background, no band.
      const QRectF last = grid->thumbnailRect(0, groupSize - 1);
      const QRectF next = grid->thumbnailRect(0, groupSize);
      const QPoint between((last.right() + next.left()) / 2, last.center().y());
      QVERIFY(!grid->columnGroupRect(0).contains(between) && !grid->columnGroupRect(1).contains(between));
      QVERIFY(test::colourDistance(image.pixel(between), background) <= 3);
    }
  } else {
    QVERIFY(test::colourDistance(image.pixel(inGap), background) <= 3);
  }
}

// The heatmap of a windowed layer outlines the band and hatches the keys before it; a global
// layer of the same model does not (Gemma 2 alternates).
void TestMainWindow::slidingWindowLayersShowTheirBand_data() {
  QTest::addColumn<QString>("folder");
  QTest::addColumn<int>("layer");
  QTest::addColumn<int>("window");
  QTest::newRow("mistral layer 1") << "hf-cases/mistral-tiny-swa" << 0 << 5;
  QTest::newRow("mistral layer 2") << "hf-cases/mistral-tiny-swa" << 1 << 5;
  QTest::newRow("gemma2 layer 1 (local)") << "hf-cases/gemma2-tiny-softcap" << 0 << 5;
  QTest::newRow("gemma2 layer 2 (global)") << "hf-cases/gemma2-tiny-softcap" << 1 << 0;
  QTest::newRow("gemma2 layer 3 (local)") << "hf-cases/gemma2-tiny-softcap" << 2 << 5;
}

void TestMainWindow::slidingWindowLayersShowTheirBand() {
  QFETCH(QString, folder);
  QFETCH(int, layer);
  QFETCH(int, window);
  openAndWait(test::testData(folder));
  type(m_window->inputPanel()->sourceEdit(),
       QStringLiteral("the quick brown fox jumps over the lazy dog by the river"));
  const LayerStep step{core::AttentionKind::DecoderSelf, layer};
  QCOMPARE(m_window->model()->spec().attention(step.kind, layer).window, window);
  m_window->showLayerStep(step);
  QCOMPARE(m_window->currentStep(), step);
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  HeatmapWidget *heatmap = m_window->heatmap();
  const AttentionSlice &slice = heatmap->slice();
  QCOMPARE(slice.window, window);
  QVERIFY(slice.rows() >= 10);
  QCOMPARE(heatmap->title().contains(QStringLiteral("sliding window 5")), window > 0);

  // Query 8 and key 1 are 7 apart: outside a window of 5, where α̂ is exactly 0 and the cell is masked.
  const int query = 8;
  const int key = 1;
  const float weight = slice.heads[std::size_t(heatmap->head())](query, key);
  const AttentionTableModel *table = heatmap->tableModel();
  QCOMPARE(table->data(table->index(query, key), AttentionTableModel::MaskedRole).toBool(), window > 0);
  const QImage image = heatmap->grab().toImage();
  const QRect cell = heatmap->cellRect(query, key).toRect().adjusted(2, 2, -2, -2);
  int maskPixels = 0;
  for (int y = cell.top(); y <= cell.bottom(); ++y) {
    for (int x = cell.left(); x <= cell.right(); ++x) {
      const QRgb pixel = image.pixel(x, y);
      if (test::colourDistance(pixel, maskColour()) <= 3 || test::colourDistance(pixel, maskHatchColour()) <= 3) {
        ++maskPixels;
      }
    }
  }
  if (window > 0) {
    QCOMPARE(weight, 0.0f);
    QCOMPARE(maskPixels, cell.width() * cell.height());  // grey with the hatch, like any masked cell
  } else {
    QVERIFY(weight > 0.0f);
    QVERIFY(test::colourDistance(image.pixel(cell.center()), weightColour(weight)) <= 3);
  }

  // The band's edges run along the cell borders right of j = i and left of j = i − W + 1, each
  // border of each row.
  const QPainterPath edges = heatmap->windowEdges();
  QCOMPARE(edges.isEmpty(), window == 0);
  QList<double> borders;
  for (int row = 0; row < slice.rows() && window > 0; ++row) {
    if (row + 1 < slice.cols()) borders << heatmap->cellRect(row, row).right();
    if (row - window + 1 >= 1) borders << heatmap->cellRect(row, row - window + 1).left();
  }
  QList<double> drawn;
  for (int i = 0; i < edges.elementCount(); ++i) drawn << edges.elementAt(i).x;
  for (const double x : borders) {
    QVERIFY(std::any_of(drawn.begin(), drawn.end(), [&](double d) { return std::abs(d - x) < 0.01; }));
  }
  for (const double x : drawn) {
    QVERIFY(std::any_of(borders.begin(), borders.end(), [&](double b) { return std::abs(b - x) < 0.01; }));
  }
  // It is drawn in the text colour: recolour the text, and inside the matrix only pixels on (within
  // 3 px of) the outline change.
  QPalette red = heatmap->palette();
  red.setColor(QPalette::Text, Qt::red);
  heatmap->setPalette(red);
  const QImage recoloured = heatmap->grab().toImage();
  heatmap->setPalette(QPalette());
  QPainterPathStroker stroker;
  stroker.setWidth(6);
  const QPainterPath nearEdges = stroker.createStroke(edges);
  const QRectF matrix = heatmap->matrixRect();
  int changed = 0;
  int offEdge = 0;
  for (int y = int(matrix.top()) + 1; y < int(matrix.bottom()) - 1; ++y) {
    for (int x = int(matrix.left()) + 1; x < int(matrix.right()) - 1; ++x) {
      // Antialiasing leaves a faint fringe (a few levels) around the line's corners.
      if (test::colourDistance(image.pixel(x, y), recoloured.pixelColor(x, y)) <= 12) continue;
      ++changed;
      if (!nearEdges.contains(QPointF(x + 0.5, y + 0.5))) ++offEdge;
    }
  }
  QCOMPARE(offEdge, 0);
  if (window > 0) QVERIFY2(changed > slice.rows() * 4, qPrintable(QString::number(changed)));
  else QCOMPARE(changed, 0);
}

// A fine-tuned encoder's prediction, with its id2label label, matches the argmax of the task
// head's logits computed here.
void TestMainWindow::taskHeadPredictionIsShown_data() {
  QTest::addColumn<QString>("folder");
  QTest::newRow("sequence classification") << "hf-cases/bert-tiny-seqcls";
  QTest::newRow("token classification") << "hf-cases/bert-tiny-tokcls";
  QTest::newRow("question answering") << "hf-cases/bert-tiny-qa";
  QTest::newRow("no task head") << "hf-cases/llama-tiny-gqa";
}

void TestMainWindow::taskHeadPredictionIsShown() {
  QFETCH(QString, folder);
  openAndWait(test::testData(folder));
  const QString text = QStringLiteral("the quick brown fox jumps over the lazy dog in paris");
  type(m_window->inputPanel()->sourceEdit(), text);
  QLabel *label = m_window->inputPanel()->predictionLabel();
  const core::Model &model = *m_window->model();
  const core::ClassifierSpec &classifier = model.spec().classifier;
  if (classifier.kind == core::ClassifierKind::None) {
    QVERIFY(label->isHidden());
    QVERIFY(m_window->analysis()->prediction.empty());
    return;
  }
  QVERIFY(!label->isHidden());
  // Computed on the worker, with the analysis.
  QVERIFY(m_window->analysis()->thread != std::this_thread::get_id());
  QCOMPARE(m_window->analysis()->prediction.kind, classifier.kind);

  const core::ModelInput input = core::prepare_inputs(model, text.toStdString());
  const core::RowMatrix logits = core::forward(model, input.source.ids, {}).class_logits;
  const auto labelOf = [&](Eigen::Index row) {
    Eigen::Index best = 0;
    logits.row(row).maxCoeff(&best);
    return QString::fromStdString(classifier.labels[std::size_t(best)]);
  };
  const auto tokenText = [&](Eigen::Index t) { return QString::fromStdString(input.source.tokens[std::size_t(t)]); };
  const auto rows = logits.rows();
  switch (classifier.kind) {
    case core::ClassifierKind::Sequence: {
      QCOMPARE(classifier.labels, (std::vector<std::string>{"NEGATIVE", "NEUTRAL", "POSITIVE"}));
      const Eigen::ArrayXf e = (logits.row(0).array() - logits.maxCoeff()).exp().transpose();
      QCOMPARE(label->text(),
               QStringLiteral("Prediction: %1 (%2)").arg(labelOf(0)).arg(e.maxCoeff() / e.sum(), 0, 'f', 2));
      for (const std::string &name : classifier.labels) {
        QVERIFY(label->toolTip().contains(QString::fromStdString(name)));
      }
      break;
    }
    case core::ClassifierKind::Token: {
      QCOMPARE(rows, Eigen::Index(input.source.size()));
      QStringList pairs;  // [CLS] and [SEP] have no label of their own
      for (Eigen::Index t = 1; t + 1 < rows; ++t) pairs << QStringLiteral("%1 → %2").arg(tokenText(t), labelOf(t));
      QCOMPARE(label->text(), QStringLiteral("Token labels: ") + pairs.join(QStringLiteral(" · ")));
      break;
    }
    case core::ClassifierKind::QuestionAnswering: {
      // The best start ≤ end within the text's tokens, at most 15 long.
      float best = -1e30f;
      Eigen::Index start = -1;
      Eigen::Index end = -1;
      for (Eigen::Index s = 1; s + 1 < rows; ++s) {
        for (Eigen::Index e = s; e + 1 < rows && e < s + 15; ++e) {
          if (logits(s, 0) + logits(e, 1) > best) {
            best = logits(s, 0) + logits(e, 1);
            start = s;
            end = e;
          }
        }
      }
      const std::vector<int> ids(input.source.ids.begin() + start, input.source.ids.begin() + end + 1);
      const QString span = QString::fromStdString(model.source_tokenizer().decode(ids)).trimmed();
      QVERIFY(!span.isEmpty());
      const QString expected = start == end ? QStringLiteral("Answer span: token %1 “%2”").arg(start + 1).arg(span)
                                            : QStringLiteral("Answer span: tokens %1–%2 “%3”")
                                                  .arg(start + 1)
                                                  .arg(end + 1)
                                                  .arg(span);
      QCOMPARE(label->text(), expected);
      break;
    }
    case core::ClassifierKind::None:
      break;
  }
}

void TestMainWindow::supersededLoadNeverBecomesCurrent() {
  // Issue 18: a load the user has since replaced used to become current for a moment and land in
  // Open Recent. Loads are numbered now, like analyses: only the newest reports back.
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  QSignalSpy failed(m_window.get(), &MainWindow::modelLoadFailed);
  const QString replaced = test::testData(QStringLiteral("peer/marian-tiny-short"));
  const QString broken = test::testData(QStringLiteral("does-not-exist"));
  const QString wanted = test::defaultTestModel();
  m_window->openModel(replaced);
  m_window->openModel(broken);  // superseded too: no error box for a load nobody waits for
  m_window->openModel(wanted);
  QVERIFY(loaded.wait(20000));
  QVERIFY(QTest::qWaitFor([&] { return !m_window->jobRunner()->isBusy(JobLane::Model); }, 20000));
  QTest::qWait(100);  // any stale report would have arrived by now
  QCOMPARE(loaded.count(), 1);
  QCOMPARE(loaded.front().front().toString(), wanted);
  QCOMPARE(failed.count(), 0);
  QVERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("loadErrorBox")));
  QCOMPARE(m_window->modelFolder(), wanted);
  QCOMPARE(QSettings().value(QStringLiteral("model/recent")).toStringList(), QStringList{QFileInfo(wanted).absoluteFilePath()});
  QMenu *recent = nullptr;
  for (QMenu *menu : m_window->menuBar()->findChildren<QMenu *>()) {
    if (menu->title() == MainWindow::tr("Open &Recent")) recent = menu;
  }
  QVERIFY(recent);
  QCOMPARE(recent->actions().size(), 1);
}

void TestMainWindow::generationStepFollowsTheTarget() {
  // Issue 18, defect 1: after the decoder input changed, the Generation list still named the old
  // step's token. Every label now comes from the result on show, and a new target shows its newest
  // token; the same target (PE toggled) keeps the user's step.
  openAndWait(test::defaultTestModel());
  ViewState *state = m_window->viewState();
  StepperWidget *generation = m_window->generationStepper();
  const auto labelsMatch = [&] {
    const TokenSequence target = tokenSequence(m_window->analysis()->target);
    if (generation->count() != target.tokens.size() || generation->count() != state->generationStepCount()) return false;
    for (int t = 1; t < generation->count(); ++t) {
      if (!generation->itemText(t).contains(target.tokens[t].text)) return false;
    }
    return generation->currentIndex() == state->generationStep();
  };
  state->setTargetText(QStringLiteral("die katze sass auf der matte"));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(labelsMatch());
  state->setGenerationStep(3);
  QCOMPARE(generation->currentIndex(), 3);
  QCOMPARE(m_window->wordGraph()->slice().newestQuery, -1);  // the encoder layer is on show
  m_window->positionalEncodingAction()->trigger();  // Ctrl+E
  QVERIFY(waitForViews(*m_window));
  QVERIFY(!state->positionalEncoding());
  QCOMPARE(state->generationStep(), 3);
  QVERIFY(labelsMatch());

  // Same length, other words: the labels are the new target's, the step its newest token.
  state->setTargetText(QStringLiteral("die matte sass auf der katze"));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(labelsMatch());
  QCOMPARE(state->generationStep(), generation->count() - 1);
  // Shorter: never a step past the end.
  state->setTargetText(QStringLiteral("die katze"));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(labelsMatch());
  m_window->showLayerStep({core::AttentionKind::DecoderSelf, 0});
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().rows(), generation->count());

  // Rapid PE toggling ends on a result for the last setting, whatever order the passes finish in.
  for (int i = 0; i < 7; ++i) m_window->positionalEncodingAction()->trigger();
  QVERIFY(waitForViews(*m_window));
  QVERIFY(state->positionalEncoding());
  QVERIFY(state->analysisCoversEncoding());
  QVERIFY(labelsMatch());
}

void TestMainWindow::widgetsAndStateStayInStep() {
  openAndWait(test::defaultTestModel());
  ViewState *state = m_window->viewState();
  // State → widgets.
  state->setLayerStep({core::AttentionKind::DecoderCross, 1});
  QCOMPARE(m_window->layerStepper()->currentIndex(), state->layerIndex());
  QVERIFY(waitForViews(*m_window));  // the step's slices arrive from the Slices lane
  QCOMPARE(m_window->wordGraph()->slice().step.kind, core::AttentionKind::DecoderCross);
  state->setFocusedHead(1);
  QCOMPARE(m_window->headChips()->focusedHead(), 1);
  QCOMPARE(m_window->heatmap()->head(), 1);
  state->setThreshold(0.3);
  QCOMPARE(m_window->thresholdSlider()->value(), 30);
  state->setPeDifference(true);
  QVERIFY(m_window->differenceAction()->isChecked());
  state->setSourceText(QStringLiteral("the cat"));
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("the cat"));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(QString::fromStdString(m_window->analysis()->sourceText), QStringLiteral("the cat"));
  QVERIFY(state->analysisMatchesInput());
  // Widgets → state.
  m_window->headChips()->showHeadAlone(0);
  QCOMPARE(state->visibleHeads().count(true), 1);
  QCOMPARE(state->focusedHead(), 0);
  m_window->layerStepper()->setCurrentIndex(0);
  QCOMPARE(state->layerIndex(), 0);
  m_window->thresholdSlider()->setValue(10);
  QCOMPARE(state->threshold(), 0.1);
  m_window->positionalEncodingAction()->trigger();
  QVERIFY(!state->positionalEncoding());
  // (the views' pass has one PE setting: the toggle recomputes; typing starts once it is shown)
  QVERIFY(waitForViews(*m_window));
  type(m_window->inputPanel()->sourceEdit(), QStringLiteral("a dog"));
  QCOMPARE(state->sourceText(), QStringLiteral("a dog"));
}

void TestMainWindow::settingsDialogRoundTrip() {
  m_window->settingsAction()->trigger();
  auto *dialog = m_window->findChild<SettingsDialog *>();
  QVERIFY(dialog);
  QVERIFY(dialog->isVisible());
  QVERIFY(dialog->preferences() == m_window->viewState()->preferences());
  Preferences chosen;
  chosen.threads = 1;
  chosen.precision = QStringLiteral("fast");
  chosen.memoryBudgetMb = 1024;
  chosen.positionalEncoding = false;
  chosen.peDifference = true;
  chosen.threshold = 0.2;
  chosen.words = true;
  chosen.hideSpecial = true;
  chosen.topPLines = true;
  chosen.topP = 0.5;
  dialog->showPreferences(chosen);
  dialog->accept();
  QVERIFY(m_window->viewState()->preferences() == chosen);
  QSettings settings;
  QVERIFY(loadPreferences(settings) == chosen);

  // The next window starts from them: the views' defaults included.
  m_window->close();
  m_window = std::make_unique<MainWindow>();
  QVERIFY(m_window->viewState()->preferences() == chosen);
  QVERIFY(!m_window->positionalEncodingAction()->isChecked());
  QVERIFY(m_window->differenceAction()->isChecked());
  QCOMPARE(m_window->thresholdSlider()->value(), 20);
  // and the reading: words, special tokens hidden, top-p lines
  QVERIFY(m_window->viewState()->wordLevel());
  QVERIFY(m_window->wordLevelToggle()->isChecked());
  QVERIFY(m_window->viewState()->hideSpecialTokens());
  QVERIFY(m_window->hideSpecialToggle()->isChecked());
  QCOMPARE(m_window->viewState()->edgeFilter(), ViewState::EdgeFilter::TopP);
  QCOMPARE(m_window->viewState()->topP(), 0.5);
  QCOMPARE(m_window->topPBox()->value(), 0.5);

  // Cancel keeps what was stored.
  m_window->settingsAction()->trigger();
  dialog = m_window->findChild<SettingsDialog *>();
  QVERIFY(dialog);
  dialog->showPreferences(Preferences{});
  dialog->reject();
  QVERIFY(m_window->viewState()->preferences() == chosen);
}

// Settings ▸ Theme: accepting the dialog recolours the open window at once, and the views draw on it.
void TestMainWindow::settingsThemeRecoloursTheWindow() {
  openAndWait(test::defaultTestModel());
  const auto chooseTheme = [this](const QString &theme) {
    m_window->settingsAction()->trigger();
    auto *dialog = m_window->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    Preferences chosen = m_window->viewState()->preferences();
    chosen.theme = theme;
    dialog->showPreferences(chosen);
    dialog->accept();
    QApplication::processEvents();
    QCOMPARE(m_window->viewState()->preferences().theme, theme);
  };
  const auto lightness = [](const QWidget *widget, QPalette::ColorRole role) {
    return widget->palette().color(role).lightness();
  };
  chooseTheme(QStringLiteral("dark"));
  QVERIFY(lightness(m_window.get(), QPalette::Window) < 100);
  QVERIFY(lightness(m_window->wordGraph(), QPalette::Base) < 100);
  QVERIFY(lightness(m_window->wordGraph(), QPalette::Text) > 155);
  // The word graph's picture is drawn on the dark base.
  const QImage dark = m_window->wordGraph()->grab().toImage();
  QVERIFY(QColor(dark.pixel(2, dark.height() - 2)).lightness() < 100);
  chooseTheme(QStringLiteral("light"));
  QVERIFY(lightness(m_window.get(), QPalette::Window) > 155);
  QVERIFY(lightness(m_window->wordGraph(), QPalette::Base) > 155);
  const QImage light = m_window->wordGraph()->grab().toImage();
  QVERIFY(QColor(light.pixel(2, light.height() - 2)).lightness() > 155);
  chooseTheme(QStringLiteral("system"));
}

// Settings ▸ Precision: fast recomputes the views with bfloat16 dot products (close to exact,
// not equal), and exact gives back exactly what was shown first.
void TestMainWindow::precisionSettingReachesTheForwardPass() {
  openAndWait(test::defaultTestModel());
  const auto firstHead = [this] {
    const std::shared_ptr<const Analysis> analysis = m_window->analysis();
    const core::AttentionTrace *trace = analysis ? analysis->trace(true) : nullptr;
    if (!trace) return core::RowMatrix();
    const bool encoder = !trace->encoder_self.empty();
    return (encoder ? trace->encoder_self : trace->decoder_self).front().heads.front();
  };
  const core::RowMatrix exact = firstHead();
  QVERIFY(exact.size() > 1);

  Preferences preferences = m_window->viewState()->preferences();
  preferences.precision = QStringLiteral("fast");
  QSignalSpy updated(m_window.get(), &MainWindow::viewsUpdated);
  m_window->applyPreferences(preferences);
  QTRY_VERIFY_WITH_TIMEOUT(firstHead().size() == exact.size() && firstHead() != exact, 20000);
  const core::RowMatrix fast = firstHead();
  QVERIFY((fast - exact).cwiseAbs().maxCoeff() < 0.2);

  preferences.precision = QStringLiteral("exact");
  m_window->applyPreferences(preferences);
  QTRY_VERIFY_WITH_TIMEOUT(firstHead() == exact, 20000);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
