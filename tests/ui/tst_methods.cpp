// The method switch (issue 16): switching ViewState::method makes the heatmap, the word graph and
// the overview show the core's matrices for that method, titled per head or per layer; stale
// results are dropped. The Logit lens tab: its last row is the model's own prediction, a click
// lists the cell's top 10, and a model without an output head says so.

#include <algorithm>
#include <memory>

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QListWidget>
#include <QMenu>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

#include "analysis/head_analysis.h"
#include "analysis/methods/attention_flow.h"
#include "analysis/methods/attention_method.h"
#include "attention_methods.h"
#include "export_menu.h"
#include "figure_frame.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "job_runner.h"
#include "logit_lens_page.h"
#include "main_window.h"
#include "method_controller.h"
#include "model/transformer.h"
#include "model_overview_widget.h"
#include "teaching_files.h"
#include "teaching_tools.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 20000);
}

// True once the selected method's matrices (or raw α̂) are in the views: the method's job and
// then the Slices job that builds the views' slices from them are done.
bool waitForMethod(const MainWindow &window) {
  return QTest::qWaitFor(
      [&] {
        const ViewState &state = *window.viewState();
        return (state.method() == core::AttentionMethod::Raw ||
                (state.methodTrace() && !window.methodController()->isBusy())) &&
               !window.isComputing();
      },
      60000);
}

}  // namespace

class TestMethods : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void heatmapShowsTheMethodsNumbers_data();
  void heatmapShowsTheMethodsNumbers();
  void selectorAndStateAgree();
  void staleMethodResultsAreDropped();
  void rolloutHasNoCrossAttention();
  void rolloutAndFlowAverageTheChosenHeads_data();
  void rolloutAndFlowAverageTheChosenHeads();
  void cancelStopsTheMethodAndChoosingItAgainRecomputes();
  void lensLastRowIsTheModelsPrediction();
  void lensWithoutOutputHeadSaysSo();

 private:
  void openAndWait(const QString &folder);
  std::unique_ptr<MainWindow> m_window;
};

void TestMethods::initTestCase() { test::isolateSettings(); }

void TestMethods::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  openAndWait(test::defaultTestModel());
}

void TestMethods::cleanup() { m_window.reset(); }

void TestMethods::openAndWait(const QString &folder) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
}

void TestMethods::heatmapShowsTheMethodsNumbers_data() {
  QTest::addColumn<core::AttentionMethod>("method");
  QTest::addColumn<bool>("perLayer");
  QTest::newRow("raw") << core::AttentionMethod::Raw << false;
  QTest::newRow("norm") << core::AttentionMethod::Norm << false;
  QTest::newRow("value-zeroing") << core::AttentionMethod::ValueZeroing << true;
  QTest::newRow("rollout") << core::AttentionMethod::Rollout << true;
  QTest::newRow("flow") << core::AttentionMethod::Flow << true;
}

