#pragma once
// The status bar's progress bar and Cancel button for a computation that takes a while (a long
// forward pass, a generation). It stays hidden for the first 0.3 s of a job, so short passes,
// the usual case, never flicker it on screen; then it shows how far the job is and lets the user
// stop it.

#include <QWidget>

class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace ui {

class JobProgress : public QWidget {
  Q_OBJECT

 public:
  explicit JobProgress(QWidget *parent = nullptr);

  // A job began: shown after the delay unless finish() comes first. what: "Computing attention".
  void start(const QString &what);
  // done of total steps (blocks of a pass); a total of 0 shows a busy bar.
  void setProgress(int done, int total);
  void finish();  // hides the bar at once
  bool isRunning() const { return m_running; }
  static int showDelayMilliseconds();

  QProgressBar *bar() const { return m_bar; }
  QToolButton *cancelButton() const { return m_cancel; }

 signals:
  void cancelRequested();

 private:
  QLabel *m_label;
  QProgressBar *m_bar;
  QToolButton *m_cancel;
  QTimer *m_delay;
  bool m_running = false;
};

}  // namespace ui
