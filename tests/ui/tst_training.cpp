// The Train panel and the checkpoint timeline, driven through the real main window offscreen:
// a tiny reverse run fills the chart and reaches the views through the window's JobRunner, pause
// holds the step counter, stop keeps the model, closing or destroying the window mid-run (running
// or paused) ends the run's job through its stop token, opening another model mid-run keeps it on
// screen, the speed control bounds the steps, closing during a run asks, saving refuses to
// overwrite silently, and scrubbing models/reverse-checkpoints changes the model and the attention
// the views show.

#include <atomic>
#include <cmath>
#include <memory>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "checkpoint_timeline.h"
#include "gui_test_support.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_runner.h"
#include "main_window.h"
#include "families/load_model.h"
#include "model/model.h"
#include "model_locator.h"
#include "model_panel.h"
#include "train_panel.h"

using namespace ui;

namespace {

QString bundledModels() { return QDir::cleanPath(test::testData(QStringLiteral("../../models"))); }
QString reverseCheckpoints() { return bundledModels() + QStringLiteral("/reverse-checkpoints"); }

bool waitForViews(const MainWindow &window) {
  return QTest::qWaitFor(
      [&] { return window.analysis() && window.analysis()->model == window.model() && !window.isComputing(); }, 20000);
}

// The largest |a − b| over every head; a large value when the shapes differ.
float largestDifference(const AttentionSlice &a, const AttentionSlice &b) {
  if (a.heads.size() != b.heads.size()) return 1e9f;
  float largest = 0;
  for (std::size_t h = 0; h < a.heads.size(); ++h) {
    if (a.heads[h].rows() != b.heads[h].rows() || a.heads[h].cols() != b.heads[h].cols()) return 1e9f;
    largest = std::max(largest, (a.heads[h] - b.heads[h]).cwiseAbs().maxCoeff());
  }
  return largest;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void init();
  void cleanup();

  void taskDefaultsFillTheControls();
  void runFillsTheChartAndReachesTheViews();
  void aRunOpensAtItsPatternThenKeepsTheUsersLayer();
  void aDecoderOnlyRunOpensAtItsLastMaskedSelfAttention();
  void pauseHoldsTheStepCounterAndStopKeepsTheModel();
  void destroyingTheWindowMidRunEndsTheJob_data();
  void destroyingTheWindowMidRunEndsTheJob();
  void aPanelsEndStopsItsRunsJob();
  void openingAnotherModelMidRunKeepsIt();
  void speedControlBoundsTheSteps();
  void closingDuringTrainingAsks();
  void savingAsksBeforeOverwriting_data();
  void savingAsksBeforeOverwriting();
  void savingWritesAModelFolder();
  void findsTheCheckpointsOfASeries();
  void timelineScrubsThroughTraining();
  void seriesWithoutCheckpointsIsRefused();
  void timelineLoadsUnderTheMemoryBudget();
  void aModelOpenedWhileACheckpointLoadsStays();
  void timelineLoadsTheAskedCheckpointFirst();

 private:
  // A tiny reverse model: one layer per stack, two heads, d_model 16.
  void chooseTinyReverse(int steps);
  void runToEnd(int steps);

  std::unique_ptr<MainWindow> m_window;
  TrainPanel *m_panel = nullptr;
};

void TestTraining::initTestCase() { test::isolateSettings(); }

void TestTraining::init() {
  QSettings().clear();
  m_window = std::make_unique<MainWindow>();
  m_window->resize(1280, 820);
  m_window->show();
  QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
  m_panel = m_window->trainPanel();
  QVERIFY(m_panel);
  QVERIFY(!m_panel->isVisible());  // a dock the user opens
  m_window->trainPanelAction()->trigger();
  QVERIFY(m_panel->isVisible());
  // Reverse reads digits; the same text before and after each model change.
  m_window->inputPanel()->setSourceText(QStringLiteral("3 1 4 1 5 9"));
  m_window->inputPanel()->setTargetText(QStringLiteral("9 5 1 4 1 3"));
}

void TestTraining::cleanup() {
  m_panel = nullptr;
  m_window.reset();  // its JobRunner stops a run still going and waits for the step in flight
}

void TestTraining::chooseTinyReverse(int steps) {
  m_panel->taskCombo()->setCurrentText(QStringLiteral("reverse"));
  m_panel->layersBox()->setValue(1);
  m_panel->headsBox()->setValue(2);
  m_panel->dModelBox()->setValue(16);
  m_panel->stepsBox()->setValue(steps);
  m_panel->worker()->setSnapshotInterval(25, 200);
}

void TestTraining::runToEnd(int steps) {
  chooseTinyReverse(steps);
  QTest::mouseClick(m_panel->startButton(), Qt::LeftButton);
  QVERIFY(m_panel->isTraining());
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->state() == TrainingWorker::State::Finished; }, 30000));
}

