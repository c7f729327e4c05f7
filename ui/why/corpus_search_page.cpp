#include "corpus_search_page.h"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
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
                           const std::vector<core::HeadRef> &heads, const QString &token,
                           const core::SearchOptions &options, const core::ForwardOptions &forwardOptions) {
  SearchResult result;
  result.model = model;
  runCorpusWork(model != nullptr, result, [&] {
    if (token.isEmpty()) throw core::InputError("type the token to search for");
    const std::vector<core::CorpusSentence> sentences = readCorpusFile(corpusPath, result.notes);
    result.search = std::make_shared<const core::CorpusSearch>(core::search_corpus(
        *model, sentences, corpusPath.toStdString(), heads, token.toStdString(), options, forwardOptions,
        noteInto(result)));
  });
  return result;
}

std::vector<core::HeadRef> parseHeadList(const QString &text, const core::ModelSpec &spec, core::AttentionKind kind) {
  std::vector<core::HeadRef> heads;
  const QStringList items = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (const QString &item : items) {
    const QString pair = item.trimmed();
    const QStringList parts = pair.split(QLatin1Char('.'));
    bool layerRead = false;
    bool headRead = false;
    const int layer = parts.size() == 2 ? parts[0].toInt(&layerRead) : 0;
    const int head = parts.size() == 2 ? parts[1].toInt(&headRead) : 0;
    if (!layerRead || !headRead || layer < 1 || head < 1) {
      throw core::InputError("heads: \"" + pair.toStdString() + "\" is not layer.head (e.g. 2.3, counting from 1)");
    }
    const int layers = spec.layers(kind);
    if (layer > layers) {
      throw core::InputError("heads: \"" + pair.toStdString() + "\": the model has " + std::to_string(layers) +
                             " layers of " + core::to_string(kind));
    }
    const int count = spec.attention(kind, layer - 1).heads;
    if (head > count) {
      throw core::InputError("heads: \"" + pair.toStdString() + "\": layer " + std::to_string(layer) + " has " +
                             std::to_string(count) + " heads");
    }
    const core::HeadRef ref{kind, layer - 1, head - 1};
    if (std::find(heads.begin(), heads.end(), ref) != heads.end()) {
      throw core::InputError("heads: \"" + pair.toStdString() + "\" is given twice");
    }
    heads.push_back(ref);
  }
  if (heads.empty()) throw core::InputError("heads: list them as layer.head, e.g. 1.2, 2.3 (counting from 1)");
  return heads;
}

CorpusSearchPage::CorpusSearchPage(JobRunner *runner, QWidget *parent)
    : QWidget(parent),
      m_runner(runner),
      m_picker(new CorpusPicker(tr("Search"), this)),
      m_token(new QLineEdit(this)),
      m_mode(new QComboBox(this)),
      m_limit(new QSpinBox(this)),
      m_heads(new QComboBox(this)),
      m_headList(new QLineEdit(this)),
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
  m_heads->setObjectName(QStringLiteral("searchHeads"));
  m_heads->addItem(tr("the selected head"), static_cast<int>(HeadSet::Selected));
  m_heads->addItem(tr("every head of its layer"), static_cast<int>(HeadSet::Layer));
  m_heads->addItem(tr("these heads:"), static_cast<int>(HeadSet::Listed));
  m_headList->setObjectName(QStringLiteral("searchHeadList"));
  m_headList->setPlaceholderText(tr("layer.head, e.g. 1.2, 2.3"));
  m_headList->setEnabled(false);
  m_message->setObjectName(QStringLiteral("searchMessage"));
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_message->setText(introduction());
  m_table->setObjectName(QStringLiteral("searchResults"));
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setColumnCount(7);
  m_table->setHorizontalHeaderLabels(
      {tr("line"), tr("head"), tr("query"), tr("key"), tr("weight"), tr("sentence"), tr("target")});
  m_table->horizontalHeader()->setStretchLastSection(true);

  auto *query = new QHBoxLayout;
  query->addWidget(new QLabel(tr("Where the head"), this));
  query->addWidget(m_mode);
  query->addWidget(m_token, 1);
  query->addWidget(new QLabel(tr("List:"), this));
  query->addWidget(m_limit);
  auto *which = new QHBoxLayout;
  which->addWidget(new QLabel(tr("Heads:"), this));
  which->addWidget(m_heads);
  which->addWidget(m_headList, 1);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(query);
  layout->addLayout(which);
  layout->addWidget(m_picker);
  layout->addWidget(m_message);
  layout->addWidget(m_table, 1);
  connect(m_picker, &CorpusPicker::runRequested, this, &CorpusSearchPage::search);
  connect(m_token, &QLineEdit::returnPressed, this, &CorpusSearchPage::search);
  connect(m_picker, &CorpusPicker::cancelRequested, this, &CorpusSearchPage::cancel);
  connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) { openRow(row); });
  connect(m_heads, &QComboBox::currentIndexChanged, this,
          [this] { m_headList->setEnabled(m_heads->currentData().toInt() == static_cast<int>(HeadSet::Listed)); });
  connect(m_headList, &QLineEdit::returnPressed, this, &CorpusSearchPage::search);
}

QString CorpusSearchPage::message() const { return m_message->text(); }

