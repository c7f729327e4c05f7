// Benchmark, not a test (ctest does not run it). On the offscreen platform it times:
//  1. from the end of the debounce (input settled) to every visible view redrawn, on the bundled
//     models and the Marian test model at 32 tokens, and on a BERT-base-shaped model at 128 and
//     512 tokens; with the GUI thread's own share (refresh every view + repaint the window);
//  2. the model-overview grid (12 layers × 12 heads) at 128 tokens: thumbnails built and painted;
//  3. the word graph's hover repaint rate at 512 tokens (mouse moves over tokens, repaint());
//  4. that the GUI thread stays responsive while a 512-token BERT-base analysis runs: a 5 ms
//     QTimer's largest lateness between the request and the result.
// Prints medians and the load average (/proc/loadavg) at the start of each measurement.
//   build/tests/ui/bench_views [runs] [--bert DIR]     (or ATTNSCOPE_BERT_BASE=DIR)
//   build/tests/ui/bench_views --long DIR [TOKENS]     only 4: a long input (default 4,096 tokens) on
//     the model in DIR, e.g. tests/bench/make_llama_1b's 1B checkpoint (docs/performance.md)
// The BERT-base folder defaults to /tmp/bert-base; when it is missing it is generated with
// tests/bench/make_bert_base (440 MB). ATTNSCOPE_BENCH_DETAIL=1 adds a per-view grab breakdown;
// ATTNSCOPE_BENCH_MODELS=name,… (folder names, "bert-base" for the large model) runs only those.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMouseEvent>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include "heatmap_widget.h"
#include "input_panel.h"
#include "main_window.h"
#include "model/model_input.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "overview_fill.h"
#include "thumbnail_grid.h"
#include "word_graph_widget.h"
#include "gui_test_support.h"

