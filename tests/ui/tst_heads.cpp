// The Heads tab, offscreen in the real main window: charts with one bar per head, selecting a
// head from the scatter, the corpus run (completes, and cancels), ablation, similarity → compare,
// and the class badges in the model overview; the Compare and Rollout pages' slices come from the
// JobRunner, newest request only.
#include <array>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "attention_slice.h"
#include "difference_slice.h"
#include "gui_test_support.h"
#include "head_analysis_controller.h"
#include "head_ablation_page.h"
#include "head_analysis_widget.h"
#include "head_compare_page.h"
#include "head_rollout_page.h"
#include "job_runner.h"
#include "head_chips_widget.h"
#include "head_similarity_widget.h"
#include "heatmap_widget.h"
#include "main_window.h"
#include "model_overview_widget.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "word_graph_widget.h"

using namespace ui;

class TestHeads : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void chartsShowOneBarPerHead();
  void clickingAScatterPointSelectsTheHead();
  void corpusRunCompletesAndCancels();
  void corpusRunOverTheMemoryBudgetStopsWithTheGuardsMessage();
  void corpusRunFollowsTheSettingsPrecisionAndThreads();
  void corpusRunCountsTheLinesCutToTheModelsLength();
  void ablationRecomputes();
  void ablationComputesWithTheAnalysisPrecision();
  void similarityCellOpensTheTwoHeads();
  void mostLocalVsMostGlobal();
  void thresholdsReclassifyAndBadgeTheOverview();
  void metricsOfASupersededAnalysisAreGivenUp();
  void compareAndRolloutSlicesAreBuiltOffTheGuiThread();
  void staleCompareAndRolloutRequestsNeverReachThePages();
  void ablationThumbnailsAreBuiltOffTheGuiThread();

 private:
  HeadAnalysisWidget *heads() const { return m_window->headAnalysis(); }
  void openAndWait();
  QString writeCorpus(int lines);

  std::unique_ptr<MainWindow> m_window;
  std::unique_ptr<QTemporaryDir> m_folder;
};

void TestHeads::initTestCase() { test::isolateSettings(); }

void TestHeads::init() {
  m_folder = std::make_unique<QTemporaryDir>();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 900);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  openAndWait();
}

void TestHeads::cleanup() {
  m_window.reset();
  m_folder.reset();
}

void TestHeads::openAndWait() {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(test::defaultTestModel());
  QVERIFY(loaded.wait(20000));
  QVERIFY(QTest::qWaitFor([&] { return m_window->analysis() && !m_window->isComputing(); }, 20000));
  m_window->tabs()->setCurrentWidget(heads());
  QVERIFY(QTest::qWaitFor([&] { return heads()->shownResult() != nullptr; }, 20000));
}

QString TestHeads::writeCorpus(int lines) {
  const QString path = m_folder->filePath(QStringLiteral("corpus-%1.txt").arg(lines));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return {};
  const char *sentences[] = {"the happy child likes the horse .", "the small dog follows the child in winter .",
                             "the horse likes the dog ."};
  for (int i = 0; i < lines; ++i) {
    file.write(sentences[i % 3]);
    file.write("\n");
  }
  return path;
}

void TestHeads::chartsShowOneBarPerHead() {
  const core::ModelSpec &config = m_window->model()->spec();
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  QCOMPARE(heads()->layerChartCount(), config.encoder_layers());
  for (int layer = 0; layer < config.encoder_layers(); ++layer) {
    QChart *chart = heads()->layerChart(layer);
    QVERIFY(chart);
    QCOMPARE(chart->series().size(), 1);
    auto *bars = qobject_cast<QBarSeries *>(chart->series().front());
    QVERIFY(bars);
    QCOMPARE(bars->barSets().size(), 2);  // distance and entropy
    for (const QBarSet *set : bars->barSets()) QCOMPARE(set->count(), config.heads());
  }
  // cross-attention has no distance: entropy bars only
  heads()->setCurrentKind(core::AttentionKind::DecoderCross);
  QCOMPARE(heads()->layerChartCount(), config.decoder_layers());
  auto *cross = qobject_cast<QBarSeries *>(heads()->layerChart(0)->series().front());
  QCOMPARE(cross->barSets().size(), 1);
  QCOMPARE(cross->barSets().front()->count(), config.heads());
  // the reach chart: attention distance per layer beside the convolution stack
  QVERIFY(heads()->reachView()->chart()->series().size() >= 4);
}

