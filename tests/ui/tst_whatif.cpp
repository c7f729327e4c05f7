// The What If tab (issue 16, items 10 and 12): a token edited from the heatmap's or word graph's
// own context menu recomputes off the GUI thread and the one difference view shows B − A, the same
// numbers as two forward passes computed here; Undo and bad edits (an unknown replacement, the last
// token deleted) leave the edits as they were, with the core's message; another sentence is
// aligned by LCS; another checkpoint of the same architecture is compared and one of another is
// refused naming what differs; PE off gives α̂ with PE − α̂ without PE.

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSemaphore>
#include <QPushButton>
#include <QStatusBar>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <thread>

#include "difference_view.h"
#include "edits_banner.h"
#include "head_analysis_widget.h"
#include "head_analysis_controller.h"
#include "model_overview_widget.h"
#include "analysis/methods/attention_method.h"
#include "analysis/methods/top_p.h"
#include "analysis/reading/token_reading.h"
#include "analysis/whatif/edited_input.h"
#include "difference_slice.h"
#include "head_ablation_page.h"
#include "model/model_input.h"
#include "view_state.h"
#include "export_menu.h"
#include "families/load_model.h"
#include "figure_frame.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_runner.h"
#include "main_window.h"
#include "model/transformer.h"
#include "replace_token_dialog.h"
#include "source_edit.h"
#include "startup_screenshot.h"
#include "teaching_tools.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "token_edit_menu.h"
#include "whatif_job.h"
#include "whatif_panel.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 20000);
}

// The largest |x − y| over two same-shaped matrices; infinity for different shapes.
float largestDifference(const core::RowMatrix &x, const core::RowMatrix &y) {
  if (x.rows() != y.rows() || x.cols() != y.cols()) return std::numeric_limits<float>::infinity();
  return x.size() == 0 ? 0.0f : (x - y).cwiseAbs().maxCoeff();
}

// Holds a JobRunner lane's thread until opened: a job submitted behind it waits.
struct LaneGate {
  QSemaphore held;
  QSemaphore running;
  void hold() {
    running.release();
    held.acquire();
  }
  void open() { held.release(); }
};

// A lane's thread held by a job that waits on a LaneGate, until open() or the end of the scope:
// the lane's next job waits behind it.
class HeldLane {
 public:
  HeldLane(JobRunner &runner, JobLane lane) {
    runner.submit(
        lane, &m_holder,
        [gate = m_gate](const JobContext &) {
          gate->hold();
          return 0;
        },
        [](int) {});
  }
  ~HeldLane() { open(); }
  HeldLane(const HeldLane &) = delete;
  HeldLane &operator=(const HeldLane &) = delete;

  bool started() { return m_gate->running.tryAcquire(1, 20000); }  // the holding job runs
  void open() { m_gate->open(); }

 private:
  std::shared_ptr<LaneGate> m_gate = std::make_shared<LaneGate>();
  QObject m_holder;  // receives the holding job's (empty) result
};

}  // namespace

class TestWhatIf : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void maskFromTheHeatmapMenuShowsTheDifference();
  void deleteFromTheWordGraphMenuThenUndo();
  void badEditsAreRefusedWithAMessage();
  void replaceDialogRefusesWhatTheVocabularyCannotRead();
  void newTextClearsTheEdits();
  void secondSentenceIsAlignedByLcs();
  void checkpointsOfOneArchitectureCompareOthersAreRefused();
  void aFolderThatIsNoModelGetsTheLoadersMessage();
  void aSecondCheckpointOverTheMemoryBudgetIsRefused();
  void positionalEncodingOffIsTheSameDifferenceView();
  void editsReachEveryViewAndTheBannerClearsThem();
  void aTokenShownAfterAnEditIsEditedAtItsTypedPosition();
  void aReplacementOfSeveralPiecesIsSaidAndItsPiecesCannotBeEdited();
  void theGeneratedTargetFollowsAnEditedSource();
  void theDifferenceViewIsWhatTheTabExports();
  void aComparisonDroppedByAnotherModelLeavesNoComputing();
  void theMethodAndTheReadingReachTheDifference();
  void aPerLayerMethodAndAKindItDoesNotCover();
  void topPLinesCutBothPassesBeforeTheyAreSubtracted();
  void aWordReadFromPiecesIsEditedPieceByPiece();
  void hiddenTokensLeaveTheShownOnesAtTheirTruePositions();
  void ablationThumbnailsAreDrawnAsTheDifferenceViewDrawsThem();
  void ablationReadsBothPassesAsTheViewsDo();
  void aSentencePairIsComparedWithAnotherPairAndItsOwnTokenTypes();
  void theDifferenceFigureIsBuiltOffTheGuiThread();
  void onlyTheNewestOfSeveralRequestsIsDrawn();
  void aDifferenceFigureStillComingIsNeitherExportedNorScreenshot();
  void aHiddenAblationPageDoesNotHoldBackTheHeadsTabsExport();

 private:
  void openAndWait(const QString &folder, const QString &text);
  // Emits the context-menu hook as a right-click at position on figure would, and returns the
  // menu's action named name (nullptr when the hook added none).
  QAction *menuAction(QMenu &menu, QWidget *figure, const QPoint &position, const QString &name);
  bool waitForResult();
  // The difference view's newest figure is drawn (built on the Difference lane).
  bool waitForFigure();
  // The analysis on show computed with the view state's token edits.
  bool waitForEditsShown();
  // A result read with method (and, when words, as words) once the tab has one.
  bool waitForReadResult(core::AttentionMethod method, bool words);
  WhatIfPanel *panel() const { return m_window->whatIf(); }
  std::unique_ptr<MainWindow> m_window;
  QTemporaryDir m_dir;
};

void TestWhatIf::initTestCase() {
  test::isolateSettings();
}

void TestWhatIf::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  openAndWait(test::testData(QStringLiteral("peer/bert-tiny-short")), QStringLiteral("the quick cat"));
}

void TestWhatIf::cleanup() {
  m_window.reset();
}

void TestWhatIf::openAndWait(const QString &folder, const QString &text) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
  m_window->inputPanel()->sourceEdit()->setText(text);
  QVERIFY(QTest::qWaitFor(
      [&] { return m_window->analysis() && m_window->analysis()->sourceText == text.toStdString(); }, 20000));
  QVERIFY(waitForViews(*m_window));
}

QAction *TestWhatIf::menuAction(QMenu &menu, QWidget *figure, const QPoint &position, const QString &name) {
  emit m_window->teachingTools()->exports()->figureMenuAboutToShow(figure, position, &menu);
  return menu.findChild<QAction *>(name);
}

bool TestWhatIf::waitForEditsShown() {
  return QTest::qWaitFor(
      [&] {
        return m_window->analysis() && !m_window->isComputing() &&
               m_window->analysis()->edits == m_window->viewState()->tokenEdits();
      },
      20000);
}

bool TestWhatIf::waitForReadResult(core::AttentionMethod method, bool words) {
  return QTest::qWaitFor(
      [&] {
        const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
        return !panel()->isBusy() && result && result->comparison && result->comparison->method == method &&
               result->comparison->reading.words == words;
      },
      30000);
}

bool TestWhatIf::waitForResult() {
  return QTest::qWaitFor([&] { return !panel()->isBusy() && panel()->view()->result() != nullptr; }, 20000);
}

bool TestWhatIf::waitForFigure() {
  return QTest::qWaitFor([&] { return !panel()->view()->isComputing(); }, 20000);
}