void TestTraining::taskDefaultsFillTheControls() {
  QCOMPARE(m_window->trainPanelAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_T));
  for (const std::string &name : core::task_names()) {
    m_panel->taskCombo()->setCurrentText(QString::fromStdString(name));
    const core::TrainingOptions defaults = core::make_task(name)->defaults();
    QCOMPARE(m_panel->layersBox()->value(), defaults.layers);
    QCOMPARE(m_panel->headsBox()->value(), defaults.heads);
    QCOMPARE(m_panel->dModelBox()->value(), defaults.d_model);
    QCOMPARE(m_panel->stepsBox()->value(), defaults.steps);
    const core::TrainingOptions options = m_panel->options();
    QCOMPARE(options.d_ff, defaults.d_ff);
    QCOMPARE(options.adam.warmup_steps, defaults.adam.warmup_steps);
  }
  // d_model must split evenly over the heads: refused before any thread starts.
  m_panel->headsBox()->setValue(3);
  m_panel->dModelBox()->setValue(64);
  m_panel->start();
  QVERIFY(!m_panel->isTraining());
  QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("trainMessage"))->text().contains(QStringLiteral("multiple")));
}

void TestTraining::runFillsTheChartAndReachesTheViews() {
  m_window->openModel(test::defaultTestModel());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  const QString before = m_window->windowTitle();

  QSignalSpy trained(m_panel, &TrainPanel::modelTrained);
  QSignalSpy reported(m_panel->worker(), &TrainingWorker::progressReported);
  chooseTinyReverse(150);
  m_panel->start();
  // The run is one job on the window's JobRunner, not a thread of its own.
  QVERIFY(m_window->jobRunner()->isBusy(JobLane::Training));
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->state() == TrainingWorker::State::Finished; }, 30000));
  QVERIFY(!m_window->jobRunner()->isBusy(JobLane::Training));  // its last model was delivered
  // The chart holds exactly what the runner delivered: every step once, in order.
  int steps = 0;
  for (const QList<QVariant> &report : reported) {
    for (const core::TrainingProgress &progress : report.front().value<std::vector<core::TrainingProgress>>()) {
      QCOMPARE(progress.step, ++steps);
    }
  }
  QCOMPARE(steps, 150);
  QVERIFY(m_panel->lossSeries()->count() > 0);
  QCOMPARE(m_panel->lossSeries()->count(), m_panel->accuracySeries()->count());
  QCOMPARE(m_panel->lossSeries()->points().back().x(), 150.0);
  // The loss falls from ln(14) ≈ 2.6 at random weights.
  QVERIFY(m_panel->lossSeries()->points().back().y() < m_panel->lossSeries()->points().front().y());
  QVERIFY(m_panel->statusLabel()->text().startsWith(QStringLiteral("Done at step 150")));
  QVERIFY(trained.count() >= 2);  // snapshots during the run, then the final model

  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().contains(QStringLiteral("trained, 150 steps")); }, 5000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->model()->spec().name, std::string("reverse"));
  QCOMPARE(m_window->model()->spec().d_model, 16);
  QCOMPARE(m_window->windowTitle(), QStringLiteral("AttentionScope — reverse"));
  QVERIFY(m_window->windowTitle() != before);
  QCOMPARE(m_window->modelPanel()->field(QStringLiteral("dModel")), QStringLiteral("16"));
  QVERIFY(!m_window->heatmap()->slice().empty());
  // The run opened where reverse's pattern forms: the (last) decoder layer's cross-attention.
  QCOMPARE(m_window->viewState()->layerStep(), (LayerStep{core::AttentionKind::DecoderCross, 0}));
  // An unsaved model is not a recent folder.
  QVERIFY(!QSettings().value(QStringLiteral("model/recent")).toStringList().join('\n').contains(QStringLiteral("trained")));
}