void TestMethods::heatmapShowsTheMethodsNumbers() {
  QFETCH(core::AttentionMethod, method);
  QFETCH(bool, perLayer);
  ViewState *state = m_window->viewState();
  // The second layer: rollout and flow differ from one layer's step there.
  const LayerStep step{core::AttentionKind::EncoderSelf, 1};
  QVERIFY(state->setLayerStep(step));
  state->setFocusedHead(1);
  state->setMethod(method);
  QVERIFY(waitForMethod(*m_window));

  const Analysis &analysis = *m_window->analysis();
  const core::MethodResult want = core::compute_attention_method(
      *analysis.model, analysis.source.ids, analysis.target.ids, method, analysis.forwardOptions(true));
  const auto &heads = want.trace.layers(step.kind)[1].heads;
  const AttentionSlice &shown = m_window->heatmap()->slice();
  QCOMPARE(shown.method, method);
  QCOMPARE(shown.headCount(), static_cast<int>(heads.size()));
  QCOMPARE(shown.headCount() == 1, perLayer);
  // Per head: the focused head's matrix; per layer: the layer's one matrix.
  const int head = perLayer ? 0 : 1;
  QCOMPARE(m_window->heatmap()->head(), head);
  const core::RowMatrix &expected = heads[static_cast<std::size_t>(head)];
  QCOMPARE(shown.rows(), static_cast<int>(expected.rows()));
  const int last = shown.rows() - 1;
  for (const auto &[row, col] : {std::pair{0, 0}, std::pair{last, 0}, std::pair{1, last}, std::pair{last, last}}) {
    QCOMPARE(shown.heads[static_cast<std::size_t>(head)](row, col), expected(row, col));
  }
  // The word graph draws the same matrices, and the attention export writes the word graph's.
  const AttentionSlice &graph = m_window->wordGraph()->slice();
  QCOMPARE(graph.method, method);
  QCOMPARE(graph.headCount(), shown.headCount());
  QCOMPARE(graph.heads[static_cast<std::size_t>(head)](last, 0), expected(last, 0));
  // Exports name the method, and a per-layer one says "all heads" instead of a head.
  const QString file = QFileInfo(suggestedFileName(*state, QStringLiteral("attention"), QStringLiteral("csv"))).fileName();
  QCOMPARE(file.contains(QString::fromLatin1(core::to_string(method))), method != core::AttentionMethod::Raw);
  QCOMPARE(file.contains(QStringLiteral("all-heads")), perLayer);
  QCOMPARE(file.contains(QStringLiteral("head2")), !perLayer);

  const QString title = m_window->heatmap()->title();
  if (perLayer) {
    QCOMPARE(title, QStringLiteral("%1 · %2 (all heads)").arg(methodName(method), describeStep(step)));
    QVERIFY2(!title.contains(QStringLiteral("Head")), qPrintable(title));
  } else {
    QVERIFY2(title.contains(QStringLiteral("Head 2")), qPrintable(title));
    QCOMPARE(title.startsWith(methodName(core::AttentionMethod::Norm)), method == core::AttentionMethod::Norm);
  }

  // The exported figures (PNG, SVG, clipboard) say what they draw: the heatmap's title, the word
  // graph's legend and the overview's colour bar name the method, not α̂ (issue 16, Output).
  const bool raw = method == core::AttentionMethod::Raw;
  const ExportMenu *exports = m_window->teachingTools()->exports();
  const FigureDecor heatmap = exports->figureDecor(m_window->heatmap());
  QVERIFY2(heatmap.title.contains(raw ? QStringLiteral("Attention weights α̂") : title), qPrintable(heatmap.title));
  QCOMPARE(heatmap.title.contains(QStringLiteral("α̂")), raw);
  const FigureDecor graphDecor = exports->figureDecor(m_window->wordGraph());
  QCOMPARE(graphDecor.legend.size(), 2);
  QCOMPARE(graphDecor.legend[1].label, raw ? QStringLiteral("wider, darker line: larger α̂_{i,j}")
                                          : QStringLiteral("wider, darker line: larger %1").arg(methodName(method)));
  for (QWidget *grid : {static_cast<QWidget *>(m_window->overview()->grid()),
                        static_cast<QWidget *>(m_window->smallMultiples())}) {
    const FigureDecor decor = exports->figureDecor(grid);
    QCOMPARE(decor.colourBar, FigureColourBar::Weights);
    // norm-based lengths are coloured up to each layer's largest (ValueScale::Magnitude), so the
    // bar's 0 … 1 is a share of that; the other methods' values lie in [0, 1] as drawn
    QCOMPARE(decor.colourLabel, raw                                     ? QStringLiteral("α̂")
                                : method == core::AttentionMethod::Norm ? QStringLiteral("Norm-based ÷ the layer's largest")
                                                                        : methodName(method));
  }
}

