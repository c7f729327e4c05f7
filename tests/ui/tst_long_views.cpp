// The views of a long input (issue 15) on a small model forced on demand (the window's dense
// limit lowered to 1 KiB, so its trace keeps Q and K as a 4k-token text's would): the Model
// overview fills in the background head by head with a progress line and Cancel, a model switch
// mid-fill drops the stale tiles, the Attention tab's slices are built on the JobRunner (and a stale
// one is never drawn), and value zeroing runs on a sample of queries that the views name. A short
// text's dense trace takes the same background fill: its overview is never computed on the GUI
// thread, and a fill that quick shows no progress line.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSemaphore>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "attention_methods.h"
#include "attention_slice.h"
#include "colour_scales.h"
#include "analysis/head_analysis.h"
#include "analysis/reading/read_report.h"
#include "analysis/reading/token_reading.h"
#include "elided_label.h"
#include "export_menu.h"
#include "model/transformer.h"
#include "gui_test_support.h"
#include "head_analysis_controller.h"
#include "head_analysis_widget.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_runner.h"
#include "main_window.h"
#include "model_overview_widget.h"
#include "overview_fill.h"
#include "startup_screenshot.h"
#include "teaching_tools.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "word_graph_widget.h"

using namespace ui;

namespace {

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 60000);
}

// `words` words the tiny Llama's tokenizer knows.
QString words(int count) {
  static const QStringList vocabulary = {QStringLiteral("the"), QStringLiteral("cat"), QStringLiteral("sat"),
                                         QStringLiteral("on"),  QStringLiteral("a"),   QStringLiteral("mat")};
  QStringList text;
  for (int w = 0; w < count; ++w) text << vocabulary[w % vocabulary.size()];
  return text.join(QLatin1Char(' '));
}

// Every thumbnail of the grid equals the image of that head's slice computed here (the
// synchronous path's picture of the same α̂).
void expectGridShowsEveryHead(const MainWindow &window, core::AttentionKind kind) {
  const Analysis &analysis = *window.analysis();
  const ThumbnailGrid *grid = window.overview()->grid();
  const int layers = analysis.trace(true)->layer_count(kind);
  const int heads = analysis.trace(true)->head_count(kind, 0);
  QCOMPARE(grid->rowCount(), layers);
  QCOMPARE(grid->columnCount(), heads);
  for (int layer = 0; layer < layers; ++layer) {
    const AttentionSlice slice = makeSlice(analysis, {kind, layer}, {});
    for (int head = 0; head < heads; ++head) {
      const QImage &shown = grid->thumbnails()[layer * heads + head].image;
      QVERIFY2(!shown.isNull(), qPrintable(QStringLiteral("layer %1 head %2 missing").arg(layer).arg(head)));
      QCOMPARE(shown, matrixImage(slice, head));
    }
  }
}

// Holds the fill's worker after its first head (OverviewFill::setAfterHead) until the test lets it
// go. Shared with the hook, so a job still running after the test function returned (a failed
// check) reads no destroyed local; open() on leaving the test, so the window's JobRunner can stop.
struct Gate {
  QSemaphore semaphore;
  std::atomic<bool> first{true};

  void holdFirst() {
    if (first.exchange(false)) semaphore.acquire();
  }
  void open() { semaphore.release(); }
};

struct OpenOnExit {
  Gate &gate;
  ~OpenOnExit() { gate.open(); }
};

}  // namespace

class TestLongViews : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void overviewFillsInTheBackground();
  void denseOverviewIsFilledOffTheGuiThread();
  void denseOverviewOfNoTokensIsEmpty();
  void overviewCancelStopsTheFill();
  void overviewExportWaitsForTheFill();
  void screenshotWaitsForTheOverviewFill();
  void modelSwitchMidFillDropsStaleTiles();
  void attentionSlicesAreBuiltOffTheGuiThread();
  void staleSlicesAreDropped();
  void longSlicesHoldOnlyTheHeatmapsHead();
  void sampledQueriesAreEvenlySpaced();
  void valueZeroingOnALongInputSamplesQueriesAndSaysSo();
  void headsTabMeasuresALongInputAsWords();

 private:
  void openAndWait(const QString &folder, const QString &text);
  void openDenseAndWait(const QString &folder, const QString &text);
  void showOverview();

  std::unique_ptr<MainWindow> m_window;
};

void TestLongViews::initTestCase() { test::isolateSettings(); }

void TestLongViews::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->setDenseAttentionLimit(1024);  // bytes: every real trace is over it
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLongViews::cleanup() { m_window.reset(); }