void TestTraining::aRunOpensAtItsPatternThenKeepsTheUsersLayer() {
  m_window->openModel(test::defaultTestModel());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  chooseTinyReverse(400);
  QSignalSpy trained(m_panel, &TrainPanel::modelTrained);
  m_panel->start();
  QVERIFY(trained.wait(30000));
  QTRY_COMPARE(m_window->viewState()->layerStep(), (LayerStep{core::AttentionKind::DecoderCross, 0}));
  // the user steps back to the encoder; later snapshots of the same run leave it there
  QVERIFY(m_window->viewState()->setLayerStep({core::AttentionKind::EncoderSelf, 0}));
  const int seen = static_cast<int>(trained.count());
  QVERIFY(QTest::qWaitFor([&] { return trained.count() > seen; }, 30000));
  QCOMPARE(m_window->viewState()->layerStep(), (LayerStep{core::AttentionKind::EncoderSelf, 0}));
  m_panel->stop();
}

// §3: the view jumps to where the task's pattern forms; for a decoder-only task (induction) that is
// the last layer's masked self-attention.
void TestTraining::aDecoderOnlyRunOpensAtItsLastMaskedSelfAttention() {
  m_window->openModel(test::defaultTestModel());
  QVERIFY(QTest::qWaitFor([&] { return m_window->model() != nullptr; }, 20000));
  m_panel->taskCombo()->setCurrentText(QStringLiteral("induction"));
  m_panel->layersBox()->setValue(2);
  m_panel->headsBox()->setValue(2);
  m_panel->dModelBox()->setValue(16);
  m_panel->stepsBox()->setValue(30);
  m_panel->worker()->setSnapshotInterval(10, 200);
  QSignalSpy trained(m_panel, &TrainPanel::modelTrained);
  m_panel->start();
  QVERIFY(trained.wait(30000));
  QCOMPARE(m_window->model()->spec().name, std::string("induction"));
  QTRY_COMPARE(m_window->viewState()->layerStep(), (LayerStep{core::AttentionKind::DecoderSelf, 1}));
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->state() == TrainingWorker::State::Finished; }, 30000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->viewState()->layerStep(), (LayerStep{core::AttentionKind::DecoderSelf, 1}));
}