void TestWhatIf::maskFromTheHeatmapMenuShowsTheDifference() {
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  HeatmapWidget *heatmap = m_window->heatmap();
  QTRY_VERIFY(!heatmap->slice().empty());
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  QCOMPARE(analysis->source.tokens[2], std::string("quick"));
  // the label of query 2, left of the matrix
  const QRectF row = heatmap->cellRect(2, 0);
  const QPoint label(static_cast<int>(heatmap->matrixRect().left()) - 12, static_cast<int>(row.center().y()));
  QCOMPARE(heatmap->labelAt(label), (TokenRef{TokenSide::Query, 2}));
  QMenu menu;
  QAction *mask = menuAction(menu, heatmap, label, QStringLiteral("maskTokenAction"));
  QVERIFY(mask);
  QSignalSpy shown(panel()->view(), &DifferenceView::resultShown);
  mask->trigger();
  // the edit lives in the view state; the Attention tab stays on show and recomputes
  QCOMPARE(m_window->viewState()->tokenEdits().size(), std::size_t{1});
  QCOMPARE(m_window->tabs()->currentIndex(), 0);
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QCOMPARE(result->sourceB.tokens[2], std::string("[MASK]"));
  QCOMPARE(result->sourceB.size(), analysis->source.size());

  // independently: two passes over the ids, the second with [MASK] (id 4) at position 2
  std::vector<int> masked = analysis->source.ids;
  masked[2] = 4;
  const core::ForwardResult a =
      core::forward(*analysis->model, analysis->source.ids, {}, analysis->forwardOptions(true));
  const core::ForwardResult b = core::forward(*analysis->model, masked, {}, analysis->forwardOptions(true));
  const core::AttentionDifference &d = result->comparison->difference;
  QCOMPARE(d.layers.size(), a.trace.encoder_self.size());
  for (std::size_t l = 0; l < d.layers.size(); ++l) {
    for (std::size_t h = 0; h < d.layers[l].heads.size(); ++h) {
      const core::RowMatrix want = b.trace.encoder_self[l].heads[h] - a.trace.encoder_self[l].heads[h];
      QCOMPARE(largestDifference(d.layers[l].heads[h], want), 0.0f);
    }
  }
  QVERIFY(d.largest > 1e-4f);
  // the view: a difference-scale heatmap over the 5 aligned tokens, the masked one labelled A→B
  const AttentionSlice slice = panel()->view()->heatmap()->slice();
  QCOMPARE(slice.scale, ValueScale::Difference);
  QCOMPARE(slice.rows(), 5);
  QCOMPARE(slice.queries.tokens[2].text, QStringLiteral("quick→[MASK]"));
  QCOMPARE(panel()->view()->grid()->thumbnails().size(),
           int(a.trace.encoder_self.size() * a.trace.encoder_self[0].heads.size()));
  // the prediction before and after, and its KL
  QVERIFY(result->comparison->prediction.has_value());
  QCOMPARE(panel()->view()->predictions()->rowCount(), int(result->comparison->prediction->top.size()));
  QVERIFY(panel()->view()->summary()->text().contains(QStringLiteral("KL")));
  // A alone and B alone are the passes' own α̂
  panel()->view()->selectHead(core::AttentionKind::EncoderSelf, 1, 1);
  panel()->view()->setShow(DifferenceView::Show::B);
  QVERIFY(waitForFigure());
  QCOMPARE(largestDifference(panel()->view()->heatmap()->slice().heads[1], b.trace.encoder_self[1].heads[1]), 0.0f);
  QCOMPARE(panel()->view()->heatmap()->head(), 1);
}

void TestWhatIf::deleteFromTheWordGraphMenuThenUndo() {
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 1});
  WordGraphWidget *graph = m_window->wordGraph();
  QTRY_VERIFY(!graph->slice().empty());
  const QPoint label = graph->currentLayout().labelRect({TokenSide::Key, 1}).center().toPoint();
  QMenu menu;
  QAction *remove = menuAction(menu, graph, label, QStringLiteral("deleteTokenAction"));
  QVERIFY(remove);
  remove->trigger();
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QCOMPARE(result->sourceB.size() + 1, result->sourceA.size());
  QCOMPARE(result->comparison->difference.source.before, (std::vector<int>{0, 2, 3, 4}));
  QCOMPARE(panel()->view()->heatmap()->slice().rows(), 4);
  QCOMPARE(panel()->editList()->text(), QStringLiteral("1 edit: ‘the’ deleted at 1"));
  // Undo: no edits, nothing to compare
  panel()->undoEdit();
  QVERIFY(panel()->edits().empty());
  QVERIFY(QTest::qWaitFor([&] { return panel()->view()->result() == nullptr; }, 5000));
  QVERIFY(panel()->view()->heatmap()->slice().empty());
}

void TestWhatIf::badEditsAreRefusedWithAMessage() {
  const QString unknown = panel()->replaceToken(TokenSource::Source, 1, QStringLiteral("€"));
  QVERIFY2(unknown.contains(QStringLiteral("the vocabulary has no token for")), qPrintable(unknown));
  QVERIFY(panel()->edits().empty());
  // a position past the end of the tokens on show
  const QString past = panel()->maskToken(TokenSource::Source, 9);
  QCOMPARE(past, QStringLiteral("There is no token 9: the input has 5 tokens (positions 0 to 4)."));
  QVERIFY(panel()->edits().empty());
  // delete the first token shown until one is left (each time once the views show the last
  // deletion); the last is refused
  const int tokens = static_cast<int>(m_window->analysis()->source.size());
  for (int n = 0; n < tokens - 1; ++n) {
    QCOMPARE(panel()->deleteToken(TokenSource::Source, 0), QString());
    QVERIFY(waitForEditsShown());
  }
  QCOMPARE(m_window->analysis()->source.size(), std::size_t(1));
  const QString last = panel()->deleteToken(TokenSource::Source, 0);
  QVERIFY2(last.contains(QStringLiteral("it is the only token")), qPrintable(last));
  QCOMPARE(int(panel()->edits().size()), tokens - 1);
  // positions as typed: an edit of a token already deleted names it
  const QString again = panel()->checkEdit({TokenSource::Source, {core::TokenEditKind::Mask, 0, {}}});
  QVERIFY2(again.contains(QStringLiteral("an earlier edit deleted it")), qPrintable(again));
  QVERIFY(waitForResult());
  QCOMPARE(panel()->view()->result()->sourceB.size(), std::size_t(1));
}

void TestWhatIf::replaceDialogRefusesWhatTheVocabularyCannotRead() {
  ReplaceTokenDialog dialog(QStringLiteral("cat"), 3, [this](const QString &text) {
    return panel()->checkEdit({TokenSource::Source, {core::TokenEditKind::Replace, 3, text.toStdString()}});
  });
  QVERIFY(!dialog.canAccept());  // empty
  dialog.setReplacement(QStringLiteral("€"));
  QVERIFY(!dialog.canAccept());
  QVERIFY(dialog.problem().contains(QStringLiteral("[UNK]")));
  dialog.setReplacement(QStringLiteral("dog"));
  QVERIFY(dialog.canAccept());
  QVERIFY(dialog.problem().isEmpty());
  QCOMPARE(panel()->replaceToken(TokenSource::Source, 3, dialog.replacement()), QString());
  QVERIFY(waitForResult());
  QCOMPARE(panel()->view()->result()->sourceB.tokens[3], std::string("dog"));
}

void TestWhatIf::newTextClearsTheEdits() {
  QCOMPARE(panel()->maskToken(TokenSource::Source, 1), QString());
  QVERIFY(waitForResult());
  m_window->inputPanel()->sourceEdit()->setText(QStringLiteral("the dog"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourceText == "the dog"; }, 20000));
  QVERIFY(panel()->edits().empty());
  QVERIFY(QTest::qWaitFor([&] { return panel()->view()->result() == nullptr; }, 5000));
}

void TestWhatIf::secondSentenceIsAlignedByLcs() {
  panel()->setSentence(QStringLiteral("the big quick dog"));
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  // [CLS] the quick cat [SEP] against [CLS] the b ##i ##g quick dog [SEP]
  QCOMPARE(result->comparison->difference.source.before, (std::vector<int>{0, 1, 2, 4}));
  QCOMPARE(result->comparison->difference.source.after, (std::vector<int>{0, 1, 5, 7}));
  const AttentionSlice slice = panel()->view()->heatmap()->slice();
  QCOMPARE(slice.rows(), 4);
  QCOMPARE(slice.keys.tokens[2].text, QStringLiteral("quick"));
  // cell (quick, [SEP]) of layer 0 head 0 is B's (5, 7) − A's (2, 4)
  const core::ForwardResult a = core::forward(*result->analysis->model, result->sourceA.ids, {});
  const core::ForwardResult b = core::forward(*result->analysis->model, result->sourceB.ids, {});
  QCOMPARE(slice.heads[0](2, 3), b.trace.encoder_self[0].heads[0](5, 7) - a.trace.encoder_self[0].heads[0](2, 4));
}

void TestWhatIf::checkpointsOfOneArchitectureCompareOthersAreRefused() {
  openAndWait(test::testData(QStringLiteral("../../models/reverse")), QStringLiteral("3 1 4 1 5"));
  panel()->setCheckpoint(test::testData(QStringLiteral("../../models/reverse-checkpoints/step-000100")));
  QVERIFY(waitForResult());
  std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QCOMPARE(result->sourceB.ids, result->sourceA.ids);
  QVERIFY(result->comparison->difference.largest > 1e-3f);  // 100 steps against the trained model
  QCOMPARE(panel()->view()->kindBox()->count(), 3);         // encoder self, decoder self, cross

  panel()->setCheckpoint(test::testData(QStringLiteral("../../models/translate-en-zh")));
  QVERIFY(QTest::qWaitFor([&] { return !panel()->isBusy() && panel()->view()->result() == nullptr; }, 20000));
  QVERIFY2(panel()->view()->summary()->text().contains(QStringLiteral("d_model differs: 64 in reverse, 128 in")),
           qPrintable(panel()->view()->summary()->text()));
}