void TestHeads::clickingAScatterPointSelectsTheHead() {
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  heads()->pages()->setCurrentIndex(HeadAnalysisWidget::ScatterPage);
  QChartView *view = heads()->scatterView();
  QVERIFY(QTest::qWaitForWindowExposed(view));
  const core::HeadRef wanted{core::AttentionKind::EncoderSelf, 1, 1};
  // the chart lays itself out once the page is on screen
  QVERIFY(QTest::qWaitFor([&] { return view->viewport()->rect().contains(heads()->scatterPosition(wanted)); }, 5000));
  const QPoint position = heads()->scatterPosition(wanted);
  QSignalSpy selected(heads(), &HeadAnalysisWidget::headSelected);
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, position);
  QVERIFY(selected.count() == 1 || selected.wait(2000));
  // Heads with equal metrics share a point; the one selected sits where we clicked.
  const core::HeadRef got = heads()->selectedHead();
  QVERIFY((heads()->scatterPosition(got) - position).manhattanLength() <= 3);
  // …and the Attention tab shows it
  QCOMPARE(m_window->currentStep(), (LayerStep{got.kind, got.layer}));
  QCOMPARE(m_window->headChips()->focusedHead(), got.head);
}

// The corpus run's passes honour the budget (the analysis's Settings ▸ Memory budget): the first
// line over it stops the run with the guard's message, naming the estimate and the budget.
void TestHeads::corpusRunOverTheMemoryBudgetStopsWithTheGuardsMessage() {
  JobRunner runner;
  HeadAnalysisController controller(&runner);
  QSignalSpy finished(&controller, &HeadAnalysisController::corpusFinished);
  const QString corpus = writeCorpus(3);
  core::ForwardOptions tiny;
  tiny.memory_budget = 1024;
  controller.runCorpus(m_window->model(), corpus, tiny, core::HeadMetricOptions{});
  QVERIFY(finished.wait(20000));
  auto result = finished.takeFirst().at(0).value<std::shared_ptr<const HeadAnalysisResult>>();
  QVERIFY2(result->error.contains(QStringLiteral("this pass needs about")) &&
               result->error.contains(QStringLiteral("but the memory budget is 1.0 KiB")),
           qPrintable(result->error));
  QCOMPARE(result->report.inputs, 0);
  // with room, the same file runs
  controller.runCorpus(m_window->model(), corpus, core::ForwardOptions{}, core::HeadMetricOptions{});
  QVERIFY(finished.wait(20000));
  result = finished.takeFirst().at(0).value<std::shared_ptr<const HeadAnalysisResult>>();
  QVERIFY2(result->error.isEmpty(), qPrintable(result->error));
  QCOMPARE(result->report.inputs, 3);
}

