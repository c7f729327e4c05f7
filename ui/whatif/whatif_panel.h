#pragma once
// The What If tab (docs/methods.md, "Asking what if"): the pass on show (A) against B, one of
//   token edits      tokens masked, deleted or replaced (right-click a token in the word graph or
//                    heatmap, or call maskToken/deleteToken/replaceToken); Undo and Clear
//   another sentence typed here; tokens aligned by their longest common subsequence (a sentence
//                    pair on show: another pair, its text B typed beside it, aligned text by text)
//   another checkpoint of the same architecture (a folder), reading the same token ids
//   PE off           the same tokens without the positional encoding
// Every comparison runs on the JobRunner's WhatIf lane (latest-only) and is drawn by one
// DifferenceView. Both passes are read with the ViewState's method and reading (and top-p when
// the word graph draws top-p lines); changing either computes the comparison again. The token edits live in the ViewState (every view reads the edited ids); this
// tab makes them and checks them first: one the model cannot read (a replacement it does not know,
// the last token deleted) is refused with the core's message. Its token-edit comparison is A = the
// input as typed, B = the edited input the views show.

#include <QWidget>
#include <memory>
#include <optional>
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
class ViewState;

class WhatIfPanel : public QWidget {
  Q_OBJECT

 public:
  // state: where the token edits live (ViewState::tokenEdits).
  WhatIfPanel(JobRunner *runner, ViewState *state, QWidget *parent = nullptr);

  // The result on show (with the state's edits once computed) and its PE setting.
  void setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding);
  std::shared_ptr<const Analysis> analysis() const { return m_analysis; }

  WhatIfMode mode() const;
  void setMode(WhatIfMode mode);

  // Token edits of the token the views show at position (after any edits made already; mapped
  // back to its position as typed). Each returns the reason it was refused (then nothing changes),
  // or an empty string when the edit was made (in the ViewState).
  QString maskToken(TokenSource side, int position);
  QString deleteToken(TokenSource side, int position);
  QString replaceToken(TokenSource side, int position, const QString &replacement);
  // The same for several tokens shown at once (a word's pieces, read as words), made together or
  // not at all. Replacing them puts the replacement in the first one's place and deletes the rest.
  QString maskTokens(TokenSource side, const std::vector<int> &positions);
  QString deleteTokens(TokenSource side, const std::vector<int> &positions);
  QString replaceTokens(TokenSource side, const std::vector<int> &positions, const QString &replacement);
  // The edits replaceTokens makes (shown positions), for checking a replacement as it is typed.
  static std::vector<SideEdit> replacementEdits(TokenSource side, const std::vector<int> &positions,
                                                const QString &replacement);
  // The reason adding edit (its position as typed) would be refused; empty when it can be made.
  QString checkEdit(const SideEdit &edit) const;
  // The same for the token shown at position: edit's position is that shown position.
  QString checkShownEdit(const SideEdit &edit) const;
  // The same for several edits at shown positions, made together.
  QString checkShownEdits(const std::vector<SideEdit> &edits) const;
  const std::vector<SideEdit> &edits() const;
  // Replaces the edits with these (a session's), checked together first: returns the reason they
  // are refused (then the edits stay as they were), or an empty string.
  QString setEdits(const std::vector<SideEdit> &edits);
  void undoEdit();
  void clearEdits();

  // text: B's text (A); textB: B's text B, read only when the input on show is a sentence pair.
  void setSentence(const QString &text, const QString &textB = QString());
  void setCheckpoint(const QString &folder);
  QString checkpoint() const { return m_checkpoint; }

  // A comparison is computing, or its figure is being built (DifferenceView::isComputing).
  bool isBusy() const;
  DifferenceView *view() const { return m_view; }
  QLabel *editList() const { return m_editList; }
  QLabel *statusLabel() const { return m_status; }
  QPushButton *checkpointButton() const { return m_chooseCheckpoint; }  // Choose Checkpoint…: a folder dialog  // "Computing…", a refused edit, a comparison's error
  QLineEdit *sentenceField() const { return m_sentence; }
  QLineEdit *sentencePairField() const { return m_sentencePair; }  // shown for a sentence pair only

 signals:
  void editMade();  // a token edit was made (in the ViewState: every view recomputes)
  void modeChanged(WhatIfMode mode);
  void messageShown(const QString &message);

 private:
  QString addEdits(const std::vector<SideEdit> &shown);
  // the edits with their shown positions mapped to positions as typed, or the reason one cannot be
  std::optional<std::vector<SideEdit>> typedEdits(const std::vector<SideEdit> &shown, QString *problem) const;
  // the reason adding these edits (positions as typed) would be refused; empty when they can be made
  QString checkEdits(const std::vector<SideEdit> &edits) const;
  // edit with its shown position mapped to the position as typed, or the reason it cannot be
  std::optional<SideEdit> typedEdit(const SideEdit &shown, QString *problem) const;
  void showEdits();
  bool showsPair() const;  // the input on show is a sentence pair
  void showSentencePair();
  void requestComparison();
  void chooseCheckpoint();

  JobRunner *m_runner;
  ViewState *m_state;
  std::shared_ptr<const Analysis> m_analysis;
  bool m_positionalEncoding = true;
  QString m_checkpoint;
  std::shared_ptr<const core::Model> m_checkpointModel;  // m_checkpoint's, once loaded
  QComboBox *m_mode;
  QStackedWidget *m_modeControls;
  QLabel *m_editList;
  QPushButton *m_chooseCheckpoint;
  QPushButton *m_undo;
  QPushButton *m_clear;
  QLineEdit *m_sentence;
  QLabel *m_sentencePairLabel;
  QLineEdit *m_sentencePair;
  QTimer *m_sentenceTimer;
  QLabel *m_checkpointLabel;
  QLabel *m_status;
  DifferenceView *m_view;
};

}  // namespace ui
