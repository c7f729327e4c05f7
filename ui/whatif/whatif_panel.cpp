#include "whatif_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "difference_view.h"
#include "job_runner.h"

namespace ui {

namespace {

QString sideName(const Analysis &analysis, TokenSource side) {
  if (!analysis.model->spec().has_encoder() || !analysis.model->spec().has_decoder()) return {};
  return side == TokenSource::Source ? QObject::tr("source ") : QObject::tr("target ");
}

}  // namespace

WhatIfPanel::WhatIfPanel(JobRunner *runner, QWidget *parent) : QWidget(parent), m_runner(runner) {
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
  auto *sentenceLayout = new QHBoxLayout(sentenceRow);
  sentenceLayout->setContentsMargins(0, 0, 0, 0);
  sentenceLayout->addWidget(new QLabel(tr("B:"), sentenceRow));
  sentenceLayout->addWidget(m_sentence, 1);
  auto *checkpointRow = new QWidget(m_modeControls);
  m_checkpointLabel = new QLabel(tr("No checkpoint chosen"), checkpointRow);
  auto *choose = new QPushButton(tr("Choose Checkpoint…"), checkpointRow);
  choose->setToolTip(
      tr("A model folder of the same architecture: a fine-tuned model, or another step of a training run"));
  auto *checkpointLayout = new QHBoxLayout(checkpointRow);
  checkpointLayout->setContentsMargins(0, 0, 0, 0);
  checkpointLayout->addWidget(m_checkpointLabel, 1);
  checkpointLayout->addWidget(choose);
  auto *peRow =
      new QLabel(tr("B is the pass with the positional encoding, A the same tokens without it."), m_modeControls);
  m_modeControls->addWidget(editsRow);
  m_modeControls->addWidget(sentenceRow);
  m_modeControls->addWidget(checkpointRow);
  m_modeControls->addWidget(peRow);

  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("whatIfStatus"));
  m_view = new DifferenceView(this);
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
  });
  connect(m_undo, &QPushButton::clicked, this, &WhatIfPanel::undoEdit);
  connect(m_clear, &QPushButton::clicked, this, &WhatIfPanel::clearEdits);
  connect(m_sentence, &QLineEdit::textChanged, m_sentenceTimer, qOverload<>(&QTimer::start));
  connect(m_sentenceTimer, &QTimer::timeout, this, &WhatIfPanel::requestComparison);
  connect(choose, &QPushButton::clicked, this, &WhatIfPanel::chooseCheckpoint);
  showEdits();
}

void WhatIfPanel::setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding) {
  const bool sameTokens = analysis && m_analysis && analysis->model == m_analysis->model &&
                          analysis->source.ids == m_analysis->source.ids &&
                          analysis->target.ids == m_analysis->target.ids;
  if (!sameTokens && !m_edits.empty()) {
    m_edits.clear();
    emit messageShown(tr("The tokens changed: the token edits were cleared."));
  }
  if (analysis && m_analysis && analysis->model != m_analysis->model) m_checkpointModel.reset();
  m_analysis = std::move(analysis);
  m_positionalEncoding = positionalEncoding;
  showEdits();
  requestComparison();
}

WhatIfMode WhatIfPanel::mode() const {
  return static_cast<WhatIfMode>(m_mode->currentData().toInt());
}

void WhatIfPanel::setMode(WhatIfMode mode) {
  m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(mode)));
}

QString WhatIfPanel::checkEdit(const SideEdit &edit) const {
  if (!m_analysis || !m_analysis->model || !m_analysis->error.isEmpty())
    return tr("There is no computed input to edit.");
  std::vector<SideEdit> edits = m_edits;
  edits.push_back(edit);
  try {
    applyEdits(*m_analysis, edit.side, edits);
  } catch (const std::exception &error) {
    return QString::fromStdString(error.what());
  }
  return {};
}

QString WhatIfPanel::addEdit(const SideEdit &edit) {
  const QString problem = checkEdit(edit);
  if (!problem.isEmpty()) {
    m_status->setText(problem);
    emit messageShown(problem);
    return problem;
  }
  m_edits.push_back(edit);
  if (mode() != WhatIfMode::TokenEdits) {
    setMode(WhatIfMode::TokenEdits);  // requests the comparison
  } else {
    requestComparison();
  }
  showEdits();
  emit editMade();
  return {};
}

QString WhatIfPanel::maskToken(TokenSource side, int position) {
  return addEdit({side, {core::TokenEditKind::Mask, static_cast<std::size_t>(std::max(position, 0)), {}}});
}

QString WhatIfPanel::deleteToken(TokenSource side, int position) {
  return addEdit({side, {core::TokenEditKind::Delete, static_cast<std::size_t>(std::max(position, 0)), {}}});
}

QString WhatIfPanel::replaceToken(TokenSource side, int position, const QString &replacement) {
  return addEdit(
      {side,
       {core::TokenEditKind::Replace, static_cast<std::size_t>(std::max(position, 0)), replacement.toStdString()}});
}

void WhatIfPanel::undoEdit() {
  if (m_edits.empty()) return;
  m_edits.pop_back();
  showEdits();
  requestComparison();
}

void WhatIfPanel::clearEdits() {
  m_edits.clear();
  showEdits();
  requestComparison();
}

void WhatIfPanel::showEdits() {
  m_undo->setEnabled(!m_edits.empty());
  m_clear->setEnabled(!m_edits.empty());
  if (m_edits.empty() || !m_analysis) {
    m_editList->setText(
        tr("No edits. Right-click a token in the word graph or heatmap to mask, delete or replace it."));
    return;
  }
  QStringList items;
  for (const SideEdit &edit : m_edits) {
    const core::Tokenization &tokens = sideTokens(*m_analysis, edit.side);
    const QString token = edit.edit.position < tokens.size()
                              ? TokenLabel::displayToken(QString::fromStdString(tokens.tokens[edit.edit.position]))
                              : QString();
    const QString where =
        tr("%1token %2 “%3”").arg(sideName(*m_analysis, edit.side)).arg(edit.edit.position).arg(token);
    switch (edit.edit.kind) {
      case core::TokenEditKind::Mask: items << tr("mask %1").arg(where); break;
      case core::TokenEditKind::Delete: items << tr("delete %1").arg(where); break;
      case core::TokenEditKind::Replace:
        items << tr("replace %1 with “%2”").arg(where, QString::fromStdString(edit.edit.replacement));
        break;
    }
  }
  m_editList->setText(items.join(QStringLiteral(" · ")));
}

void WhatIfPanel::setSentence(const QString &text) {
  m_sentence->setText(text);
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
  return m_runner->isBusy(JobLane::WhatIf);
}

void WhatIfPanel::requestComparison() {
  if (!m_analysis) {
    m_runner->supersede(JobLane::WhatIf);
    m_view->showMessage(tr("Open a model and type a text to compare."));
    return;
  }
  if (mode() == WhatIfMode::TokenEdits && m_edits.empty()) {
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
  request.edits = m_edits;
  request.sentence = m_sentence->text().toStdString();
  request.checkpoint = m_checkpoint;
  request.checkpointModel = m_checkpointModel;
  m_status->setText(tr("Computing…"));
  m_runner->submit(
      JobLane::WhatIf, this,
      [request](const JobContext &) { return std::make_shared<const WhatIfResult>(runWhatIf(request)); },
      [this](const std::shared_ptr<const WhatIfResult> &result) {
        if (result->checkpointModel && result->checkpoint == m_checkpoint) m_checkpointModel = result->checkpointModel;
        m_status->setText(result->error);
        m_view->showResult(result);
      });
}

}  // namespace ui
