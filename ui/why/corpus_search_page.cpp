#include "corpus_search_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "colour_scales.h"
#include "corpus_picker.h"
#include "job_runner.h"
#include "layer_steps.h"
#include "tensor/errors.h"

namespace ui {

SearchResult computeSearch(const std::shared_ptr<const core::Model> &model, const QString &corpusPath,
                           const core::HeadRef &head, const QString &token, const core::SearchOptions &options,
                           const core::ForwardOptions &forwardOptions) {
  SearchResult result;
  if (!model) {
    result.error = QStringLiteral("no model is open");
    return result;
  }
  try {
    if (token.isEmpty()) throw core::InputError("type the token to search for");
    const std::vector<core::CorpusSentence> sentences = readCorpusFile(corpusPath, result.notes);
    result.search = std::make_shared<const core::CorpusSearch>(core::search_corpus(
        *model, sentences, corpusPath.toStdString(), head, token.toStdString(), options, forwardOptions,
        [&result](const std::string &note) { result.notes << QString::fromStdString(note); }));
  } catch (const core::Cancelled &) {
    result.cancelled = true;
  } catch (const std::exception &error) {
    result.error = QString::fromStdString(error.what());
  }
  return result;
}

CorpusSearchPage::CorpusSearchPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_picker(new CorpusPicker(tr("Search"), this)),
      m_token(new QLineEdit(this)),
      m_mode(new QComboBox(this)),
      m_limit(new QSpinBox(this)),
      m_message(new QLabel(this)),
      m_table(new QTableWidget(this)) {
  m_token->setObjectName(QStringLiteral("searchToken"));
  m_token->setPlaceholderText(tr("token, e.g. the"));
  m_mode->setObjectName(QStringLiteral("searchMode"));
  m_mode->addItem(tr("attends most from the token"), static_cast<int>(core::SearchMode::From));
  m_mode->addItem(tr("attends most to the token"), static_cast<int>(core::SearchMode::To));
  m_mode->addItem(tr("has the token as its top key"), static_cast<int>(core::SearchMode::TopKey));
  m_limit->setObjectName(QStringLiteral("searchLimit"));
  m_limit->setRange(1, 10000);
  m_limit->setValue(20);
  m_limit->setToolTip(tr("How many hits to list, best first"));
  m_message->setObjectName(QStringLiteral("searchMessage"));
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_message->setText(tr("Find where in a corpus the selected head attends most from or to a token. "
                        "Double-click a hit to open its sentence."));
  m_table->setObjectName(QStringLiteral("searchResults"));
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setColumnCount(6);
  m_table->setHorizontalHeaderLabels({tr("line"), tr("query"), tr("key"), tr("weight"), tr("sentence"), tr("target")});
  m_table->horizontalHeader()->setStretchLastSection(true);

  auto *query = new QHBoxLayout;
  query->addWidget(new QLabel(tr("Where the head"), this));
  query->addWidget(m_mode);
  query->addWidget(m_token, 1);
  query->addWidget(new QLabel(tr("List:"), this));
  query->addWidget(m_limit);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(query);
  layout->addWidget(m_picker);
  layout->addWidget(m_message);
  layout->addWidget(m_table, 1);
  connect(m_picker, &CorpusPicker::runRequested, this, &CorpusSearchPage::search);
  connect(m_token, &QLineEdit::returnPressed, this, &CorpusSearchPage::search);
  connect(m_picker, &CorpusPicker::cancelRequested, this, &CorpusSearchPage::cancel);
  connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) { openRow(row); });
}

QString CorpusSearchPage::message() const { return m_message->text(); }

bool CorpusSearchPage::isBusy() const { return m_runner->isBusy(JobLane::WhySearch); }

void CorpusSearchPage::setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions) {
  if (model != m_model) {
    m_runner->supersede(JobLane::WhySearch);
    m_picker->setBusy(false);
    m_table->setRowCount(0);
    m_result = {};
  }
  m_model = std::move(model);
  m_forwardOptions = forwardOptions;
}

void CorpusSearchPage::setHead(const core::HeadRef &head) { m_head = head; }

void CorpusSearchPage::search() {
  m_picker->setBusy(true);
  m_message->setText(tr("Searching with %1, layer %2, head %3…")
                         .arg(describeKind(m_head.kind))
                         .arg(m_head.layer + 1)
                         .arg(m_head.head + 1));
  core::SearchOptions options;
  options.mode = static_cast<core::SearchMode>(m_mode->currentData().toInt());
  options.limit = m_limit->value();
  const QPointer<const QObject> receiver(this);
  m_runner->submit(
      JobLane::WhySearch, this,
      [this, receiver, model = m_model, path = m_picker->corpusPath(), head = m_head, token = m_token->text(), options,
       forward = m_forwardOptions](const JobContext &context) mutable {
        JobRunner *runner = m_runner;  // the runner outlives its jobs
        options.progress = [&context, runner, receiver, this](double fraction) {
          runner->post(JobLane::WhySearch, context.id(), receiver, [this, fraction] { m_picker->setProgress(fraction); });
          return !context.stopped();
        };
        return computeSearch(model, path, head, token, options, forward);
      },
      [this](SearchResult result) { showResult(std::move(result)); });
}

void CorpusSearchPage::cancel() { m_runner->cancel(JobLane::WhySearch); }

void CorpusSearchPage::showResult(SearchResult result) {
  m_result = std::move(result);
  m_picker->setBusy(false);
  m_table->setRowCount(0);
  QString text;
  if (m_result.cancelled) text = tr("Cancelled.");
  else if (!m_result.error.isEmpty()) text = tr("No search: %1").arg(m_result.error);
  else {
    m_picker->setProgress(1.0);
    const core::CorpusSearch &search = *m_result.search;
    text = tr("%1 of %2 hits in %3 sentences, best first.")
               .arg(search.hits.size())
               .arg(search.matches)
               .arg(search.sentences.size());
    m_table->setRowCount(static_cast<int>(search.hits.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
      const core::SearchHit &hit = search.hits[static_cast<std::size_t>(row)];
      const core::CorpusSentence &sentence = search.sentences[hit.sentence];
      const auto put = [this, row](int column, const QString &value) {
        m_table->setItem(row, column, new QTableWidgetItem(value));
      };
      put(0, QString::number(sentence.line));
      put(1, tr("%1 “%2”").arg(hit.query + 1).arg(QString::fromStdString(hit.query_token)));
      put(2, tr("%1 “%2”").arg(hit.key + 1).arg(QString::fromStdString(hit.key_token)));
      put(3, QString::number(hit.weight, 'f', 4));
      m_table->item(row, 3)->setBackground(weightColour(static_cast<float>(hit.weight)));
      m_table->item(row, 3)->setForeground(weightColour(static_cast<float>(hit.weight)).lightnessF() > 0.55
                                               ? QColor(Qt::black)
                                               : QColor(Qt::white));
      put(4, QString::fromStdString(sentence.text));
      put(5, QString::fromStdString(sentence.target));
    }
    m_table->resizeColumnsToContents();
  }
  if (!m_result.notes.isEmpty()) text += QLatin1Char('\n') + m_result.notes.join(QLatin1Char('\n'));
  m_message->setText(text);
  emit resultsShown();
}

void CorpusSearchPage::openRow(int row) {
  if (!m_result.search || row < 0 || row >= static_cast<int>(m_result.search->hits.size())) return;
  const core::CorpusSentence &sentence =
      m_result.search->sentences[m_result.search->hits[static_cast<std::size_t>(row)].sentence];
  emit openSentence(QString::fromStdString(sentence.text), QString::fromStdString(sentence.target));
}

}  // namespace ui