void TestWhatIf::aFolderThatIsNoModelGetsTheLoadersMessage() {
  const QString folder = test::testData(QStringLiteral("tokenizers"));
  panel()->setCheckpoint(folder);
  QVERIFY(QTest::qWaitFor([&] { return !panel()->isBusy() && panel()->view()->result() == nullptr; }, 20000));
  const QString message = panel()->view()->summary()->text();
  QVERIFY2(message.contains(QStringLiteral("model.safetensors: cannot open")), qPrintable(message));
  // the window's own model and analysis are untouched
  QCOMPARE(m_window->model()->spec().family, std::string("bert"));
}

// The second checkpoint opens under the analysis's memory budget (Settings ▸ Memory budget): a GGUF
// file, whose weights are copied out and dequantised, is refused before anything is allocated.
void TestWhatIf::aSecondCheckpointOverTheMemoryBudgetIsRefused() {
  auto tight = std::make_shared<Analysis>(*m_window->analysis());
  tight->memoryBudget = 100 * 1024;
  WhatIfRequest request;
  request.mode = WhatIfMode::Checkpoint;
  request.analysis = tight;
  request.checkpoint = test::testData(QStringLiteral("gguf/mistral-256.q4_k.gguf"));
  const WhatIfResult refused = runWhatIf(request);
  QVERIFY(!refused.comparison);
  QVERIFY(!refused.checkpointModel);
  QVERIFY2(refused.error.contains(QStringLiteral("mistral-256.q4_k.gguf: opening it needs about 2.6 MiB")) &&
               refused.error.contains(QStringLiteral("but the memory budget is 100.0 KiB")),
           qPrintable(refused.error));
  // with room the file opens (and is then refused for its architecture, which is another message)
  tight->memoryBudget = 0;
  const WhatIfResult opened = runWhatIf(request);
  QVERIFY(opened.checkpointModel);
  QVERIFY2(!opened.error.contains(QStringLiteral("memory budget")), qPrintable(opened.error));
}

void TestWhatIf::positionalEncodingOffIsTheSameDifferenceView() {
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  const Analysis &analysis = *result->analysis;
  const core::ForwardResult on = core::forward(*analysis.model, analysis.source.ids, {}, analysis.forwardOptions(true));
  const core::ForwardResult off =
      core::forward(*analysis.model, analysis.source.ids, {}, analysis.forwardOptions(false));
  const core::LayerDifference *layer = result->comparison->difference.find(core::AttentionKind::EncoderSelf, 1);
  QVERIFY(layer);
  QCOMPARE(largestDifference(layer->heads[0], on.trace.encoder_self[1].heads[0] - off.trace.encoder_self[1].heads[0]),
           0.0f);
  QVERIFY(panel()->view()->heatmap()->title().contains(QStringLiteral("with positional encoding − without")));
}

// Issue 16, item 10: an edit made in one view is the input of every view (word graph, heatmap,
// overview, Heads tab, exports), the banner over the tabs names it, and one click clears it.
void TestWhatIf::editsReachEveryViewAndTheBannerClearsThem() {
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  QVERIFY(!m_window->editsBanner()->isVisible());
  QCOMPARE(panel()->maskToken(TokenSource::Source, 2), QString());
  QCOMPARE(panel()->replaceToken(TokenSource::Source, 3, QStringLiteral("dog")), QString());
  QVERIFY(waitForEditsShown());
  QTRY_VERIFY(m_window->editsBanner()->isVisible());
  QCOMPARE(m_window->editsBanner()->text(), QStringLiteral("2 edits: [MASK] at 2, ‘cat’→‘dog’ at 3"));
  // the Attention tab's views read the edited ids: the same α̂ as a pass over them computed here
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  std::vector<int> ids = analysis->typedSource.ids;
  ids[2] = 4;    // [MASK]
  ids[3] = 131;  // dog
  QCOMPARE(analysis->source.ids, ids);
  const core::ForwardResult edited = core::forward(*analysis->model, ids, {}, analysis->forwardOptions(true));
  QTRY_COMPARE(m_window->heatmap()->slice().queries.tokens[2].text, QStringLiteral("[MASK]"));
  QCOMPARE(m_window->heatmap()->slice().keys.tokens[3].text, QStringLiteral("dog"));
  QCOMPARE(largestDifference(m_window->heatmap()->slice().heads[0], edited.trace.encoder_self[0].heads[0]), 0.0f);
  QCOMPARE(m_window->wordGraph()->slice().queries.tokens[2].text, QStringLiteral("[MASK]"));
  // exports write the edited tokens
  const QString csv = QDir(m_dir.path()).filePath(QStringLiteral("edited.csv"));
  QSignalSpy exported(m_window->teachingTools()->exports(), &ExportMenu::attentionExported);
  QCOMPARE(m_window->teachingTools()->exports()->exportAttention(csv), QString());
  QVERIFY(exported.wait(20000));
  QFile file(csv);
  QVERIFY(file.open(QIODevice::ReadOnly));
  const QString header = QString::fromUtf8(file.readLine());
  QVERIFY2(header.contains(QStringLiteral("2:[MASK]")) && header.contains(QStringLiteral("3:dog")), qPrintable(header));
  // the overview and the Heads tab
  m_window->tabs()->setCurrentWidget(m_window->overview());
  QVERIFY(test::waitForOverview(*m_window));
  m_window->tabs()->setCurrentWidget(m_window->headAnalysis());
  QTRY_VERIFY_WITH_TIMEOUT(m_window->headAnalysis()->shownResult() &&
                               m_window->headAnalysis()->shownResult()->analysis == m_window->analysis(),
                           20000);
  QCOMPARE(m_window->headAnalysis()->shownResult()->analysis->source.tokens[2], std::string("[MASK]"));
  // the banner's Clear Edits: the text as typed again, everywhere
  m_window->tabs()->setCurrentIndex(0);
  QTest::mouseClick(m_window->editsBanner()->clearButton(), Qt::LeftButton);
  QVERIFY(m_window->viewState()->tokenEdits().empty());
  QVERIFY(!m_window->editsBanner()->isVisible());
  QVERIFY(waitForEditsShown());
  QTRY_COMPARE(m_window->heatmap()->slice().queries.tokens[2].text, QStringLiteral("quick"));
  // and deleting a token makes every thumbnail of the overview one column narrower
  QCOMPARE(panel()->deleteToken(TokenSource::Source, 1), QString());
  QVERIFY(waitForEditsShown());
  m_window->tabs()->setCurrentWidget(m_window->overview());
  QTRY_VERIFY_WITH_TIMEOUT(test::waitForOverview(*m_window, 0) &&
                               m_window->overview()->grid()->thumbnails().front().image.width() == 4,
                           20000);
  for (const Thumbnail &thumbnail : m_window->overview()->grid()->thumbnails()) QCOMPARE(thumbnail.image.width(), 4);
  // Show Difference: the What If tab with B − A of the edit
  QTest::mouseClick(m_window->editsBanner()->differenceButton(), Qt::LeftButton);
  QCOMPARE(m_window->tabs()->currentWidget(), panel());
  QCOMPARE(panel()->mode(), WhatIfMode::TokenEdits);
}

// After a deletion the views show one token fewer: a token right-clicked there is edited at its
// position as typed (sessions and the banner count those).
void TestWhatIf::aTokenShownAfterAnEditIsEditedAtItsTypedPosition() {
  QCOMPARE(panel()->deleteToken(TokenSource::Source, 1), QString());  // "the"
  QVERIFY(waitForEditsShown());
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  HeatmapWidget *heatmap = m_window->heatmap();
  QTRY_COMPARE(heatmap->slice().rows(), 4);
  QCOMPARE(heatmap->slice().queries.tokens[2].text, QStringLiteral("cat"));
  const QRectF row = heatmap->cellRect(2, 0);
  const QPoint label(static_cast<int>(heatmap->matrixRect().left()) - 12, static_cast<int>(row.center().y()));
  QMenu menu;
  QAction *mask = menuAction(menu, heatmap, label, QStringLiteral("maskTokenAction"));
  QVERIFY(mask);
  mask->trigger();
  const std::vector<SideEdit> &edits = m_window->viewState()->tokenEdits();
  QCOMPARE(edits.size(), std::size_t{2});
  QCOMPARE(edits[1].edit.kind, core::TokenEditKind::Mask);
  QCOMPARE(edits[1].edit.position, std::size_t{3});  // "cat" as typed: [CLS] the quick cat [SEP]
  QVERIFY(waitForEditsShown());
  QCOMPARE(m_window->analysis()->source.tokens,
           (std::vector<std::string>{"[CLS]", "quick", "[MASK]", "[SEP]"}));
  QCOMPARE(m_window->editsBanner()->text(), QStringLiteral("2 edits: ‘the’ deleted at 1, [MASK] at 3"));
}