void TestLongViews::openAndWait(const QString &folder, const QString &text) {
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
  m_window->inputPanel()->setSourceText(text);
  QVERIFY(QTest::qWaitFor(
      [&] {
        const std::shared_ptr<const Analysis> analysis = m_window->analysis();
        return analysis && analysis->source.tokens.size() + analysis->target.tokens.size() > 10;
      },
      20000));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(m_window->analysis()->error.isEmpty());
  QVERIFY2(!m_window->analysis()->trace(true)->is_dense(), "the window's lowered limit keeps the trace on demand");
  // the views keep the previous text's slices until this one's arrive from the Slices lane
  QVERIFY(QTest::qWaitFor([&] { return !m_window->jobRunner()->isBusy(JobLane::Slices); }, 30000));
}

void TestLongViews::openDenseAndWait(const QString &folder, const QString &text) {
  m_window->setDenseAttentionLimit(core::ForwardOptions{}.dense_attention_limit);
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QVERIFY(waitForViews(*m_window));
  m_window->inputPanel()->setSourceText(text);
  QVERIFY(QTest::qWaitFor(
      [&] {
        const std::shared_ptr<const Analysis> analysis = m_window->analysis();
        return analysis && analysis->sourceText == text.toStdString();
      },
      20000));
  QVERIFY(waitForViews(*m_window));
  QVERIFY(m_window->analysis()->error.isEmpty());
  QVERIFY2(m_window->analysis()->trace(true)->is_dense(), "a short text's trace holds every α̂");
}

void TestLongViews::showOverview() { m_window->tabs()->setCurrentWidget(m_window->overview()); }

void TestLongViews::overviewFillsInTheBackground() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  OverviewFill *fill = m_window->overviewFill();
  std::vector<std::thread::id> threads;
  connect(fill, &OverviewFill::tileReady, this, [&](const OverviewTile &tile) { threads.push_back(tile.thread); });
  QSignalSpy progress(fill, &OverviewFill::progressChanged);
  QSignalSpy finished(fill, &OverviewFill::finished);
  // The worker waits after its first head, so the fill outlasts the progress line's delay.
  const auto gate = std::make_shared<Gate>();
  const OpenOnExit open{*gate};
  fill->setAfterHead([gate] { gate->holdFirst(); });
  QElapsedTimer sinceSwitch;
  sinceSwitch.start();
  showOverview();
  // Right after the switch the grid holds empty frames only: nothing was computed on this thread.
  const ThumbnailGrid *grid = m_window->overview()->grid();
  QCOMPARE(grid->rowCount(), 2);
  QCOMPARE(grid->columnCount(), 4);
  for (const Thumbnail &thumbnail : grid->thumbnails()) QVERIFY(thumbnail.image.isNull());
  // The progress line and Cancel come once the fill has run a while, not at once.
  QVERIFY(!m_window->overview()->fillStatus()->isVisible());
  QVERIFY(!m_window->overview()->cancelFillButton()->isVisible());
  QVERIFY(QTest::qWaitFor([&] { return m_window->overview()->fillStatus()->isVisible(); }, 30000));
  QVERIFY2(sinceSwitch.elapsed() >= ModelOverviewWidget::kFillProgressDelayMs * 9 / 10,
           qPrintable(QString::number(sinceSwitch.elapsed())));
  QVERIFY(m_window->overview()->cancelFillButton()->isVisible());
  QVERIFY(m_window->overview()->cancelFillButton()->isEnabled());
  gate->open();
  QVERIFY(finished.wait(30000));
  QCOMPARE(finished.size(), 1);
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(static_cast<int>(threads.size()), 8);
  for (const std::thread::id thread : threads) QVERIFY(thread != std::this_thread::get_id());
  // progress counts every head up to 8 of 8, the line says 100 % and goes away with the button
  QCOMPARE(progress.size(), 8);
  QCOMPARE(progress.last().at(0).toInt(), 8);
  QCOMPARE(progress.last().at(1).toInt(), 8);
  QVERIFY2(m_window->overview()->fillStatus()->text().contains(QStringLiteral("8 of 8 heads (100 %)")),
           qPrintable(m_window->overview()->fillStatus()->text()));
  QVERIFY(!m_window->overview()->cancelFillButton()->isVisible());
  expectGridShowsEveryHead(*m_window, core::AttentionKind::DecoderSelf);
  // Stepping the views (refreshViews) does not start the same fill again.
  m_window->showLayerStep({core::AttentionKind::DecoderSelf, 1});
  QTest::qWait(50);
  QCOMPARE(finished.size(), 1);
  QVERIFY(!fill->isBusy());
}