void TestMethods::selectorAndStateAgree() {
  QComboBox *selector = m_window->methodSelector();
  QCOMPARE(selector->count(), static_cast<int>(kAttentionMethods.size()));
  for (int i = 0; i < selector->count(); ++i) {
    const QString tip = selector->itemData(i, Qt::ToolTipRole).toString();
    QVERIFY(!tip.isEmpty());
    // The one-line tooltip says which methods are per layer.
    QCOMPARE(tip.contains(QStringLiteral("Per layer")), !core::is_per_head(kAttentionMethods[static_cast<std::size_t>(i)]));
  }
  selector->setCurrentIndex(selector->findData(static_cast<int>(core::AttentionMethod::Rollout)));
  QCOMPARE(m_window->viewState()->method(), core::AttentionMethod::Rollout);
  m_window->viewState()->setMethod(core::AttentionMethod::Norm);
  QCOMPARE(selector->currentData().toInt(), static_cast<int>(core::AttentionMethod::Norm));
  QVERIFY(waitForMethod(*m_window));
  // The overview grid follows too.
  m_window->tabs()->setCurrentWidget(m_window->overview());
  QVERIFY(test::waitForOverview(*m_window));
  // Norm-based lengths are coloured up to each layer's largest, as the export's colour bar says: the
  // background fill draws each thumbnail from its whole layer's slice, not from its head's alone.
  const std::shared_ptr<const MethodTrace> norm = m_window->viewState()->methodTrace();
  QVERIFY(norm && norm->method == core::AttentionMethod::Norm);
  SliceOptions options;
  options.methodTrace = &norm->trace;
  options.method = norm->method;
  options.methodHeads = norm->heads;
  const ThumbnailGrid *grid = m_window->overview()->grid();
  const core::AttentionKind kind = m_window->overview()->currentKind();
  QVERIFY(grid->rowCount() > 0);
  for (int layer = 0; layer < grid->rowCount(); ++layer) {
    const AttentionSlice slice = makeSlice(*m_window->analysis(), {kind, layer}, options);
    QCOMPARE(slice.headCount(), grid->columnCount());
    for (int head = 0; head < grid->columnCount(); ++head) {
      QCOMPARE(grid->thumbnails()[layer * grid->columnCount() + head].image, headThumbnail(slice, head, false, false).image);
    }
  }
}

void TestMethods::staleMethodResultsAreDropped() {
  ViewState *state = m_window->viewState();
  QSignalSpy delivered(state, &ViewState::methodTraceChanged);
  // Three switches before the event loop runs: only the newest job's matrices may arrive.
  state->setMethod(core::AttentionMethod::Norm);
  state->setMethod(core::AttentionMethod::ValueZeroing);
  state->setMethod(core::AttentionMethod::Flow);
  QVERIFY(waitForMethod(*m_window));
  QCOMPARE(delivered.count(), 1);
  QCOMPARE(state->methodTrace()->method, core::AttentionMethod::Flow);
  QCOMPARE(m_window->heatmap()->slice().method, core::AttentionMethod::Flow);

  // A result for another method than the one on show is refused, whoever hands it in.
  auto stale = std::make_shared<const MethodTrace>(
      computeMethod(m_window->analysis(), core::AttentionMethod::Norm, state->positionalEncoding()));
  QVERIFY(!state->setMethodTrace(stale));
  QCOMPARE(state->methodTrace()->method, core::AttentionMethod::Flow);
  // Back to raw: the views read α̂ again without a method job (their slices from the Slices lane).
  state->setMethod(core::AttentionMethod::Raw);
  QVERIFY(!m_window->methodController()->isBusy());
  QVERIFY(waitForMethod(*m_window));
  QCOMPARE(m_window->heatmap()->slice().method, core::AttentionMethod::Raw);
  QVERIFY(m_window->heatmap()->title().startsWith(QStringLiteral("Head")));
}

void TestMethods::rolloutHasNoCrossAttention() {
  ViewState *state = m_window->viewState();
  QVERIFY(state->setLayerStep({core::AttentionKind::DecoderCross, 0}));
  state->setMethod(core::AttentionMethod::Rollout);
  QVERIFY(waitForMethod(*m_window));
  QVERIFY(m_window->heatmap()->slice().empty());
  QVERIFY(state->setLayerStep({core::AttentionKind::DecoderSelf, 0}));
  QVERIFY(waitForMethod(*m_window));
  QCOMPARE(m_window->heatmap()->slice().method, core::AttentionMethod::Rollout);
  QVERIFY(!m_window->heatmap()->slice().empty());
}

void TestMethods::rolloutAndFlowAverageTheChosenHeads_data() {
  QTest::addColumn<core::AttentionMethod>("method");
  QTest::newRow("rollout") << core::AttentionMethod::Rollout;
  QTest::newRow("flow") << core::AttentionMethod::Flow;
}