void TestTraining::pauseHoldsTheStepCounterAndStopKeepsTheModel() {
  chooseTinyReverse(100000);
  m_panel->start();
  TrainingWorker *worker = m_panel->worker();
  QVERIFY(QTest::qWaitFor([&] { return worker->progress().step >= 10; }, 20000));
  QVERIFY(!m_panel->startButton()->isEnabled());
  QVERIFY(!m_panel->stepsBox()->isEnabled());

  QTest::mouseClick(m_panel->pauseButton(), Qt::LeftButton);
  QCOMPARE(worker->state(), TrainingWorker::State::Paused);
  QCOMPARE(m_panel->pauseButton()->text(), QStringLiteral("&Resume"));
  QTest::qWait(300);  // the step in flight finishes
  const int pausedAt = worker->progress().step;
  QTest::qWait(500);
  QCOMPARE(worker->progress().step, pausedAt);
  QVERIFY(m_panel->statusLabel()->text().startsWith(QStringLiteral("Paused at step %1").arg(pausedAt)));
  // The views show the paused model.
  QVERIFY(QTest::qWaitFor(
      [&] { return m_window->modelFolder() == QStringLiteral("reverse — training, step %1").arg(pausedAt); }, 5000));

  QTest::mouseClick(m_panel->pauseButton(), Qt::LeftButton);
  QCOMPARE(worker->state(), TrainingWorker::State::Running);
  QVERIFY(QTest::qWaitFor([&] { return worker->progress().step > pausedAt; }, 10000));

  QTest::mouseClick(m_panel->stopButton(), Qt::LeftButton);
  QVERIFY(QTest::qWaitFor([&] { return worker->state() == TrainingWorker::State::Finished; }, 10000));
  const int stoppedAt = worker->progress().step;
  QVERIFY(stoppedAt < 100000);
  QVERIFY(m_panel->statusLabel()->text().startsWith(QStringLiteral("Stopped at step %1").arg(stoppedAt)));
  QVERIFY(QTest::qWaitFor(
      [&] { return m_window->modelFolder().contains(QStringLiteral("stopped at step %1").arg(stoppedAt)); }, 5000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->model()->spec().name, std::string("reverse"));
  QVERIFY(m_window->modelPanel()->field(QStringLiteral("folder")).contains(QStringLiteral("stopped")) ||
          m_window->modelFolder().contains(QStringLiteral("stopped")));
  QVERIFY(!m_window->heatmap()->slice().empty());
  QVERIFY(m_panel->startButton()->isEnabled());
  QVERIFY(m_panel->saveButton()->isEnabled());
}

// Issue 18 §1: the JobRunner's end (the window's) waits for the job in flight, so the run must
// stop at its stop token: between steps, and out of a pause that nothing would otherwise resume.
// Without it, destroying the window would wait for 100,000 steps, or forever when paused.
void TestTraining::destroyingTheWindowMidRunEndsTheJob_data() {
  QTest::addColumn<bool>("paused");
  QTest::addColumn<double>("stepsPerSecond");
  QTest::newRow("running") << false << 0.0;
  QTest::newRow("paused") << true << 0.0;
  QTest::newRow("slowed to 1 step/s") << false << 1.0;
}

void TestTraining::destroyingTheWindowMidRunEndsTheJob() {
  QFETCH(bool, paused);
  QFETCH(double, stepsPerSecond);
  chooseTinyReverse(100000);
  m_panel->worker()->setMaxStepsPerSecond(stepsPerSecond);
  m_panel->start();
  TrainingWorker *worker = m_panel->worker();
  QVERIFY(QTest::qWaitFor([&] { return worker->progress().step >= 1; }, 20000));
  int pausedAt = -1;
  if (paused) {
    worker->pause();
    QVERIFY(QTest::qWaitFor([&] { return worker->trainer()->paused(); }, 1000));
    QTest::qWait(200);  // the step in flight ends; the run then waits for resume()
    pausedAt = worker->progress().step;
  }
  const std::shared_ptr<const core::Trainer> trainer = worker->trainer();
  QVERIFY(trainer.use_count() > 2);  // the worker's, this one, and the running job's
  m_panel = nullptr;
  m_window.reset();  // returns once the lane's thread has ended its job
  // The job has returned (it let go of its trainer) long before its last step.
  QCOMPARE(trainer.use_count(), 1L);
  QVERIFY(trainer->progress().step < 100000);
  if (paused) QCOMPARE(trainer->progress().step, pausedAt);  // woken from the pause, no step taken
}

// A panel whose window's runner lives on (a panel on its own): its end supersedes its run, the
// job sees its stop token and lets go of the trainer, and nothing it posts is delivered.
void TestTraining::aPanelsEndStopsItsRunsJob() {
  JobRunner runner;
  auto panel = std::make_unique<TrainPanel>(&runner);
  panel->taskCombo()->setCurrentText(QStringLiteral("reverse"));
  panel->layersBox()->setValue(1);
  panel->headsBox()->setValue(2);
  panel->dModelBox()->setValue(16);
  panel->stepsBox()->setValue(100000);
  panel->start();
  QVERIFY(QTest::qWaitFor([&] { return panel->worker()->progress().step >= 1; }, 20000));
  const std::shared_ptr<const core::Trainer> trainer = panel->worker()->trainer();
  panel.reset();
  QVERIFY(QTest::qWaitFor([&] { return trainer.use_count() == 1; }, 20000));
  QVERIFY(trainer->progress().step < 100000);
  QVERIFY(!runner.isBusy(JobLane::Training));
}

// Opening another model during a run: the run goes on in the panel, but its snapshots (stale for
// the views now) no longer replace the model the user asked for; "Show in views" brings them back.
void TestTraining::openingAnotherModelMidRunKeepsIt() {
  chooseTinyReverse(100000);
  QSignalSpy snapshots(m_panel->worker(), &TrainingWorker::snapshotReady);
  m_panel->start();
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().contains(QStringLiteral("training, step")); }, 30000));
  QVERIFY(m_panel->showsInViews());

  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  const QString chosen = test::defaultTestModel();
  m_window->openModel(chosen);
  QVERIFY(!m_panel->showsInViews());
  QVERIFY(loaded.wait(20000));
  QCOMPARE(m_window->modelFolder(), chosen);
  // Later snapshots arrive and are not shown.
  const int seen = static_cast<int>(snapshots.count());
  QVERIFY(QTest::qWaitFor([&] { return snapshots.count() >= seen + 2; }, 30000));
  QVERIFY(m_panel->isTraining());
  QCOMPARE(m_window->modelFolder(), chosen);
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->model()->spec().name, core::load_model(chosen.toStdString()).spec().name);

  // Watching again shows the run's newest snapshot at once.
  m_panel->followCheck()->setChecked(true);
  QVERIFY(m_window->modelFolder().startsWith(QStringLiteral("reverse — training, step")));
  QCOMPARE(m_window->model()->spec().name, std::string("reverse"));
  m_panel->stop();
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->state() == TrainingWorker::State::Finished; }, 10000));
}