// The corpus run computes as Settings ▸ Precision, Threads and Memory budget say (as the views'
// analysis does), with the Heads tab's positional-encoding switch and without the shown text's
// token types; changed Settings reach the next run.
void TestHeads::corpusRunFollowsTheSettingsPrecisionAndThreads() {
  QSignalSpy finished(heads(), &HeadAnalysisWidget::corpusFinished);
  heads()->startCorpus(writeCorpus(3));
  QVERIFY(finished.wait(20000));
  const HeadAnalysisResult *shown = heads()->shownResult();
  QVERIFY(shown && !shown->corpusFile.isEmpty());
  QVERIFY(shown->corpusOptions.precision == core::Precision::Exact);
  QCOMPARE(shown->corpusOptions.threads, 0);

  Preferences preferences = m_window->viewState()->preferences();
  preferences.precision = QStringLiteral("fast");
  preferences.threads = 1;
  preferences.memoryBudgetMb = 512;
  m_window->applyPreferences(preferences);
  QVERIFY(QTest::qWaitFor(
      [&] {
        return m_window->analysis() && m_window->analysis()->precision == core::Precision::Fast &&
               m_window->analysis()->threads == 1 && !m_window->isComputing();
      },
      20000));
  heads()->startCorpus(writeCorpus(4));
  QVERIFY(finished.wait(20000));
  shown = heads()->shownResult();
  QVERIFY(shown && shown->corpusFile.endsWith(QStringLiteral("corpus-4.txt")));
  QVERIFY2(shown->error.isEmpty(), qPrintable(shown->error));
  QVERIFY(shown->corpusOptions.precision == core::Precision::Fast);
  QCOMPARE(shown->corpusOptions.threads, 1);
  QCOMPARE(shown->corpusOptions.memory_budget, std::size_t{512} * 1024 * 1024);
  QVERIFY(shown->corpusOptions.positional_encoding);
  QVERIFY(shown->corpusOptions.token_types.empty());
  QCOMPARE(shown->report.inputs, 4);
}

// A corpus line longer than the model reads is cut, measured, and counted (the label says so).
void TestHeads::corpusRunCountsTheLinesCutToTheModelsLength() {
  const QString path = m_folder->filePath(QStringLiteral("long-corpus.txt"));
  {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("the horse likes the dog .\n\n");
    for (int i = 0; i < 4; ++i) file.write("the horse likes the dog . ");  // 24 words: past the 16 positions
    file.write("\n");
  }
  QVERIFY(m_window->model()->spec().max_positions < 24);
  QSignalSpy finished(heads(), &HeadAnalysisWidget::corpusFinished);
  heads()->startCorpus(path);
  QVERIFY(finished.wait(20000));
  const HeadAnalysisResult *shown = heads()->shownResult();
  QVERIFY(shown && shown->corpusFile == path);
  QVERIFY2(shown->error.isEmpty(), qPrintable(shown->error));
  QCOMPARE(shown->report.inputs, 2);
  QCOMPARE(shown->report.skipped, 1);  // the blank line
  QCOMPARE(shown->cutLines, 1);
}

void TestHeads::corpusRunCompletesAndCancels() {
  QSignalSpy finished(heads(), &HeadAnalysisWidget::corpusFinished);
  heads()->startCorpus(writeCorpus(12));
  QVERIFY(heads()->corpusProgress()->isVisible());
  QVERIFY(finished.wait(60000));
  QCOMPARE(finished.takeFirst().at(0).toBool(), false);
  QVERIFY(heads()->showingCorpus());
  QCOMPARE(heads()->shownResult()->report.inputs, 12);
  QVERIFY(!heads()->corpusProgress()->isVisible());
  QCOMPARE(heads()->layerChartCount(), m_window->model()->spec().encoder_layers());

  // a long run: the window keeps answering, Cancel stops it and keeps the previous numbers
  heads()->startCorpus(writeCorpus(3000));
  QVERIFY(heads()->isCorpusRunning());
  QVERIFY(QTest::qWaitFor([&] { return heads()->corpusProgress()->value() > 0; }, 20000));
  QTest::mouseClick(heads()->corpusCancelButton(), Qt::LeftButton);
  QVERIFY(finished.wait(20000));
  QCOMPARE(finished.takeFirst().at(0).toBool(), true);
  QVERIFY(!heads()->isCorpusRunning());
  QCOMPARE(heads()->shownResult()->report.inputs, 12);

  heads()->showInputMetrics();
  QVERIFY(!heads()->showingCorpus());
  QCOMPARE(heads()->shownResult()->report.inputs, 1);
}

