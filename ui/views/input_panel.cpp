#include "input_panel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTimer>

#include "source_edit.h"
#include "token_strip.h"

namespace ui {

namespace {

constexpr int kDebounceMilliseconds = 150;

}  // namespace

InputPanel::InputPanel(QWidget *parent)
    : QWidget(parent),
      m_sourceLabel(new QLabel(tr("&Source:"), this)),
      m_source(new SourceEdit(this)),
      m_pairLabel(new QLabel(tr("Text &B:"), this)),
      m_pair(new QLineEdit(this)),
      m_sourceTokens(new TokenStrip(this)),
      m_targetLabel(new QLabel(tr("&Target:"), this)),
      m_target(new QLineEdit(this)),
      m_generate(new QPushButton(tr("&Generate"), this)),
      m_targetNote(new QLabel(this)),
      m_targetTokens(new TokenStrip(this)),
      m_prediction(new QLabel(this)),
      m_debounce(new QTimer(this)) {
  m_source->setObjectName(QStringLiteral("sourceEdit"));
  m_pair->setObjectName(QStringLiteral("pairEdit"));
  m_pairLabel->setBuddy(m_pair);
  m_pair->setClearButtonEnabled(true);
  m_pair->setPlaceholderText(tr("Optional: a second text, read with the first as a pair"));
  m_pair->setToolTip(tr("Text B of a sentence pair ([CLS] A [SEP] B [SEP] for BERT, <s> A </s></s> B </s> for "
                        "RoBERTa). Empty: one text."));
  m_target->setObjectName(QStringLiteral("targetEdit"));
  m_generate->setObjectName(QStringLiteral("generateButton"));
  m_sourceLabel->setBuddy(m_source);
  m_targetLabel->setBuddy(m_target);
  m_target->setClearButtonEnabled(true);
  m_source->setPlaceholderText(tr("Type a sentence, or open a text file (File ▸ Open Text…)…"));
  m_source->setToolTip(tr("The text the model reads. The views recompute as you type; Enter starts a new line, "
                          "Ctrl+Enter computes at once."));
  m_target->setPlaceholderText(tr("Empty: the model's own greedy output"));
  m_target->setToolTip(tr("What the decoder reads (teacher forcing). Leave it empty to see the model's own "
                          "greedy output, or press Generate to put that output here for editing."));
  m_generate->setToolTip(tr("Translate greedily, one token at a time, and put the output in the target field "
                            "(Ctrl+G)"));
  m_generate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
  m_targetNote->setForegroundRole(QPalette::PlaceholderText);
  m_prediction->setObjectName(QStringLiteral("predictionLabel"));
  m_prediction->setWordWrap(true);
  m_prediction->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_prediction->hide();
  m_debounce->setSingleShot(true);
  m_debounce->setInterval(kDebounceMilliseconds);

  auto *layout = new QGridLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_sourceLabel, 0, 0, Qt::AlignTop);
  layout->addWidget(m_source, 0, 1, 1, 2);
  layout->addWidget(m_pairLabel, 1, 0);
  layout->addWidget(m_pair, 1, 1, 1, 2);
  layout->addWidget(m_sourceTokens, 2, 1, 1, 2);
  layout->addWidget(m_targetLabel, 3, 0);
  layout->addWidget(m_target, 3, 1);
  layout->addWidget(m_generate, 3, 2);
  layout->addWidget(m_targetNote, 4, 1, 1, 2);
  layout->addWidget(m_targetTokens, 5, 1, 1, 2);
  layout->addWidget(m_prediction, 6, 1, 1, 2);
  layout->setColumnStretch(1, 1);

