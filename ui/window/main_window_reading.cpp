// Reading the tokens the way people read text (docs/reading.md), in the Reading toolbar: words
// instead of pieces, special tokens or one chosen token hidden (rows rescaled), a sentence pair's
// A → B filter, and the word graph's lines chosen by threshold or top-p. Every choice lives in the ViewState; refreshViews
// hands it to makeSlice, so the word graph, the heatmap and the grids show the same reading.

#include <set>
#include <utility>
#include <string>
#include <vector>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPoint>
#include <QStatusBar>
#include <QToolBar>

#include "attention_slice.h"
#include "combo_width.h"
#include "main_window.h"
#include "tensor/errors.h"
#include "word_graph_widget.h"

namespace ui {

void MainWindow::createReading() {
  // a row of its own: beside the main toolbar it would not fit a 1280-pixel window
  addToolBarBreak();
  auto *toolbar = addToolBar(tr("Reading"));
  toolbar->setObjectName(QStringLiteral("readingToolBar"));

  m_wordLevel = new QCheckBox(tr("Words"), toolbar);
  m_wordLevel->setObjectName(QStringLiteral("wordLevelToggle"));
  m_wordLevel->setToolTip(tr("Merge sub-word pieces into words in every view: a word's keys are summed, its "
                             "queries averaged, so rows still sum to 1"));
  m_hideSpecial = new QCheckBox(tr("Hide special tokens"), toolbar);
  m_hideSpecial->setObjectName(QStringLiteral("hideSpecialToggle"));
  m_hideSpecial->setToolTip(tr("Hide [CLS], [SEP], <s>, </s> and the other special tokens; each row is rescaled "
                               "so it keeps its total"));
  m_hiddenToken = new QComboBox(toolbar);
  m_hiddenToken->setObjectName(QStringLiteral("hiddenTokenChooser"));
  m_hiddenToken->setToolTip(tr("Hide every occurrence of one token of the text; rows are rescaled"));
  m_hiddenToken->addItem(tr("(none)"), QString());
  m_pairFilter = new QComboBox(toolbar);
  m_pairFilter->setObjectName(QStringLiteral("pairFilterChooser"));
  m_pairFilter->setToolTip(tr("For a sentence pair (Text B): only the queries of one text and the keys of one. "
                              "Rows are not rescaled: A → B shows how much of each A row goes to B."));
  const std::pair<int, int> filters[] = {{-1, -1}, {0, 0}, {0, 1}, {1, 0}, {1, 1}};
  for (const auto &[query, key] : filters) {
    const QString name = query < 0 ? tr("Both texts")
                                   : tr("%1 → %2").arg(query == 0 ? QStringLiteral("A") : QStringLiteral("B"),
                                                       key == 0 ? QStringLiteral("A") : QStringLiteral("B"));
    m_pairFilter->addItem(name, QPoint(query, key));
  }
  m_pairFilter->setEnabled(false);
  m_edgeFilter = new QComboBox(toolbar);
  m_edgeFilter->setObjectName(QStringLiteral("edgeFilterChooser"));
  m_edgeFilter->addItem(tr("Threshold"), static_cast<int>(ViewState::EdgeFilter::Threshold));
  m_edgeFilter->addItem(tr("Top-p"), static_cast<int>(ViewState::EdgeFilter::TopP));
  m_edgeFilter->setToolTip(tr("Word-graph lines: those above the threshold, or per query the fewest keys that "
                              "hold a share p of its weight"));
  m_topP = new QDoubleSpinBox(toolbar);
  m_topP->setObjectName(QStringLiteral("topPBox"));
  m_topP->setRange(0.01, 1.0);
  m_topP->setSingleStep(0.05);
  m_topP->setDecimals(2);
  m_topP->setValue(m_state->topP());
  m_topP->setEnabled(false);
  m_topP->setToolTip(tr("p: the share of each query's weight its kept lines hold"));

  // Each chooser keeps room for its widest item: squeezed by the toolbar, "（無）" and "兩段文字" were cut.
  for (QComboBox *combo : {m_hiddenToken, m_pairFilter, m_edgeFilter}) keepWideEnoughForItems(combo);
  toolbar->addWidget(m_wordLevel);
  toolbar->addWidget(m_hideSpecial);
  toolbar->addWidget(new QLabel(tr(" Hide token:"), toolbar));
  toolbar->addWidget(m_hiddenToken);
  toolbar->addWidget(new QLabel(tr(" Pair:"), toolbar));
  toolbar->addWidget(m_pairFilter);
  toolbar->addSeparator();
  toolbar->addWidget(new QLabel(tr("Lines:"), toolbar));
  toolbar->addWidget(m_edgeFilter);
  toolbar->addWidget(new QLabel(tr(" p"), toolbar));
  toolbar->addWidget(m_topP);

  // Widgets → state.
  connect(m_wordLevel, &QCheckBox::toggled, m_state, &ViewState::setWordLevel);
  connect(m_hideSpecial, &QCheckBox::toggled, m_state, &ViewState::setHideSpecialTokens);
  connect(m_hiddenToken, &QComboBox::activated, this,
          [this](int index) { m_state->setHiddenToken(m_hiddenToken->itemData(index).toString()); });
  connect(m_pairFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
    const QPoint filter = m_pairFilter->itemData(index).toPoint();
    m_state->setPairFilter(filter.x(), filter.y());
  });
  connect(m_edgeFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_state->setEdgeFilter(static_cast<ViewState::EdgeFilter>(m_edgeFilter->itemData(index).toInt()));
  });
  connect(m_topP, &QDoubleSpinBox::valueChanged, m_state, &ViewState::setTopP);

  // State → widgets and views.
  connect(m_state, &ViewState::readingChanged, this, [this] {
    const QSignalBlocker words(m_wordLevel);
    const QSignalBlocker special(m_hideSpecial);
    m_wordLevel->setChecked(m_state->wordLevel());
    m_hideSpecial->setChecked(m_state->hideSpecialTokens());
    const QSignalBlocker pair(m_pairFilter);
    m_pairFilter->setCurrentIndex(m_pairFilter->findData(QPoint(m_state->pairQueryText(), m_state->pairKeyText())));
    showHiddenTokenChoices();
    refreshViews();
  });
  connect(m_state, &ViewState::edgeFilterChanged, this, &MainWindow::showEdgeFilter);
  // queued: after applyAnalysis has written the result's own status, which would clear the message
  connect(m_state, &ViewState::analysisChanged, this, &MainWindow::showHiddenTokenChoices, Qt::QueuedConnection);
  showEdgeFilter();
}