// §3: the speed control. Not a timing target: an upper bound that holds on any machine. At r steps
// per second each step starts at least 1/r s after the one before, so t seconds see at most r·t + 2
// steps end (+2: the steps' own durations may differ); unlimited, the tiny model does hundreds. The speed changes during a run, and Stop ends a run waiting between slow steps.
void TestTraining::speedControlBoundsTheSteps() {
  chooseTinyReverse(100000);
  TrainingWorker *worker = m_panel->worker();
  m_panel->start();
  QVERIFY(QTest::qWaitFor([&] { return worker->progress().step >= 3; }, 20000));
  QComboBox *speed = m_panel->speedCombo();
  speed->setCurrentIndex(speed->findData(5.0));  // during the run
  QCOMPARE(worker->maxStepsPerSecond(), 5.0);
  QTest::qWait(300);  // the step in flight and its wait at the old speed are over
  const int from = worker->progress().step;
  QElapsedTimer clock;
  clock.start();
  QTest::qWait(1000);
  const int steps = worker->progress().step - from;
  const double seconds = clock.elapsed() / 1000.0;
  QVERIFY2(steps <= 5 * seconds + 2, qPrintable(QStringLiteral("%1 steps in %2 s at 5 steps/s").arg(steps).arg(seconds)));
  QVERIFY(steps >= 1);  // slowed, not stopped

  QTest::mouseClick(m_panel->stopButton(), Qt::LeftButton);
  QVERIFY(QTest::qWaitFor([&] { return worker->state() == TrainingWorker::State::Finished; }, 10000));
  QVERIFY(m_panel->statusLabel()->text().startsWith(QStringLiteral("Stopped at step")));
}

