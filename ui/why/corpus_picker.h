#pragma once
// The corpus controls the query/key map and corpus search share: a text file (typed, or chosen
// with Browse…), a run button, a progress bar and Cancel. The page decides what running means.

#include <vector>

#include <QStringList>
#include <QWidget>

#include "analysis/why/corpus_sentences.h"

class QLineEdit;
class QProgressBar;
class QPushButton;

namespace ui {

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
