// The job runner's hand-overs between threads, with ui/state alone (no widgets): jobs and their
// results, progress posted from a lane, a runner destroyed with a job in flight, and the window's
// model loads and forward passes (AnalysisController). ctest runs it as any suite; scripts/tsan.sh
// runs it under ThreadSanitizer, which is why it links no widget library: that stage compiles only
// core and ui/state.

#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <memory>
#include <numeric>
#include <vector>

#include "analysis_controller.h"
#include "job_runner.h"

namespace ui {
namespace {

// Data a job builds on its lane: n values that depend on the job's tag.
std::vector<double> workOf(int tag, std::size_t n = 2000) {
  std::vector<double> values(n);
  std::iota(values.begin(), values.end(), double(tag));
  return values;
}

}  // namespace

class TestJobThreads : public QObject {
  Q_OBJECT

 private slots:
  void resultsCarryTheLanesData();
  void progressCarriesTheLanesData();
  void destroyingTheRunnerStopsTheJobInFlight();
  void newestModelLoadAndAnalysisWin();
};

// GUI thread → lane: each job reads a vector the GUI thread filled; lane → GUI thread: the result
// it built. Three lanes at once, many jobs each, so lanes run while results are delivered.
void TestJobThreads::resultsCarryTheLanesData() {
  JobRunner runner;
  QObject receiver;
  const std::vector<JobLane> lanes = {JobLane::Analysis, JobLane::Heads, JobLane::Method};
  std::vector<int> lastDelivered(lanes.size(), -1);
  int deliveries = 0;
  for (int tag = 0; tag < 60; ++tag) {
    for (std::size_t l = 0; l < lanes.size(); ++l) {
      auto input = std::make_shared<std::vector<double>>(workOf(tag));  // written on this thread
      runner.submit(lanes[l], &receiver, [input, tag](const JobContext &) {
        std::vector<double> doubled(input->size());
        for (std::size_t i = 0; i < input->size(); ++i) doubled[i] = 2 * (*input)[i];
        return std::make_pair(tag, doubled);
      }, [&, l](std::pair<int, std::vector<double>> result) {
        const std::vector<double> expected = workOf(result.first);
        QCOMPARE(result.second.size(), expected.size());
        QCOMPARE(result.second.back(), 2 * expected.back());
        lastDelivered[l] = result.first;
        ++deliveries;
      });
    }
    if (tag % 7 == 0) QCoreApplication::processEvents();  // deliver some while lanes still run
  }
  QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 20000);
  QVERIFY(deliveries >= int(lanes.size()));
  for (const int last : lastDelivered) QCOMPARE(last, 59);  // every lane ends on its newest job
}

// A job posts progress from its lane; each post carries data built there.
void TestJobThreads::progressCarriesTheLanesData() {
  JobRunner runner;
  QObject receiver;
  std::vector<std::size_t> seen;
  const quint64 id = runner.latest(JobLane::Corpus) + 1;
  runner.submit(JobLane::Corpus, &receiver, [&runner, &receiver, id](const JobContext &) {
    for (int step = 1; step <= 40; ++step) {
      auto partial = std::make_shared<std::vector<double>>(workOf(step, std::size_t(step) * 10));
      runner.post(JobLane::Corpus, id, QPointer<const QObject>(&receiver), [partial, &receiver] {
        receiver.setProperty("last", double(partial->size()));
      });
    }
    return 40;
  }, [&](int steps) { seen.push_back(std::size_t(steps)); });
  QTRY_VERIFY_WITH_TIMEOUT(!runner.isBusy(), 20000);
  QCOMPARE(seen, std::vector<std::size_t>{40});
  QTRY_COMPARE(receiver.property("last").toDouble(), 400.0);  // the last post arrives too
}

// The destructor asks the job in flight to stop and waits for it: nothing runs on afterwards.
void TestJobThreads::destroyingTheRunnerStopsTheJobInFlight() {
  auto runner = std::make_unique<JobRunner>();
  QObject receiver;
  std::atomic<bool> started{false};
  auto sawStop = std::make_shared<std::atomic<bool>>(false);
  runner->submit(JobLane::Export, &receiver, [&started, sawStop](const JobContext &job) {
    started = true;
    while (!job.stopped()) QThread::usleep(100);
    *sawStop = true;
    return 0;
  }, [](int) {});
  QTRY_VERIFY(started.load());
  runner.reset();
  QVERIFY(sawStop->load());
}

// Two loads, then a burst of analyses: only the newest load and the newest analysis report back,
// and the analysis is of the text asked for last.
void TestJobThreads::newestModelLoadAndAnalysisWin() {
  JobRunner runner;
  AnalysisController controller(&runner);
  QSignalSpy loaded(&controller, &AnalysisController::modelLoaded);
  QSignalSpy ready(&controller, &AnalysisController::analysisReady);
  const QString data = QStringLiteral(ATTNSCOPE_TEST_DATA);
  controller.loadModel(data + QStringLiteral("/torch/encdec-post-relu"));
  controller.loadModel(data + QStringLiteral("/torch/encdec-pre-silu-none"));
  QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
  QTest::qWait(50);
  QCOMPARE(loaded.count(), 1);
  QVERIFY(loaded.front().at(1).toString().endsWith(QStringLiteral("encdec-pre-silu-none")));
  const auto model = loaded.front().at(0).value<std::shared_ptr<const core::Model>>();
  QVERIFY(model);
  quint64 last = 0;
  for (const char *text : {"the cat", "the cat sat", "the cat sat on", "the cat sat on the mat"}) {
    AnalysisRequest request;
    request.model = model;
    request.source = text;
    request.threads = 2;  // the pass splits over the core's own pool inside the lane
    last = controller.analyse(request);
  }
  QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
  QTest::qWait(50);
  QCOMPARE(ready.count(), 1);
  const auto analysis = ready.front().at(0).value<std::shared_ptr<const Analysis>>();
  QCOMPARE(analysis->requestId, last);
  QCOMPARE(analysis->sourceText, std::string("the cat sat on the mat"));
}

}  // namespace ui

QTEST_GUILESS_MAIN(ui::TestJobThreads)
#include "tst_job_threads.moc"