void TestTraining::closingDuringTrainingAsks() {
  chooseTinyReverse(100000);
  m_panel->start();
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->progress().step >= 1; }, 20000));

  int asked = 0;
  TrainPanel::CloseAnswer answer = TrainPanel::CloseAnswer::KeepTraining;
  m_panel->setCloseConfirmation([&] {
    ++asked;
    return answer;
  });
  QVERIFY(!m_window->close());
  QCOMPARE(asked, 1);
  QVERIFY(m_window->isVisible());
  QVERIFY(m_panel->isTraining());

  answer = TrainPanel::CloseAnswer::Discard;
  QVERIFY(m_window->close());
  QCOMPARE(asked, 2);
  QVERIFY(QTest::qWaitFor([&] { return m_panel->worker()->state() == TrainingWorker::State::Finished; }, 10000));

  // No run: no question.
  m_window->show();
  QVERIFY(m_window->close());
  QCOMPARE(asked, 2);
}

void TestTraining::savingAsksBeforeOverwriting_data() {
  QTest::addColumn<bool>("bundled");
  QTest::addColumn<bool>("answer");
  QTest::newRow("non-empty folder, refused") << false << false;
  QTest::newRow("non-empty folder, replaced") << false << true;
  QTest::newRow("bundled models, refused") << true << false;
}

void TestTraining::savingAsksBeforeOverwriting() {
  QFETCH(bool, bundled);
  QFETCH(bool, answer);
  runToEnd(20);
  QTemporaryDir temporary;
  const QString folder = bundled ? bundledModels() + QStringLiteral("/tst-training-must-not-exist") : temporary.path();
  if (!bundled) {
    QFile note(folder + QStringLiteral("/notes.txt"));
    QVERIFY(note.open(QIODevice::WriteOnly));
    note.write("keep me");
  }
  QStringList questions;
  m_panel->setQuestion([&](const QString &title, const QString &) {
    questions << title;
    return answer;
  });
  QSignalSpy saved(m_panel, &TrainPanel::modelSaved);
  QCOMPARE(m_panel->saveTo(folder), answer);
  QCOMPARE(questions.size(), 1);
  QVERIFY(questions.front().contains(bundled ? QStringLiteral("Bundled") : QStringLiteral("Replace")));
  if (answer) {
    QVERIFY(saved.wait(10000));
    QVERIFY(QFile::exists(folder + QStringLiteral("/config.json")));
    QVERIFY(QFile::exists(folder + QStringLiteral("/notes.txt")));
  } else {
    QTest::qWait(100);
    QCOMPARE(saved.count(), 0);
    QVERIFY(!QFile::exists(folder + QStringLiteral("/config.json")));
  }
  if (bundled) QVERIFY(!QFileInfo::exists(folder));
}

void TestTraining::savingWritesAModelFolder() {
  runToEnd(30);
  QTemporaryDir temporary;
  const QString folder = temporary.path() + QStringLiteral("/reverse-tiny");
  m_panel->setFolderChooser([&] { return folder; });
  int asked = 0;
  m_panel->setQuestion([&](const QString &, const QString &) { return ++asked, false; });
  QSignalSpy saved(m_panel, &TrainPanel::modelSaved);
  QTest::mouseClick(m_panel->saveButton(), Qt::LeftButton);
  QVERIFY(saved.wait(10000));
  QCOMPARE(asked, 0);  // a new folder needs no question
  const core::Model model = core::load_model(folder.toStdString());
  QCOMPARE(model.spec().d_model, 16);
  QCOMPARE(model.spec().heads(), 2);

  // Opening the saved folder in the window works like any model.
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(loaded.wait(20000));
  QCOMPARE(m_window->modelFolder(), folder);
}

