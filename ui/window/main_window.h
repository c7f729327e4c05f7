#pragma once
// The AttentionScope window: lays out the views and keeps them and the ViewState in step. Every
// widget writes what the user changes into the view state and draws from it; the window asks the
// JobRunner (through AnalysisController) for models and attention when the state needs them, and
// hands each view the slice it draws. It computes nothing on the GUI thread.

#include <memory>
#include <optional>
#include <vector>

#include <QMainWindow>

#include "analysis.h"
#include "attention_slice.h"
#include "layer_steps.h"
#include "result_key.h"
#include "theme.h"
#include "view_slices.h"
#include "view_state.h"

class QAction;
class QActionGroup;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QSlider;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace ui {

class AnalysisController;
class CheckpointTimeline;
class TrainPanel;
class HeadAnalysisWidget;
class HeadChipsWidget;
class HeatmapWidget;
class InputPanel;
class JobProgress;
class JobRunner;
class LogitLensPage;
class WhatIfPanel;
class EditsBanner;
class MethodController;
class ModelOverviewWidget;
class OverviewFill;
class ModelPanel;
class CorpusSearchPage;
class QkMapPage;
class QkPage;
class StepperWidget;
class ThumbnailGrid;
class TeachingTools;
class WordGraphWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget *parent = nullptr);
  ~MainWindow() override;

  // Opens the folder given on the command line, else the last model, else the bundled default.
  void openStartupModel(const QString &commandLineFolder);
  // The theme on screen and checked in View ▸ Theme for this run only, not saved (attnscope --theme).
  void useThemeForThisRun(Theme theme);
  // Loads on the worker thread; modelLoaded or modelLoadFailed follows. The current model stays
  // open until the new one has loaded.
  void openModel(const QString &folder);

  // What the window shows: read it, or change it and the views follow.
  ViewState *viewState() const { return m_state; }
  JobRunner *jobRunner() const { return m_runner; }
  std::shared_ptr<const core::Model> model() const { return m_state->model(); }
  QString modelFolder() const { return m_state->modelFolder(); }
  std::shared_ptr<const Analysis> analysis() const { return m_state->analysis(); }
  LayerStep currentStep() const { return m_state->layerStep(); }
  // An analysis in flight, or a view's figure of the result on show still being built: the
  // Attention tab's slices, the What If tab's difference figure, the Heads tab's ablation thumbnails.
  bool isComputing() const;

  InputPanel *inputPanel() const { return m_input; }
  ModelPanel *modelPanel() const { return m_modelPanel; }
  WordGraphWidget *wordGraph() const { return m_wordGraph; }
  HeatmapWidget *heatmap() const { return m_heatmap; }
  ThumbnailGrid *smallMultiples() const { return m_smallMultiples; }
  ModelOverviewWidget *overview() const { return m_overview; }
  HeadAnalysisWidget *headAnalysis() const { return m_headAnalysis; }
  HeadChipsWidget *headChips() const { return m_headChips; }
  StepperWidget *layerStepper() const { return m_layerStepper; }
  StepperWidget *generationStepper() const { return m_generationStepper; }
  QSlider *thresholdSlider() const { return m_threshold; }
  QTabWidget *tabs() const { return m_tabs; }
  QLabel *positionalEncodingBanner() const { return m_peOffBanner; }
  QAction *positionalEncodingAction() const { return m_positionalEncoding; }
  QAction *differenceAction() const { return m_difference; }
  QAction *settingsAction() const { return m_settings; }
  // Long inputs (main_window_long_input.cpp): File ▸ Open Text… reads a UTF-8 text file into the
  // source field (a dropped file too); returns an empty string or the message it also shows. The
  // status bar's progress bar and Cancel follow every analysis that takes over 0.3 s.
  QString openTextFile(const QString &path);
  QAction *openTextAction() const { return m_openText; }
  JobProgress *jobProgress() const { return m_progress; }
  // The Model overview's background fill of a long input (overview_fill.h).
  OverviewFill *overviewFill() const { return m_overviewFill; }
  // Above this many bytes of α̂ a text's trace keeps α̂ on demand (core::ForwardOptions::
  // dense_attention_limit, 1 GiB); the tests lower it to see a small model's long-input views.
  void setDenseAttentionLimit(std::size_t bytes) { m_denseAttentionLimit = bytes; }
  // File ▸ Open from Hugging Face Cache… (main_window_hf_cache.cpp)
  QAction *openFromCacheAction() const { return m_openFromCache; }

  void showLayerStep(const LayerStep &step) { m_state->setLayerStep(step); }
  // Edit ▸ Settings: stores what the dialog returns and hands it to the view state.
  void showSettings();
  // Stores preferences (QSettings, written atomically) and applies them; returns an empty string
  // or the message it also shows.
  QString applyPreferences(const Preferences &preferences);

  // Classroom, presentation mode, lessons, sessions and exports (teaching_tools.cpp).
  TeachingTools *teachingTools() const { return m_teaching; }
  QAction *previousLayerAction() const { return m_previousLayer; }
  QAction *nextLayerAction() const { return m_nextLayer; }
  void refreshAllViews() { refreshViews(); }  // after a change of colours

  // The method switch and the Logit lens page (main_window_methods.cpp).
  QComboBox *methodSelector() const { return m_methodSelector; }
  QAction *cancelMethodAction() const { return m_cancelMethod; }
  // Rollout and flow: which heads each layer's Â averages (a menu of checkable heads).
  QToolButton *methodHeadsButton() const { return m_methodHeadsButton; }
  MethodController *methodController() const { return m_methods; }
  LogitLensPage *logitLens() const { return m_lens; }
  WhatIfPanel *whatIf() const { return m_whatIf; }
  // Over every tab while token edits are made (ViewState::tokenEdits), with Clear Edits.
  EditsBanner *editsBanner() const { return m_editsBanner; }

  // Why a head attends: the q·k, Query/Key Map and Corpus Search tabs (main_window_why.cpp).
  QkPage *qkPage() const { return m_qkPage; }
  QkMapPage *qkMapPage() const { return m_qkMap; }
  CorpusSearchPage *corpusSearchPage() const { return m_search; }
  // The Reading toolbar: words, hidden tokens, threshold or top-p lines (main_window_reading.cpp).
  QCheckBox *wordLevelToggle() const { return m_wordLevel; }
  QCheckBox *hideSpecialToggle() const { return m_hideSpecial; }
  QComboBox *hiddenTokenChooser() const { return m_hiddenToken; }
  QComboBox *edgeFilterChooser() const { return m_edgeFilter; }
  QComboBox *pairFilterChooser() const { return m_pairFilter; }
  QDoubleSpinBox *topPBox() const { return m_topP; }

  // Training and checkpoint series (main_window_training.cpp).
  TrainPanel *trainPanel() const { return m_trainPanel; }
  CheckpointTimeline *checkpointTimeline() const { return m_timeline; }
  QAction *trainPanelAction() const { return m_trainToggle; }
  QAction *openCheckpointSeriesAction() const { return m_openSeries; }
  // Lists a folder of step-NNNNNN checkpoints in the timeline dock and shows the first; false
  // (and a message box) when it holds none.
  bool openCheckpointSeries(const QString &folder);
  // Makes a model that is not a folder the user opened (a training snapshot, a checkpoint) the
  // current one. A model of the same shape keeps the layer and head selection; label stands in
  // for the folder, and nothing goes into the recent models.
  void showModel(std::shared_ptr<const core::Model> model, const QString &label);

 signals:
  void modelLoaded(const QString &folder);
  void modelLoadFailed(const QString &folder, const QString &message);
  void viewsUpdated();  // a new result, or a new selection, has reached every view

 protected:
  void closeEvent(QCloseEvent *event) override;
  void dragEnterEvent(QDragEnterEvent *event) override;
  void dropEvent(QDropEvent *event) override;

 private:
  void createActions();
  void createMenus();
  void createCentralWidget();
  void createDock();
  void createTraining();
  void createTeachingTools();
  void createMethods();
  void createWhyHead();
  void updateWhyHead();                                         // the pages follow the view state
  void openCorpusSentence(const QString &text, const QString &target);  // a map point or a search hit
  void createReading();
  void showEdgeFilter();
  void showHiddenTokenChoices();
  void createWhatIf();  // main_window_whatif.cpp: the What If tab and the views' token menu
  QString methodPlaceholder() const;  // what the views say while the method's matrices are missing
  void rebuildMethodHeadsMenu();      // one entry per head of a new model
  void updateMethodHeadsMenu();       // the button and the checks after a method or choice of heads
  void chooseCheckpointSeries();
  bool confirmCloseDuringTraining();
  // Another model was asked for during a run: its snapshots stop replacing what is on screen.
  void detachTraining();
  void connectViews();

  void createLongInputTools();
  void chooseTextFile();
  // The Model overview, filled head by head on the JobRunner (overview_fill.h) for every kind of
  // trace: the GUI thread builds no slice and draws no thumbnail. A request equal to the fill on
  // show or in flight does nothing but show the Heads tab's class badges.
  void fillOverview(const std::shared_ptr<const Analysis> &analysis, core::AttentionKind kind,
                    const SliceOptions &options, const std::shared_ptr<const MethodTrace> &method);
  void stopOverviewFill();  // drops the fill in flight (the views show a placeholder instead)
  // The Attention tab's slices, built on the JobRunner's Slices lane for every trace (the GUI thread
  // builds none) and drawn when they arrive; a newer request drops an older one's result. The same
  // request as the slices on show draws them again at once (a focus or head-chip change), one in
  // flight is left to finish. longText: what an on-demand trace's views keep of each head
  // (view_slices.h); nullopt for a dense trace, whose slices hold every head's matrix.
  void requestViewSlices(const std::shared_ptr<const Analysis> &analysis, const std::shared_ptr<const MethodTrace> &method,
                         const LayerStep &step, const SliceOptions &options, const std::optional<LongTextViews> &longText);
  // The slices on show drawn, once the focused head's matrix is among them (else a Slices job
  // recomputes that head alone: refocusViewSlices).
  void showOrRefocusViewSlices();
  void forgetPendingSlices();  // the Slices job in flight, if any, is dropped
  // Forgets the slices on show and in flight (a placeholder or another model follows).
  void dropViewSlices();
  // The slices built again for the same request (their thumbnails are images in the old colours);
  // the views keep the ones on show until the new ones arrive.
  void rebuildViewSlices();
  void showViewSlices(const std::shared_ptr<const ViewSlices> &slices);
  void chooseModelFolder();
  // The Hugging Face cache (main_window_hf_cache.cpp): the File menu's action and its dialog, and
  // a command-line argument that names a cached repository ("org/name"); on failure the message
  // box shows why and an empty string is returned.
  QAction *createOpenFromCacheAction();
  void chooseCachedModel();
  QString locateStartupModel(const QString &argument);
  void chooseModelFile();
  void connectState();
  void applyModel(std::shared_ptr<const core::Model> model, const QString &folder);
  void showModelWidgets();
  void showTaskSample();
  void reportLoadFailure(const QString &folder, const QString &message);
  void inputSettled();
  void showStateText();
  void requestAnalysis();
  void requestGeneration();
  void applyAnalysis(std::shared_ptr<const Analysis> analysis);
  void showAnalysisStatus();
  void encodingChanged();
  void refreshViews();
  void refreshOverview();
  void showTab(const QString &name);  // the tab whose page has this object name (ViewState::currentTab)
  void updateGenerationStepper();
  void showFocusToken();
  void wordGraphTokenFocused();
  void overviewHeadActivated(core::AttentionKind kind, int layer, int head);
  void showThreshold(double threshold);

  void addRecentModel(const QString &folder);
  void updateRecentMenu();
  void restoreSettings();
  void showTheme();  // the preferences' theme, in the View menu and on screen
  void saveSettings() const;
  void updateTitle();

  JobRunner *m_runner;  // first child: deleted first, so no job outlives what it reports to
  ViewState *m_state;
  AnalysisController *m_controller;
  QString m_startupFallback;  // the default model, tried when the startup model fails to load
  bool m_fillTargetWithGeneration = false;
  bool m_rememberModel = true;  // false while showModel applies an unsaved model
  bool m_showTrainingPattern = false;  // a run started: its first snapshot opens at layers::patternStep
  bool m_applyingModel = false;  // one refresh for a whole new model, after its analysis
  bool m_syncingInput = false;   // the input fields and the state's text are being matched up
  bool m_themeApplied = false;   // the platform's look stays untouched until a theme is chosen

  InputPanel *m_input = nullptr;
  ModelPanel *m_modelPanel = nullptr;
  StepperWidget *m_layerStepper = nullptr;
  StepperWidget *m_generationStepper = nullptr;
  HeadChipsWidget *m_headChips = nullptr;
  QSlider *m_threshold = nullptr;
  QLabel *m_thresholdValue = nullptr;
  QTabWidget *m_tabs = nullptr;
  QSplitter *m_viewSplitter = nullptr;
  QSplitter *m_heatmapSplitter = nullptr;
  WordGraphWidget *m_wordGraph = nullptr;
  HeatmapWidget *m_heatmap = nullptr;
  ThumbnailGrid *m_smallMultiples = nullptr;
  ModelOverviewWidget *m_overview = nullptr;
  HeadAnalysisWidget *m_headAnalysis = nullptr;
  QLabel *m_statusLabel = nullptr;
  QLabel *m_peOffBanner = nullptr;  // shown over every tab while the positional encoding is off

  QAction *m_open = nullptr;
  QAction *m_openFromCache = nullptr;
  QAction *m_openFile = nullptr;
  QAction *m_openText = nullptr;
  JobProgress *m_progress = nullptr;
  OverviewFill *m_overviewFill = nullptr;
  ResultKey m_overviewFillKey;  // what the fill on show or in flight draws
  std::size_t m_denseAttentionLimit = core::ForwardOptions{}.dense_attention_limit;
  std::shared_ptr<const ViewSlices> m_viewSlices;  // the Attention tab's slices on show
  ResultKey m_viewSlicesKey;     // what they were built for
  ResultKey m_pendingSlicesKey;  // what the Slices job in flight builds
  QAction *m_quit = nullptr;
  QAction *m_positionalEncoding = nullptr;
  QAction *m_difference = nullptr;
  QAction *m_previousLayer = nullptr;
  QAction *m_nextLayer = nullptr;
  QAction *m_playLayers = nullptr;
  QAction *m_previousGenerationStep = nullptr;
  QAction *m_nextGenerationStep = nullptr;
  QAction *m_showAttention = nullptr;
  QAction *m_showOverview = nullptr;
  QAction *m_about = nullptr;
  QAction *m_settings = nullptr;
  QAction *m_dockToggle = nullptr;
  QActionGroup *m_themes = nullptr;
  QMenu *m_fileMenu = nullptr;
  QMenu *m_recentMenu = nullptr;
  QMenu *m_viewMenu = nullptr;

  MethodController *m_methods = nullptr;
  QComboBox *m_methodSelector = nullptr;
  QAction *m_cancelMethod = nullptr;
  QToolButton *m_methodHeadsButton = nullptr;
  LogitLensPage *m_lens = nullptr;
  QkPage *m_qkPage = nullptr;
  QkMapPage *m_qkMap = nullptr;
  CorpusSearchPage *m_search = nullptr;
  WhatIfPanel *m_whatIf = nullptr;
  EditsBanner *m_editsBanner = nullptr;
  double m_methodProgress = 0.0;

  QCheckBox *m_wordLevel = nullptr;
  QCheckBox *m_hideSpecial = nullptr;
  QComboBox *m_hiddenToken = nullptr;
  QComboBox *m_edgeFilter = nullptr;
  QComboBox *m_pairFilter = nullptr;
  QDoubleSpinBox *m_topP = nullptr;

  TrainPanel *m_trainPanel = nullptr;
  QDockWidget *m_trainDock = nullptr;
  QAction *m_trainToggle = nullptr;
  CheckpointTimeline *m_timeline = nullptr;
  QDockWidget *m_timelineDock = nullptr;
  QAction *m_openSeries = nullptr;

  TeachingTools *m_teaching = nullptr;
};

}  // namespace ui