// A replacement the tokenizer splits ("big" → b ##i ##g) is made and said; its new pieces are not
// tokens as typed, so editing one is refused with a message naming it. The unknown word and a
// position past the end are refused too (badEditsAreRefusedWithAMessage).
void TestWhatIf::aReplacementOfSeveralPiecesIsSaidAndItsPiecesCannotBeEdited() {
  QSignalSpy messages(panel(), &WhatIfPanel::messageShown);
  QCOMPARE(panel()->replaceToken(TokenSource::Source, 2, QStringLiteral("big")), QString());
  QCOMPARE(messages.count(), 1);
  const QString said = messages.front().front().toString();
  QCOMPARE(said, QStringLiteral("“big” is 3 tokens (b · ##i · ##g): token 2 became 3 tokens, and the tokens after it "
                                "moved 2 to the right."));
  QVERIFY(waitForEditsShown());
  QCOMPARE(m_window->analysis()->source.tokens,
           (std::vector<std::string>{"[CLS]", "the", "b", "##i", "##g", "cat", "[SEP]"}));
  QCOMPARE(m_window->analysis()->sourceOrigin, (std::vector<int>{0, 1, -1, -1, -1, 3, 4}));
  const QString piece = panel()->maskToken(TokenSource::Source, 3);
  QCOMPARE(piece, QStringLiteral("Token 3 “##i” is a piece an earlier replacement added, not a token as typed: undo that "
                                 "edit to change it."));
  QCOMPARE(panel()->edits().size(), std::size_t{1});
  // the token after the pieces is still "cat" as typed (position 3)
  QCOMPARE(panel()->maskToken(TokenSource::Source, 5), QString());
  QCOMPARE(panel()->edits().back().edit.position, std::size_t{3});
}

// An encoder-decoder model with no target typed generates it from the edited source: the
// prediction follows the edit, as core::prepare_edited_inputs makes it.
void TestWhatIf::theGeneratedTargetFollowsAnEditedSource() {
  openAndWait(test::testData(QStringLiteral("../../models/reverse")), QStringLiteral("3 1 4 1 5"));
  const std::shared_ptr<const Analysis> typed = m_window->analysis();
  QVERIFY(typed->generated);
  const auto three = std::find(typed->source.tokens.begin(), typed->source.tokens.end(), "3");
  QVERIFY(three != typed->source.tokens.end());
  const int position = static_cast<int>(three - typed->source.tokens.begin());
  QCOMPARE(panel()->deleteToken(TokenSource::Source, position), QString());
  QVERIFY(waitForEditsShown());
  const std::shared_ptr<const Analysis> edited = m_window->analysis();
  QVERIFY(edited->error.isEmpty());
  core::InputEdits edits;
  edits.source = {{core::TokenEditKind::Delete, static_cast<std::size_t>(position), {}}};
  const core::EditedInput want = core::prepare_edited_inputs(*edited->model, "3 1 4 1 5", {}, {}, edits);
  QCOMPARE(edited->target.ids, want.input.target.ids);
  QVERIFY(edited->target.ids != typed->target.ids);
  // the What If tab compares it with the input as typed, its own generated target included
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QCOMPARE(result->targetA.ids, typed->target.ids);
  QCOMPARE(result->targetB.ids, edited->target.ids);
}

// Item 12: every comparison exports the same way: on the What If tab, File ▸ Export writes the
// difference heatmap (diverging colour bar, axes over the tokens A and B share) and B − A.
void TestWhatIf::theDifferenceViewIsWhatTheTabExports() {
  QCOMPARE(panel()->maskToken(TokenSource::Source, 2), QString());
  QVERIFY(waitForEditsShown());
  QVERIFY(waitForResult());
  m_window->tabs()->setCurrentWidget(panel());
  ExportMenu *exports = m_window->teachingTools()->exports();
  QCOMPARE(exports->currentFigure(), static_cast<QWidget *>(panel()->view()->heatmap()));
  const FigureDecor decor = exports->figureDecor(exports->currentFigure());
  QVERIFY2(decor.title.contains(QStringLiteral("B − A (edited − as typed)")), qPrintable(decor.title));
  QCOMPARE(decor.xAxis, QStringLiteral("key j (the tokens A and B share)"));
  const FigureDecor grid = exports->figureDecor(panel()->view()->grid());
  QCOMPARE(grid.colourBar, FigureColourBar::Diverging);
  QCOMPARE(grid.colourHigh, -grid.colourLow);
  QCOMPARE(float(grid.colourHigh), panel()->view()->result()->comparison->difference.largest);
  const QString svg = QDir(m_dir.path()).filePath(QStringLiteral("difference.svg"));
  QCOMPARE(exports->exportFigure(exports->currentFigure(), svg), QString());
  QFile figure(svg);
  QVERIFY(figure.open(QIODevice::ReadOnly));
  QVERIFY(figure.readAll().contains("Difference of attention"));
  const QString csv = QDir(m_dir.path()).filePath(QStringLiteral("difference.csv"));
  QSignalSpy exported(exports, &ExportMenu::attentionExported);
  QCOMPARE(exports->exportAttention(csv), QString());
  QVERIFY(exported.wait(20000));
  QFile data(csv);
  QVERIFY(data.open(QIODevice::ReadOnly));
  const QString header = QString::fromUtf8(data.readLine());
  QVERIFY2(header.contains(QStringLiteral("2:quick→[MASK]")), qPrintable(header));
}

// Found by the monkey's What If check: a comparison in flight when another model came (its result
// dropped: the tab has no result to compare until the new model's arrives) left "Computing…"
// over the tab for good.
void TestWhatIf::aComparisonDroppedByAnotherModelLeavesNoComputing() {
  const auto other = std::make_shared<const core::Model>(
      core::load_model(test::testData(QStringLiteral("peer/gpt2-tiny-short")).toStdString()));
  panel()->setSentence(QStringLiteral("the big quick dog"));
  QVERIFY(panel()->isBusy());
  QCOMPARE(panel()->statusLabel()->text(), QStringLiteral("Computing…"));
  m_window->showModel(other, QStringLiteral("another model"));  // at once, as a training snapshot is
  QVERIFY(!panel()->isBusy());
  QVERIFY(!panel()->view()->result());
  QCOMPARE(panel()->statusLabel()->text(), QString());
  // the new model's result is compared in its turn
  QVERIFY(waitForViews(*m_window));
  QVERIFY(waitForResult());
  QVERIFY(panel()->view()->result()->analysis == m_window->analysis());
  QVERIFY(panel()->statusLabel()->text() != QStringLiteral("Computing…"));
}

namespace {

// One pass's matrices of method, every layer and head of encoder self-attention in order, read
// over its own tokens as reading says: what the views show of that pass, computed here.
std::vector<core::RowMatrix> readPass(const Analysis &analysis, const core::Tokenization &tokens,
                                      core::AttentionMethod method, const core::ReadingOptions &reading,
                                      bool positionalEncoding = true, double topP = 0.0,
                                      const std::vector<core::HeadRef> &ablated = {}) {
  core::ForwardOptions options = analysis.forwardOptions(positionalEncoding);
  options.ablated_heads = ablated;
  options.token_types = core::token_types_for(*analysis.model, tokens);
  const core::MethodResult computed = core::compute_attention_method(*analysis.model, tokens.ids, {}, method, options);
  const core::ReadingAxis axis = core::reading_axis(tokens.tokens, reading);
  std::vector<core::RowMatrix> matrices;
  for (const core::LayerAttention &layer : computed.trace.encoder_self) {
    for (const core::RowMatrix &head : layer.heads) {
      core::RowMatrix read = core::read_matrix(head, axis, axis);
      if (topP > 0.0) read = core::top_p_filter(read, topP);
      matrices.push_back(std::move(read));
    }
  }
  return matrices;
}

}  // namespace

