#pragma once
// What the window shows, in one place: the model, the text, the layer and heads, the positional
// encoding, the generation step, the view options and the result being drawn. Widgets write
// their changes here and draw from here; each property's signal tells them when to redraw. The
// object only stores and checks: it computes nothing (the JobRunner does) and knows no widget.

#include <memory>
#include <vector>

#include <QObject>
#include <QString>
#include <QVector>

#include "analysis.h"
#include "analysis/reading/token_reading.h"
#include "attention_methods.h"
#include "layer_steps.h"
#include "preferences.h"

namespace ui {

class ViewState : public QObject {
  Q_OBJECT
  Q_PROPERTY(QString modelFolder READ modelFolder NOTIFY modelChanged)
  Q_PROPERTY(QString sourceText READ sourceText WRITE setSourceText NOTIFY sourceTextChanged)
  Q_PROPERTY(QString targetText READ targetText WRITE setTargetText NOTIFY targetTextChanged)
  Q_PROPERTY(int layerIndex READ layerIndex WRITE setLayerIndex NOTIFY layerChanged)
  Q_PROPERTY(int focusedHead READ focusedHead WRITE setFocusedHead NOTIFY focusedHeadChanged)
  Q_PROPERTY(QVector<bool> visibleHeads READ visibleHeads WRITE setVisibleHeads NOTIFY visibleHeadsChanged)
  Q_PROPERTY(bool positionalEncoding READ positionalEncoding WRITE setPositionalEncoding NOTIFY positionalEncodingChanged)
  Q_PROPERTY(bool peDifference READ peDifference WRITE setPeDifference NOTIFY peDifferenceChanged)
  Q_PROPERTY(int generationStep READ generationStep WRITE setGenerationStep NOTIFY generationStepChanged)
  Q_PROPERTY(double threshold READ threshold WRITE setThreshold NOTIFY thresholdChanged)
  Q_PROPERTY(int focusToken READ focusToken WRITE setFocusToken NOTIFY focusTokenChanged)
  Q_PROPERTY(bool wordLevel READ wordLevel WRITE setWordLevel NOTIFY readingChanged)
  Q_PROPERTY(bool hideSpecialTokens READ hideSpecialTokens WRITE setHideSpecialTokens NOTIFY readingChanged)
  Q_PROPERTY(QString hiddenToken READ hiddenToken WRITE setHiddenToken NOTIFY readingChanged)
  Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY edgeFilterChanged)
  Q_PROPERTY(QString currentTab READ currentTab WRITE setCurrentTab NOTIFY currentTabChanged)
  Q_PROPERTY(QString methodName READ methodName WRITE setMethodName NOTIFY methodChanged)

 public:
  explicit ViewState(QObject *parent = nullptr);

  // The model on show. Setting one resets the layer to the first step, head 1 focused and shown
  // alone, drops the result and the generation steps; modelChanged follows.
  std::shared_ptr<const core::Model> model() const { return m_model; }
  QString modelFolder() const { return m_modelFolder; }
  void setModel(std::shared_ptr<const core::Model> model, const QString &folder);
  // A model of the same shape (a training snapshot, the next checkpoint): keeps the layer, the
  // heads, the generation step and the result on screen until the new model's arrives.
  void swapModel(std::shared_ptr<const core::Model> model, const QString &folder);
  bool isEncoderDecoder() const;

  QString sourceText() const { return m_sourceText; }
  void setSourceText(const QString &text);
  QString targetText() const { return m_targetText; }
  void setTargetText(const QString &text);
  // Text B of a sentence pair, read with sourceText (docs/reading.md); empty: one text.
  QString pairText() const { return m_pairText; }
  void setPairText(const QString &text);

