// The bottom of the GUI, without a window: the view state's properties and signals, the job
// runner's latest-only lanes, and the preferences the Settings dialog edits.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include "analysis.h"
#include "families/load_model.h"
#include "gui_test_support.h"
#include "job_runner.h"
#include "preferences.h"
#include "settings_dialog.h"
#include "view_state.h"

using namespace ui;

namespace {

std::shared_ptr<const core::Model> loadTestModel() {
  return std::make_shared<const core::Model>(core::load_model(test::defaultTestModel().toStdString()));
}

// A finished analysis whose decoder read targetIds.
std::shared_ptr<const Analysis> analysisOf(const std::shared_ptr<const core::Model> &model, std::vector<int> targetIds) {
  auto analysis = std::make_shared<Analysis>();
  analysis->model = model;
  analysis->target.ids = std::move(targetIds);
  analysis->target.tokens = std::vector<std::string>(analysis->target.ids.size(), "t");
  return analysis;
}

// Every field away from its default.
Preferences changedPreferences() {
  Preferences chosen;
  chosen.threads = 1;
  chosen.precision = QStringLiteral("fast");
  chosen.memoryBudgetMb = 4096;
  chosen.language = QStringLiteral("zh_TW");
  chosen.theme = QStringLiteral("dark");
  chosen.positionalEncoding = false;
  chosen.peDifference = true;
  chosen.threshold = 0.2;
  chosen.words = true;
  chosen.hideSpecial = true;
  chosen.topPLines = true;
  chosen.topP = 0.5;
  return chosen;
}

}  // namespace

class TestViewState : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();

  void propertiesSignalOnlyOnChange_data();
  void propertiesSignalOnlyOnChange();
  void settingAModelResetsTheSelection();
  void outOfRangeValuesAreIgnored();
  void generationStepFollowsTheTarget();
  void resultsForAnotherModelAreRefused();
  void newTextDropsTheTokenEdits();

  void runnerDeliversOnlyTheNewestJob();
  void runnerSkipsSupersededQueuedJobs();
  void runnerLetsARunningJobStopEarly();
  void runnerDropsResultsForDeletedReceivers();
  void runnerLanesAreIndependent();
  void runnerWakesAJobWaitingOnItsStopToken_data();
  void runnerWakesAJobWaitingOnItsStopToken();

  void preferencesRoundTrip();
  void badStoredPreferencesFallBack();
  void settingsDialogRoundTrip();
};

void TestViewState::initTestCase() { test::isolateSettings(); }

void TestViewState::propertiesSignalOnlyOnChange_data() {
  QTest::addColumn<QByteArray>("property");
  QTest::addColumn<QVariant>("value");
  QTest::newRow("sourceText") << QByteArray("sourceText") << QVariant(QStringLiteral("a cat"));
  QTest::newRow("targetText") << QByteArray("targetText") << QVariant(QStringLiteral("eine katze"));
  QTest::newRow("positionalEncoding") << QByteArray("positionalEncoding") << QVariant(false);
  QTest::newRow("peDifference") << QByteArray("peDifference") << QVariant(true);
  QTest::newRow("threshold") << QByteArray("threshold") << QVariant(0.25);
  QTest::newRow("focusToken") << QByteArray("focusToken") << QVariant(3);
  QTest::newRow("layerIndex") << QByteArray("layerIndex") << QVariant(2);
  QTest::newRow("focusedHead") << QByteArray("focusedHead") << QVariant(1);
  QTest::newRow("currentTab") << QByteArray("currentTab") << QVariant(QStringLiteral("headAnalysis"));
  QTest::newRow("methodName") << QByteArray("methodName") << QVariant(QStringLiteral("rollout"));
  QTest::newRow("visibleHeads") << QByteArray("visibleHeads") << QVariant();  // all but head 1, below
}

void TestViewState::propertiesSignalOnlyOnChange() {
  QFETCH(QByteArray, property);
  QFETCH(QVariant, value);
  ViewState state;
  state.setModel(loadTestModel(), QStringLiteral("model"));  // layers and heads to choose from
  if (!value.isValid()) {
    QVector<bool> visible(state.headCount(), true);
    visible[0] = false;
    value = QVariant::fromValue(visible);
  }
  const QMetaProperty meta = state.metaObject()->property(state.metaObject()->indexOfProperty(property));
  QVERIFY(meta.isValid() && meta.hasNotifySignal());
  QSignalSpy changed(&state, meta.notifySignal());
  QVERIFY(meta.write(&state, value));
  QCOMPARE(changed.count(), 1);
  QCOMPARE(meta.read(&state), value);
  QVERIFY(meta.write(&state, value));  // the same value again: no signal, so widgets and state never loop
  QCOMPARE(changed.count(), 1);
}