// A short text's dense trace: the same background fill, one tile per head from a worker thread,
// the grouped-query legend and the class badges as the synchronous overview showed them, and no
// progress line for a fill this quick.
void TestLongViews::denseOverviewIsFilledOffTheGuiThread() {
  openDenseAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(6));
  OverviewFill *fill = m_window->overviewFill();
  std::vector<std::thread::id> threads;
  connect(fill, &OverviewFill::tileReady, this, [&](const OverviewTile &tile) { threads.push_back(tile.thread); });
  QSignalSpy finished(fill, &OverviewFill::finished);
  // Every time the progress line or Cancel would show, however briefly.
  int shown = 0;
  struct ShowCounter : QObject {
    int *shown;
    explicit ShowCounter(int *count) : shown(count) {}
    bool eventFilter(QObject *, QEvent *event) override {
      if (event->type() == QEvent::Show) ++*shown;
      return false;
    }
  } counter(&shown);
  m_window->overview()->fillStatus()->installEventFilter(&counter);
  m_window->overview()->cancelFillButton()->installEventFilter(&counter);
  showOverview();
  ModelOverviewWidget *overview = m_window->overview();
  const ThumbnailGrid *grid = overview->grid();
  // At once: the frames, the captions and the grouped-query bands with their legend, no image.
  QCOMPARE(grid->rowCount(), 2);
  QCOMPARE(grid->columnCount(), 4);
  QCOMPARE(grid->columnCaptions(), (QStringList{"Head 1", "Head 2", "Head 3", "Head 4"}));
  for (const Thumbnail &thumbnail : grid->thumbnails()) QVERIFY(thumbnail.image.isNull());
  QCOMPARE(grid->columnGroupCount(), 2);
  QVERIFY(!overview->groupLegend()->isHidden());
  QVERIFY2(overview->groupLegend()->text().contains(
               QStringLiteral("The 2 heads in a band share one key/value head (2 key/value heads for 4 query heads)")),
           qPrintable(overview->groupLegend()->text()));
  QVERIFY(finished.wait(30000));
  QCOMPARE(finished.first().first().toBool(), false);
  QCOMPARE(static_cast<int>(threads.size()), 8);
  for (const std::thread::id thread : threads) QVERIFY(thread != std::this_thread::get_id());
  expectGridShowsEveryHead(*m_window, core::AttentionKind::DecoderSelf);
  // the tooltips are the heads' own (sink share, key/value head), as headThumbnail writes them
  const Thumbnail &third = grid->thumbnails()[2];
  QVERIFY2(third.toolTip.contains(QStringLiteral("Sink share ")) &&
               third.toolTip.contains(QStringLiteral("Key/value head 2 of 2, shared with heads 3–4")),
           qPrintable(third.toolTip));
  QVERIFY(!third.sinkKeys.isEmpty() && third.sinkKeys.front());  // the first token, a sink
  QTest::qWait(ModelOverviewWidget::kFillProgressDelayMs + 100);  // past the delay: still nothing
  QCOMPARE(shown, 0);
  QVERIFY(overview->fillStatus()->isHidden());
  QVERIFY(overview->cancelFillButton()->isHidden());
  // The Heads tab's classes reach the finished thumbnails as corner badges, with their legend.
  QVERIFY(QTest::qWaitFor([&] { return !m_window->headAnalysis()->classBadges(core::AttentionKind::DecoderSelf).isEmpty(); },
                          30000));
  QVERIFY(QTest::qWaitFor([&] { return overview->badgeLegend()->isVisible(); }, 30000));
  const QVector<QColor> badges = m_window->headAnalysis()->classBadges(core::AttentionKind::DecoderSelf);
  QCOMPARE(badges.size(), 8);
  for (int i = 0; i < badges.size(); ++i) QCOMPARE(grid->thumbnails()[i].badge, badges[i]);
  QCOMPARE(finished.size(), 1);  // the badges came without drawing the thumbnails again
}

// A reading that hides every token of a dense trace leaves the overview nothing to draw: the grid
// empties to its placeholder (as the Attention tab's views say so) rather than keep empty frames.
void TestLongViews::denseOverviewOfNoTokensIsEmpty() {
  openDenseAndWait(test::testData(QStringLiteral("peer/bert-tiny-short")), QString());
  QCOMPARE(m_window->analysis()->source.size(), std::size_t{2});  // [CLS] [SEP]
  showOverview();
  QVERIFY(test::waitForOverview(*m_window));
  QCOMPARE(m_window->overview()->grid()->rowCount(), 2);
  QSignalSpy finished(m_window->overviewFill(), &OverviewFill::finished);
  m_window->viewState()->setHideSpecialTokens(true);
  QVERIFY(QTest::qWaitFor([&] { return finished.size() > 0; }, 30000));
  QVERIFY(m_window->overview()->grid()->thumbnails().isEmpty());
  QCOMPARE(m_window->overview()->grid()->rowCount(), 0);
  QVERIFY(m_window->overview()->fillStatus()->isHidden());
  QVERIFY(m_window->overview()->groupLegend()->isHidden());
}