// Issue 16, item 12: the difference is of what the other views show. Norm-based attention read
// as words with the special tokens hidden, both passes, subtracted word by word: the heatmap's
// every head equals B − A of the two passes' read matrices computed here, and the summary and
// the title say how they were read. Switching the method computes the comparison again.
void TestWhatIf::theMethodAndTheReadingReachTheDifference() {
  openAndWait(test::testData(QStringLiteral("peer/bert-tiny-short")), QStringLiteral("the big cat"));
  ViewState *state = m_window->viewState();
  QCOMPARE(m_window->analysis()->source.tokens[5], std::string("cat"));
  QCOMPARE(panel()->replaceToken(TokenSource::Source, 5, QStringLiteral("dog")), QString());
  QVERIFY(waitForEditsShown());
  QVERIFY(waitForReadResult(core::AttentionMethod::Raw, false));
  state->setWordLevel(true);
  state->setHideSpecialTokens(true);
  state->setMethod(core::AttentionMethod::Norm);
  QVERIFY(waitForReadResult(core::AttentionMethod::Norm, true));
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QVERIFY(result->comparison->reading.hide_special);
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  const std::vector<core::RowMatrix> a = readPass(*analysis, analysis->typedSource, core::AttentionMethod::Norm, state->reading());
  const std::vector<core::RowMatrix> b = readPass(*analysis, analysis->source, core::AttentionMethod::Norm, state->reading());
  DifferenceView *view = panel()->view();
  const int heads = analysis->model->spec().heads();
  QCOMPARE(int(a.size()), analysis->model->spec().encoder_layers() * heads);
  for (int layer = 0; layer < analysis->model->spec().encoder_layers(); ++layer) {
    view->selectHead(core::AttentionKind::EncoderSelf, layer, 0);
    QVERIFY(waitForFigure());
    const AttentionSlice slice = view->heatmap()->slice();
    QCOMPARE(slice.headCount(), heads);
    for (int h = 0; h < heads; ++h) {
      const auto n = static_cast<std::size_t>(layer * heads + h);
      QVERIFY2(largestDifference(slice.heads[static_cast<std::size_t>(h)], b[n] - a[n]) <= 1e-6f,
               qPrintable(QStringLiteral("layer %1 head %2").arg(layer).arg(h)));
    }
  }
  // three words each (the, big, cat→dog): [CLS] and [SEP] hidden, "b ##i ##g" one word
  const AttentionSlice slice = view->heatmap()->slice();
  QCOMPARE(slice.rows(), 3);
  QCOMPARE(slice.queries.tokens[1].text, QStringLiteral("big"));
  QCOMPARE(slice.keys.tokens[2].text, QStringLiteral("cat→dog"));
  QCOMPARE(slice.scale, ValueScale::Difference);
  const QString title = view->heatmap()->title();
  QVERIFY2(title.contains(QStringLiteral("Norm-based")) && title.contains(QStringLiteral("words: keys summed, queries averaged")) &&
               title.contains(QStringLiteral("special tokens hidden")) &&
               title.contains(QStringLiteral("B − A (edited − as typed)")),
           qPrintable(title));
  QVERIFY2(view->summary()->text().contains(QStringLiteral("both read as Norm-based · words: keys summed, queries averaged")),
           qPrintable(view->summary()->text()));
  // A alone: A's own read matrices
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 1);
  view->setShow(DifferenceView::Show::A);
  QVERIFY(waitForFigure());
  QVERIFY(largestDifference(view->heatmap()->slice().heads[1], a[static_cast<std::size_t>(heads + 1)]) <= 1e-6f);
  QCOMPARE(view->heatmap()->slice().queries.tokens[2].text, QStringLiteral("cat"));
  view->setShow(DifferenceView::Show::Difference);
  // back to raw α̂ and every token: the comparison follows
  state->setMethod(core::AttentionMethod::Raw);
  state->setWordLevel(false);
  state->setHideSpecialTokens(false);
  QVERIFY(waitForReadResult(core::AttentionMethod::Raw, false));
  QTRY_COMPARE(view->heatmap()->slice().rows(), 7);
}

// A per-layer method (rollout) has one matrix per layer: one column of thumbnails, titled "all
// heads"; rollout has no cross-attention, and choosing that kind says so instead of drawing.
void TestWhatIf::aPerLayerMethodAndAKindItDoesNotCover() {
  openAndWait(test::testData(QStringLiteral("../../models/reverse")), QStringLiteral("3 1 4 1 5"));
  m_window->viewState()->setMethod(core::AttentionMethod::Rollout);
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(waitForReadResult(core::AttentionMethod::Rollout, false));
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  DifferenceView *view = panel()->view();
  QCOMPARE(view->kindBox()->count(), 3);
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 0);
  QVERIFY(waitForFigure());
  const AttentionSlice slice = view->heatmap()->slice();
  QCOMPARE(slice.headCount(), 1);
  QVERIFY(slice.perLayer());
  QVERIFY2(view->heatmap()->title().contains(QStringLiteral("Rollout · Encoder layer 2")) &&
               view->heatmap()->title().contains(QStringLiteral("(all heads)")),
           qPrintable(view->heatmap()->title()));
  const Analysis &analysis = *result->analysis;
  const auto rollout = [&](bool positionalEncoding) {
    return core::compute_attention_method(*analysis.model, analysis.source.ids, analysis.target.ids,
                                          core::AttentionMethod::Rollout, analysis.forwardOptions(positionalEncoding))
        .trace.encoder_self[1]
        .heads[0];
  };
  QCOMPARE(largestDifference(slice.heads[0], rollout(true) - rollout(false)), 0.0f);
  const int layers = analysis.model->spec().encoder_layers();
  QCOMPARE(view->grid()->thumbnails().size(), layers);
  view->selectHead(core::AttentionKind::DecoderCross, 0, 0);
  QVERIFY(!view->isComputing());  // nothing to build: the note is drawn at once
  QVERIFY(view->heatmap()->slice().empty());
  QVERIFY2(view->heatmap()->placeholder().contains(QStringLiteral("Rollout has no matrices for decoder cross-attention")),
           qPrintable(view->heatmap()->placeholder()));
  QVERIFY(view->grid()->thumbnails().isEmpty());
}

// Top-p lines (the word graph's) cut each pass's rows to their top-p keys before B − A.
void TestWhatIf::topPLinesCutBothPassesBeforeTheyAreSubtracted() {
  ViewState *state = m_window->viewState();
  state->setTopP(0.5);
  state->setEdgeFilter(ViewState::EdgeFilter::TopP);
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(QTest::qWaitFor(
      [&] {
        const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
        return !panel()->isBusy() && result && result->comparison && result->comparison->top_p == 0.5;
      },
      20000));
  const Analysis &analysis = *panel()->view()->result()->analysis;
  const core::ReadingOptions every;
  const std::vector<core::RowMatrix> off = readPass(analysis, analysis.source, core::AttentionMethod::Raw, every, false, 0.5);
  const std::vector<core::RowMatrix> on = readPass(analysis, analysis.source, core::AttentionMethod::Raw, every, true, 0.5);
  DifferenceView *view = panel()->view();
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 0);
  QVERIFY(waitForFigure());
  const int heads = analysis.model->spec().heads();
  for (int h = 0; h < heads; ++h) {
    const auto n = static_cast<std::size_t>(heads + h);
    QCOMPARE(largestDifference(view->heatmap()->slice().heads[static_cast<std::size_t>(h)], on[n] - off[n]), 0.0f);
  }
  QVERIFY2(view->heatmap()->title().contains(QStringLiteral("top-p keys (p = 0.5)")), qPrintable(view->heatmap()->title()));
}

// Item 10 read as words: a word's label stands for its pieces, and its edits apply to each, as
// the menu says; replacing it puts the replacement in the first piece's place.
void TestWhatIf::aWordReadFromPiecesIsEditedPieceByPiece() {
  openAndWait(test::testData(QStringLiteral("peer/bert-tiny-short")), QStringLiteral("the big cat"));
  m_window->viewState()->setWordLevel(true);
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  HeatmapWidget *heatmap = m_window->heatmap();
  QTRY_COMPARE(heatmap->slice().rows(), 5);  // [CLS] the big cat [SEP]
  QCOMPARE(heatmap->slice().queries.tokens[2].text, QStringLiteral("big"));
  const QRectF row = heatmap->cellRect(2, 0);
  const QPoint label(static_cast<int>(heatmap->matrixRect().left()) - 12, static_cast<int>(row.center().y()));
  const std::optional<TokenAtLabel> word = tokenAtLabel(heatmap->slice(), heatmap->labelAt(label));
  QVERIFY(word);
  QCOMPARE(word->positions, (std::vector<int>{2, 3, 4}));
  QMenu menu;
  QAction *mask = menuAction(menu, heatmap, label, QStringLiteral("maskTokenAction"));
  QVERIFY(mask);
  QCOMPARE(mask->text(), QStringLiteral("Mask Word (all 3 tokens)"));
  QCOMPARE(menu.findChild<QAction *>(QStringLiteral("replaceTokenAction"))->text(),
           QStringLiteral("Replace Word (all 3 tokens)…"));
  mask->trigger();
  QVERIFY(waitForEditsShown());
  QCOMPARE(m_window->analysis()->source.tokens,
           (std::vector<std::string>{"[CLS]", "the", "[MASK]", "[MASK]", "[MASK]", "cat", "[SEP]"}));
  QCOMPARE(m_window->viewState()->tokenEdits().size(), std::size_t{3});
  // the word replaced as a whole: the replacement where its first piece was, the others gone
  panel()->clearEdits();
  QVERIFY(waitForEditsShown());
  QCOMPARE(panel()->replaceTokens(TokenSource::Source, {2, 3, 4}, QStringLiteral("dog")), QString());
  QVERIFY(waitForEditsShown());
  QCOMPARE(m_window->analysis()->source.tokens, (std::vector<std::string>{"[CLS]", "the", "dog", "cat", "[SEP]"}));
  // made together or not at all: one piece the vocabulary cannot read refuses the whole word
  const QString refused = panel()->replaceTokens(TokenSource::Source, {1, 2}, QStringLiteral("€"));
  QVERIFY2(refused.contains(QStringLiteral("the vocabulary has no token for")), qPrintable(refused));
  QCOMPARE(m_window->viewState()->tokenEdits().size(), std::size_t{3});
}

