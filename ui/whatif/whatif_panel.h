#pragma once
// The What If tab (docs/methods.md, "Asking what if"): the pass on show (A) against B, one of
//   token edits      tokens masked, deleted or replaced (right-click a token in the word graph or
//                    heatmap, or call maskToken/deleteToken/replaceToken); Undo and Clear
//   another sentence typed here; tokens aligned by their longest common subsequence
//   another checkpoint of the same architecture (a folder), reading the same token ids
//   PE off           the same tokens without the positional encoding
// Every comparison runs on the JobRunner's WhatIf lane (latest-only) and is drawn by one
// DifferenceView. Edits are checked here before they are made: one the model cannot read (a
// replacement it does not know, the last token deleted) is refused with the core's message.

#include <QWidget>
#include <memory>
#include <vector>

#include "analysis.h"
#include "whatif_job.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace ui {

class DifferenceView;
class JobRunner;

class WhatIfPanel : public QWidget {
  Q_OBJECT

 public:
  explicit WhatIfPanel(JobRunner *runner, QWidget *parent = nullptr);

  // The result on show and its PE setting. New tokens (other text, another model) drop the edits:
  // their positions belonged to the old ones.
  void setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding);
  std::shared_ptr<const Analysis> analysis() const { return m_analysis; }

  WhatIfMode mode() const;
  void setMode(WhatIfMode mode);

  // Token edits at positions of the analysis's tokens (as the views show them). Each returns the
  // reason it was refused (then nothing changes), or an empty string when the edit was made.
  QString maskToken(TokenSource side, int position);
  QString deleteToken(TokenSource side, int position);
  QString replaceToken(TokenSource side, int position, const QString &replacement);
  // The reason adding edit would be refused; empty when it can be made.
  QString checkEdit(const SideEdit &edit) const;
  const std::vector<SideEdit> &edits() const { return m_edits; }
  void undoEdit();
  void clearEdits();

  void setSentence(const QString &text);
  void setCheckpoint(const QString &folder);
  QString checkpoint() const { return m_checkpoint; }

  bool isBusy() const;
  DifferenceView *view() const { return m_view; }
  QLabel *editList() const { return m_editList; }
  QLineEdit *sentenceField() const { return m_sentence; }

 signals:
  void editMade();  // a token edit was made (the window brings this tab forward)
  void messageShown(const QString &message);

 private:
  QString addEdit(const SideEdit &edit);
  void showEdits();
  void requestComparison();
  void chooseCheckpoint();

  JobRunner *m_runner;
  std::shared_ptr<const Analysis> m_analysis;
  bool m_positionalEncoding = true;
  std::vector<SideEdit> m_edits;
  QString m_checkpoint;
  std::shared_ptr<const core::Model> m_checkpointModel;  // m_checkpoint's, once loaded
  QComboBox *m_mode;
  QStackedWidget *m_modeControls;
  QLabel *m_editList;
  QPushButton *m_undo;
  QPushButton *m_clear;
  QLineEdit *m_sentence;
  QTimer *m_sentenceTimer;
  QLabel *m_checkpointLabel;
  QLabel *m_status;
  DifferenceView *m_view;
};

}  // namespace ui