  connect(m_source, &QPlainTextEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
  connect(m_source, &SourceEdit::runRequested, this, [this] {
    m_debounce->stop();
    emit inputSettled();
  });
  connect(m_source, &SourceEdit::fileDropped, this, &InputPanel::textFileDropped);
  connect(m_target, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
  connect(m_pair, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
  connect(m_debounce, &QTimer::timeout, this, &InputPanel::inputSettled);
  connect(m_generate, &QPushButton::clicked, this, &InputPanel::generateRequested);
}

void InputPanel::setArchitecture(core::Architecture architecture, bool canGenerate) {
  const bool encoderDecoder = architecture == core::Architecture::EncoderDecoder;
  m_sourceLabel->setText(encoderDecoder ? tr("&Source:") : tr("&Text:"));
  for (QWidget *widget : {static_cast<QWidget *>(m_targetLabel), static_cast<QWidget *>(m_target),
                          static_cast<QWidget *>(m_generate), static_cast<QWidget *>(m_targetNote),
                          static_cast<QWidget *>(m_targetTokens)}) {
    widget->setVisible(encoderDecoder);
  }
  m_generate->setEnabled(canGenerate);
  m_target->setPlaceholderText(canGenerate ? tr("Empty: the model's own greedy output")
                                           : tr("Type the decoder's input…"));
}

QString InputPanel::sourceText() const { return m_source->text(); }

QString InputPanel::targetText() const { return m_target->text(); }

QString InputPanel::pairText() const { return m_pair->text(); }

void InputPanel::setPairText(const QString &text) {
  m_pair->setText(text);
  m_debounce->stop();
  emit inputSettled();
}

void InputPanel::setSourceText(const QString &text) {
  m_source->setText(text);
  m_debounce->stop();
  emit inputSettled();
}

void InputPanel::setTargetText(const QString &text) {
  m_target->setText(text);
  m_debounce->stop();
  emit inputSettled();
}

void InputPanel::fillTarget(const QString &text) {
  const QSignalBlocker blocker(m_target);
  m_target->setText(text);
}

void InputPanel::showTokens(const TokenSequence &source, const TokenSequence &target, bool generated, int maxPositions) {
  m_sourceTokens->setTokens(source, maxPositions);
  m_targetTokens->setTokens(target, maxPositions);
  m_targetNote->setText(generated ? tr("Decoder input: the start token and the model's greedy output")
                                  : tr("Decoder input as the model sees it"));
}

void InputPanel::clearTokens() {
  m_sourceTokens->clearTokens();
  m_targetTokens->clearTokens();
  m_targetNote->clear();
}

void InputPanel::showPrediction(const TaskPrediction &prediction, const TokenSequence &tokens) {
  const auto probability = [](float p) { return QString::number(p, 'f', 2); };
  const auto tokenText = [&](int index) {
    return index >= 0 && index < tokens.tokens.size() ? tokens.tokens[index].text : QString();
  };
  QString text;
  QStringList tip;
  switch (prediction.kind) {
    case core::ClassifierKind::Sequence: {
      if (prediction.predicted.empty()) break;
      const int label = prediction.predicted.front();
      const std::vector<float> &p = prediction.probabilities.front();
      text = tr("Prediction: %1 (%2)").arg(prediction.labels.value(label), probability(p[std::size_t(label)]));
      tip << tr("The sequence classifier's softmax probabilities:");
      for (int c = 0; c < prediction.labels.size(); ++c) {
        tip << QStringLiteral("%1  %2").arg(prediction.labels[c], probability(p[std::size_t(c)]));
      }
      break;
    }
    case core::ClassifierKind::Token: {
      QStringList pairs;
      tip << tr("Each token's most probable label (softmax probability):");
      const int last = std::min(prediction.lastToken, static_cast<int>(prediction.predicted.size()) - 1);
      for (int t = prediction.firstToken; t <= last; ++t) {
        const int label = prediction.predicted[std::size_t(t)];
        pairs << tr("%1 → %2").arg(tokenText(t), prediction.labels.value(label));
        tip << tr("%1 → %2 (%3)")
                   .arg(tokenText(t), prediction.labels.value(label),
                        probability(prediction.probabilities[std::size_t(t)][std::size_t(label)]));
      }
      if (!pairs.isEmpty()) text = tr("Token labels: %1").arg(pairs.join(QStringLiteral(" · ")));
      break;
    }
    case core::ClassifierKind::QuestionAnswering:
      if (prediction.spanStart < 0) break;
      text = prediction.spanStart == prediction.spanEnd
                 ? tr("Answer span: token %1 “%2”").arg(prediction.spanStart + 1).arg(prediction.spanText)
                 : tr("Answer span: tokens %1–%2 “%3”")
                       .arg(prediction.spanStart + 1)
                       .arg(prediction.spanEnd + 1)
                       .arg(prediction.spanText);
      tip << tr("The span with the highest start score + end score, at most %n token(s) long.", nullptr,
                kMaxAnswerTokens)
          << tr("Start “%1” (p = %2), end “%3” (p = %4)")
                 .arg(tokenText(prediction.spanStart), probability(prediction.startProbability),
                      tokenText(prediction.spanEnd), probability(prediction.endProbability));
      break;
    case core::ClassifierKind::None:
      break;
  }
  m_prediction->setText(text);
  m_prediction->setToolTip(tip.join('\n'));
  m_prediction->setVisible(!text.isEmpty());
}

int InputPanel::debounceInterval() const { return m_debounce->interval(); }

}  // namespace ui
