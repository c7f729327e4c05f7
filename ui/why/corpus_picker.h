#pragma once
// The corpus controls the query/key map and corpus search share: a text file (typed, or chosen
// with Browse…), a run button, a progress bar and Cancel. The page decides what running means;
// the picker gives its job the progress to report and words the outcome the same way for both.

#include <functional>
#include <vector>

#include <QStringList>
#include <QWidget>

#include "analysis/why/corpus_sentences.h"

class QLineEdit;
class QProgressBar;
class QPushButton;

namespace ui {

class JobContext;
class JobRunner;
enum class JobLane;

// What every corpus job gives back besides its result.
struct CorpusOutcome {
  QStringList notes;  // lines skipped or cut ("corpus.txt:3: …")
  QString error;
  bool cancelled = false;
};

// Runs work (reading the corpus, computing), never throwing: without a model the error is "no
// model is open"; core::Cancelled sets cancelled; any other exception's message is the error.
void runCorpusWork(bool haveModel, CorpusOutcome &outcome, const std::function<void()> &work);
// The note callback of the core's corpus functions, appending to outcome.notes.
core::CorpusNote noteInto(CorpusOutcome &outcome);

// The sentences of a corpus file (core::read_corpus_sentences), its notes appended to notes.
// Throws core::InputError naming the file: none chosen, a folder, unreadable, no sentences.
std::vector<core::CorpusSentence> readCorpusFile(const QString &path, QStringList &notes);

class CorpusPicker : public QWidget {
  Q_OBJECT

 public:
  // runText: the run button's label ("Compute Map", "Search").
  CorpusPicker(const QString &runText, QWidget *parent = nullptr);

  QString corpusPath() const;
  void setCorpusPath(const QString &path);
  // While busy: the run button is off, Cancel is on, the bar shows fraction (0…1).
  void setBusy(bool busy);
  void setProgress(double fraction);
  // Called on the GUI thread as a job is submitted to lane: what the job gives the core as its
  // progress. Each fraction is shown on this picker's bar while the job is the lane's newest;
  // it returns false (stop) once the job is cancelled or superseded.
  std::function<core::MethodProgress(const JobContext &)> progressFor(JobRunner *runner, JobLane lane);
  // Ends a run (not busy; the bar full on success) and returns the page's message: "Cancelled.",
  // failure with the error in %1, or success(), then the notes one per line.
  QString finish(const CorpusOutcome &outcome, const QString &failure, const std::function<QString()> &success);

  QPushButton *browseButton() const { return m_browse; }  // Browse…: a file dialog chooses the corpus
  QPushButton *runButton() const { return m_run; }
  QPushButton *cancelButton() const { return m_cancel; }
  QProgressBar *progressBar() const { return m_progress; }

 signals:
  void runRequested();
  void cancelRequested();

 private:
  QLineEdit *m_path;
  QPushButton *m_browse;
  QPushButton *m_run;
  QPushButton *m_cancel;
  QProgressBar *m_progress;
};

}  // namespace ui