void TestViewState::settingAModelResetsTheSelection() {
  ViewState state;
  const auto model = loadTestModel();
  state.setModel(model, QStringLiteral("first"));
  state.setLayerIndex(2);
  state.setFocusedHead(1);
  state.setFocusToken(4);
  state.setSourceText(QStringLiteral("kept"));
  QSignalSpy modelChanged(&state, &ViewState::modelChanged);
  QSignalSpy layer(&state, &ViewState::layerChanged);
  QSignalSpy head(&state, &ViewState::focusedHeadChanged);
  QSignalSpy analysis(&state, &ViewState::analysisChanged);
  state.setModel(model, QStringLiteral("second"));
  QCOMPARE(modelChanged.count(), 1);
  QCOMPARE(state.modelFolder(), QStringLiteral("second"));
  QCOMPARE(layer.count(), 1);
  QCOMPARE(state.layerIndex(), 0);
  QCOMPARE(head.count(), 1);
  QCOMPARE(state.focusedHead(), 0);
  QCOMPARE(state.focusToken(), -1);
  QCOMPARE(analysis.count(), 1);
  QVERIFY(!state.analysis());
  QCOMPARE(state.headCount(), model->spec().heads());
  // Issue 18 §3: the selected head alone ("All" shows every head).
  QCOMPARE(state.visibleHeads().count(true), 1);
  QVERIFY(state.visibleHeads()[0]);
  QCOMPARE(state.sourceText(), QStringLiteral("kept"));  // the text belongs to the user, not the model
}

void TestViewState::outOfRangeValuesAreIgnored() {
  ViewState state;
  state.setModel(loadTestModel(), QStringLiteral("model"));
  QSignalSpy layer(&state, &ViewState::layerChanged);
  QSignalSpy head(&state, &ViewState::focusedHeadChanged);
  QSignalSpy heads(&state, &ViewState::visibleHeadsChanged);
  QSignalSpy step(&state, &ViewState::generationStepChanged);
  state.setLayerIndex(-1);
  state.setLayerIndex(static_cast<int>(state.steps().size()));
  state.setFocusedHead(state.headCount());
  state.setVisibleHeads(QVector<bool>(state.headCount() + 1, true));
  state.setGenerationStep(0);  // no result yet: no steps
  QVERIFY(!state.setLayerStep({core::AttentionKind::DecoderCross, 99}));
  QCOMPARE(layer.count() + head.count() + heads.count() + step.count(), 0);
  state.setThreshold(7.0);
  QCOMPARE(state.threshold(), 1.0);
  state.setFocusToken(-5);
  QCOMPARE(state.focusToken(), -1);
  QSignalSpy method(&state, &ViewState::methodChanged);
  state.setMethodName(QStringLiteral("attention-by-magic"));
  QCOMPARE(state.methodName(), QStringLiteral("raw"));
  QCOMPARE(method.count(), 0);
}

void TestViewState::generationStepFollowsTheTarget() {
  ViewState state;
  const auto model = loadTestModel();
  QVERIFY(model->spec().architecture == core::Architecture::EncoderDecoder);
  state.setModel(model, QStringLiteral("model"));
  QSignalSpy steps(&state, &ViewState::generationStepsChanged);
  QSignalSpy step(&state, &ViewState::generationStepChanged);
  QVERIFY(state.setAnalysis(analysisOf(model, {0, 5, 6, 7, 8})));
  QCOMPARE(state.generationStepCount(), 5);
  QCOMPARE(state.generationStep(), 4);  // a new target shows its newest token
  QCOMPARE(steps.count(), 1);
  state.setGenerationStep(2);
  QCOMPARE(step.count(), 2);
  // The same tokens again (the PE toggled, say): the user's step stays, the labels too.
  QVERIFY(state.setAnalysis(analysisOf(model, {0, 5, 6, 7, 8})));
  QCOMPARE(state.generationStep(), 2);
  QCOMPARE(steps.count(), 1);
  // Other tokens of the same length: new labels, and the step moves to the newest token.
  QVERIFY(state.setAnalysis(analysisOf(model, {0, 9, 6, 7, 8})));
  QCOMPARE(steps.count(), 2);
  QCOMPARE(state.generationStep(), 4);
  QVERIFY(state.isLastGenerationStep());
  // A shorter target never leaves the step past its end.
  QVERIFY(state.setAnalysis(analysisOf(model, {0, 9})));
  QCOMPARE(state.generationStep(), 1);
  QCOMPARE(step.count(), 4);
}