  // The token edits every view shows (token_edits.h): masked, deleted or replaced tokens, at
  // positions in the tokens as typed. Edits made from any view land here; the analysis reads the
  // edited ids. New source text (or text B, or another model) drops them all, new target text the
  // target's: their positions belonged to the old tokens. Checking an edit against the tokens is
  // the caller's (WhatIfPanel::checkEdit); the state only stores them.
  const std::vector<SideEdit> &tokenEdits() const { return m_tokenEdits; }
  void setTokenEdits(const std::vector<SideEdit> &edits);
  void clearTokenEdits() { setTokenEdits({}); }

  // The layer steps of the model (layerSteps()) and which one is shown.
  const std::vector<LayerStep> &steps() const { return m_steps; }
  int layerIndex() const { return m_layerIndex; }
  void setLayerIndex(int index);  // ignored when out of range
  LayerStep layerStep() const;    // the first step when there is no model
  bool setLayerStep(const LayerStep &step);  // false when the model has no such step

  int headCount() const { return static_cast<int>(m_visibleHeads.size()); }
  int focusedHead() const { return m_focusedHead; }
  void setFocusedHead(int head);  // ignored when out of range; a head shown alone moves with it
  const QVector<bool> &visibleHeads() const { return m_visibleHeads; }
  void setVisibleHeads(const QVector<bool> &visible);  // ignored unless one flag per head

  bool positionalEncoding() const { return m_positionalEncoding; }
  void setPositionalEncoding(bool on);
  // The PE Difference toggle: the What If tab compares the pass without positional encoding (A)
  // with the pass with it (B) in its DifferenceView, as it compares edits, sentences, checkpoints.
  bool peDifference() const { return m_peDifference; }
  void setPeDifference(bool on);
  double threshold() const { return m_threshold; }
  void setThreshold(double threshold);  // clamped to [0, 1]
  int focusToken() const { return m_focusToken; }
  void setFocusToken(int token);  // −1: none

  // How the views read the tokens (docs/reading.md), for every attention view at once: sub-word
  // pieces merged into words, special tokens hidden, one chosen token hidden (rows rescaled).
  bool wordLevel() const { return m_reading.words; }
  void setWordLevel(bool on);
  bool hideSpecialTokens() const { return m_reading.hide_special; }
  void setHideSpecialTokens(bool on);
  QString hiddenToken() const;  // empty: none
  void setHiddenToken(const QString &token);
  // A sentence pair's filter: the text whose queries and the text whose keys are shown (0 = A,
  // 1 = B; −1 for both: everything). Ignored by views of input that is not a pair.
  int pairQueryText() const { return m_reading.query_segment; }
  int pairKeyText() const { return m_reading.key_segment; }
  void setPairFilter(int queryText, int keyText);
  const core::ReadingOptions &reading() const { return m_reading; }

  // Which word-graph lines are drawn: those at or above the threshold, or per query the top-p
  // keys (the smallest set holding a share p of the row; core/analysis/methods/top_p.h).
  enum class EdgeFilter { Threshold, TopP };
  EdgeFilter edgeFilter() const { return m_edgeFilter; }
  void setEdgeFilter(EdgeFilter filter);
  double topP() const { return m_topP; }
  void setTopP(double p);  // clamped to [0.01, 1]

  // The decoder step shown: t tokens produced, 0 … generationStepCount() − 1; the last step is
  // the whole target. −1 with no encoder-decoder result.
  int generationStep() const { return m_generationStep; }
  void setGenerationStep(int step);  // ignored when out of range
  int generationStepCount() const;
  bool isLastGenerationStep() const { return m_generationStep == generationStepCount() - 1; }

  // The result the views draw: its model must be the current one (else it is ignored, false).
  // A result whose target tokens differ from the last one's moves the generation step to the
  // newest token; otherwise the user's step stays.
  std::shared_ptr<const Analysis> analysis() const { return m_analysis; }
  bool setAnalysis(std::shared_ptr<const Analysis> analysis);
  // Whether the result in hand has the trace of the PE setting on show.
  bool analysisCoversEncoding() const;
  // Whether the result in hand is for the current model and text, with the trace the PE setting
  // shows (or an error for that text): nothing newer needs computing for it.
  bool analysisMatchesInput() const;