void TestLongViews::overviewCancelStopsTheFill() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  OverviewFill *fill = m_window->overviewFill();
  // The worker waits after its first head until the test has pressed Cancel.
  const auto gate = std::make_shared<Gate>();
  const OpenOnExit open{*gate};
  fill->setAfterHead([gate] { gate->holdFirst(); });
  QSignalSpy tiles(fill, &OverviewFill::tileReady);
  QSignalSpy finished(fill, &OverviewFill::finished);
  showOverview();
  QVERIFY(tiles.wait(30000));
  QVERIFY(QTest::qWaitFor([&] { return m_window->overview()->cancelFillButton()->isVisible(); }, 30000));
  QTest::mouseClick(m_window->overview()->cancelFillButton(), Qt::LeftButton);
  QVERIFY(!m_window->overview()->cancelFillButton()->isEnabled());
  gate->open();
  QVERIFY(finished.wait(30000));
  QCOMPARE(finished.first().first().toBool(), true);
  QCOMPARE(tiles.size(), 1);  // the head done before Cancel, no other
  const QString status = m_window->overview()->fillStatus()->text();
  QVERIFY2(status.contains(QStringLiteral("stopped at 1 of 8 heads")), qPrintable(status));
  QVERIFY(m_window->overview()->fillStatus()->isVisible());
  int drawn = 0;
  for (const Thumbnail &thumbnail : m_window->overview()->grid()->thumbnails()) drawn += thumbnail.image.isNull() ? 0 : 1;
  QCOMPARE(drawn, 1);
}

// attnscope --screenshot with the Model overview on show: the picture waits for the fill's last
// thumbnail rather than catch empty frames.
// An export of the overview while its thumbnails are still coming would save empty frames: it is
// refused with a message that says how far the fill is, writes nothing, and works once it is done.
void TestLongViews::overviewExportWaitsForTheFill() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  OverviewFill *fill = m_window->overviewFill();
  QSignalSpy finished(fill, &OverviewFill::finished);
  const auto gate = std::make_shared<Gate>();
  const OpenOnExit open{*gate};
  fill->setAfterHead([gate] { gate->holdFirst(); });
  showOverview();
  QVERIFY(m_window->overview()->isFilling());
  QTemporaryDir folder;
  const QString png = folder.filePath(QStringLiteral("overview.png"));
  ExportMenu *exports = m_window->teachingTools()->exports();
  const QString refused = exports->exportFigure(m_window->overview()->grid(), png, 96);
  QVERIFY2(refused.contains(QStringLiteral("still computing")), qPrintable(refused));
  QVERIFY2(refused.contains(QStringLiteral("of 8 heads")), qPrintable(refused));
  QVERIFY(!QFile::exists(png));
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("teachingErrorBox"));
  QVERIFY(box);
  box->close();
  gate->open();
  QVERIFY(finished.wait(30000));
  QVERIFY(!m_window->overview()->isFilling());
  QCOMPARE(exports->exportFigure(m_window->overview()->grid(), png, 96), QString());
  QVERIFY(QFile::exists(png));
}

void TestLongViews::screenshotWaitsForTheOverviewFill() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  OverviewFill *fill = m_window->overviewFill();
  const auto gate = std::make_shared<Gate>();
  const OpenOnExit open{*gate};
  fill->setAfterHead([gate] { gate->holdFirst(); });
  QSignalSpy tiles(fill, &OverviewFill::tileReady);
  showOverview();
  QVERIFY(tiles.wait(30000));
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString file = dir.filePath(QStringLiteral("overview.png"));
  auto *screenshot = new StartupScreenshot(m_window.get(), file, {});
  bool busyAtSave = true;
  int drawnAtSave = -1;
  connect(screenshot, &StartupScreenshot::finished, this, [&](const QString &error) {
    QCOMPARE(error, QString());
    busyAtSave = fill->isBusy();
    drawnAtSave = 0;
    for (const Thumbnail &thumbnail : m_window->overview()->grid()->thumbnails()) drawnAtSave += thumbnail.image.isNull() ? 0 : 1;
  });
  QSignalSpy finished(screenshot, &StartupScreenshot::finished);
  m_window->showLayerStep({core::AttentionKind::DecoderSelf, 1});  // the views update: the screenshot is due
  // held well past the screenshot's own 200 ms pause
  QTest::qWait(800);
  QCOMPARE(finished.size(), 0);
  gate->open();
  QVERIFY(finished.size() > 0 || finished.wait(30000));
  QVERIFY(!busyAtSave);
  QCOMPARE(drawnAtSave, 8);
  QVERIFY(QFile::exists(file));
}

