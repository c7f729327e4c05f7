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
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <memory>

#include "difference_view.h"
#include "export_menu.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "main_window.h"
#include "model/transformer.h"
#include "replace_token_dialog.h"
#include "source_edit.h"
#include "teaching_tools.h"
#include "thumbnail_grid.h"
#include "token_edit_menu.h"
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
  void positionalEncodingOffIsTheSameDifferenceView();

 private:
  void openAndWait(const QString &folder, const QString &text);
  // Emits the context-menu hook as a right-click at position on figure would, and returns the
  // menu's action named name (nullptr when the hook added none).
  QAction *menuAction(QMenu &menu, QWidget *figure, const QPoint &position, const QString &name);
  bool waitForResult();
  WhatIfPanel *panel() const { return m_window->whatIf(); }
  std::unique_ptr<MainWindow> m_window;
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

bool TestWhatIf::waitForResult() {
  return QTest::qWaitFor([&] { return !panel()->isBusy() && panel()->view()->result() != nullptr; }, 20000);
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
  QCOMPARE(m_window->tabs()->currentWidget(), panel());
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
  QVERIFY(panel()->editList()->text().contains(QStringLiteral("delete")));
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
  // delete every token but one; the last is refused
  const int tokens = static_cast<int>(m_window->analysis()->source.size());
  for (int position = 0; position < tokens - 1; ++position)
    QCOMPARE(panel()->deleteToken(TokenSource::Source, position), QString());
  const QString last = panel()->deleteToken(TokenSource::Source, tokens - 1);
  QVERIFY2(last.contains(QStringLiteral("it is the only token")), qPrintable(last));
  QCOMPARE(int(panel()->edits().size()), tokens - 1);
  const QString again = panel()->maskToken(TokenSource::Source, 0);
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

QTEST_MAIN(TestWhatIf)
#include "tst_whatif.moc"
