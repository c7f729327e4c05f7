// Benchmark, not a test: from the end of the debounce (input settled) to every visible view
// redrawn, on the bundled models and the Marian test model, at 32 tokens. Prints the median.
//   build-gui/tests/ui/bench_views [runs]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include "heatmap_widget.h"
#include "input_panel.h"
#include "thumbnail_grid.h"
#include "word_graph_widget.h"
#include "main_window.h"
#include "model_input.h"
#include "model_locator.h"
#include "gui_test_support.h"

namespace {

// Words of the model's own vocabulary (for word-level models) or plain English, until the
// source has `tokens` tokens.
QString textOfLength(const core::Model &model, int tokens) {
  const QStringList words = QStringLiteral("the cat sat on the mat and a dog saw a bird under the old tree").split(' ');
  QString text;
  for (int i = 0; i < 200; ++i) {
    const QString candidate = text.isEmpty() ? words[i % words.size()] : text + ' ' + words[i % words.size()];
    const auto side = model.config().has_encoder() ? core::InputSide::Source : core::InputSide::Target;
    if (static_cast<int>(core::tokenize_input(model, side, candidate.toStdString()).size()) > tokens) break;
    text = candidate;
  }
  return text;
}

void bench(const QString &folder, int runs, bool withTarget) {
  ui::MainWindow window;
  window.resize(1280, 820);
  window.show();
  QSignalSpy loaded(&window, &ui::MainWindow::modelLoaded);
  window.openModel(folder);
  if (!loaded.wait(60000) || !QTest::qWaitFor([&] { return window.analysis() && !window.isComputing(); }, 60000)) {
    std::printf("%s: did not open\n", qPrintable(folder));
    return;
  }
  const QString text = textOfLength(*window.model(), 32);
  if (withTarget) window.inputPanel()->fillTarget(text);  // a fixed decoder input, no generation
  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    // Alternate two texts so every run is a new computation.
    const QString input = run % 2 ? text : text.section(' ', 1) + QStringLiteral(" the");
    QSignalSpy updated(&window, &ui::MainWindow::viewsUpdated);
    QElapsedTimer timer;
    timer.start();
    window.inputPanel()->setSourceText(input);  // what the debounce timer's timeout does
    if (!updated.wait(60000)) return;
    window.grab();  // paints every visible view, as the next frame would
    times.push_back(timer.nsecsElapsed() / 1e6);
  }
  if (qEnvironmentVariableIsSet("ATTNSCOPE_BENCH_DETAIL")) {
    const auto timeGrab = [](QWidget *widget) {
      QElapsedTimer timer;
      timer.start();
      for (int i = 0; i < 5; ++i) widget->grab();
      return timer.nsecsElapsed() / 5e6;
    };
    std::printf("  grab: window %.1f, word graph %.1f, heatmap %.1f, multiples %.1f, input %.1f ms\n",
                timeGrab(&window), timeGrab(window.wordGraph()), timeGrab(window.heatmap()),
                timeGrab(window.smallMultiples()), timeGrab(window.inputPanel()));
  }
  std::sort(times.begin(), times.end());
  const auto *analysis = window.analysis().get();
  std::printf("%-22s %-9s source %2zu, target %2zu tokens: median %6.2f ms, p90 %6.2f ms (forward %.2f ms)\n",
              qPrintable(QDir(folder).dirName()), withTarget ? "typed" : "generated", analysis->source.size(),
              analysis->target.size(), times[times.size() / 2], times[times.size() * 9 / 10], analysis->milliseconds);
}

}  // namespace

int main(int argc, char *argv[]) {
  QApplication app(argc, argv);
  ui::test::isolateSettings();
  const int runs = argc > 1 ? std::max(3, std::atoi(argv[1])) : 31;
  QStringList folders;
  for (const QString &root : ui::modelSearchFolders()) {
    for (const QString &name : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
      const QString folder = root + '/' + name;
      if (ui::looksLikeModelFolder(folder) && !name.startsWith(QStringLiteral("for-tests"))) folders << folder;
    }
  }
  folders << ui::test::testData(QStringLiteral("peer/marian-tiny-short"));
  for (const QString &folder : folders) {
    bench(folder, runs, true);
    bench(folder, runs, false);
  }
  return 0;
}
