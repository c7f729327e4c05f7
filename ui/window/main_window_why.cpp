// Why a head attends (docs/methods.md): the q·k tab follows the layer, head and result on show
// (the query: the spin box, or the token focused in a view); the Query/Key Map and Corpus Search
// tabs read a corpus file with the selected head, and open a clicked sentence in the views.

#include <QTabWidget>

#include "corpus_search_page.h"
#include "main_window.h"
#include "qk_map_page.h"
#include "qk_page.h"
#include "view_state.h"

namespace ui {

void MainWindow::createWhyHead() {
  m_qkPage = new QkPage(m_runner, m_tabs);
  m_qkPage->setObjectName(QStringLiteral("qkPage"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_qkPage, tr("q·k")),
                        tr("Why the selected head attends: its query, every key, q ⊙ k per dimension and the "
                           "score's terms"));
  m_qkMap = new QkMapPage(m_runner, m_tabs);
  m_qkMap->setObjectName(QStringLiteral("qkMapPage"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_qkMap, tr("Query/Key Map")),
                        tr("The selected head's queries and keys over a corpus, projected onto two axes (PCA)"));
  m_search = new CorpusSearchPage(m_runner, m_tabs);
  m_search->setObjectName(QStringLiteral("corpusSearchPage"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_search, tr("Corpus Search")),
                        tr("Where in a corpus the selected head attends most from or to a token"));

  connect(m_state, &ViewState::analysisChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::modelChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::layerChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::focusedHeadChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::positionalEncodingChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::preferencesChanged, this, &MainWindow::updateWhyHead);
  connect(m_state, &ViewState::focusTokenChanged, this, [this](int token) {
    if (token >= 0) m_qkPage->setQuery(token);
  });
  connect(m_qkMap, &QkMapPage::openSentence, this, &MainWindow::openCorpusSentence);
  connect(m_search, &CorpusSearchPage::openSentence, this, &MainWindow::openCorpusSentence);
}

void MainWindow::updateWhyHead() {
  const LayerStep step = m_state->layerStep();
  const core::HeadRef head{step.kind, step.layer, m_state->focusedHead()};
  m_qkPage->setSelection(m_state->analysis(), step, head.head, m_state->positionalEncoding());
  // the corpus passes compute as the views' do (Settings ▸ Precision, Threads, Memory budget)
  core::ForwardOptions options;
  options.positional_encoding = m_state->positionalEncoding();
  const Preferences &preferences = m_state->preferences();
  options.precision = core::parse_precision(preferences.precision.toStdString()).value_or(core::Precision::Exact);
  options.threads = preferences.threads;
  options.memory_budget = memoryBudgetBytes(preferences.memoryBudgetMb);
  m_qkMap->setModel(m_state->model(), options);
  m_qkMap->setHead(head);
  m_search->setModel(m_state->model(), options);
  m_search->setHead(head);
}

void MainWindow::openCorpusSentence(const QString &text, const QString &target) {
  m_state->setTargetText(target);
  m_state->setSourceText(text);
  m_tabs->setCurrentIndex(0);  // the word graph and heatmap
}

}  // namespace ui