void TestViewState::resultsForAnotherModelAreRefused() {
  ViewState state;
  state.setModel(loadTestModel(), QStringLiteral("shown"));
  QSignalSpy analysis(&state, &ViewState::analysisChanged);
  QVERIFY(!state.setAnalysis(analysisOf(loadTestModel(), {0, 1})));  // another instance: another model
  QCOMPARE(analysis.count(), 0);
  QVERIFY(!state.analysis());
}

// The token edits' positions belong to the tokens of the text they were made on: new source text,
// text B or model drops them all, new target text the target's; each change signals once.
void TestViewState::newTextDropsTheTokenEdits() {
  ViewState state;
  QSignalSpy changed(&state, &ViewState::tokenEditsChanged);
  const SideEdit mask{TokenSource::Source, {core::TokenEditKind::Mask, 2, {}}};
  const SideEdit remove{TokenSource::Target, {core::TokenEditKind::Delete, 1, {}}};
  state.setTokenEdits({mask, remove});
  QCOMPARE(changed.count(), 1);
  state.setTokenEdits({mask, remove});  // the same edits: no signal
  QCOMPARE(changed.count(), 1);
  state.setTargetText(QStringLiteral("eine katze"));
  QCOMPARE(state.tokenEdits(), (std::vector<SideEdit>{mask}));
  QCOMPARE(changed.count(), 2);
  state.setSourceText(QStringLiteral("a dog"));
  QVERIFY(state.tokenEdits().empty());
  QCOMPARE(changed.count(), 3);
  state.setTokenEdits({mask});
  state.setPairText(QStringLiteral("it ran"));
  QVERIFY(state.tokenEdits().empty());
  state.setTokenEdits({mask});
  state.setModel(nullptr, {});
  QVERIFY(state.tokenEdits().empty());
  QCOMPARE(changed.count(), 7);
}

void TestViewState::runnerDeliversOnlyTheNewestJob() {
  JobRunner runner;
  QObject receiver;
  QSignalSpy busy(&runner, &JobRunner::busyChanged);
  std::atomic<bool> release{false};
  std::vector<int> delivered;
  // The first job holds the lane until the later ones are submitted, so its result arrives stale.
  runner.submit(JobLane::Analysis, &receiver, [&](const JobContext &) {
    while (!release.load()) std::this_thread::yield();
    return 1;
  }, [&](int value) { delivered.push_back(value); });
  quint64 last = 0;
  for (int value = 2; value <= 4; ++value) {
    last = runner.submit(JobLane::Analysis, &receiver, [value](const JobContext &) { return value; },
                         [&](int result) { delivered.push_back(result); });
  }
  QCOMPARE(last, runner.latest(JobLane::Analysis));
  QVERIFY(runner.isBusy(JobLane::Analysis));
  release = true;
  QTRY_COMPARE(delivered.size(), std::size_t(1));
  QTest::qWait(50);  // nothing older follows
  QCOMPARE(delivered, std::vector<int>{4});
  QVERIFY(!runner.isBusy());
  QCOMPARE(busy.count(), 2);  // busy once, idle once
}

void TestViewState::runnerSkipsSupersededQueuedJobs() {
  JobRunner runner;
  QObject receiver;
  std::atomic<bool> release{false};
  std::atomic<int> ran{0};
  runner.submit(JobLane::Heads, &receiver, [&](const JobContext &) {
    while (!release.load()) std::this_thread::yield();
    return 0;
  }, [](int) {});
  for (int i = 0; i < 5; ++i) {
    runner.submit(JobLane::Heads, &receiver, [&](const JobContext &) { return ++ran; }, [](int) {});
  }
  release = true;
  QTRY_VERIFY(!runner.isBusy(JobLane::Heads));
  QCOMPARE(ran.load(), 1);  // only the newest of the queued jobs spent any time
}

void TestViewState::runnerLetsARunningJobStopEarly() {
  JobRunner runner;
  QObject receiver;
  std::atomic<bool> started{false};
  bool cancelled = false;
  runner.submit(JobLane::Corpus, &receiver, [&](const JobContext &job) {
    started = true;
    while (!job.stopped()) std::this_thread::yield();
    return job.cancelled();
  }, [&](bool wasCancelled) { cancelled = wasCancelled; });
  QTRY_VERIFY(started.load());
  runner.cancel(JobLane::Corpus);  // a cancelled job still reports, so the view can say so
  QTRY_VERIFY(cancelled);
  QVERIFY(!runner.isBusy(JobLane::Corpus));
}

void TestViewState::runnerDropsResultsForDeletedReceivers() {
  JobRunner runner;
  auto receiver = std::make_unique<QObject>();
  bool delivered = false;
  std::atomic<bool> release{false};
  runner.submit(JobLane::Export, receiver.get(), [&](const JobContext &) {
    while (!release.load()) std::this_thread::yield();
    return 1;
  }, [&](int) { delivered = true; });
  receiver.reset();
  release = true;
  QTRY_VERIFY(!runner.isBusy(JobLane::Export));
  QVERIFY(!delivered);
}

