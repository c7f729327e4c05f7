#pragma once
// Runs a core::Trainer on its own thread for the Train panel. The training thread never touches
// a widget: it appends each step's numbers to a buffer that the GUI drains on a timer (so the
// chart updates at a bounded rate however fast steps come), and every few steps — or when
// paused, stopped or done — it saves a snapshot, loads it as a core::Model and posts that to the
// GUI thread. A snapshot is a complete model folder, so the views read it through the same
// worker path as a model the user opened.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QObject>
#include <QString>
#include <QTemporaryDir>

#include "analysis.h"
#include "training/training_trainer.h"

class QThread;

namespace ui {

class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  enum class State { Idle, Running, Paused, Stopping, Finished };
  Q_ENUM(State)

  explicit TrainingWorker(QObject *parent = nullptr);
  ~TrainingWorker() override;  // stops the run and waits for both threads

  // Builds the trainer (throws std::invalid_argument for options core cannot train) and starts
  // its thread. A previous run's trainer is dropped.
  void start(const QString &task, const core::TrainingOptions &options);
  void pause();
  void resume();
  void stop();  // the run ends after the step in flight; finished follows with its final model

  State state() const { return m_state; }
  bool isActive() const { return m_state == State::Running || m_state == State::Paused || m_state == State::Stopping; }
  bool hasTrainer() const { return m_trainer != nullptr; }
  QString taskName() const { return m_task; }
  int totalSteps() const { return m_totalSteps; }
  core::TrainingProgress progress() const;

  // The steps done since the last call, oldest first. GUI thread.
  std::vector<core::TrainingProgress> takeProgress();
  // A snapshot every `steps` steps or every `milliseconds`, whichever comes first.
  void setSnapshotInterval(int steps, int milliseconds);
  // At most this many steps per second, so a class can watch the pattern form; 0: as fast as the
  // machine goes. Takes effect at the next step, also during a run.
  void setMaxStepsPerSecond(double stepsPerSecond);
  double maxStepsPerSecond() const { return m_maxStepsPerSecond.load(); }
  // How long a step that took `taken` must wait before the next one at that speed (0: none).
  static std::chrono::milliseconds waitBeforeNextStep(std::chrono::milliseconds taken, double stepsPerSecond);

  // Writes the current weights as a model folder on a helper thread; saved or saveFailed follows.
  void save(const QString &folder);
  bool isSaving() const;

 signals:
  void stateChanged(ui::TrainingWorker::State state);
  // The weights after `step`, loaded as a model. `final`: the run has ended (done or stopped).
  void snapshotReady(std::shared_ptr<const core::Model> model, int step, bool final);
  void failed(const QString &message);
  void saved(const QString &folder);
  void saveFailed(const QString &folder, const QString &message);

 private:
  void setState(State state);
  void finishRun(std::uint64_t run);
  void joinThread();

  std::shared_ptr<core::Trainer> m_trainer;  // shared with a save in progress
  std::thread m_thread;
  QThread *m_saver = nullptr;
  std::uint64_t m_run = 0;  // GUI thread: results of older runs are dropped
  State m_state = State::Idle;
  QString m_task;
  int m_totalSteps = 0;
  QTemporaryDir m_scratch;  // snapshot folders; the models keep their weights mapped

  mutable std::mutex m_mutex;  // guards the fields below, shared with the training thread
  std::vector<core::TrainingProgress> m_pending;
  int m_snapshotSteps = 100;
  std::chrono::milliseconds m_snapshotPeriod{1500};
  std::atomic<double> m_maxStepsPerSecond{0.0};
  std::atomic<bool> m_stopRequested{false};  // ends a speed-limit wait early
};

}  // namespace ui