// Item 10 with tokens hidden: the hidden ones have no label, and a label shown is edited at its
// true position ("the" is query 0 of the read matrix but token 1 of the input).
void TestWhatIf::hiddenTokensLeaveTheShownOnesAtTheirTruePositions() {
  m_window->viewState()->setHideSpecialTokens(true);
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, 0});
  WordGraphWidget *graph = m_window->wordGraph();
  QTRY_COMPARE(int(graph->slice().keys.tokens.size()), 3);  // the quick cat
  QCOMPARE(graph->slice().keys.tokens[0].text, QStringLiteral("the"));
  const QPoint label = graph->currentLayout().labelRect({TokenSide::Key, 0}).center().toPoint();
  QMenu menu;
  QAction *remove = menuAction(menu, graph, label, QStringLiteral("deleteTokenAction"));
  QVERIFY(remove);
  QCOMPARE(remove->text(), QStringLiteral("Delete Token"));
  remove->trigger();
  const std::vector<SideEdit> &edits = m_window->viewState()->tokenEdits();
  QCOMPARE(edits.size(), std::size_t{1});
  QCOMPARE(edits[0].edit.kind, core::TokenEditKind::Delete);
  QCOMPARE(edits[0].edit.position, std::size_t{1});
  QVERIFY(waitForEditsShown());
  QCOMPARE(m_window->analysis()->source.tokens, (std::vector<std::string>{"[CLS]", "quick", "cat", "[SEP]"}));
}

// Item 11: the Heads tab's ablation thumbnails are the difference view's: the same comparison
// drawn by a DifferenceView gives the same images, sink marks, caption and labels.
void TestWhatIf::ablationThumbnailsAreDrawnAsTheDifferenceViewDrawsThem() {
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  m_window->tabs()->setCurrentWidget(heads);
  QVERIFY(QTest::qWaitFor([&] { return heads->shownResult() != nullptr; }, 20000));
  heads->setCurrentKind(core::AttentionKind::EncoderSelf);
  QSignalSpy shown(heads, &HeadAnalysisWidget::ablationShown);
  heads->setHeadAblated({core::AttentionKind::EncoderSelf, 0, 1}, true);
  QVERIFY(shown.wait(20000));
  const AblationResult *ablation = heads->ablation();
  QVERIFY(ablation && ablation->comparison);
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  auto same = std::make_shared<WhatIfResult>();
  same->analysis = analysis;
  same->aName = HeadAblationPage::allHeadsName();
  same->bName = HeadAblationPage::headsOffName();
  same->sourceA = same->sourceB = analysis->source;
  same->targetA = same->targetB = analysis->target;
  same->comparison = *ablation->comparison;
  JobRunner runner;
  DifferenceView view(&runner);
  view.showResult(same);
  view.selectHead(core::AttentionKind::EncoderSelf, 1, 0);
  QVERIFY(QTest::qWaitFor([&] { return !view.isComputing(); }, 20000));
  const QVector<Thumbnail> drawn = heads->ablationGrid()->thumbnails();
  const QVector<Thumbnail> want = view.grid()->thumbnails();
  QCOMPARE(drawn.size(), want.size());
  QVERIFY(!drawn.isEmpty());
  for (int i = 0; i < drawn.size(); ++i) {
    QVERIFY2(drawn[i].image == want[i].image, qPrintable(QStringLiteral("thumbnail %1").arg(i)));
    QCOMPARE(drawn[i].sinkKeys, want[i].sinkKeys);
  }
  // one caption, one scale, one set of labels
  const QString caption = differenceCaption(HeadAblationPage::allHeadsName(), HeadAblationPage::headsOffName());
  QCOMPARE(caption, QStringLiteral("B − A (heads off − all heads)"));
  QCOMPARE(view.heatmap()->slice().differenceName, caption);
  QCOMPARE(view.heatmap()->slice().scale, ValueScale::Difference);
  QCOMPARE(view.heatmap()->slice().extent, ablation->comparison->difference.find(core::AttentionKind::EncoderSelf, 1)->largest);
  QCOMPARE(view.heatmap()->slice().queries.tokens[2].text, QStringLiteral("quick"));
  const QLabel *summary = heads->findChild<QLabel *>(QStringLiteral("ablationSummary"));
  QVERIFY(summary);
  QVERIFY2(summary->text().contains(caption), qPrintable(summary->text()));
}

// Item 11 as the views read: the Heads tab's ablation follows the toolbar's method and Reading
// options, as the What If tab does. Norm-based with the special tokens hidden: every head of its
// difference equals R(heads off) − R(all heads) of two passes read here, and the summary says how
// both were read; rollout (one matrix per layer) gives one thumbnail per layer, none dimmed.
void TestWhatIf::ablationReadsBothPassesAsTheViewsDo() {
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  m_window->tabs()->setCurrentWidget(heads);
  QVERIFY(QTest::qWaitFor([&] { return heads->shownResult() != nullptr; }, 20000));
  heads->setCurrentKind(core::AttentionKind::EncoderSelf);
  ViewState *state = m_window->viewState();
  state->setHideSpecialTokens(true);
  state->setMethod(core::AttentionMethod::Norm);
  QVERIFY(waitForViews(*m_window));
  const core::HeadRef off{core::AttentionKind::EncoderSelf, 0, 1};
  heads->setHeadAblated(off, true);
  const auto readWith = [heads](core::AttentionMethod method) {
    return QTest::qWaitFor(
        [&] {
          // and its thumbnails drawn (built on the AblationSlices lane)
          const AblationResult *ablation = heads->ablation();
          return ablation && ablation->comparison && ablation->comparison->method == method &&
                 !heads->isAblationComputing();
        },
        20000);
  };
  QVERIFY(readWith(core::AttentionMethod::Norm));
  const core::Comparison &comparison = *heads->ablation()->comparison;
  QVERIFY(comparison.reading.hide_special);
  const std::shared_ptr<const Analysis> analysis = m_window->analysis();
  const std::vector<core::RowMatrix> all =
      readPass(*analysis, analysis->source, core::AttentionMethod::Norm, state->reading());
  const std::vector<core::RowMatrix> without =
      readPass(*analysis, analysis->source, core::AttentionMethod::Norm, state->reading(), true, 0.0, {off});
  const int count = analysis->model->spec().heads();
  const int layers = analysis->model->spec().encoder_layers();
  QCOMPARE(heads->ablationGrid()->thumbnails().size(), layers * count);
  for (int layer = 0; layer < layers; ++layer) {
    const core::LayerDifference *difference = comparison.difference.find(core::AttentionKind::EncoderSelf, layer);
    QVERIFY(difference);
    for (int h = 0; h < count; ++h) {
      const auto n = static_cast<std::size_t>(layer * count + h);
      const core::RowMatrix &d = difference->heads[static_cast<std::size_t>(h)];
      QCOMPARE(d.rows(), 3);  // the quick cat: [CLS] and [SEP] hidden
      QVERIFY2(largestDifference(d, without[n] - all[n]) <= 1e-6f,
               qPrintable(QStringLiteral("layer %1 head %2").arg(layer).arg(h)));
    }
  }
  QVERIFY(heads->ablationGrid()->thumbnails()[1].dimmed);  // layer 1, head 2: the one switched off
  const QLabel *summary = heads->findChild<QLabel *>(QStringLiteral("ablationSummary"));
  QVERIFY(summary);
  QVERIFY2(summary->text().contains(QStringLiteral("Both passes read as Norm-based · special tokens hidden")),
           qPrintable(summary->text()));

  state->setMethod(core::AttentionMethod::Rollout);
  QVERIFY(readWith(core::AttentionMethod::Rollout));
  QCOMPARE(heads->ablationGrid()->thumbnails().size(), layers);
  for (const Thumbnail &thumbnail : heads->ablationGrid()->thumbnails()) QVERIFY(!thumbnail.dimmed);
  QVERIFY2(summary->text().contains(QStringLiteral("Both passes read as Rollout")), qPrintable(summary->text()));
  // back to raw α̂ over every token: the ablation follows
  state->setMethod(core::AttentionMethod::Raw);
  state->setHideSpecialTokens(false);
  QVERIFY(readWith(core::AttentionMethod::Raw));
  QTRY_VERIFY(!heads->ablation()->comparison->reading.hide_special);
}