void TestViewState::runnerLanesAreIndependent() {
  JobRunner runner;
  QObject receiver;
  int model = 0, analysis = 0;
  runner.submit(JobLane::Model, &receiver, [](const JobContext &) { return 1; }, [&](int v) { model = v; });
  runner.submit(JobLane::Analysis, &receiver, [](const JobContext &) { return 2; }, [&](int v) { analysis = v; });
  QTRY_VERIFY(model == 1 && analysis == 2);  // a job on one lane never supersedes another lane's
}

// A job that waits (a paused training run) waits on its stop token: a newer job, a cancel or the
// runner's end wakes it. Without the token each of these would wait forever.
void TestViewState::runnerWakesAJobWaitingOnItsStopToken_data() {
  QTest::addColumn<QString>("how");
  QTest::newRow("a newer job") << QStringLiteral("newer");
  QTest::newRow("cancel") << QStringLiteral("cancel");
  QTest::newRow("supersede") << QStringLiteral("supersede");
  QTest::newRow("the runner's end") << QStringLiteral("end");
}

void TestViewState::runnerWakesAJobWaitingOnItsStopToken() {
  QFETCH(QString, how);
  auto runner = std::make_unique<JobRunner>();
  QObject receiver;
  std::atomic<bool> waiting{false};
  std::atomic<bool> woken{false};
  std::vector<QString> delivered;
  runner->submit(JobLane::Training, &receiver, [&](const JobContext &job) {
    std::mutex mutex;
    std::condition_variable_any never;
    std::unique_lock<std::mutex> lock(mutex);
    waiting = true;
    never.wait(lock, job.stopToken(), [] { return false; });  // only a stop request ends this
    woken = true;
    return job.cancelled() ? QStringLiteral("cancelled") : QStringLiteral("superseded");
  }, [&](const QString &result) { delivered.push_back(result); });
  QTRY_VERIFY(waiting.load());
  if (how == QLatin1String("newer")) {
    runner->submit(JobLane::Training, &receiver, [](const JobContext &job) {
      return job.stopToken().stop_requested() ? QStringLiteral("stopped") : QStringLiteral("newer");
    }, [&](const QString &result) { delivered.push_back(result); });
  } else if (how == QLatin1String("cancel")) {
    runner->cancel(JobLane::Training);
  } else if (how == QLatin1String("supersede")) {
    runner->supersede(JobLane::Training);
  } else {
    runner.reset();  // returns only once the job has returned
    QVERIFY(woken.load());
    return;
  }
  QTRY_VERIFY(woken.load());
  QTRY_VERIFY(!runner->isBusy(JobLane::Training));
  QTest::qWait(20);  // nothing else follows
  if (how == QLatin1String("newer")) QCOMPARE(delivered, std::vector<QString>{QStringLiteral("newer")});
  if (how == QLatin1String("cancel")) QCOMPARE(delivered, std::vector<QString>{QStringLiteral("cancelled")});
  if (how == QLatin1String("supersede")) QVERIFY(delivered.empty());
}

void TestViewState::preferencesRoundTrip() {
  QSettings settings;
  settings.clear();
  QVERIFY(loadPreferences(settings) == Preferences{});
  const Preferences chosen = changedPreferences();
  QCOMPARE(savePreferences(settings, chosen), QString());
  QSettings reread;
  QVERIFY(loadPreferences(reread) == chosen);
}

void TestViewState::badStoredPreferencesFallBack() {
  QSettings settings;
  settings.clear();
  settings.setValue(QStringLiteral("compute/threads"), -3);
  settings.setValue(QStringLiteral("compute/precision"), QStringLiteral("reckless"));
  settings.setValue(QStringLiteral("compute/memoryBudgetMb"), QStringLiteral("lots"));
  settings.setValue(QStringLiteral("view/theme"), QStringLiteral("neon"));
  settings.setValue(QStringLiteral("view/defaultThreshold"), 9.0);
  settings.setValue(QStringLiteral("view/defaultTopP"), 0.0);
  const Preferences loaded = loadPreferences(settings);
  QVERIFY(loaded == Preferences{});
  settings.clear();
}

void TestViewState::settingsDialogRoundTrip() {
  const Preferences chosen = changedPreferences();
  SettingsDialog dialog(chosen);
  QVERIFY(dialog.preferences() == chosen);  // every field shows what it was given
  dialog.showPreferences(Preferences{});
  QVERIFY(dialog.preferences() == Preferences{});
}

QTEST_MAIN(TestViewState)
#include "tst_view_state.moc"