void TestTraining::findsTheCheckpointsOfASeries() {
  const std::vector<Checkpoint> checkpoints = findCheckpoints(reverseCheckpoints());
  QCOMPARE(checkpoints.size(), std::size_t{6});
  const int steps[] = {100, 200, 400, 800, 1600, 3000};
  for (std::size_t i = 0; i < checkpoints.size(); ++i) QCOMPARE(checkpoints[i].step, steps[i]);
  QCOMPARE(checkpoints[3].note, QStringLiteral("held-out exact sequences (200): 86.0 %"));
}

void TestTraining::timelineScrubsThroughTraining() {
  QCOMPARE(m_window->openCheckpointSeriesAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
  QVERIFY(m_window->openCheckpointSeries(reverseCheckpoints()));
  CheckpointTimeline *timeline = m_window->checkpointTimeline();
  QSlider *slider = timeline->slider();
  QVERIFY(timeline->isVisible());
  QCOMPARE(slider->maximum(), 5);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-000100")); }, 20000));
  QVERIFY(waitForViews(*m_window));
  m_window->showLayerStep({core::AttentionKind::DecoderCross, 1});
  const AttentionSlice early = m_window->heatmap()->slice();
  QVERIFY(!early.empty());
  QVERIFY(timeline->stepLabel()->text().startsWith(QStringLiteral("step 100 · held-out exact sequences (200): 11.0 %")));

  // End on the focused slider: the last checkpoint, not the next layer.
  slider->setFocus();
  QVERIFY(QTest::qWaitFor([&] { return slider->hasFocus(); }, 2000));
  const std::shared_ptr<const core::Model> first = m_window->model();
  QTest::keyClick(slider, Qt::Key_End);
  QCOMPARE(slider->value(), 5);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-003000")); }, 20000));
  QVERIFY(m_window->model() != first);
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->currentStep().kind, core::AttentionKind::DecoderCross);
  QCOMPARE(m_window->currentStep().layer, 1);
  QCOMPARE(m_window->inputPanel()->sourceText(), QStringLiteral("3 1 4 1 5 9"));
  const AttentionSlice late = m_window->heatmap()->slice();
  QVERIFY2(largestDifference(early, late) > 0.1f, "the cross-attention should change between step 100 and step 3000");

  // ← / → step one checkpoint and leave the layer alone; Home goes back to the first.
  QTest::keyClick(slider, Qt::Key_Left);
  QCOMPARE(slider->value(), 4);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-001600")); }, 20000));
  QCOMPARE(m_window->currentStep().layer, 1);
  QTest::keyClick(slider, Qt::Key_Home);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-000100")); }, 20000));
  QVERIFY(m_window->model() == first);  // cached: the very same model
  QTest::keyClick(slider, Qt::Key_Right);
  QTest::keyClick(slider, Qt::Key_Right);
  QTest::keyClick(slider, Qt::Key_Right);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-000800")); }, 20000));
  QVERIFY(timeline->stepLabel()->text().contains(QStringLiteral("86.0 %")));
  QVERIFY(QTest::qWaitFor([&] { return timeline->isCached(1) && timeline->isCached(2) && timeline->isCached(5); }, 20000));
}

void TestTraining::seriesWithoutCheckpointsIsRefused() {
  QTemporaryDir empty;
  QVERIFY(!m_window->openCheckpointSeries(empty.path()));
  auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("seriesErrorBox"));
  QVERIFY(box);
  QVERIFY(box->text().contains(QStringLiteral("step-000100")));
  box->close();
}