void TestLongViews::modelSwitchMidFillDropsStaleTiles() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  OverviewFill *fill = m_window->overviewFill();
  const auto gate = std::make_shared<Gate>();
  const OpenOnExit open{*gate};
  fill->setAfterHead([gate] { gate->holdFirst(); });
  int tilesAfterSwitch = 0;
  int startsAfterSwitch = 0;
  bool afterSwitch = false;
  connect(fill, &OverviewFill::tileReady, this, [&](const OverviewTile &) { tilesAfterSwitch += afterSwitch ? 1 : 0; });
  connect(fill, &OverviewFill::started, this, [&](int, int) { startsAfterSwitch += afterSwitch ? 1 : 0; });
  QSignalSpy tiles(fill, &OverviewFill::tileReady);
  showOverview();
  QVERIFY(tiles.wait(30000));
  // Another model (encoder self-attention, 2 layers × 4 heads) while the old fill is held after its first head.
  afterSwitch = true;
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(test::testData(QStringLiteral("peer/bert-tiny-short")));
  QVERIFY(loaded.wait(20000));
  // The old fill goes on at once, long before the new model's first analysis reaches the views (a
  // long input's views wait for their slices): none of its tiles may reach the grid in between.
  gate->open();
  QVERIFY(waitForViews(*m_window));
  QVERIFY(QTest::qWaitFor([&] { return startsAfterSwitch > 0 && !fill->isBusy() && !m_window->isComputing(); }, 30000));
  QTest::qWait(50);  // any tile the old job still posted has been delivered or dropped by now
  QCOMPARE(startsAfterSwitch, 1);
  QVERIFY(!m_window->analysis()->trace(true)->is_dense());
  const int heads = m_window->analysis()->trace(true)->head_count(core::AttentionKind::EncoderSelf, 0);
  const int layers = m_window->analysis()->trace(true)->layer_count(core::AttentionKind::EncoderSelf);
  QCOMPARE(tilesAfterSwitch, layers * heads);  // the new model's, none of the old one's
  expectGridShowsEveryHead(*m_window, core::AttentionKind::EncoderSelf);
}

void TestLongViews::attentionSlicesAreBuiltOffTheGuiThread() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  QVERIFY(QTest::qWaitFor([&] { return !m_window->heatmap()->slice().empty(); }, 30000));
  const AttentionSlice shown = m_window->heatmap()->slice();  // a copy: the widget's changes below
  QVERIFY(shown.builtOn != std::this_thread::get_id());
  QVERIFY(m_window->wordGraph()->slice().builtOn != std::this_thread::get_id());
  // the same numbers as a slice built here
  const AttentionSlice want = makeSlice(*m_window->analysis(), shown.step, {});
  QVERIFY(want.builtOn == std::this_thread::get_id());
  QCOMPARE(shown.headCount(), want.headCount());
  for (int h = 0; h < want.headCount(); ++h) QVERIFY(shown.heads[std::size_t(h)] == want.heads[std::size_t(h)]);
  QCOMPARE(m_window->smallMultiples()->thumbnails().size(), want.headCount());
  QCOMPARE(m_window->smallMultiples()->thumbnails()[1].image, matrixImage(want, 1));
  // a head-chip or focus change draws the slices on show again without building them anew
  QSignalSpy updated(m_window.get(), &MainWindow::viewsUpdated);
  m_window->viewState()->setFocusedHead(2);
  QVERIFY(updated.size() >= 1);
  QVERIFY(m_window->smallMultiples()->thumbnails()[2].selected);
  QVERIFY(m_window->heatmap()->slice().builtOn == shown.builtOn);
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::Slices));
}

