#include "corpus_picker.h"

#include <fstream>

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>

#include "job_runner.h"
#include "tensor/errors.h"

namespace ui {

void runCorpusWork(bool haveModel, CorpusOutcome &outcome, const std::function<void()> &work) {
  if (!haveModel) {
    outcome.error = QStringLiteral("no model is open");
    return;
  }
  try {
    work();
  } catch (const core::Cancelled &) {
    outcome.cancelled = true;
  } catch (const std::exception &error) {
    outcome.error = QString::fromStdString(error.what());
  }
}

core::CorpusNote noteInto(CorpusOutcome &outcome) {
  return [&outcome](const std::string &note) { outcome.notes << QString::fromStdString(note); };
}

std::vector<core::CorpusSentence> readCorpusFile(const QString &path, QStringList &notes) {
  const std::string name = path.toStdString();
  if (path.isEmpty()) throw core::InputError("choose a corpus file first (a text file, one sentence per line)");
  if (QFileInfo(path).isDir()) throw core::InputError(name + ": is a folder; give a text file with one sentence per line");
  std::ifstream stream(QFileInfo(path).filesystemFilePath(), std::ios::binary);
  if (!stream) throw core::InputError(name + ": cannot be read");
  return core::read_corpus_sentences(stream, name, [&notes](const std::string &note) {
    notes << QString::fromStdString(note);
  });
}

CorpusPicker::CorpusPicker(const QString &runText, QWidget *parent)
    : QWidget(parent),
      m_path(new QLineEdit(this)),
      m_browse(new QPushButton(tr("Browse…"), this)),
      m_run(new QPushButton(runText, this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)) {
  m_path->setObjectName(QStringLiteral("corpusPath"));
  m_browse->setObjectName(QStringLiteral("corpusBrowse"));
  m_path->setPlaceholderText(tr("A text file, one sentence per line"));
  m_run->setObjectName(QStringLiteral("corpusRun"));
  m_cancel->setObjectName(QStringLiteral("corpusCancel"));
  m_cancel->setEnabled(false);
  m_progress->setObjectName(QStringLiteral("corpusProgress"));
  m_progress->setRange(0, 100);
  m_progress->setValue(0);
  auto *layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Corpus:"), this));
  layout->addWidget(m_path, 1);
  layout->addWidget(m_browse);
  layout->addWidget(m_run);
  layout->addWidget(m_progress);
  layout->addWidget(m_cancel);
  connect(m_browse, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Corpus"), m_path->text(),
                                                      tr("Text files (*.txt *.tsv);;All files (*)"));
    if (!path.isEmpty()) m_path->setText(path);
  });
  connect(m_path, &QLineEdit::returnPressed, this, &CorpusPicker::runRequested);
  connect(m_run, &QPushButton::clicked, this, &CorpusPicker::runRequested);
  connect(m_cancel, &QPushButton::clicked, this, &CorpusPicker::cancelRequested);
}

QString CorpusPicker::corpusPath() const { return m_path->text(); }

void CorpusPicker::setCorpusPath(const QString &path) { m_path->setText(path); }

void CorpusPicker::setBusy(bool busy) {
  m_run->setEnabled(!busy);
  m_cancel->setEnabled(busy);
  if (busy) m_progress->setValue(0);
}

void CorpusPicker::setProgress(double fraction) { m_progress->setValue(static_cast<int>(fraction * 100.0)); }

std::function<core::MethodProgress(const JobContext &)> CorpusPicker::progressFor(JobRunner *runner, JobLane lane) {
  const QPointer<const QObject> receiver(this);
  return [this, runner, lane, receiver](const JobContext &context) -> core::MethodProgress {
    return [this, runner, lane, receiver, &context](double fraction) {
      runner->post(lane, context.id(), receiver, [this, fraction] { setProgress(fraction); });
      return !context.stopped();
    };
  };
}

QString CorpusPicker::finish(const CorpusOutcome &outcome, const QString &failure,
                             const std::function<QString()> &success) {
  setBusy(false);
  QString text;
  if (outcome.cancelled) {
    text = tr("Cancelled.");
  } else if (!outcome.error.isEmpty()) {
    text = failure.arg(outcome.error);
  } else {
    setProgress(1.0);
    text = success();
  }
  if (!outcome.notes.isEmpty()) text += QLatin1Char('\n') + outcome.notes.join(QLatin1Char('\n'));
  return text;
}

}  // namespace ui
