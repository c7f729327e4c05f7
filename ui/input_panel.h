#pragma once
// The text a model reads: a source field, and for encoder-decoder models a target field plus
// Generate. Each field shows its tokens as the model sees them. Typing settles after a short
// pause (the debounce), so the views recompute once per pause, not once per key.

#include <QWidget>

#include "attention_slice.h"
#include "model/model_spec.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace ui {

class TokenStrip;

class InputPanel : public QWidget {
  Q_OBJECT

 public:
  explicit InputPanel(QWidget *parent = nullptr);

  void setArchitecture(core::Architecture architecture, bool canGenerate);
  QString sourceText() const;
  QString targetText() const;
  void setSourceText(const QString &text);  // settles at once
  void setTargetText(const QString &text);  // settles at once
  // Shows Generate's output in the target field without asking for another computation.
  void fillTarget(const QString &text);
  void showTokens(const TokenSequence &source, const TokenSequence &target, bool generated, int maxPositions);
  void clearTokens();
  int debounceInterval() const;

  QLineEdit *sourceEdit() const { return m_source; }
  QLineEdit *targetEdit() const { return m_target; }
  QPushButton *generateButton() const { return m_generate; }
  TokenStrip *sourceTokens() const { return m_sourceTokens; }
  TokenStrip *targetTokens() const { return m_targetTokens; }

 signals:
  void inputSettled();
  void generateRequested();

 private:
  QLabel *m_sourceLabel;
  QLineEdit *m_source;
  TokenStrip *m_sourceTokens;
  QLabel *m_targetLabel;
  QLineEdit *m_target;
  QPushButton *m_generate;
  QLabel *m_targetNote;
  TokenStrip *m_targetTokens;
  QTimer *m_debounce;
};

}  // namespace ui