// Under Settings ▸ Precision fast the ablation's passes compute as the analysis did: the layers
// before the switched-off head match what the views show, bit for bit.
void TestHeads::ablationComputesWithTheAnalysisPrecision() {
  Preferences preferences = m_window->viewState()->preferences();
  preferences.precision = QStringLiteral("fast");
  m_window->applyPreferences(preferences);
  QVERIFY(QTest::qWaitFor(
      [&] { return m_window->analysis() && m_window->analysis()->precision == core::Precision::Fast && !m_window->isComputing(); },
      20000));
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  QSignalSpy shown(heads(), &HeadAnalysisWidget::ablationShown);
  const core::HeadRef off{core::AttentionKind::EncoderSelf, 1, 0};
  heads()->setHeadAblated(off, true);
  QVERIFY(shown.wait(20000));
  const AblationResult *ablation = heads()->ablation();
  QVERIFY(ablation && ablation->error.isEmpty());
  const core::AttentionTrace *before = m_window->analysis()->trace(true);
  for (int h = 0; h < m_window->model()->spec().heads(); ++h) {
    QCOMPARE((ablation->comparison->after.encoder_self[0].heads[h] - before->encoder_self[0].heads[h]).cwiseAbs().maxCoeff(), 0.0f);
  }
  heads()->setHeadAblated(off, false);
  preferences.precision = QStringLiteral("exact");
  m_window->applyPreferences(preferences);
  QTRY_VERIFY_WITH_TIMEOUT(m_window->analysis() && m_window->analysis()->precision == core::Precision::Exact, 20000);
}

void TestHeads::ablationRecomputes() {
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  QSignalSpy shown(heads(), &HeadAnalysisWidget::ablationShown);
  const core::HeadRef off{core::AttentionKind::EncoderSelf, 0, 1};
  heads()->setHeadAblated(off, true);
  QVERIFY(shown.wait(20000));
  const AblationResult *ablation = heads()->ablation();
  QVERIFY(ablation);
  QVERIFY(ablation->error.isEmpty());
  QCOMPARE(ablation->ablated.size(), std::size_t(1));
  QVERIFY(ablation->ablated.front() == off);
  const core::AttentionTrace *before = m_window->analysis()->trace(true);
  for (int h = 0; h < m_window->model()->spec().heads(); ++h) {
    QCOMPARE((ablation->comparison->after.encoder_self[0].heads[h] - before->encoder_self[0].heads[h]).cwiseAbs().maxCoeff(), 0.0f);
    QVERIFY((ablation->comparison->after.encoder_self[1].heads[h] - before->encoder_self[1].heads[h]).cwiseAbs().maxCoeff() > 0.0f);
  }
  const core::ModelSpec &config = m_window->model()->spec();
  QCOMPARE(heads()->ablationGrid()->thumbnails().size(), config.encoder_layers() * config.heads());
  QVERIFY(heads()->ablationOutput()->rowCount() > 0);
  // the prediction change is the core's (top 10, Δp and KL against the all-heads pass)
  QVERIFY(ablation->comparison->prediction.has_value());
  QCOMPARE(heads()->ablationOutput()->rowCount(), int(ablation->comparison->prediction->top.size()));
  QVERIFY(ablation->comparison->prediction->kl_divergence > 0.0);
  QCOMPARE(heads()->ablationOutput()->item(0, 3)->text(), QString::number(ablation->comparison->prediction->top[0].delta, 'f', 4));
  // switching it back on: no heads off, nothing to compare
  heads()->setHeadAblated(off, false);
  QVERIFY(QTest::qWaitFor([&] { return heads()->ablation() == nullptr; }, 5000));
}

