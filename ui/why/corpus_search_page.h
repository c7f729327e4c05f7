#pragma once
// The Corpus Search page (exBERT; core/analysis/why/corpus_search.h): over a corpus file, where
// does the selected head (or every head of its layer, or a typed list of heads) attend most from
// or to a token, or have it as its top key? The hits are listed best first (line, head, query
// token, key token, weight, sentence); activating one opens its
// sentence in the main views. Computed on the JobRunner's WhySearch lane with progress and Cancel.

#include <memory>

#include <QStringList>
#include <QWidget>

#include "analysis/why/corpus_search.h"
#include "corpus_picker.h"
#include "model/model.h"
#include "model/transformer.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ui {

class JobRunner;

struct SearchResult : CorpusOutcome {
  std::shared_ptr<const core::Model> model;          // the model it searched with
  std::shared_ptr<const core::CorpusSearch> search;  // null on error or cancel
};

// Reads the corpus file and searches it over the heads (one kind), never throwing.
SearchResult computeSearch(const std::shared_ptr<const core::Model> &model, const QString &corpusPath,
                           const std::vector<core::HeadRef> &heads, const QString &token,
                           const core::SearchOptions &options, const core::ForwardOptions &forwardOptions);

// "2.3, 1.1" (layer.head, counting from 1 as the views do) → the heads of that kind. Throws
// core::InputError naming the item that is not layer.head or that the model does not have.
std::vector<core::HeadRef> parseHeadList(const QString &text, const core::ModelSpec &spec, core::AttentionKind kind);

class CorpusSearchPage : public QWidget {
  Q_OBJECT

 public:
  explicit CorpusSearchPage(JobRunner *runner, QWidget *parent = nullptr);

  // Another model drops the hits, and a search in flight, with its message.
  void setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions);
  void setHead(const core::HeadRef &head);

  CorpusPicker *picker() const { return m_picker; }
  QLineEdit *tokenField() const { return m_token; }
  QComboBox *modeBox() const { return m_mode; }
  QSpinBox *limitBox() const { return m_limit; }
  // Which heads a search reads: the selected one, every head of its layer, or a typed list.
  enum class HeadSet { Selected, Layer, Listed };
  QComboBox *headsBox() const { return m_heads; }
  QLineEdit *headListField() const { return m_headList; }
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
  QString introduction() const;  // what the page says before its first search
  std::vector<core::HeadRef> chosenHeads() const;  // throws core::InputError for a bad list
  QString describeHeads(const std::vector<core::HeadRef> &heads) const;

  JobRunner *m_runner;
  std::shared_ptr<const core::Model> m_model;
  core::ForwardOptions m_forwardOptions;
  core::HeadRef m_head;
  SearchResult m_result;
  CorpusPicker *m_picker;
  QLineEdit *m_token;
  QComboBox *m_mode;
  QSpinBox *m_limit;
  QComboBox *m_heads;
  QLineEdit *m_headList;
  QLabel *m_message;
  QTableWidget *m_table;
};

}  // namespace ui