void TestLongViews::staleSlicesAreDropped() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(40));
  QVERIFY(QTest::qWaitFor([&] { return !m_window->heatmap()->slice().empty(); }, 30000));
  const LayerStep first = m_window->heatmap()->slice().step;
  const LayerStep other{first.kind, first.layer == 0 ? 1 : 0};
  QVector<int> layersDrawn;
  connect(m_window.get(), &MainWindow::viewsUpdated, this,
          [&] { layersDrawn.push_back(m_window->heatmap()->slice().step.layer); });
  // Ask for the other layer, and back before its slices can arrive: they are stale.
  m_window->showLayerStep(other);
  QVERIFY(m_window->jobRunner()->isBusy(JobLane::Slices));
  QVERIFY(m_window->heatmap()->slice().empty());  // the views say the step's slices are coming
  m_window->showLayerStep(first);
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::Slices));
  QVERIFY(m_window->heatmap()->slice().step == first);  // the slices on show, drawn again at once
  QTest::qWait(300);  // time for the stale job to finish; its result is never drawn
  QVERIFY(!layersDrawn.contains(other.layer));
  QVERIFY(m_window->heatmap()->slice().step == first);
  // then the other layer for good: its slices arrive and are drawn
  m_window->showLayerStep(other);
  QVERIFY(QTest::qWaitFor([&] { return m_window->heatmap()->slice().step == other && !m_window->heatmap()->slice().empty(); }, 30000));
  QVERIFY(layersDrawn.contains(other.layer));
}

// Past 256 keys the Attention tab's slice keeps the heatmap's head's matrix only; every other head
// is drawn from its thumbnail and its word-graph lines (each query's 5 heaviest keys), and the
// views show what the full matrices give.
void TestLongViews::longSlicesHoldOnlyTheHeatmapsHead() {
  // A copy of hf-cases/llama-tiny-gqa whose config allows 4,096 positions (rotary: no position
  // table), so 300 words stay 300 tokens.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  QCOMPARE(test::copyModelWithPositions(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), dir.path(), 4096), QString());
  openAndWait(dir.path(), words(300));
  QVERIFY(QTest::qWaitFor([&] { return !m_window->heatmap()->slice().empty(); }, 30000));
  const AttentionSlice shown = m_window->heatmap()->slice();
  QVERIFY2(shown.cols() > 256, qPrintable(QString::number(shown.cols())));
  const AttentionSlice want = makeSlice(*m_window->analysis(), shown.step, {});
  QCOMPARE(shown.headCount(), want.headCount());
  QCOMPARE(static_cast<int>(shown.lines.size()), want.headCount());
  QVERIFY(shown.hasMatrix(0));
  QVERIFY(shown.heads[0] == want.heads[0]);
  for (int h = 1; h < want.headCount(); ++h) {
    QVERIFY(!shown.hasMatrix(h));
    QCOMPARE(shown.heads[std::size_t(h)].size(), Eigen::Index(0));
    QCOMPARE(shown.sinkShare[std::size_t(h)], want.sinkShare[std::size_t(h)]);
    QCOMPARE(m_window->smallMultiples()->thumbnails()[h].image, headThumbnail(want, h, false, false, kOverviewThumbnailSide).image);
  }
  QVERIFY(shown.recompute);
  QVERIFY(shown.recompute(2) == want.heads[2]);  // what an export of the layer writes

  // The word graph with every head shown draws the lines of the full matrices, at each threshold.
  WordGraphWidget sparse;
  WordGraphWidget full;
  for (WordGraphWidget *graph : {&sparse, &full}) {
    graph->resize(600, 900);
    graph->setVisibleHeads(QVector<bool>(want.headCount(), true));
    graph->setTopKeys(5);
  }
  sparse.setSlice(shown);
  full.setSlice(want);
  for (const float threshold : {0.0f, 0.05f, 0.2f}) {
    sparse.setThreshold(threshold);
    full.setThreshold(threshold);
    QVERIFY(full.visibleLineCount() > 0);
    QCOMPARE(sparse.visibleLineCount(), full.visibleLineCount());
    QCOMPARE(sparse.grab().toImage(), full.grab().toImage());
    // and for a pinned query or key
    for (const TokenRef token : {TokenRef{TokenSide::Query, 200}, TokenRef{TokenSide::Key, 3}}) {
      sparse.setPinnedToken(token);
      full.setPinnedToken(token);
      QCOMPARE(sparse.visibleLineCount(), full.visibleLineCount());
    }
    sparse.setPinnedToken({});
    full.setPinnedToken({});
  }

  // Another head for the heatmap: that head's matrix alone is recomputed, off the GUI thread; the
  // thumbnails and lines stay.
  m_window->viewState()->setFocusedHead(2);
  QVERIFY(QTest::qWaitFor([&] { return m_window->heatmap()->head() == 2 && !m_window->jobRunner()->isBusy(JobLane::Slices); }, 30000));
  const AttentionSlice refocused = m_window->heatmap()->slice();
  QVERIFY(refocused.builtOn != std::this_thread::get_id());
  QVERIFY(refocused.hasMatrix(2));
  QVERIFY(!refocused.hasMatrix(0));
  QVERIFY(refocused.heads[2] == want.heads[2]);
  QCOMPARE(refocused.lines.size(), shown.lines.size());
  QVERIFY(refocused.lines[1].keys == shown.lines[1].keys);
  QVERIFY(m_window->smallMultiples()->thumbnails()[2].selected);
}