void TestHeads::similarityCellOpensTheTwoHeads() {
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  heads()->pages()->setCurrentIndex(HeadAnalysisWidget::SimilarityPage);
  HeadSimilarityWidget *map = heads()->similarity();
  const core::ModelSpec &config = m_window->model()->spec();
  QCOMPARE(map->count(), config.encoder_layers() * config.heads());
  QVERIFY(QTest::qWaitForWindowExposed(map));
  QSignalSpy activated(map, &HeadSimilarityWidget::headsActivated);
  QTest::mouseClick(map, Qt::LeftButton, {}, map->cellRect(0, 1).center().toPoint());
  QCOMPARE(activated.count(), 1);
  QCOMPARE(heads()->pages()->currentIndex(), int(HeadAnalysisWidget::ComparePage));
  const auto first = activated.front().at(0).value<core::HeadRef>();
  const auto second = activated.front().at(1).value<core::HeadRef>();
  QVERIFY(heads()->comparedHead(0) == first);
  QVERIFY(heads()->comparedHead(1) == second);
  // the slices arrive from the JobRunner's HeadCompare lane
  QVERIFY(QTest::qWaitFor([&] { return !m_window->jobRunner()->isBusy(JobLane::HeadCompare); }, 20000));
  QCOMPARE(heads()->compareHeatmap(0)->head(), first.head);
  QVERIFY(!heads()->compareHeatmap(1)->slice().empty());
}

void TestHeads::mostLocalVsMostGlobal() {
  auto *button = heads()->findChild<QPushButton *>(QStringLiteral("mostLocalVsGlobal"));
  QVERIFY(button);
  heads()->pages()->setCurrentIndex(HeadAnalysisWidget::ComparePage);
  QTest::mouseClick(button, Qt::LeftButton);
  const core::HeadRef local = heads()->comparedHead(0);
  const core::HeadRef global = heads()->comparedHead(1);
  const core::HeadReport &report = heads()->shownResult()->report;
  const double localDistance = *report.find(local)->mean_distance_normalized;
  for (const core::KindHeads &kind : report.kinds) {
    for (const core::HeadMetrics &m : kind.metrics) {
      if (m.mean_distance_normalized) QVERIFY(localDistance <= *m.mean_distance_normalized + 1e-12);
    }
  }
  QVERIFY(report.find(global)->mean_distance_normalized.has_value());
  QVERIFY(!(local == global));
}

void TestHeads::thresholdsReclassifyAndBadgeTheOverview() {
  // every self-attention head is a sink when the sink threshold is 0
  core::HeadThresholds everything = heads()->thresholds();
  everything.sink = 0.0;
  heads()->setThresholds(everything);
  const QVector<QColor> badges = heads()->classBadges(core::AttentionKind::EncoderSelf);
  const core::ModelSpec &config = m_window->model()->spec();
  QCOMPARE(badges.size(), config.encoder_layers() * config.heads());
  for (const QColor &badge : badges) QCOMPARE(badge, headClassColour(core::HeadClass::Sink));

  m_window->overview()->setCurrentKind(core::AttentionKind::EncoderSelf);
  m_window->tabs()->setCurrentWidget(m_window->overview());
  // the badges are on the frames at once and stay as the thumbnails arrive from the JobRunner
  QVERIFY(test::waitForOverview(*m_window));
  const QVector<Thumbnail> &thumbnails = m_window->overview()->grid()->thumbnails();
  QCOMPARE(thumbnails.size(), badges.size());
  for (const Thumbnail &thumbnail : thumbnails) QCOMPARE(thumbnail.badge, headClassColour(core::HeadClass::Sink));
  heads()->setThresholds(core::HeadThresholds{});
  QVERIFY(m_window->overview()->grid()->thumbnails().front().badge ==
          heads()->classBadges(core::AttentionKind::EncoderSelf).front());
}

// Typing again gives up the metrics still being computed for the old text (they would compete with
// the new forward pass); the new analysis then gets its own.
void TestHeads::metricsOfASupersededAnalysisAreGivenUp() {
  // Let the window settle: opening a model can schedule one more analysis (the input's debounce).
  QTest::qWait(500);
  QVERIFY(QTest::qWaitFor([&] { return !m_window->isComputing(); }, 20000));
  const std::shared_ptr<const Analysis> current = m_window->analysis();
  QVERIFY(QTest::qWaitFor([&] { return heads()->shownResult() != nullptr; }, 20000));

  const auto superseded = std::make_shared<const Analysis>(*current);
  heads()->setAnalysis(superseded, true);
  heads()->analysisRequested();
  QTest::qWait(500);
  QCOMPARE(m_window->analysis(), current);    // nothing else replaced the heads' analysis meanwhile
  QCOMPARE(heads()->shownResult(), nullptr);  // without analysisRequested() they arrive within milliseconds

  const auto newest = std::make_shared<const Analysis>(*current);
  heads()->setAnalysis(newest, true);
  QVERIFY(QTest::qWaitFor([&] { return heads()->shownResult() && heads()->shownResult()->analysis == newest; }, 20000));
}