// The timeline opens its checkpoints under Settings ▸ Memory budget (core::load_model), as File ▸ Open
// does; the pass of the checkpoint shown is the window's analysis, under the same budget.
void TestTraining::timelineLoadsUnderTheMemoryBudget() {
  Preferences preferences = m_window->viewState()->preferences();
  preferences.memoryBudgetMb = 3;
  QCOMPARE(m_window->applyPreferences(preferences), QString());
  QVERIFY(m_window->openCheckpointSeries(reverseCheckpoints()));
  QCOMPARE(m_window->checkpointTimeline()->memoryBudget(), std::size_t{3} << 20);
  QVERIFY(QTest::qWaitFor([&] { return m_window->modelFolder().endsWith(QStringLiteral("step-000100")); }, 20000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->analysis()->memoryBudget, std::size_t{3} << 20);
}

// Found by the monkey's timeline action: the slider moved to a checkpoint still loading, then
// another model opened; the checkpoint, arriving after, replaced that model (or dropped its load).
// The model asked for last stays; the checkpoint is cached, and the slider shows it when moved.
void TestTraining::aModelOpenedWhileACheckpointLoadsStays() {
  QVERIFY(m_window->openCheckpointSeries(reverseCheckpoints()));
  CheckpointTimeline *timeline = m_window->checkpointTimeline();
  QVERIFY(!timeline->isCached(5));  // its load is queued after the five before it
  timeline->slider()->setValue(5);
  const QString folder = bundledModels() + QStringLiteral("/translate-en-zh");
  QSignalSpy loaded(m_window.get(), &MainWindow::modelLoaded);
  m_window->openModel(folder);
  QVERIFY(QTest::qWaitFor([&] { return timeline->isCached(5) && !loaded.isEmpty(); }, 20000));
  QVERIFY(waitForViews(*m_window));
  QCOMPARE(m_window->modelFolder(), folder);
  QCOMPARE(loaded.size(), 1);
  QCOMPARE(loaded.front().at(0).toString(), folder);
  QVERIFY(timeline->stepLabel()->text().startsWith(QStringLiteral("step 3000")));
  QVERIFY(!timeline->stepLabel()->text().contains(QStringLiteral("loading")));
  // the slider shows it again when the user asks
  timeline->showCheckpoint(5);
  QCOMPARE(m_window->modelFolder(), QStringLiteral("reverse-checkpoints/step-003000"));
}

// Issue 18 §1: checkpoints load on the JobRunner (latest-only) like every other computation, not on
// a thread of the timeline's own that loaded the whole series in the order it was queued. Asking
// for the last checkpoint while the series is still to load starts with it; the rest follow.
void TestTraining::timelineLoadsTheAskedCheckpointFirst() {
  std::atomic<bool> open{false};
  JobRunner runner;  // declared before the timeline: it outlives it
  CheckpointTimeline timeline;
  timeline.setJobRunner(&runner);
  // The gate holds the lane until both requests are made, so the order does not depend on timing.
  runner.submit(
      JobLane::Checkpoints, &timeline,
      [&open](const JobContext &) {
        while (!open.load()) QThread::msleep(1);
        return true;
      },
      [](bool) {});
  std::vector<int> cachedWhenShown;
  QStringList shown;
  connect(&timeline, &CheckpointTimeline::checkpointShown, &timeline,
          [&](const std::shared_ptr<const core::Model> &, const QString &label) {
            shown << label;
            int cached = 0;
            for (int i = 0; i < 6; ++i) cached += timeline.isCached(i) ? 1 : 0;
            cachedWhenShown.push_back(cached);
          });
  QVERIFY(timeline.openSeries(reverseCheckpoints()));  // asks for the first checkpoint and the rest
  QCOMPARE(static_cast<int>(timeline.checkpoints().size()), 6);
  QVERIFY(runner.isBusy(JobLane::Checkpoints));
  timeline.showCheckpoint(5);  // the last one, before anything has loaded
  open = true;
  QVERIFY(QTest::qWaitFor([&] { return !shown.isEmpty(); }, 20000));
  QCOMPARE(shown.front(), QStringLiteral("reverse-checkpoints/step-003000"));
  QCOMPARE(cachedWhenShown.front(), 1);  // it came first, not after the five before it
  // then the rest of the series, in the background, on the same lane
  QVERIFY(QTest::qWaitFor([&] { return !runner.isBusy(JobLane::Checkpoints); }, 20000));
  for (int i = 0; i < 6; ++i) QVERIFY2(timeline.isCached(i), qPrintable(QString::number(i)));
  QCOMPARE(shown.size(), 1);  // the background loads show nothing
}

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