void TestLongViews::sampledQueriesAreEvenlySpaced() {
  QCOMPARE(sampledQueries(5, 64), (std::vector<int>{0, 1, 2, 3, 4}));
  QCOMPARE(sampledQueries(9, 3), (std::vector<int>{0, 4, 8}));
  QCOMPARE(sampledQueries(10, 4), (std::vector<int>{0, 3, 6, 9}));  // 0, 3, 6, 9: k·9/3
  const std::vector<int> sample = sampledQueries(4096);
  QCOMPARE(static_cast<int>(sample.size()), kMethodQuerySample);
  QCOMPARE(sample.front(), 0);
  QCOMPARE(sample.back(), 4095);
  for (std::size_t k = 1; k < sample.size(); ++k) {
    QVERIFY(sample[k] > sample[k - 1]);
    QVERIFY(std::abs(sample[k] - sample[k - 1] - 65) <= 1);  // 4095 / 63 = 65
  }
  QCOMPARE(sampleCaption({}, 4096), QString());
  QCOMPARE(sampleCaption(sample, 4096), QStringLiteral("queries sampled: 64 of 4096 (other rows 0)"));
}

void TestLongViews::valueZeroingOnALongInputSamplesQueriesAndSaysSo() {
  openAndWait(test::testData(QStringLiteral("hf-cases/llama-tiny-gqa")), words(100));
  const int rows = m_window->analysis()->trace(true)->query_count(core::AttentionKind::DecoderSelf, 0);
  QVERIFY2(rows > kMethodQuerySample, qPrintable(QString::number(rows)));
  ViewState *state = m_window->viewState();
  state->setMethod(core::AttentionMethod::ValueZeroing);
  QVERIFY(QTest::qWaitFor([&] { return state->methodTrace() != nullptr; }, 60000));
  const std::shared_ptr<const MethodTrace> method = state->methodTrace();
  QVERIFY2(method->error.isEmpty(), qPrintable(method->error));
  QCOMPARE(method->queries, sampledQueries(rows));
  QCOMPARE(method->queryRows, rows);
  const QString caption = QStringLiteral("queries sampled: 64 of %1 (other rows 0)").arg(rows);
  QVERIFY(QTest::qWaitFor([&] { return m_window->heatmap()->slice().method == core::AttentionMethod::ValueZeroing; }, 10000));
  QVERIFY2(m_window->heatmap()->title().contains(caption), qPrintable(m_window->heatmap()->title()));
  QCOMPARE(m_window->wordGraph()->slice().methodNote, caption);
  // the sampled rows hold a distribution, the others 0
  const core::RowMatrix &layer = method->trace.layers(core::AttentionKind::DecoderSelf)[0].heads.at(0);
  for (int i = 0; i < rows; ++i) {
    const bool sampled = std::binary_search(method->queries.begin(), method->queries.end(), i);
    if (sampled) QVERIFY2(std::abs(layer.row(i).sum() - 1.0f) < 1e-4f, qPrintable(QString::number(i)));
    else QCOMPARE(layer.row(i).cwiseAbs().maxCoeff(), 0.0f);
  }
  // a short text (a dense trace) computes every row, and says nothing
  m_window->setDenseAttentionLimit(core::ForwardOptions{}.dense_attention_limit);
  m_window->inputPanel()->setSourceText(words(6));
  QVERIFY(QTest::qWaitFor([&] {
    const std::shared_ptr<const MethodTrace> shown = state->methodTrace();
    return shown && shown->analysis == m_window->analysis() && !m_window->isComputing();
  }, 60000));
  QVERIFY(m_window->analysis()->trace(true)->is_dense());
  QVERIFY(state->methodTrace()->queries.empty());
  QVERIFY(!m_window->heatmap()->title().contains(QStringLiteral("sampled")));
}