// The heads menu beside the method selector: rollout and flow over head 2 alone (of 2) equal the
// same method computed here from that head's α̂ only, and every caption says which heads.
void TestMethods::rolloutAndFlowAverageTheChosenHeads() {
  QFETCH(core::AttentionMethod, method);
  ViewState *state = m_window->viewState();
  const LayerStep step{core::AttentionKind::EncoderSelf, 1};
  QVERIFY(state->setLayerStep(step));
  QToolButton *button = m_window->methodHeadsButton();
  QVERIFY(!button->isEnabled());  // raw: a matrix per head, nothing to average
  state->setMethod(method);
  QVERIFY(waitForMethod(*m_window));
  QVERIFY(button->isEnabled());
  QCOMPARE(button->text(), QStringLiteral("all heads"));
  QCOMPARE(m_window->heatmap()->title(), QStringLiteral("%1 · %2 (all heads)").arg(methodName(method), describeStep(step)));

  auto *head2 = button->menu()->findChild<QAction *>(QStringLiteral("methodHead1"));
  QVERIFY(head2);
  head2->trigger();
  QCOMPARE(state->methodHeads(), std::vector<int>{1});
  QCOMPARE(button->text(), QStringLiteral("heads 2"));
  QVERIFY(head2->isChecked());
  QVERIFY(!button->menu()->findChild<QAction *>(QStringLiteral("methodHeadsAll"))->isChecked());
  QVERIFY(state->methodTrace() == nullptr);  // the matrices of every head are no longer shown
  QVERIFY(waitForMethod(*m_window));
  QCOMPARE(state->methodTrace()->heads, std::vector<int>{1});

  // Independently: the dense pass's α̂ of head 2 alone, each layer a one-head layer.
  const Analysis &analysis = *m_window->analysis();
  std::vector<core::LayerAttention> only;
  const core::ForwardResult pass =
      core::forward(*analysis.model, analysis.source.ids, analysis.target.ids, analysis.forwardOptions(true));
  for (const core::LayerAttention &layer : pass.trace.encoder_self) only.push_back({{layer.heads[1]}});
  const std::vector<core::RowMatrix> want =
      method == core::AttentionMethod::Rollout ? core::attention_rollout(only) : core::attention_flow(only);
  const AttentionSlice &shown = m_window->heatmap()->slice();
  QCOMPARE(shown.methodHeads, std::vector<int>{1});
  QCOMPARE(shown.headCount(), 1);
  const core::RowMatrix &expected = want[1];
  QCOMPARE(shown.rows(), static_cast<int>(expected.rows()));
  for (int i = 0; i < shown.rows(); ++i) {
    for (int j = 0; j < shown.cols(); ++j) {
      QVERIFY2(std::abs(shown.heads[0](i, j) - expected(i, j)) < 1e-5f,
               qPrintable(QStringLiteral("(%1, %2): %3, want %4").arg(i).arg(j).arg(shown.heads[0](i, j)).arg(expected(i, j))));
    }
  }
  // ... which is not what every head gives
  const core::MethodResult every =
      core::compute_attention_method(*analysis.model, analysis.source.ids, analysis.target.ids, method, analysis.forwardOptions(true));
  QVERIFY((every.trace.encoder_self[1].heads[0] - expected).cwiseAbs().maxCoeff() > 1e-3f);
  // The captions name the heads: heatmap title, word graph header, small multiples, export names.
  QCOMPARE(m_window->heatmap()->title(), QStringLiteral("%1 · %2 (heads 2)").arg(methodName(method), describeStep(step)));
  QVERIFY(m_window->wordGraph()->slice().methodHeads == std::vector<int>{1});
  QCOMPARE(m_window->smallMultiples()->columnCaptions(), QStringList{QStringLiteral("%1 (heads 2)").arg(methodName(method))});
  const QString file = QFileInfo(suggestedFileName(*state, QStringLiteral("attention"), QStringLiteral("csv"))).fileName();
  QVERIFY2(file.endsWith(QStringLiteral("-heads2.csv")), qPrintable(file));

  // Unchecking the only head chosen is every head again; raw disables the menu.
  head2->trigger();
  QVERIFY(state->methodHeads().empty());
  QCOMPARE(button->text(), QStringLiteral("all heads"));
  QVERIFY(waitForMethod(*m_window));
  QVERIFY(state->methodTrace()->heads.empty());
  QCOMPARE(m_window->heatmap()->title(), QStringLiteral("%1 · %2 (all heads)").arg(methodName(method), describeStep(step)));
  state->setMethod(core::AttentionMethod::Raw);
  QVERIFY(!button->isEnabled());
}

