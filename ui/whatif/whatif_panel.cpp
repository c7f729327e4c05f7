#include "whatif_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStringList>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "difference_view.h"
#include "job_runner.h"
#include "view_state.h"

namespace ui {

WhatIfPanel::WhatIfPanel(JobRunner *runner, ViewState *state, QWidget *parent)
    : QWidget(parent), m_runner(runner), m_state(state) {
  qRegisterMetaType<std::shared_ptr<const ui::WhatIfResult>>();
  m_mode = new QComboBox(this);
  m_mode->setObjectName(QStringLiteral("whatIfMode"));
  m_mode->addItem(tr("Token edits"), static_cast<int>(WhatIfMode::TokenEdits));
  m_mode->addItem(tr("Another sentence"), static_cast<int>(WhatIfMode::Sentence));
  m_mode->addItem(tr("Another checkpoint"), static_cast<int>(WhatIfMode::Checkpoint));
  m_mode->addItem(tr("Positional encoding off"), static_cast<int>(WhatIfMode::PositionalEncoding));
  m_mode->setToolTip(tr("What B is: A is the input and model on show"));

  // one row of controls per mode
  m_modeControls = new QStackedWidget(this);
  auto *editsRow = new QWidget(m_modeControls);
  m_editList = new QLabel(editsRow);
  m_editList->setObjectName(QStringLiteral("whatIfEdits"));
  m_editList->setWordWrap(true);
  m_undo = new QPushButton(tr("Undo Edit"), editsRow);
  m_clear = new QPushButton(tr("Clear Edits"), editsRow);
  auto *editsLayout = new QHBoxLayout(editsRow);
  editsLayout->setContentsMargins(0, 0, 0, 0);
  editsLayout->addWidget(m_editList, 1);
  editsLayout->addWidget(m_undo);
  editsLayout->addWidget(m_clear);
  auto *sentenceRow = new QWidget(m_modeControls);
  m_sentence = new QLineEdit(sentenceRow);
  m_sentence->setObjectName(QStringLiteral("whatIfSentence"));
  m_sentence->setPlaceholderText(tr("A second sentence: its tokens are matched with these where they agree (LCS)"));
  // a sentence pair on show is compared with another pair: B's text B (shown only then)
  m_sentencePair = new QLineEdit(sentenceRow);
  m_sentencePair->setObjectName(QStringLiteral("whatIfSentencePair"));
  m_sentencePair->setPlaceholderText(tr("The second pair's text B: matched with text B (LCS)"));
  m_sentencePairLabel = new QLabel(tr("Text B:"), sentenceRow);
  auto *sentenceLayout = new QHBoxLayout(sentenceRow);
  sentenceLayout->setContentsMargins(0, 0, 0, 0);
  sentenceLayout->addWidget(new QLabel(tr("B:"), sentenceRow));
  sentenceLayout->addWidget(m_sentence, 1);
  sentenceLayout->addWidget(m_sentencePairLabel);
  sentenceLayout->addWidget(m_sentencePair, 1);
  auto *checkpointRow = new QWidget(m_modeControls);
  m_checkpointLabel = new QLabel(tr("No checkpoint chosen"), checkpointRow);
  // wrapped, like every label of the mode rows: unwrapped, the longest set the window's minimum
  // width (1,044 px in presentation mode, wider than an 800 × 600 projector)
  m_checkpointLabel->setWordWrap(true);
  m_chooseCheckpoint = new QPushButton(tr("Choose Checkpoint…"), checkpointRow);
  m_chooseCheckpoint->setObjectName(QStringLiteral("chooseCheckpoint"));
  m_chooseCheckpoint->setToolTip(
      tr("A model folder of the same architecture: a fine-tuned model, or another step of a training run"));
  auto *checkpointLayout = new QHBoxLayout(checkpointRow);
  checkpointLayout->setContentsMargins(0, 0, 0, 0);
  checkpointLayout->addWidget(m_checkpointLabel, 1);
  checkpointLayout->addWidget(m_chooseCheckpoint);
  auto *peRow =
      new QLabel(tr("B is the pass with the positional encoding, A the same tokens without it."), m_modeControls);
  peRow->setWordWrap(true);
  m_modeControls->addWidget(editsRow);
  m_modeControls->addWidget(sentenceRow);
  m_modeControls->addWidget(checkpointRow);
  m_modeControls->addWidget(peRow);

  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("whatIfStatus"));
  m_status->setWordWrap(true);  // a comparison's error may be long
  m_view = new DifferenceView(m_runner, this);  // its figure is built on the Difference lane
  m_view->setObjectName(QStringLiteral("differenceView"));
  m_sentenceTimer = new QTimer(this);
  m_sentenceTimer->setSingleShot(true);
  m_sentenceTimer->setInterval(150);