// Issue 18 §1: the Compare page's two slices and the Rollout page's rollout and mean of heads are
// built on the JobRunner, and hold the numbers a slice built here holds.
void TestHeads::compareAndRolloutSlicesAreBuiltOffTheGuiThread() {
  const core::ModelSpec &config = m_window->model()->spec();
  QVERIFY(config.encoder_layers() > 1);
  auto *compare = heads()->findChild<HeadComparePage *>();
  auto *rollout = heads()->findChild<HeadRolloutPage *>();
  QVERIFY(compare && rollout);
  const core::HeadRef first{core::AttentionKind::EncoderSelf, 0, 1};
  const core::HeadRef second{core::AttentionKind::EncoderSelf, config.encoder_layers() - 1, 0};
  QSignalSpy sides(compare, &HeadComparePage::sidesShown);
  heads()->compareHeads(first, second);
  QVERIFY(sides.wait(20000));
  const std::array<core::HeadRef, 2> wanted = {first, second};
  for (int side = 0; side < 2; ++side) {
    const core::HeadRef head = wanted[static_cast<std::size_t>(side)];
    const AttentionSlice &shown = heads()->compareHeatmap(side)->slice();
    QVERIFY(shown.builtOn != std::thread::id{});
    QVERIFY(shown.builtOn != std::this_thread::get_id());
    QVERIFY(heads()->compareWordGraph(side)->slice().builtOn != std::this_thread::get_id());
    // the side's graph and heatmap share one slice: no copy of a long input's head on the GUI thread
    QVERIFY(&heads()->compareWordGraph(side)->slice() == &shown);
    QCOMPARE(heads()->compareHeatmap(side)->head(), head.head);
    QCOMPARE(shown.step.layer, head.layer);
    const AttentionSlice want = makeSlice(*m_window->analysis(), {head.kind, head.layer}, {});
    QVERIFY(want.builtOn == std::this_thread::get_id());
    QVERIFY(shown.heads[std::size_t(head.head)] == want.heads[std::size_t(head.head)]);
  }

  heads()->pages()->setCurrentIndex(HeadAnalysisWidget::RolloutPage);
  auto *layer = rollout->findChild<QSpinBox *>(QStringLiteral("rolloutLayer"));
  QVERIFY(layer);
  QVERIFY(layer->maximum() > 1);
  const int wantedLayer = layer->value() == 1 ? layer->maximum() : 1;
  QSignalSpy rolled(rollout, &HeadRolloutPage::heatmapsShown);
  layer->setValue(wantedLayer);
  QVERIFY(rolled.wait(20000));
  const AttentionSlice &mean = rollout->meanHeatmap()->slice();
  QVERIFY(!mean.empty());
  QVERIFY(mean.builtOn != std::thread::id{});
  QVERIFY(mean.builtOn != std::this_thread::get_id());
  QVERIFY(rollout->heatmap()->slice().builtOn != std::this_thread::get_id());
  // M̄ = 1/H Σ_h α̂_h of the layer asked for, as built here
  const AttentionSlice raw = makeSlice(*m_window->analysis(), {core::AttentionKind::EncoderSelf, wantedLayer - 1}, {});
  core::RowMatrix want = core::RowMatrix::Zero(raw.rows(), raw.cols());
  for (const core::RowMatrix &head : raw.heads) want += head;
  want /= static_cast<float>(raw.headCount());
  QCOMPARE(mean.step.layer, wantedLayer - 1);
  QCOMPARE(mean.heads.size(), std::size_t{1});
  QVERIFY((mean.heads[0] - want).cwiseAbs().maxCoeff() < 1e-6f);
}

