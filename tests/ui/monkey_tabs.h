#pragma once
// The monkey's hands for the tabs and docks with their own controls and jobs: What If (modes,
// token edits, another sentence, another checkpoint, also through Choose Checkpoint…, the
// difference view), q·k (the query), Query/Key Map and Corpus Search (tiny corpora, Browse…, run,
// Cancel, a point or a hit opened), the Train panel (start, pause, resume, stop, speed, Save…,
// "Show in views") and the checkpoint timeline (open,
// scrub, another model asked for while a checkpoint loads), and their jobs overtaken by a model
// switch. After each action, and once settled, what each tab shows must be for the view state's
// model and result: no result, message or table left from an earlier model or text.
//
// Replaying a seed: every action draws from the monkey's engine the same number of times whatever
// the window shows (a choice among what is there is a fixed-range draw taken modulo its count),
// and every action that lets a training snapshot or a checkpoint into the views waits for it, so
// the models on show, and so every later draw, follow from the seed alone.

#include <cstdint>
#include <random>

#include <QString>
#include <QStringList>

namespace ui {
class CorpusPicker;
class MainWindow;
}

namespace ui::test {

class MonkeyTabs {
 public:
  static constexpr int kActionKinds = 14;

  // workFolder: where the corpora are written (a subfolder, so the file dialogs do not offer them).
  MonkeyTabs(MainWindow *window, std::mt19937 &random, const QString &workFolder);

  // Action kind (0 … kActionKinds − 1). vocabulary: words the model on show knows; models: good
  // model folders to switch to. Returns what it did, for the trace.
  QString act(int kind, const QStringList &vocabulary, const QStringList &models);
  // After every action, without waiting for a job: each tab's controls and results agree with
  // the view state (a result in hand is for its model and text; buttons follow the jobs).
  void checkInStep(const QString &where);
  // Before the settled check: a training run is stopped (as Stop does) and its end awaited.
  void settle(const QString &where);
  // Once the views have settled: waits for the tabs' jobs, then checks what each tab shows.
  void checkSettled(const QString &where);

  QString summary() const;  // counts for the log line

 private:
  int pick(int n);
  int any(int n);  // one fixed-range draw, taken modulo n (≥ 1): the same draws whatever n is
  bool chance(double p);
  QString randomWords(const QStringList &vocabulary, int most);
  QString corpus();  // one of the prepared corpus paths (good, empty, binary, a folder, missing, …)

  void whatIfAction(int kind, const QStringList &vocabulary, const QStringList &models);
  void qkAction();
  void mapAction();
  void searchAction(const QStringList &vocabulary);
  void browse(CorpusPicker *picker);
  void openFromResults();
  void trainingAction();
  void timelineAction(const QStringList &models);
  void switchDuringJob(const QStringList &vocabulary, const QStringList &models);
  void waitForTrainingInViews(const QString &what);
  void openAndWait(const QString &folder);

  MainWindow *m_window;
  std::mt19937 &m_random;
  QString m_corpora;
  QString m_series;  // models/reverse-checkpoints
  int m_counter = 0;  // fresh corpus names

  int m_edits = 0, m_refusedEdits = 0, m_comparisons = 0, m_maps = 0, m_searches = 0, m_cancels = 0,
      m_opened = 0, m_runs = 0, m_trainingControls = 0, m_scrubs = 0, m_switches = 0, m_dialogButtons = 0;
};

}  // namespace ui::test