  auto *top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Compare with:"), this));
  top->addWidget(m_mode);
  top->addWidget(m_modeControls, 1);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_status);
  layout->addWidget(m_view, 1);

  connect(m_mode, &QComboBox::currentIndexChanged, this, [this](int index) {
    m_modeControls->setCurrentIndex(index);
    requestComparison();
    emit modeChanged(mode());
  });
  connect(m_undo, &QPushButton::clicked, this, &WhatIfPanel::undoEdit);
  connect(m_clear, &QPushButton::clicked, this, &WhatIfPanel::clearEdits);
  connect(m_sentence, &QLineEdit::textChanged, m_sentenceTimer, qOverload<>(&QTimer::start));
  connect(m_sentencePair, &QLineEdit::textChanged, m_sentenceTimer, qOverload<>(&QTimer::start));
  connect(m_sentenceTimer, &QTimer::timeout, this, &WhatIfPanel::requestComparison);
  connect(m_chooseCheckpoint, &QPushButton::clicked, this, &WhatIfPanel::chooseCheckpoint);
  connect(m_state, &ViewState::tokenEditsChanged, this, &WhatIfPanel::showEdits);
  // Both passes are read as the other views read one: the method, the reading, the lines' top-p.
  connect(m_state, &ViewState::methodChanged, this, &WhatIfPanel::requestComparison);
  connect(m_state, &ViewState::readingChanged, this, &WhatIfPanel::requestComparison);
  connect(m_state, &ViewState::edgeFilterChanged, this, &WhatIfPanel::requestComparison);
  showEdits();
  showSentencePair();
}

void WhatIfPanel::setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding) {
  if (analysis && m_analysis && analysis->model != m_analysis->model) m_checkpointModel.reset();
  m_analysis = std::move(analysis);
  m_positionalEncoding = positionalEncoding;
  showEdits();
  showSentencePair();
  requestComparison();
}

bool WhatIfPanel::showsPair() const { return m_analysis && !m_analysis->sourcePairText.empty(); }

void WhatIfPanel::showSentencePair() {
  m_sentencePairLabel->setVisible(showsPair());
  m_sentencePair->setVisible(showsPair());
}

const std::vector<SideEdit> &WhatIfPanel::edits() const {
  return m_state->tokenEdits();
}

WhatIfMode WhatIfPanel::mode() const {
  return static_cast<WhatIfMode>(m_mode->currentData().toInt());
}

