#pragma once
// The Train panel: choose a task and a size, start, pause, resume and stop a training run, watch
// its loss and accuracy in a live chart, and save the result as a model folder. The run itself
// is a TrainingWorker's job on the window's JobRunner; the panel draws what the runner delivers
// (at most ten reports a second) and passes on the run's snapshots (modelTrained) so the main
// window's views show the model being trained, while "Show in views" is checked.

#include <functional>
#include <memory>
#include <vector>

#include <QWidget>

#include "training/training_trainer.h"
#include "training_worker.h"

class QCheckBox;
class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace ui {

class JobRunner;

class TrainPanel : public QWidget {
  Q_OBJECT

 public:
  // What the user chose when closing the window during a run.
  enum class CloseAnswer { Discard, KeepTraining };
  // A yes/no question (replace a folder, write into the bundled models); true: go ahead.
  using Question = std::function<bool(const QString &title, const QString &text)>;

  // Runs its training and its saves on runner (the window's), which must outlive the runs' reports:
  // the window's runner is its first child, so it ends (stopping a run) before the panel.
  explicit TrainPanel(JobRunner *runner, QWidget *parent = nullptr);
  ~TrainPanel() override;

  // The options the controls describe: the task's defaults with the chosen sizes.
  core::TrainingOptions options() const;
  QString currentTask() const;
  bool isTraining() const { return m_worker->isActive(); }
  TrainingWorker *worker() const { return m_worker; }

  // Closing during a run: asks (a dialog, or the function set below), stops the run on Discard.
  // True when the window may close.
  bool confirmClose();
  void setCloseConfirmation(std::function<CloseAnswer()> confirm) { m_confirmClose = std::move(confirm); }
  void setQuestion(Question question) { m_question = std::move(question); }
  void setFolderChooser(std::function<QString()> chooser) { m_chooseFolder = std::move(chooser); }

  // Checks the folder (asks before replacing a non-empty folder or writing under the bundled
  // models) and saves on a helper thread; false when refused. modelSaved or a message follows.
  bool saveTo(const QString &folder);

  QComboBox *taskCombo() const { return m_task; }
  QSpinBox *layersBox() const { return m_layers; }
  QSpinBox *headsBox() const { return m_heads; }
  QSpinBox *dModelBox() const { return m_dModel; }
  QSpinBox *stepsBox() const { return m_steps; }
  QComboBox *speedCombo() const { return m_speed; }  // steps per second, 0: as fast as possible
  QPushButton *startButton() const { return m_start; }
  QPushButton *pauseButton() const { return m_pause; }
  QPushButton *stopButton() const { return m_stop; }
  QPushButton *saveButton() const { return m_save; }
  QCheckBox *followCheck() const { return m_follow; }
  QLineSeries *lossSeries() const { return m_lossSeries; }
  QLineSeries *accuracySeries() const { return m_accuracySeries; }
  QLabel *statusLabel() const { return m_status; }
  // The run's newest snapshot (what "Show in views" shows); null before the first.
  std::shared_ptr<const core::Model> snapshot() const { return m_snapshot; }

  void start();
  void togglePause();
  void stop();
  void chooseSaveFolder();
  // Forgets the last run's curve and status (a checkpoint series is scrubbed instead); not during a run.
  void clearRun();
  // "Show in views": off when the user opens another model, so a run's next snapshot does not
  // replace it; on again shows the run's newest snapshot at once.
  void setShowInViews(bool show);
  bool showsInViews() const;
  QValueAxis *stepAxis() const { return m_stepAxis; }
  QValueAxis *lossAxis() const { return m_lossAxis; }

 signals:
  // A snapshot of the run, to show in the views (only while "Show in views" is checked).
  void modelTrained(std::shared_ptr<const core::Model> model, const QString &label);
  void trainingActiveChanged(bool active);
  void modelSaved(const QString &folder);

 private:
  void applyTaskDefaults();
  void setStepRange(int steps);
  void setLossRange(double maximum);
  void updateControls();
  void updateStatus();
  void showProgress(const std::vector<core::TrainingProgress> &steps);
  void showSnapshot(const std::shared_ptr<const core::Model> &model, int step, bool final);
  void emitSnapshot();
  void showMessage(const QString &text, bool error = false);
  bool ask(const QString &title, const QString &text);

  TrainingWorker *m_worker;
  QComboBox *m_task = nullptr;
  QSpinBox *m_layers = nullptr;
  QSpinBox *m_heads = nullptr;
  QSpinBox *m_dModel = nullptr;
  QSpinBox *m_steps = nullptr;
  QComboBox *m_speed = nullptr;
  QPushButton *m_start = nullptr;
  QPushButton *m_pause = nullptr;
  QPushButton *m_stop = nullptr;
  QPushButton *m_save = nullptr;
  QCheckBox *m_follow = nullptr;
  QLabel *m_status = nullptr;
  QLabel *m_message = nullptr;
  QChart *m_chart = nullptr;  // owned by its QChartView
  QLineSeries *m_lossSeries = nullptr;
  QLineSeries *m_accuracySeries = nullptr;
  QValueAxis *m_stepAxis = nullptr;
  QValueAxis *m_lossAxis = nullptr;

  // The run's newest snapshot, shown again when "Show in views" is checked again.
  std::shared_ptr<const core::Model> m_snapshot;
  int m_snapshotStep = 0;
  bool m_snapshotFinal = false;

  // The chart plots one point per bucket of steps (the mean), so a long run stays a few hundred points.
  int m_bucketSteps = 1;
  int m_bucketCount = 0;
  double m_bucketLoss = 0;
  double m_bucketAccuracy = 0;
  double m_maxLoss = 1;

  std::function<CloseAnswer()> m_confirmClose;
  Question m_question;
  std::function<QString()> m_chooseFolder;
  QString m_lastSaveFolder;
};

}  // namespace ui