// A request superseded before its result arrives is never drawn: only the newest one reaches the
// Compare page and the Rollout page.
void TestHeads::staleCompareAndRolloutRequestsNeverReachThePages() {
  const core::ModelSpec &config = m_window->model()->spec();
  QVERIFY(config.encoder_layers() > 1);
  auto *compare = heads()->findChild<HeadComparePage *>();
  auto *rollout = heads()->findChild<HeadRolloutPage *>();
  QVERIFY(compare && rollout);
  JobRunner *runner = m_window->jobRunner();
  QVERIFY(QTest::qWaitFor([&] { return !runner->isBusy(JobLane::HeadCompare) && !runner->isBusy(JobLane::HeadRollout); }, 20000));

  std::vector<std::pair<int, int>> comparedLayers;  // (side 0's layer, side 1's layer) at each delivery
  connect(compare, &HeadComparePage::sidesShown, this, [&] {
    comparedLayers.emplace_back(heads()->compareHeatmap(0)->slice().step.layer, heads()->compareHeatmap(1)->slice().step.layer);
  });
  const int last = config.encoder_layers() - 1;
  const quint64 before = runner->latest(JobLane::HeadCompare);
  // swapping the two heads on show asks twice, as does the next pair
  const core::HeadRef shownFirst = heads()->comparedHead(0);
  const core::HeadRef shownSecond = heads()->comparedHead(1);
  QVERIFY(!(shownFirst == shownSecond));
  QCOMPARE(shownFirst.layer, 0);
  heads()->compareHeads(shownSecond, shownFirst);
  heads()->compareHeads({core::AttentionKind::EncoderSelf, last, 1}, {core::AttentionKind::EncoderSelf, last, 0});
  QVERIFY(runner->latest(JobLane::HeadCompare) >= before + 2);  // the first pair was asked for, then superseded
  QVERIFY(QTest::qWaitFor([&] { return !runner->isBusy(JobLane::HeadCompare); }, 20000));
  QTest::qWait(100);  // a stale result posted back late would arrive now
  QCOMPARE(comparedLayers.size(), std::size_t{1});
  QCOMPARE(comparedLayers.front().first, last);
  QCOMPARE(comparedLayers.front().second, last);
  QCOMPARE(heads()->compareHeatmap(0)->head(), 1);
  QCOMPARE(heads()->compareHeatmap(1)->head(), 0);

  std::vector<int> meanLayers;  // the mean heatmap's layer at each delivery
  connect(rollout, &HeadRolloutPage::heatmapsShown, this,
          [&] { meanLayers.push_back(rollout->meanHeatmap()->slice().step.layer); });
  auto *layer = rollout->findChild<QSpinBox *>(QStringLiteral("rolloutLayer"));
  QVERIFY(layer);
  const quint64 rolloutBefore = runner->latest(JobLane::HeadRollout);
  // two layer changes in a row (1 → 2 → 1, or → 1 → 2): the first one's result is stale
  const int first = layer->value() == 1 ? 2 : 1;
  const int wanted = first == 1 ? 2 : 1;
  layer->setValue(first);
  layer->setValue(wanted);
  QVERIFY(runner->latest(JobLane::HeadRollout) >= rolloutBefore + 2);
  QVERIFY(QTest::qWaitFor([&] { return !runner->isBusy(JobLane::HeadRollout); }, 20000));
  QTest::qWait(100);
  QCOMPARE(meanLayers.size(), std::size_t{1});
  QCOMPARE(meanLayers.front(), wanted - 1);
}

