#pragma once
// The Corpus Search page (exBERT; core/analysis/why/corpus_search.h): over a corpus file, where
// does the selected head attend most from or to a token, or have it as its top key? The hits are
// listed best first (line, query token, key token, weight, sentence); activating one opens its
// sentence in the main views. Computed on the JobRunner's WhySearch lane with progress and Cancel.

#include <memory>

#include <QStringList>
#include <QWidget>

#include "analysis/why/corpus_search.h"
#include "model/model.h"
#include "model/transformer.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ui {

class CorpusPicker;
class JobRunner;

struct SearchResult {
  std::shared_ptr<const core::CorpusSearch> search;  // null on error or cancel
  QStringList notes;
  QString error;
  bool cancelled = false;
};

// Reads the corpus file and searches it, never throwing.
SearchResult computeSearch(const std::shared_ptr<const core::Model> &model, const QString &corpusPath,
                           const core::HeadRef &head, const QString &token, const core::SearchOptions &options,
                           const core::ForwardOptions &forwardOptions);

class CorpusSearchPage : public QWidget {
  Q_OBJECT

 public:
  explicit CorpusSearchPage(JobRunner *runner, QWidget *parent = nullptr);

  void setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions);
  void setHead(const core::HeadRef &head);

  CorpusPicker *picker() const { return m_picker; }
  QLineEdit *tokenField() const { return m_token; }
  QComboBox *modeBox() const { return m_mode; }
  QSpinBox *limitBox() const { return m_limit; }
  QTableWidget *table() const { return m_table; }
  const SearchResult &result() const { return m_result; }
  QString message() const;
  bool isBusy() const;

 public slots:
  void search();
  void cancel();

 signals:
  void resultsShown();
  void openSentence(const QString &text, const QString &target);

 private:
  void showResult(SearchResult result);
  void openRow(int row);

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::ForwardOptions m_forwardOptions;
  core::HeadRef m_head;
  SearchResult m_result;
  CorpusPicker *m_picker;
  QLineEdit *m_token;
  QComboBox *m_mode;
  QSpinBox *m_limit;
  QLabel *m_message;
  QTableWidget *m_table;
};

}  // namespace ui