namespace {

QString load() {
  QFile file(QStringLiteral("/proc/loadavg"));
  if (!file.open(QIODevice::ReadOnly)) return QStringLiteral("?");
  return QString::fromLatin1(file.readAll()).section(' ', 0, 2);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0.0 : values[values.size() / 2];
}

double percentile90(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0.0 : values[values.size() * 9 / 10];
}

double elapsedMs(const QElapsedTimer &timer) { return static_cast<double>(timer.nsecsElapsed()) / 1e6; }

// Words of plain English until the input has `tokens` tokens (special tokens included): the most
// words that fit, found by bisection (a long input tokenised a few times, not once per word).
QString textOfLength(const core::Model &model, int tokens) {
  const QStringList words = QStringLiteral("the cat sat on the mat and a dog saw a bird under the old tree").split(' ');
  const auto side = model.spec().has_encoder() ? core::InputSide::Source : core::InputSide::Target;
  const auto text = [&](int count) {
    QStringList chosen;
    for (int i = 0; i < count; ++i) chosen << words[i % words.size()];
    return chosen.join(' ');
  };
  const auto fits = [&](int count) {
    return static_cast<int>(core::tokenize_input(model, side, text(count).toStdString()).size()) <= tokens;
  };
  int low = 0;  // fits (no words)
  int high = 4 * tokens + 16;
  while (low < high) {
    const int middle = (low + high + 1) / 2;
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return text(low);
}

bool openAndWait(ui::MainWindow &window, const QString &folder) {
  QSignalSpy loaded(&window, &ui::MainWindow::modelLoaded);
  window.openModel(folder);
  if (!loaded.wait(120000) ||
      !QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 120000)) {
    std::printf("%s: did not open\n", qPrintable(folder));
    return false;
  }
  return true;
}

// Sets the source text and waits until every view has the result; false on a time-out.
bool analyse(ui::MainWindow &window, const QString &text) {
  QSignalSpy updated(&window, &ui::MainWindow::viewsUpdated);
  window.inputPanel()->setSourceText(text);  // what the debounce timer's timeout does
  return updated.wait(120000) && QTest::qWaitFor([&] { return !window.isComputing(); }, 120000);
}

// Text change → every visible view repainted, and the GUI thread's share of it.
void benchTextChange(ui::MainWindow &window, const QString &name, int tokens, int runs, bool withTarget) {
  const QString text = textOfLength(*window.model(), tokens);
  if (withTarget) window.inputPanel()->fillTarget(text);  // a fixed decoder input, no generation
  const QString loadAtStart = load();
  std::vector<double> total, forward, gui, untilViews;
  for (int run = 0; run < runs; ++run) {
    // Alternate two texts so every run is a new computation.
    const QString input = run % 2 ? text : text.section(' ', 1) + QStringLiteral(" the");
    QElapsedTimer timer;
    double viewsAt = 0;
    const QMetaObject::Connection connection =
        QObject::connect(&window, &ui::MainWindow::viewsUpdated, [&] { viewsAt = elapsedMs(timer); });
    timer.start();
    const bool ok = analyse(window, input);
    QObject::disconnect(connection);
    if (!ok) return;
    window.grab();  // paints every visible view, as the next frame would
    total.push_back(elapsedMs(timer));
    untilViews.push_back(viewsAt);
    forward.push_back(window.analysis()->milliseconds);
    // The GUI thread's own work for a result: hand every view its slice, then paint.
    timer.restart();
    window.refreshAllViews();
    window.grab();
    gui.push_back(elapsedMs(timer));
  }
  if (qEnvironmentVariableIsSet("ATTNSCOPE_BENCH_DETAIL")) {
    const auto timeGrab = [](QWidget *widget) {
      QElapsedTimer timer;
      timer.start();
      for (int i = 0; i < 5; ++i) widget->grab();
      return elapsedMs(timer) / 5;
    };
    std::printf("  grab: window %.1f, word graph %.1f, heatmap %.1f, multiples %.1f, input %.1f ms\n",
                timeGrab(&window), timeGrab(window.wordGraph()), timeGrab(window.heatmap()),
                timeGrab(window.smallMultiples()), timeGrab(window.inputPanel()));
  }
  const auto *analysis = window.analysis().get();
  std::printf("%-24s %-9s src %3zu, tgt %3zu tok: total median %7.2f ms (p90 %7.2f), views updated at %7.2f, "
              "forward %7.2f, GUI thread %6.2f ms [%d runs, load %s]\n",
              qPrintable(name), withTarget ? "typed" : "generated", analysis->source.size(), analysis->target.size(),
              median(total), percentile90(total), median(untilViews), median(forward), median(gui), runs,
              qPrintable(loadAtStart));
  std::fflush(stdout);
}

// The overview tab at the current analysis: switching to it starts the background fill of every
// layer's thumbnails (MainWindow::refreshOverview, on the JobRunner) and paints the tab; the GUI
// thread's part is timed, then the first opening until every thumbnail is in and painted (later
// openings of the same result draw the thumbnails already made); then the grid's paint alone.
void benchOverview(ui::MainWindow &window, int runs) {
  const QString loadAtStart = load();
  std::vector<double> opened, paint;
  double filled = 0;
  for (int run = 0; run < runs; ++run) {
    window.tabs()->setCurrentIndex(0);
    QCoreApplication::processEvents();
    QElapsedTimer timer;
    timer.start();
    window.tabs()->setCurrentWidget(window.overview());  // what Ctrl+2 does
    window.overview()->grab();
    opened.push_back(elapsedMs(timer));
    if (run == 0) {
      if (!QTest::qWaitFor([&] { return !window.overviewFill()->isBusy(); }, 600000)) {
        std::printf("overview: the fill did not finish within 10 minutes\n");
      }
      window.overview()->grab();
      filled = elapsedMs(timer);
    }
    timer.restart();
    window.overview()->grid()->grab();
    paint.push_back(elapsedMs(timer));
  }
  const ui::ThumbnailGrid *grid = window.overview()->grid();
  std::printf("overview grid %d x %d at %zu tokens (%dx%d px): tab opened on the GUI thread median %.2f ms "
              "(p90 %.2f), first opening until every thumbnail is painted %.2f ms, grid paint only %.2f ms "
              "[%d runs, load %s]\n",
              grid->rowCount(), grid->columnCount(), window.analysis()->source.size(), grid->width(), grid->height(),
              median(opened), percentile90(opened), filled, median(paint), runs, qPrintable(loadAtStart));
  std::fflush(stdout);
  window.tabs()->setCurrentIndex(0);
  QCoreApplication::processEvents();
}

// Mouse moves over successive query and key tokens of the word graph, each followed by repaint().
void benchHover(ui::MainWindow &window, int moves) {
  ui::WordGraphWidget *graph = window.wordGraph();
  const ui::WordGraphLayout layout = graph->currentLayout();
  const int rows = graph->slice().rows();
  const int cols = graph->slice().cols();
  const auto move = [&](QPointF position) {
    QMouseEvent event(QEvent::MouseMove, position, graph->mapToGlobal(position), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(graph, &event);
    graph->repaint();
  };
  // The tokens a user can point at: at 512 tokens most rows lie beyond the widget's edges.
  std::vector<QPointF> targets;
  for (int i = 0; i < std::max(rows, cols); ++i) {
    for (const QPointF anchor : {layout.queryAnchor(std::min(i, rows - 1)), layout.keyAnchor(std::min(i, cols - 1))}) {
      if (anchor.y() >= 0 && anchor.y() < graph->height()) targets.push_back(anchor);
    }
  }
  if (targets.empty()) return;
  const QString loadAtStart = load();
  std::vector<double> times;
  int focused = 0;
  for (int i = 0; i < moves; ++i) {
    const QPointF anchor = targets[static_cast<std::size_t>(i * 7) % targets.size()];
    QElapsedTimer timer;
    timer.start();
    move(anchor);
    times.push_back(elapsedMs(timer));
    if (graph->focusedToken().valid()) ++focused;
  }
  // Leaving the tokens: every line of the slice comes back.
  QElapsedTimer timer;
  timer.start();
  move(QPointF(graph->width() / 2.0, graph->height() / 2.0));
  const double unfocused = elapsedMs(timer);
  const double perRepaint = median(times);
  std::printf("word graph hover at %d x %d tokens (%d heads, %dx%d px, pitch %.2f px): median %.2f ms per move+repaint "
              "= %.0f repaints/s (p90 %.2f ms; %d/%d moves focused a token); no focus %.2f ms, %d lines "
              "[load %s]\n",
              rows, cols, graph->slice().headCount(), graph->width(), graph->height(), layout.pitch, perRepaint,
              1000.0 / perRepaint, percentile90(times), focused, moves, unfocused, graph->visibleLineCount(),
              qPrintable(loadAtStart));
  std::fflush(stdout);
}

// The process's peak resident set so far (getrusage's ru_maxrss, KiB on Linux), in MiB.
double peakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// While a long analysis runs on the worker, a 5 ms timer on the GUI thread must keep ticking.
// "During the pass" runs from the request to the views having the result; "the views' refresh" is
// the gap that holds the result's own refresh and repaint (GUI work, not a forward pass); "after"
// runs from there until nothing is computing any more (head metrics, the overview's fill, the
// views' slices) and a second beyond.
void benchResponsiveness(ui::MainWindow &window, const QString &text, int timeoutMs = 120000) {
  QElapsedTimer clock;
  double last = 0;
  double worstGap = 0;
  double worstAt = 0;  // when that gap ended, from the request
  int longGaps = 0;    // over 50 ms
  double worstAfter = 0;
  double refreshGap = 0;  // the gap that holds the views' own refresh and repaint
  int ticks = 0;
  bool during = true;
  bool afterStarted = false;
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  ticker.setInterval(5);
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const double now = elapsedMs(clock);
    if (during) {
      if (now - last > worstGap) worstAt = now;
      worstGap = std::max(worstGap, now - last);
      if (now - last > 50) ++longGaps;
      ++ticks;
    } else if (afterStarted) {
      worstAfter = std::max(worstAfter, now - last);
    } else {
      afterStarted = true;  // the first tick after the views' own refresh
      refreshGap = now - last;
    }
    last = now;
  });
  QMetaObject::Connection stop = QObject::connect(&window, &ui::MainWindow::viewsUpdated, [&] { during = false; });
  const QString loadAtStart = load();
  clock.start();
  ticker.start();
  QSignalSpy updated(&window, &ui::MainWindow::viewsUpdated);
  window.inputPanel()->setSourceText(text);  // what the debounce timer's timeout does
  const bool ok = updated.wait(timeoutMs);
  QObject::disconnect(stop);
  const double duration = elapsedMs(clock);
  const bool idle = ok && QTest::qWaitFor([&] { return !window.isComputing(); }, timeoutMs);
  // A second more, so the views' repaint and anything queued behind it are timed too.
  QTest::qWait(1000);
  ticker.stop();
  const double untilIdle = elapsedMs(clock);
  std::printf("GUI thread during a %zu-token analysis (%.0f ms, forward %.0f ms): %d ticks of a 5 ms timer, "
              "largest gap %.1f ms (ending %.0f ms after the request), %d gaps over 50 ms -> %s; the views' refresh: "
              "%.1f ms; after it, until idle at %.0f ms and a second more: largest gap %.1f ms%s; peak RSS so far %.0f MiB "
              "[load %s]\n",
              window.analysis() ? std::max(window.analysis()->source.size(), window.analysis()->target.size())
                                : std::size_t{0},
              duration,
              window.analysis() ? window.analysis()->milliseconds : 0.0, ticks, worstGap, worstAt, longGaps,
              ok && worstGap <= 100.0 ? "responsive (<= 100 ms)" : "NOT RESPONSIVE", refreshGap, untilIdle, worstAfter,
              idle ? "" : " (timed out)", peakRssMiB(), qPrintable(loadAtStart));
  std::fflush(stdout);
}