void TestMethods::cancelStopsTheMethodAndChoosingItAgainRecomputes() {
  ViewState *state = m_window->viewState();
  QAction *cancel = m_window->cancelMethodAction();
  QVERIFY(!cancel->isEnabled());
  // A job holding the Method lane's thread keeps the flow job queued until Cancel has been pressed:
  // otherwise the tiny model's flow may finish before the click (the lane runs beside this thread).
  QSemaphore gate;
  m_window->jobRunner()->submit(
      JobLane::Method, m_window.get(),
      [&gate](const JobContext &) {
        gate.acquire();
        return 0;
      },
      [](int) {});
  state->setMethod(core::AttentionMethod::Flow);
  QVERIFY(cancel->isEnabled());
  // Cancelled before its first progress report: flow reports after every query row.
  cancel->trigger();
  gate.release();
  QVERIFY(waitForMethod(*m_window));
  QVERIFY(state->methodTrace()->cancelled);
  QVERIFY2(state->methodTrace()->error.contains(QStringLiteral("cancelled")), qPrintable(state->methodTrace()->error));
  QVERIFY(m_window->heatmap()->slice().empty());
  QVERIFY(!cancel->isEnabled());

  state->setMethod(core::AttentionMethod::Raw);
  state->setMethod(core::AttentionMethod::Flow);
  QVERIFY(waitForMethod(*m_window));
  QVERIFY(!state->methodTrace()->cancelled);
  QCOMPARE(m_window->heatmap()->slice().method, core::AttentionMethod::Flow);
}

void TestMethods::lensLastRowIsTheModelsPrediction() {
  LogitLensPage *lens = m_window->logitLens();
  QSignalSpy shown(lens, &LogitLensPage::gridShown);
  m_window->tabs()->setCurrentWidget(lens);
  QVERIFY(shown.wait(20000));
  const LensGrid &grid = lens->grid();
  QVERIFY2(!grid.empty(), qPrintable(grid.error));

  const Analysis &analysis = *m_window->analysis();
  const core::ForwardResult pass =
      core::forward(*analysis.model, analysis.source.ids, analysis.target.ids, analysis.forwardOptions(true));
  Eigen::Index argmax = 0;
  pass.last_logits.maxCoeff(&argmax);
  const int lastRow = static_cast<int>(grid.rows.size()) - 1;
  const int lastPosition = static_cast<int>(grid.positions.size()) - 1;
  QCOMPARE(grid.at(lastRow, lastPosition).front().id, static_cast<int>(argmax));

  QTableWidget *table = lens->table();
  QCOMPARE(table->rowCount(), static_cast<int>(grid.rows.size()));
  QCOMPARE(table->verticalHeaderItem(0)->text(), QStringLiteral("Embeddings"));
  QTableWidgetItem *cell = table->item(lastRow, lastPosition);
  QVERIFY(cell->text().startsWith(grid.at(lastRow, lastPosition).front().text));

  QVERIFY(lens->topList()->count() == 0);
  table->scrollToItem(cell);
  QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(cell).center());
  const auto &top = grid.at(lastRow, lastPosition);
  QCOMPARE(lens->topList()->count(), static_cast<int>(top.size()));
  QCOMPARE(static_cast<int>(top.size()), LogitLensPage::kTopK);
  QVERIFY(lens->topList()->item(0)->text().contains(top.front().text));
  QVERIFY(lens->topList()->item(0)->text().contains(QString::number(top.front().probability, 'f', 4)));
}

void TestMethods::lensWithoutOutputHeadSaysSo() {
  openAndWait(test::testData(QStringLiteral("hf-cases/bert-tiny-seqcls")));
  LogitLensPage *lens = m_window->logitLens();
  QSignalSpy shown(lens, &LogitLensPage::gridShown);
  m_window->tabs()->setCurrentWidget(lens);
  QVERIFY(shown.wait(20000));
  QVERIFY(lens->grid().empty());
  QVERIFY2(lens->message().contains(QStringLiteral("no output head over the vocabulary")), qPrintable(lens->message()));
  QCOMPARE(lens->table()->rowCount(), 0);
}

QTEST_MAIN(TestMethods)
#include "tst_methods.moc"
