#pragma once
// The text a model reads: a source field, an optional text B read with it as a sentence pair,
// and for encoder-decoder models a target field plus Generate. The source field takes several
// lines and any length (Enter starts a new line, Ctrl+Enter computes at once). Each field shows
// its tokens as the model sees them; a fine-tuned encoder's task head
// shows its prediction under them. Typing settles after a short
// pause (the debounce), so the views recompute once per pause, not once per key.

#include <QWidget>

#include "attention_slice.h"
#include "model/model_spec.h"
#include "task_prediction.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace ui {

class SourceEdit;
class TokenStrip;

class InputPanel : public QWidget {
  Q_OBJECT

 public:
  explicit InputPanel(QWidget *parent = nullptr);

  void setArchitecture(core::Architecture architecture, bool canGenerate);
  QString sourceText() const;
  QString targetText() const;
  QString pairText() const;  // text B of a sentence pair; empty: one text
  void setPairText(const QString &text);  // settles at once
  void setSourceText(const QString &text);  // settles at once
  void setTargetText(const QString &text);  // settles at once
  // Shows Generate's output in the target field without asking for another computation.
  void fillTarget(const QString &text);
  void showTokens(const TokenSequence &source, const TokenSequence &target, bool generated, int maxPositions);
  void clearTokens();
  // "Prediction: POSITIVE (0.87)", "Token labels: Paris → B-LOC · …", "Answer span: tokens 5–7 “…”";
  // tokens: the encoder input it was computed from. Hidden for an empty prediction.
  void showPrediction(const TaskPrediction &prediction, const TokenSequence &tokens);
  int debounceInterval() const;

  SourceEdit *sourceEdit() const { return m_source; }
  QLineEdit *targetEdit() const { return m_target; }
  QLineEdit *pairEdit() const { return m_pair; }
  QPushButton *generateButton() const { return m_generate; }
  TokenStrip *sourceTokens() const { return m_sourceTokens; }
  TokenStrip *targetTokens() const { return m_targetTokens; }
  QLabel *predictionLabel() const { return m_prediction; }

 signals:
  void inputSettled();
  void generateRequested();
  void textFileDropped(const QString &path);  // a file dropped on the source field, to read

 private:
  QLabel *m_sourceLabel;
  SourceEdit *m_source;
  QLabel *m_pairLabel;
  QLineEdit *m_pair;
  TokenStrip *m_sourceTokens;
  QLabel *m_targetLabel;
  QLineEdit *m_target;
  QPushButton *m_generate;
  QLabel *m_targetNote;
  TokenStrip *m_targetTokens;
  QLabel *m_prediction;
  QTimer *m_debounce;
};

}  // namespace ui