  // The method every attention view shows (docs/methods.md): raw α̂ or one computed from it.
  core::AttentionMethod method() const { return m_method; }
  void setMethod(core::AttentionMethod method);
  // The method by its name as the command line spells it ("raw", "norm", "value-zeroing",
  // "rollout", "flow"); an unknown name is ignored.
  QString methodName() const;
  void setMethodName(const QString &name);
  // The selected method's matrices for the result and PE setting on show; nullptr until they
  // arrive (and always for raw, which the views read from the analysis itself).
  std::shared_ptr<const MethodTrace> methodTrace() const;
  // Stores matrices the MethodController computed; false (ignored) when they are for another
  // result, method, PE setting or choice of heads than the one on show: a stale result is dropped.
  bool setMethodTrace(std::shared_ptr<const MethodTrace> trace);
  // Rollout and flow: the heads each layer's Â averages (from 0, sorted, without repeats); empty:
  // every head. Heads the model lacks are dropped, and every head chosen is stored as empty; a new
  // model (setModel) chooses every head again.
  const std::vector<int> &methodHeads() const { return m_methodHeads; }
  void setMethodHeads(std::vector<int> heads);

  const Preferences &preferences() const { return m_preferences; }
  void setPreferences(const Preferences &preferences);

  // The window's tab on show, by its page's object name ("attentionPage", "modelOverview",
  // "headAnalysis", "classroomPanel", …). The window switches its tab widget to it and writes
  // the user's choice back here; a name the window has no tab for is answered with the tab it
  // keeps showing.
  QString currentTab() const { return m_currentTab; }
  void setCurrentTab(const QString &tab);

 signals:
  void modelChanged();
  void sourceTextChanged(const QString &text);
  void targetTextChanged(const QString &text);
  void pairTextChanged(const QString &text);
  void tokenEditsChanged();
  void layerChanged(int index);
  void focusedHeadChanged(int head);
  void visibleHeadsChanged(const QVector<bool> &visible);
  void positionalEncodingChanged(bool on);
  void peDifferenceChanged(bool on);
  void thresholdChanged(double threshold);
  void focusTokenChanged(int token);
  void readingChanged();
  void edgeFilterChanged();
  void generationStepChanged(int step);
  void generationStepsChanged();  // new step count or token labels (a new result)
  void analysisChanged();
  void methodChanged(core::AttentionMethod method);
  void methodTraceChanged();
  void methodHeadsChanged();
  void preferencesChanged();
  void currentTabChanged(const QString &tab);

 private:
  std::shared_ptr<const core::Model> m_model;
  QString m_modelFolder;
  QString m_sourceText;
  QString m_targetText;
  QString m_pairText;
  std::vector<SideEdit> m_tokenEdits;
  std::vector<LayerStep> m_steps;
  int m_layerIndex = 0;
  int m_focusedHead = 0;
  QVector<bool> m_visibleHeads;
  bool m_positionalEncoding = true;
  bool m_peDifference = false;
  double m_threshold = 0.05;
  int m_focusToken = -1;
  core::ReadingOptions m_reading;
  EdgeFilter m_edgeFilter = EdgeFilter::Threshold;
  double m_topP = 0.9;
  int m_generationStep = -1;
  std::shared_ptr<const Analysis> m_analysis;
  Preferences m_preferences;
  core::AttentionMethod m_method = core::AttentionMethod::Raw;
  std::shared_ptr<const MethodTrace> m_methodTrace;
  std::vector<int> m_methodHeads;
  QString m_currentTab;
};

}  // namespace ui

// The method travels in ViewState::methodChanged, so signal spies and queued connections can copy it.
Q_DECLARE_METATYPE(core::AttentionMethod)