// Issue 16 follow-up: a sentence pair on show is compared with another pair, as attnscope-cli
// diff --compare-text-pair does: B is read with its own token types (its text B: type 1), never
// with A's (which belong to A's tokens: a B of another length failed with "the token types are …",
// one of the same length was read with A's types), and the pairs are aligned text by text. One
// text against the pair is refused with a message.
void TestWhatIf::aSentencePairIsComparedWithAnotherPairAndItsOwnTokenTypes() {
  ViewState *state = m_window->viewState();
  state->setPairText(QStringLiteral("it was"));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourcePairText == "it was" && !m_window->isComputing(); }, 20000));
  QVERIFY(QTest::qWaitFor([&] { return panel()->analysis() == m_window->analysis(); }, 20000));
  QVERIFY(!panel()->sentencePairField()->isHidden());
  // one text against the pair (as long as it: it was read with the pair's types): no texts to match
  panel()->setSentence(QStringLiteral("the quick cat and it was"));
  const QString refused = QStringLiteral("The input is a sentence pair: type the second pair's text B too (text A is "
                                         "compared with text A, text B with text B).");
  QVERIFY(QTest::qWaitFor([&] { return !panel()->isBusy() && panel()->statusLabel()->text() == refused; }, 20000));
  QVERIFY(panel()->view()->result() == nullptr);
  QVERIFY2(panel()->view()->summary()->text().contains(refused), qPrintable(panel()->view()->summary()->text()));
  // another pair
  panel()->setSentence(QStringLiteral("the quick dog"), QStringLiteral("it was"));
  QVERIFY(waitForResult());
  const std::shared_ptr<const WhatIfResult> result = panel()->view()->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  const core::Model &model = *result->analysis->model;
  const core::Tokenization &a = result->sourceA;
  const core::Tokenization &b = result->sourceB;
  QCOMPARE(b.tokens, (std::vector<std::string>{"[CLS]", "the", "quick", "dog", "[SEP]", "it", "was", "[SEP]"}));
  QCOMPARE(b.type_ids, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1}));
  // text by text: [CLS] the quick [SEP] it was [SEP] (cat and dog unmatched)
  QCOMPARE(result->comparison->difference.source.before, (std::vector<int>{0, 1, 2, 4, 5, 6, 7}));
  QCOMPARE(result->comparison->difference.source.after, (std::vector<int>{0, 1, 2, 4, 5, 6, 7}));
  // every cell: B's α̂ with its own token types − A's, of the aligned tokens
  const auto pass = [&model](const core::Tokenization &tokens, bool types) {
    core::ForwardOptions options;
    if (types) options.token_types = core::token_types_for(model, tokens);
    return core::forward(model, tokens.ids, {}, options);
  };
  const core::ForwardResult passA = pass(a, true);
  const core::ForwardResult passB = pass(b, true);
  const core::ForwardResult typeZero = pass(b, false);
  const std::vector<int> &rowsA = result->comparison->difference.source.before;
  const std::vector<int> &rowsB = result->comparison->difference.source.after;
  const int heads = model.spec().heads();
  float typesMatter = 0.0f;
  for (int layer = 0; layer < model.spec().encoder_layers(); ++layer) {
    const core::LayerDifference *shown = result->comparison->difference.find(core::AttentionKind::EncoderSelf, layer);
    QVERIFY(shown);
    for (int h = 0; h < heads; ++h) {
      const core::RowMatrix &alphaA = passA.trace.encoder_self[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(h)];
      const core::RowMatrix &alphaB = passB.trace.encoder_self[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(h)];
      const core::RowMatrix &zero = typeZero.trace.encoder_self[static_cast<std::size_t>(layer)].heads[static_cast<std::size_t>(h)];
      const core::RowMatrix &d = shown->heads[static_cast<std::size_t>(h)];
      QCOMPARE(d.rows(), static_cast<Eigen::Index>(rowsA.size()));
      for (std::size_t i = 0; i < rowsA.size(); ++i) {
        for (std::size_t j = 0; j < rowsA.size(); ++j) {
          QCOMPARE(d(Eigen::Index(i), Eigen::Index(j)),
                   alphaB(rowsB[i], rowsB[j]) - alphaA(rowsA[i], rowsA[j]));
          typesMatter = std::max(typesMatter, std::abs(alphaB(rowsB[i], rowsB[j]) - zero(rowsB[i], rowsB[j])));
        }
      }
    }
  }
  QVERIFY2(typesMatter > 1e-4f, qPrintable(QString::number(typesMatter)));  // type 1 changes B's α̂ here
  // one text again: the field goes, and a second sentence is one text
  state->setPairText(QString());
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis()->sourcePairText.empty() && !m_window->isComputing(); }, 20000));
  QVERIFY(QTest::qWaitFor([&] { return panel()->analysis() == m_window->analysis(); }, 20000));
  QVERIFY(panel()->sentencePairField()->isHidden());
  panel()->setSentence(QStringLiteral("the quick dog"), QStringLiteral("it was"));
  QVERIFY(QTest::qWaitFor([&] {
    const std::shared_ptr<const WhatIfResult> shown = panel()->view()->result();
    return !panel()->isBusy() && shown && shown->analysis == m_window->analysis();
  }, 20000));
  QVERIFY2(panel()->view()->result()->error.isEmpty(), qPrintable(panel()->view()->result()->error));
  QVERIFY(panel()->view()->result()->sourceB.sequence_ids.empty());
}

// Issue 18 §1: the difference view's figure is built on the Difference lane, never on the GUI
// thread, and holds what the synchronous functions give: every layer's thumbnails of B − A (the
// chosen head marked) and the heatmap's slice, B − A or a pass alone. currentSlice() is the
// heatmap's slice, not one computed again; resultShown comes once the figure is drawn.
void TestWhatIf::theDifferenceFigureIsBuiltOffTheGuiThread() {
  DifferenceView *view = panel()->view();
  bool drawnWhenShown = false;
  QObject context;
  connect(view, &DifferenceView::resultShown, &context, [&] {
    drawnWhenShown = !view->isComputing() && !view->heatmap()->slice().empty() && !view->grid()->thumbnails().isEmpty() &&
                     view->summary()->text().contains(QStringLiteral("Largest change"));
  });
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(waitForResult());
  QVERIFY(drawnWhenShown);
  const std::shared_ptr<const WhatIfResult> result = view->result();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  const core::Comparison &comparison = *result->comparison;
  const ComparedTokens tokens{result->sourceA, result->targetA, result->sourceB, result->targetB};
  const auto kind = core::AttentionKind::EncoderSelf;
  const int layers = result->analysis->model->spec().encoder_layers();
  const int heads = result->analysis->model->spec().heads();
  QVERIFY(layers > 1 && heads > 1);
  const std::thread::id gui = std::this_thread::get_id();
  for (const DifferenceView::Show show : {DifferenceView::Show::Difference, DifferenceView::Show::B}) {
    view->selectHead(kind, 1, 1);
    view->setShow(show);
    QVERIFY(waitForFigure());
    const AttentionSlice &drawn = view->heatmap()->slice();
    QVERIFY(&view->currentSlice() == &drawn);
    QVERIFY(drawn.builtOn != std::thread::id{});
    QVERIFY(drawn.builtOn != gui);
    const AttentionSlice want = show == DifferenceView::Show::Difference
                                    ? differenceSlice(comparison, tokens, kind, 1, result->aName, result->bName)
                                    : passSlice(comparison, tokens, true, kind, 1);
    QVERIFY(want.builtOn == gui);
    QCOMPARE(drawn.headCount(), want.headCount());
    for (int h = 0; h < want.headCount(); ++h) QVERIFY(drawn.heads[std::size_t(h)] == want.heads[std::size_t(h)]);
    QCOMPARE(drawn.rows(), want.rows());
    for (int r = 0; r < want.rows(); ++r) QCOMPARE(drawn.queries.tokens[r].text, want.queries.tokens[r].text);
    QCOMPARE(drawn.scale, want.scale);
    QCOMPARE(drawn.differenceName, want.differenceName);
    QCOMPARE(view->heatmap()->head(), 1);
    // the thumbnails: every layer's B − A, head 2 of layer 2 marked
    const QVector<Thumbnail> &thumbnails = view->grid()->thumbnails();
    QCOMPARE(thumbnails.size(), layers * heads);
    QCOMPARE(view->grid()->rowCount(), layers);
    for (int layer = 0; layer < layers; ++layer) {
      const QVector<Thumbnail> wanted =
          headThumbnails(differenceSlice(comparison, tokens, kind, layer, result->aName, result->bName), {},
                         layer == 1 ? 1 : -1);
      for (int h = 0; h < heads; ++h) {
        const Thumbnail &thumbnail = thumbnails[layer * heads + h];
        QVERIFY(thumbnail.builtOn != std::thread::id{});
        QVERIFY(thumbnail.builtOn != gui);
        QVERIFY2(thumbnail.image == wanted[h].image, qPrintable(QStringLiteral("layer %1 head %2").arg(layer).arg(h)));
        QCOMPARE(thumbnail.selected, wanted[h].selected);
      }
    }
  }
}