// Issue 18 §2: the Ablation page's thumbnails are built on the AblationSlices lane, each the image
// the difference slice built here gives (the switched-off head dimmed), and ablationShown comes once
// they are drawn. Of several requests in a row only the newest is drawn, the figure on show stays
// until it arrives, and a request with nothing to build drops a figure still coming.
void TestHeads::ablationThumbnailsAreBuiltOffTheGuiThread() {
  heads()->setCurrentKind(core::AttentionKind::EncoderSelf);
  heads()->pages()->setCurrentIndex(HeadAnalysisWidget::AblationPage);
  const core::ModelSpec &config = m_window->model()->spec();
  QVERIFY(config.encoder_layers() > 1);
  const int count = config.heads();
  const int layers = config.encoder_layers();
  bool drawnWhenShown = false;
  QSignalSpy shown(heads(), &HeadAnalysisWidget::ablationShown);
  QObject context;
  connect(heads(), &HeadAnalysisWidget::ablationShown, &context, [&] {
    drawnWhenShown = !heads()->isAblationComputing() && heads()->ablationGrid()->thumbnails().size() == layers * count;
  });
  const core::HeadRef off{core::AttentionKind::EncoderSelf, 1, 0};
  heads()->setHeadAblated(off, true);
  QVERIFY(QTest::qWaitFor([&] { return heads()->ablation() != nullptr && !heads()->isAblationComputing(); }, 20000));
  QVERIFY(!shown.isEmpty());
  QVERIFY(drawnWhenShown);
  const AblationResult *ablation = heads()->ablation();
  QVERIFY(ablation->comparison);
  const Analysis &analysis = *m_window->analysis();
  const ComparedTokens tokens{analysis.source, analysis.target, analysis.source, analysis.target};
  const QVector<Thumbnail> drawn = heads()->ablationGrid()->thumbnails();
  QCOMPARE(drawn.size(), layers * count);
  for (int layer = 0; layer < layers; ++layer) {
    const AttentionSlice want = differenceSlice(*ablation->comparison, tokens, core::AttentionKind::EncoderSelf, layer,
                                                HeadAblationPage::allHeadsName(), HeadAblationPage::headsOffName());
    QVERIFY(want.builtOn == std::this_thread::get_id());
    const QVector<Thumbnail> wanted = headThumbnails(want, {}, -1);
    QCOMPARE(wanted.size(), count);
    for (int h = 0; h < count; ++h) {
      const Thumbnail &thumbnail = drawn[layer * count + h];
      QVERIFY(thumbnail.builtOn != std::thread::id{});
      QVERIFY(thumbnail.builtOn != std::this_thread::get_id());
      QVERIFY2(thumbnail.image == wanted[h].image, qPrintable(QStringLiteral("layer %1 head %2").arg(layer).arg(h)));
      QCOMPARE(thumbnail.dimmed, layer == off.layer && h == off.head);
    }
  }

  auto *page = heads()->findChild<HeadAblationPage *>();
  QVERIFY(page);
  int figures = 0;
  connect(page, &HeadAblationPage::figureShown, &context, [&] { ++figures; });
  HeadView view;
  view.analysis = m_window->analysis();
  view.kind = core::AttentionKind::EncoderSelf;
  const auto result = std::make_shared<const AblationResult>(*ablation);
  page->showAblation(view, result);
  page->showAblation(view, result);
  page->showAblation(view, result);
  QVERIFY(page->isComputing());
  QCOMPARE(page->grid()->thumbnails().size(), layers * count);  // the figure on show stays meanwhile
  QVERIFY(QTest::qWaitFor([&] { return !page->isComputing(); }, 20000));
  QTest::qWait(100);  // a stale figure posted back late would arrive now
  QCOMPARE(figures, 1);
  QCOMPARE(page->grid()->thumbnails().size(), layers * count);
  // nothing to build (no result): drawn at once, and the figure still coming is dropped
  page->showAblation(view, result);
  page->showAblation(view, nullptr);
  QVERIFY(!page->isComputing());
  QCOMPARE(figures, 2);
  QVERIFY(page->grid()->thumbnails().isEmpty());
  QTest::qWait(200);
  QCOMPARE(figures, 2);
  QVERIFY(page->grid()->thumbnails().isEmpty());
}

QTEST_MAIN(TestHeads)
#include "tst_heads.moc"