void WhatIfPanel::setMode(WhatIfMode mode) {
  m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

QString WhatIfPanel::checkEdit(const SideEdit &edit) const {
  return checkEdits({edit});
}

QString WhatIfPanel::checkEdits(const std::vector<SideEdit> &added) const {
  if (!m_analysis || !m_analysis->model || !m_analysis->error.isEmpty())
    return tr("There is no computed input to edit.");
  std::vector<SideEdit> edits = m_state->tokenEdits();
  edits.insert(edits.end(), added.begin(), added.end());
  try {
    for (const TokenSource side : {TokenSource::Source, TokenSource::Target}) {
      const bool touched = std::any_of(added.begin(), added.end(), [side](const SideEdit &e) { return e.side == side; });
      if (touched) applyEdits(*m_analysis, side, edits);
    }
  } catch (const std::exception &error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

std::optional<SideEdit> WhatIfPanel::typedEdit(const SideEdit &shown, QString *problem) const {
  if (!m_analysis || !m_analysis->model || !m_analysis->error.isEmpty()) {
    *problem = tr("There is no computed input to edit.");
    return std::nullopt;
  }
  // The views' positions are in the tokens of the analysis on show (with its edits, which may be a
  // step behind the state's while the next pass computes): its origin says what was clicked.
  const int shownPosition = static_cast<int>(std::min<std::size_t>(shown.edit.position, 1u << 30));
  const core::Tokenization &tokens = shown.side == TokenSource::Source ? m_analysis->source : m_analysis->target;
  if (shownPosition >= static_cast<int>(tokens.size())) {
    *problem = tr("There is no token %1: the input has %2 tokens (positions 0 to %3).")
                   .arg(shownPosition)
                   .arg(tokens.size())
                   .arg(std::max(static_cast<int>(tokens.size()) - 1, 0));
    return std::nullopt;
  }
  const int typed = typedPosition(*m_analysis, shown.side, shownPosition);
  if (typed < 0) {
    const QString token = shownPosition < static_cast<int>(tokens.size())
                              ? TokenLabel::displayToken(QString::fromStdString(tokens.tokens[shown.edit.position]))
                              : QString();
    *problem = tr("Token %1 “%2” is a piece an earlier replacement added, not a token as typed: undo that edit "
                  "to change it.")
                   .arg(shownPosition)
                   .arg(token);
    return std::nullopt;
  }
  SideEdit edit = shown;
  edit.edit.position = static_cast<std::size_t>(typed);
  return edit;
}

QString WhatIfPanel::checkShownEdit(const SideEdit &shown) const {
  return checkShownEdits({shown});
}

std::optional<std::vector<SideEdit>> WhatIfPanel::typedEdits(const std::vector<SideEdit> &shown,
                                                             QString *problem) const {
  std::vector<SideEdit> typed;
  for (const SideEdit &edit : shown) {
    const std::optional<SideEdit> one = typedEdit(edit, problem);
    if (!one) return std::nullopt;
    typed.push_back(*one);
  }
  return typed;
}

QString WhatIfPanel::checkShownEdits(const std::vector<SideEdit> &shown) const {
  QString problem;
  const std::optional<std::vector<SideEdit>> edits = typedEdits(shown, &problem);
  return edits ? checkEdits(*edits) : problem;
}

QString WhatIfPanel::setEdits(const std::vector<SideEdit> &edits) {
  if (edits.empty()) {
    m_state->clearTokenEdits();
    return {};
  }
  if (!m_analysis || !m_analysis->model || !m_analysis->error.isEmpty()) return tr("There is no computed input to edit.");
  try {
    for (const TokenSource side : {TokenSource::Source, TokenSource::Target}) applyEdits(*m_analysis, side, edits);
  } catch (const std::exception &error) {
    return QString::fromStdString(error.what());
  }
  // (the tab's comparison stays as it is: a session restores its PE Difference toggle too)
  m_state->setTokenEdits(edits);
  return {};
}

QString WhatIfPanel::addEdits(const std::vector<SideEdit> &shown) {
  QString problem;
  const std::optional<std::vector<SideEdit>> added = typedEdits(shown, &problem);
  if (added) problem = shown.empty() ? tr("There is no token to edit.") : checkEdits(*added);
  if (!problem.isEmpty()) {
    m_status->setText(problem);
    emit messageShown(problem);
    return problem;
  }
  std::vector<SideEdit> edits = m_state->tokenEdits();
  edits.insert(edits.end(), added->begin(), added->end());
  for (std::size_t i = 0; i < added->size(); ++i) {
    const SideEdit &edit = (*added)[i];
    if (edit.edit.kind != core::TokenEditKind::Replace) continue;
    // A replacement of several pieces is made, and said: the positions after it move.
    const core::Tokenization pieces =
        sideTokenizer(*m_analysis->model, edit.side).encode(edit.edit.replacement, false);
    if (pieces.size() > 1) {
      QStringList shownPieces;
      for (const std::string &piece : pieces.tokens) shownPieces << TokenLabel::displayToken(QString::fromStdString(piece));
      emit messageShown(tr("“%1” is %2 tokens (%3): token %4 became %2 tokens, and the tokens after it moved %5 "
                           "to the right.")
                            .arg(QString::fromStdString(edit.edit.replacement))
                            .arg(pieces.size())
                            .arg(shownPieces.join(QStringLiteral(" · ")))
                            .arg(shown[i].edit.position)
                            .arg(pieces.size() - 1));
    }
  }
  setMode(WhatIfMode::TokenEdits);
  m_state->setTokenEdits(edits);
  emit editMade();
  return {};
}

namespace {

std::vector<SideEdit> sameEdit(TokenSource side, const std::vector<int> &positions, core::TokenEditKind kind) {
  std::vector<SideEdit> edits;
  for (const int position : positions) {
    edits.push_back({side, {kind, static_cast<std::size_t>(std::max(position, 0)), {}}});
  }
  return edits;
}

}  // namespace

QString WhatIfPanel::maskToken(TokenSource side, int position) {
  return maskTokens(side, {position});
}

QString WhatIfPanel::deleteToken(TokenSource side, int position) {
  return deleteTokens(side, {position});
}

QString WhatIfPanel::replaceToken(TokenSource side, int position, const QString &replacement) {
  return replaceTokens(side, {position}, replacement);
}

QString WhatIfPanel::maskTokens(TokenSource side, const std::vector<int> &positions) {
  return addEdits(sameEdit(side, positions, core::TokenEditKind::Mask));
}

QString WhatIfPanel::deleteTokens(TokenSource side, const std::vector<int> &positions) {
  return addEdits(sameEdit(side, positions, core::TokenEditKind::Delete));
}

std::vector<SideEdit> WhatIfPanel::replacementEdits(TokenSource side, const std::vector<int> &positions,
                                                    const QString &replacement) {
  // the first token takes the replacement, the others go: a word replaced as a whole
  std::vector<SideEdit> edits = sameEdit(side, positions, core::TokenEditKind::Delete);
  if (!edits.empty()) {
    edits.front().edit.kind = core::TokenEditKind::Replace;
    edits.front().edit.replacement = replacement.toStdString();
  }
  return edits;
}

QString WhatIfPanel::replaceTokens(TokenSource side, const std::vector<int> &positions, const QString &replacement) {
  return addEdits(replacementEdits(side, positions, replacement));
}

void WhatIfPanel::undoEdit() {
  std::vector<SideEdit> edits = m_state->tokenEdits();
  if (edits.empty()) return;
  edits.pop_back();
  m_state->setTokenEdits(edits);
}

void WhatIfPanel::clearEdits() {
  m_state->clearTokenEdits();
}

void WhatIfPanel::showEdits() {
  const std::vector<SideEdit> &edits = m_state->tokenEdits();
  m_undo->setEnabled(!edits.empty());
  m_clear->setEnabled(!edits.empty());
  if (edits.empty() || !m_analysis) {
    m_editList->setText(
        tr("No edits. Right-click a token in the word graph or heatmap to mask, delete or replace it."));
    return;
  }
  m_editList->setText(describeEdits(*m_analysis, edits));
}

void WhatIfPanel::setSentence(const QString &text, const QString &textB) {
  m_sentence->setText(text);
  m_sentencePair->setText(textB);
  m_sentenceTimer->stop();
  if (mode() != WhatIfMode::Sentence)
    setMode(WhatIfMode::Sentence);
  else
    requestComparison();
}

void WhatIfPanel::setCheckpoint(const QString &folder) {
  if (folder != m_checkpoint) m_checkpointModel.reset();
  m_checkpoint = folder;
  m_checkpointLabel->setText(folder.isEmpty() ? tr("No checkpoint chosen") : folder);
  if (mode() != WhatIfMode::Checkpoint)
    setMode(WhatIfMode::Checkpoint);
  else
    requestComparison();
}

void WhatIfPanel::chooseCheckpoint() {
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Choose a Checkpoint of the Same Architecture"), m_checkpoint);
  if (!folder.isEmpty()) setCheckpoint(folder);
}

bool WhatIfPanel::isBusy() const {
  return m_runner->isBusy(JobLane::WhatIf) || m_view->isComputing();
}

void WhatIfPanel::requestComparison() {
  if (!m_analysis) {
    m_runner->supersede(JobLane::WhatIf);
    m_status->clear();  // no "Computing…" of a comparison just dropped (another model is loading)
    m_view->showMessage(tr("Open a model and type a text to compare."));
    return;
  }
  if (mode() == WhatIfMode::TokenEdits && m_analysis->edits.empty()) {
    m_runner->supersede(JobLane::WhatIf);
    m_status->clear();
    m_view->showMessage(
        tr("Right-click a token in the word graph or heatmap to mask, delete or replace it; the "
           "difference from the input as typed appears here."));
    return;
  }
  WhatIfRequest request;
  request.analysis = m_analysis;
  request.positionalEncoding = m_positionalEncoding;
  request.mode = mode();
  request.sentence = m_sentence->text().toStdString();
  // B's text B belongs to a pair on show only (the field is hidden for one text)
  if (showsPair()) request.sentencePair = m_sentencePair->text().toStdString();
  request.checkpoint = m_checkpoint;
  request.checkpointModel = m_checkpointModel;
  request.method = m_state->method();
  request.reading = m_state->reading();
  request.topP = m_state->edgeFilter() == ViewState::EdgeFilter::TopP ? m_state->topP() : 0.0;
  m_status->setText(tr("Computing…"));
  m_runner->submit(
      JobLane::WhatIf, this,
      [request](const JobContext &context) {
        // a newer request stops a slow method (value zeroing, flow) between rows
        const auto progress = [&context](double) { return !context.stopped(); };
        return std::make_shared<const WhatIfResult>(runWhatIf(request, progress));
      },
      [this](const std::shared_ptr<const WhatIfResult> &result) {
        if (result->checkpointModel && result->checkpoint == m_checkpoint) m_checkpointModel = result->checkpointModel;
        m_status->setText(result->error);
        m_view->showResult(result);
      });
}

}  // namespace ui