// Several requests in a row (a thumbnail clicked, A, B, another head) are each a job on the
// Difference lane; only the newest one's figure is drawn, once, and until it arrives the figure
// on show stays (no empty flash).
void TestWhatIf::onlyTheNewestOfSeveralRequestsIsDrawn() {
  DifferenceView *view = panel()->view();
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(waitForResult());
  view->selectHead(core::AttentionKind::EncoderSelf, 0, 0);
  QVERIFY(waitForFigure());
  const QImage firstThumbnail = view->grid()->thumbnails().front().image;
  QVERIFY(view->grid()->thumbnails().front().selected);
  std::vector<LayerStep> figures;  // the heatmap's step at each figure drawn
  QObject context;
  connect(view, &DifferenceView::figureShown, &context, [&] { figures.push_back(view->heatmap()->slice().step); });
  JobRunner *runner = m_window->jobRunner();
  const quint64 before = runner->latest(JobLane::Difference);
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 0);
  view->setShow(DifferenceView::Show::A);
  view->selectHead(core::AttentionKind::EncoderSelf, 0, 1);
  view->setShow(DifferenceView::Show::B);
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 1);
  QCOMPARE(runner->latest(JobLane::Difference), before + 5);
  QVERIFY(view->isComputing());
  QVERIFY(panel()->isBusy());
  QVERIFY(m_window->isComputing());  // the suites' waitForViews waits for it too
  // the figure on show stays while the new one is built
  QCOMPARE(view->heatmap()->slice().step.layer, 0);
  QVERIFY(!view->heatmap()->slice().empty());
  QVERIFY(view->grid()->thumbnails().front().image == firstThumbnail);
  QVERIFY(waitForFigure());
  QTest::qWait(100);  // a stale figure posted back late would arrive now
  QCOMPARE(figures.size(), std::size_t{1});
  QVERIFY(figures.front() == (LayerStep{core::AttentionKind::EncoderSelf, 1}));
  const AttentionSlice want = passSlice(*view->result()->comparison,
                                        {view->result()->sourceA, view->result()->targetA, view->result()->sourceB,
                                         view->result()->targetB},
                                        true, core::AttentionKind::EncoderSelf, 1);
  QVERIFY(view->heatmap()->slice().heads[1] == want.heads[1]);
  QCOMPARE(view->heatmap()->head(), 1);
  QVERIFY(!view->grid()->thumbnails().front().selected);
  QVERIFY(view->grid()->thumbnails()[view->grid()->columnCount() + 1].selected);
  QVERIFY(!m_window->isComputing());
}

// Until its newest figure is drawn the difference view shows the previous request's: File ▸ Export
// refuses its heatmap, its grid and its B − A with a message and writes nothing, and attnscope
// --screenshot waits for the figure; once it is drawn both work.
// The ablation thumbnails still coming hold back an export that draws them, and only that: the
// Heads tab exported on another of its pages is saved.
void TestWhatIf::aHiddenAblationPageDoesNotHoldBackTheHeadsTabsExport() {
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  m_window->tabs()->setCurrentWidget(heads);
  QTabWidget *pages = heads->pages();
  int ablationPage = -1;
  for (int i = 0; i < pages->count(); ++i) {
    if (pages->widget(i)->isAncestorOf(heads->ablationGrid())) ablationPage = i;
  }
  QVERIFY(ablationPage > 0);
  pages->setCurrentIndex(0);
  QApplication::processEvents();
  // the AblationSlices lane held, as while thumbnails are being built
  JobRunner *runner = m_window->jobRunner();
  HeldLane thumbnailsLane(*runner, JobLane::AblationSlices);
  QVERIFY(thumbnailsLane.started());
  QVERIFY(runner->isBusy(JobLane::AblationSlices));
  ExportMenu *exports = m_window->teachingTools()->exports();
  const QString saved = QDir(m_dir.path()).filePath(QStringLiteral("heads-layers.png"));
  QCOMPARE(exports->exportFigure(heads, saved, 96), QString());
  QVERIFY(QFile::exists(saved));
  // With the ablation page on show, the tab and the grid itself are held back.
  pages->setCurrentIndex(ablationPage);
  QApplication::processEvents();
  const QString held = QDir(m_dir.path()).filePath(QStringLiteral("heads-ablation.png"));
  for (QWidget *figure : {static_cast<QWidget *>(heads), static_cast<QWidget *>(heads->ablationGrid())}) {
    const QString refused = exports->exportFigure(figure, held, 96);
    QVERIFY2(refused.contains(QStringLiteral("still computing its thumbnails")), qPrintable(refused));
    QVERIFY(!QFile::exists(held));
  }
  qDeleteAll(m_window->findChildren<QMessageBox *>(QStringLiteral("teachingErrorBox")));
}

void TestWhatIf::aDifferenceFigureStillComingIsNeitherExportedNorScreenshot() {
  DifferenceView *view = panel()->view();
  panel()->setMode(WhatIfMode::PositionalEncoding);
  QVERIFY(waitForResult());
  m_window->tabs()->setCurrentWidget(panel());
  // the lane's thread held: the view's next figure waits behind this job
  JobRunner *runner = m_window->jobRunner();
  HeldLane held(*runner, JobLane::Difference);
  QVERIFY(held.started());
  view->selectHead(core::AttentionKind::EncoderSelf, 1, 1);
  QTest::qWait(100);
  QVERIFY(view->isComputing());
  ExportMenu *exports = m_window->teachingTools()->exports();
  const QString png = QDir(m_dir.path()).filePath(QStringLiteral("held.png"));
  for (QWidget *figure : {static_cast<QWidget *>(view->heatmap()), static_cast<QWidget *>(view->grid())}) {
    const QString refused = exports->exportFigure(figure, png, 96);
    QVERIFY2(refused.contains(QStringLiteral("still computing its figure")), qPrintable(refused));
    QVERIFY(!QFile::exists(png));
  }
  const QString csv = QDir(m_dir.path()).filePath(QStringLiteral("held.csv"));
  const QString refused = exports->exportAttention(csv);
  QVERIFY2(refused.contains(QStringLiteral("still computing its figure")), qPrintable(refused));
  qDeleteAll(m_window->findChildren<QMessageBox *>(QStringLiteral("teachingErrorBox")));

  const QString shot = QDir(m_dir.path()).filePath(QStringLiteral("screenshot.png"));
  auto *screenshot = new StartupScreenshot(m_window.get(), shot, {});
  bool computingAtSave = true;
  connect(screenshot, &StartupScreenshot::finished, this, [&](const QString &error) {
    QCOMPARE(error, QString());
    computingAtSave = view->isComputing();
  });
  QSignalSpy finished(screenshot, &StartupScreenshot::finished);
  // another step: the views update, the screenshot is due
  m_window->showLayerStep({core::AttentionKind::EncoderSelf, m_window->currentStep().layer == 1 ? 0 : 1});
  QTest::qWait(800);  // well past the screenshot's own 200 ms pause
  QCOMPARE(finished.size(), 0);
  QVERIFY(!QFile::exists(shot));
  held.open();
  QVERIFY(finished.size() > 0 || finished.wait(20000));
  QVERIFY(!computingAtSave);
  QVERIFY(QFile::exists(shot));
  QCOMPARE(view->heatmap()->head(), 1);
  QCOMPARE(exports->exportFigure(view->heatmap(), png, 96), QString());
  QVERIFY(QFile::exists(png));
}

QTEST_MAIN(TestWhatIf)
#include "tst_whatif.moc"