void MainWindow::showEdgeFilter() {
  const bool topP = m_state->edgeFilter() == ViewState::EdgeFilter::TopP;
  {
    const QSignalBlocker filter(m_edgeFilter);
    const QSignalBlocker p(m_topP);
    m_edgeFilter->setCurrentIndex(m_edgeFilter->findData(static_cast<int>(m_state->edgeFilter())));
    m_topP->setValue(m_state->topP());
  }
  m_topP->setEnabled(topP);
  m_threshold->setEnabled(!topP);
  m_wordGraph->setTopP(topP ? static_cast<float>(m_state->topP()) : 0.0f);
  // a long text's heads without their matrix have lines chosen within the top-p set on show
  if (m_viewSlices && !m_viewSlices->weights.lines.empty()) refreshViews();
}

void MainWindow::showHiddenTokenChoices() {
  // The tokens of the text on show, each once, in order; the chosen one stays listed even when a
  // new text lacks it, and the status bar says so.
  const QSignalBlocker blocker(m_hiddenToken);
  m_hiddenToken->clear();
  m_hiddenToken->addItem(tr("(none)"), QString());
  const std::shared_ptr<const Analysis> analysis = m_state->analysis();
  // the pair filter means something only for a sentence pair
  m_pairFilter->setEnabled(analysis && (!analysis->source.sequence_ids.empty() || !analysis->target.sequence_ids.empty()));
  std::vector<std::vector<std::string>> sequences;
  if (analysis) sequences = {analysis->source.tokens, analysis->target.tokens};
  std::set<std::string> listed;
  for (const std::vector<std::string> &tokens : sequences) {
    for (const std::string &token : tokens) {
      if (!listed.insert(token).second) continue;
      const QString text = QString::fromStdString(token);
      m_hiddenToken->addItem(TokenLabel::displayToken(text), text);
    }
  }
  const QString chosen = m_state->hiddenToken();
  if (chosen.isEmpty()) {
    m_hiddenToken->setCurrentIndex(0);
    return;
  }
  if (m_hiddenToken->findData(chosen) < 0) m_hiddenToken->addItem(chosen, chosen);
  m_hiddenToken->setCurrentIndex(m_hiddenToken->findData(chosen));
  if (!analysis || !analysis->error.isEmpty()) return;
  try {
    core::check_hide_tokens(m_state->reading(), sequences);
  } catch (const core::InputError &error) {
    statusBar()->showMessage(QString::fromStdString(error.what()));
  }
}

}  // namespace ui