// Read as words, a long input's metrics would need the whole read trace at once (as large as the
// dense α̂ the trace avoids): the Heads tab reads and measures it head by head
// (core::analyze_read_trace), with the numbers of the same input's dense trace read as words, and
// the Compare page draws the compared heads as words, recomputing only their α̂.
void TestLongViews::headsTabMeasuresALongInputAsWords() {
  openAndWait(QStringLiteral(ATTNSCOPE_TEST_DATA "/peer/bert-tiny-short"), QStringLiteral("unbelievable attention"));
  const Analysis &analysis = *m_window->analysis();
  QVERIFY(!analysis.trace(true)->is_dense());
  HeadAnalysisWidget *heads = m_window->headAnalysis();
  m_window->wordLevelToggle()->click();
  QVERIFY(QTest::qWaitFor([&] {
    const HeadAnalysisResult *shown = heads->shownResult();
    return shown && shown->analysis == m_window->analysis() && shown->reading.words;
  }, 20000));
  const HeadAnalysisResult &shown = *heads->shownResult();
  QVERIFY2(shown.error.isEmpty(), qPrintable(shown.error));
  auto *source = heads->findChild<ElidedLabel *>(QStringLiteral("headsSource"));
  QVERIFY(source);
  QCOMPARE(source->fullText(), QStringLiteral("Metrics of the text in the input box, words: keys summed, queries averaged"));
  // the same input's dense trace, read as words and measured: every head's numbers
  core::ReadingOptions words;
  words.words = true;
  const core::ForwardResult dense = core::forward(*analysis.model, analysis.source.ids, {});
  QVERIFY(dense.trace.is_dense());
  const core::HeadReport want = core::analyze_read_trace(dense.trace, analysis.source, analysis.target, words);
  const core::HeadReport tokens = core::analyze_trace(dense.trace, analysis.source, analysis.target);
  const core::KindHeads &kind = shown.report.kinds.at(0);
  bool differsFromTokens = false;
  for (int layer = 0; layer < kind.layers; ++layer) {
    for (int head = 0; head < kind.heads; ++head) {
      const core::HeadRef ref{core::AttentionKind::EncoderSelf, layer, head};
      const core::HeadMetrics &got = *shown.report.find(ref);
      const core::HeadMetrics &expected = *want.find(ref);
      const QString where = QStringLiteral("layer %1 head %2").arg(layer).arg(head);
      QVERIFY2(std::abs(got.entropy - expected.entropy) < 1e-6, qPrintable(where));
      QVERIFY2(std::abs(*got.mean_distance - *expected.mean_distance) < 1e-6, qPrintable(where));
      QVERIFY2(std::abs(got.sink - expected.sink) < 1e-6, qPrintable(where));
      QVERIFY2(std::abs(got.confidence - expected.confidence) < 1e-6, qPrintable(where));
      differsFromTokens = differsFromTokens || std::abs(got.entropy - tokens.find(ref)->entropy) > 1e-4;
    }
  }
  QVERIFY(differsFromTokens);  // positions count words, not the word's pieces
  // Compare: each side's heatmap and word graph over words, only the compared head recomputed
  const core::ReadingAxis axis = core::reading_axis(analysis.source.tokens, words);
  QVERIFY(QTest::qWaitFor([&] { return heads->compareHeatmap(0)->slice().cols() == static_cast<int>(axis.labels.size()); }, 20000));
  for (int side = 0; side < 2; ++side) {
    const core::HeadRef head = heads->comparedHead(side);
    const AttentionSlice &heat = heads->compareHeatmap(side)->slice();
    QCOMPARE(static_cast<int>(heat.keys.tokens.size()), static_cast<int>(axis.labels.size()));
    QCOMPARE(heat.keys.tokens[1].text, QStringLiteral("unbelievable"));
    QCOMPARE(heads->compareWordGraph(side)->slice().queries.tokens[1].text, QStringLiteral("unbelievable"));
    const core::RowMatrix expected = core::read_matrix(
        dense.trace.encoder_self[static_cast<std::size_t>(head.layer)].heads[static_cast<std::size_t>(head.head)], axis, axis);
    QVERIFY(heat.hasMatrix(head.head));
    QVERIFY((heat.heads[static_cast<std::size_t>(head.head)] - expected).cwiseAbs().maxCoeff() < 1e-6f);
    for (int other = 0; other < heat.headCount(); ++other) QCOMPARE(heat.hasMatrix(other), other == head.head);
  }
  // rollout is computed from a dense trace only: its page draws nothing for such an input (docs/reading.md)
  QVERIFY(QTest::qWaitFor([&] { return !m_window->jobRunner()->isBusy(JobLane::HeadRollout); }, 20000));
  QVERIFY(heads->rolloutHeatmap()->slice().empty());
}

QTEST_MAIN(TestLongViews)
#include "tst_long_views.moc"