QString bertBaseFolder(const QStringList &arguments) {
  const int flag = static_cast<int>(arguments.indexOf(QStringLiteral("--bert")));
  QString folder = flag >= 0 && flag + 1 < arguments.size() ? arguments[flag + 1]
                                                            : qEnvironmentVariable("ATTNSCOPE_BERT_BASE");
  if (folder.isEmpty()) folder = QStringLiteral("/tmp/bert-base");
  if (QFileInfo::exists(folder + QStringLiteral("/model.safetensors"))) return folder;
#ifdef ATTNSCOPE_MAKE_BERT_BASE
  std::printf("generating %s with make_bert_base (440 MB)…\n", qPrintable(folder));
  std::fflush(stdout);
  if (QProcess::execute(QStringLiteral(ATTNSCOPE_MAKE_BERT_BASE), {folder}) == 0) return folder;
#endif
  std::printf("%s: no BERT-base model (run tests/bench/make_bert_base %s)\n", qPrintable(folder), qPrintable(folder));
  return {};
}

}  // namespace

int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  ui::test::isolateSettings();
  const QStringList arguments = QCoreApplication::arguments();
  const int runs = argc > 1 && argv[1][0] != '-' ? std::max(3, std::atoi(argv[1])) : 31;
  std::printf("platform %s, %u hardware threads, load %s\n", qPrintable(QGuiApplication::platformName()),
              std::thread::hardware_concurrency(), qPrintable(load()));

  if (const auto flag = arguments.indexOf(QStringLiteral("--long")); flag >= 0) {
    if (flag + 1 >= arguments.size()) {
      std::printf("--long needs a model folder\n");
      return 2;
    }
    const int tokens = flag + 2 < arguments.size() ? arguments[flag + 2].toInt() : 4096;
    ui::MainWindow window;
    window.resize(1280, 820);
    window.show();
    QElapsedTimer opening;
    opening.start();
    if (!openAndWait(window, arguments[flag + 1])) return 1;
    std::printf("opened %s with its first analysis in %.0f ms\n", qPrintable(arguments[flag + 1]), elapsedMs(opening));
    const QString text = textOfLength(*window.model(), std::max(tokens, 2));
    for (int run = 0; run < 2; ++run) benchResponsiveness(window, run ? text + QStringLiteral(" end") : text, 900000);
    return 0;
  }

  QStringList folders;
  for (const QString &root : ui::modelSearchFolders()) {
    for (const QString &name : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
      const QString folder = root + '/' + name;
      if (ui::looksLikeModelFolder(folder) && !name.startsWith(QStringLiteral("for-tests"))) folders << folder;
    }
  }
  folders << ui::test::testData(QStringLiteral("peer/marian-tiny-short"));
  // ATTNSCOPE_BENCH_MODELS=reverse,bert-base: only those (folder names; bert-base is the large one).
  const QStringList only = qEnvironmentVariable("ATTNSCOPE_BENCH_MODELS").split(',', Qt::SkipEmptyParts);
  const auto wanted = [&](const QString &name) { return only.isEmpty() || only.contains(name); };
  for (const QString &folder : folders) {
    if (!wanted(QDir(folder).dirName())) continue;
    ui::MainWindow window;
    window.resize(1280, 820);
    window.show();
    if (!openAndWait(window, folder)) continue;
    benchTextChange(window, QDir(folder).dirName(), 32, runs, true);
    benchTextChange(window, QDir(folder).dirName(), 32, runs, false);
  }

  if (!wanted(QStringLiteral("bert-base"))) return 0;
  const QString bert = bertBaseFolder(arguments);
  if (bert.isEmpty()) return 0;
  ui::MainWindow window;
  window.resize(1280, 820);
  window.show();
  if (!openAndWait(window, bert)) return 1;
  const int longRuns = std::max(3, runs / 4);
  benchTextChange(window, QStringLiteral("bert-base"), 128, longRuns, false);
  benchOverview(window, std::max(5, longRuns));
  benchTextChange(window, QStringLiteral("bert-base"), 512, longRuns, false);
  benchHover(window, 61);
  benchResponsiveness(window, textOfLength(*window.model(), 512) + QStringLiteral(" end"));
  return 0;
}