QString CorpusSearchPage::introduction() const {
  return tr("Find where in a corpus the selected head attends most from or to a token. "
            "Double-click a hit to open its sentence.");
}

bool CorpusSearchPage::isBusy() const { return m_runner->isBusy(JobLane::WhySearch); }

void CorpusSearchPage::setModel(std::shared_ptr<const core::Model> model, const core::ForwardOptions &forwardOptions) {
  if (model != m_model) {
    m_runner->supersede(JobLane::WhySearch);
    m_picker->setBusy(false);
    m_table->setRowCount(0);
    m_result = {};
    // (not "Searching with …" of a search just dropped, nor the count of hits no longer listed)
    m_message->setText(introduction());
  }
  m_model = std::move(model);
  m_forwardOptions = forwardOptions;
}

void CorpusSearchPage::setHead(const core::HeadRef &head) { m_head = head; }

std::vector<core::HeadRef> CorpusSearchPage::chosenHeads() const {
  switch (static_cast<HeadSet>(m_heads->currentData().toInt())) {
    case HeadSet::Selected: return {m_head};
    case HeadSet::Layer: return core::heads_of_layer(m_model->spec(), m_head.kind, m_head.layer);
    case HeadSet::Listed: return parseHeadList(m_headList->text(), m_model->spec(), m_head.kind);
  }
  return {m_head};
}

QString CorpusSearchPage::describeHeads(const std::vector<core::HeadRef> &heads) const {
  if (heads.size() == 1) {
    return tr("%1, layer %2, head %3").arg(describeKind(m_head.kind)).arg(heads.front().layer + 1).arg(heads.front().head + 1);
  }
  QStringList pairs;
  for (const core::HeadRef &head : heads) pairs << QStringLiteral("%1.%2").arg(head.layer + 1).arg(head.head + 1);
  return tr("%1, heads %2").arg(describeKind(m_head.kind), pairs.join(QStringLiteral(", ")));
}

void CorpusSearchPage::search() {
  std::vector<core::HeadRef> heads;
  if (m_model) {
    try {
      heads = chosenHeads();
    } catch (const std::exception &error) {
      SearchResult refused;
      refused.error = QString::fromStdString(error.what());
      showResult(std::move(refused));
      return;
    }
  }
  m_picker->setBusy(true);
  m_message->setText(tr("Searching with %1…").arg(m_model ? describeHeads(heads) : QString()));
  core::SearchOptions options;
  options.mode = static_cast<core::SearchMode>(m_mode->currentData().toInt());
  options.limit = m_limit->value();
  m_runner->submit(
      JobLane::WhySearch, this,
      [model = m_model, path = m_picker->corpusPath(), heads, token = m_token->text(), options,
       forward = m_forwardOptions,
       progress = m_picker->progressFor(m_runner, JobLane::WhySearch)](const JobContext &context) mutable {
        options.progress = progress(context);
        return computeSearch(model, path, heads, token, options, forward);
      },
      [this](SearchResult result) { showResult(std::move(result)); });
}

void CorpusSearchPage::cancel() { m_runner->cancel(JobLane::WhySearch); }

void CorpusSearchPage::showResult(SearchResult result) {
  m_result = std::move(result);
  m_table->setRowCount(0);
  m_message->setText(m_picker->finish(m_result, tr("No search: %1"), [this] {
    const core::CorpusSearch &search = *m_result.search;
    m_table->setRowCount(static_cast<int>(search.hits.size()));
    for (int row = 0; row < m_table->rowCount(); ++row) {
      const core::SearchHit &hit = search.hits[static_cast<std::size_t>(row)];
      const core::CorpusSentence &sentence = search.sentences[hit.sentence];
      const auto put = [this, row](int column, const QString &value) {
        m_table->setItem(row, column, new QTableWidgetItem(value));
      };
      put(0, QString::number(sentence.line));
      put(1, tr("layer %1, head %2").arg(hit.head.layer + 1).arg(hit.head.head + 1));
      put(2, tr("%1 “%2”").arg(hit.query + 1).arg(QString::fromStdString(hit.query_token)));
      put(3, tr("%1 “%2”").arg(hit.key + 1).arg(QString::fromStdString(hit.key_token)));
      put(4, QString::number(hit.weight, 'f', 4));
      const QColor colour = weightColour(static_cast<float>(hit.weight));
      m_table->item(row, 4)->setBackground(colour);
      m_table->item(row, 4)->setForeground(colour.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
      put(5, QString::fromStdString(sentence.text));
      put(6, QString::fromStdString(sentence.target));
    }
    m_table->resizeColumnsToContents();
    return tr("%1 of %2 hits in %3 sentences, best first.")
        .arg(search.hits.size())
        .arg(search.matches)
        .arg(search.sentences.size());
  }));
  emit resultsShown();
}

void CorpusSearchPage::openRow(int row) {
  if (!m_result.search || row < 0 || row >= static_cast<int>(m_result.search->hits.size())) return;
  const core::CorpusSentence &sentence =
      m_result.search->sentences[m_result.search->hits[static_cast<std::size_t>(row)].sentence];
  emit openSentence(QString::fromStdString(sentence.text), QString::fromStdString(sentence.target));
}

}  // namespace ui
