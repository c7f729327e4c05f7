#include "main_window.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include "attention_methods.h"
#include "analysis_controller.h"
#include "attention_slice.h"
#include "capped_scroll_area.h"
#include "checkpoint_timeline.h"
#include "formula.h"
#include "head_analysis_widget.h"
#include "head_chips_widget.h"
#include "head_labels.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_progress.h"
#include "job_runner.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "model_panel.h"
#include "presentation_controls.h"
#include "settings_dialog.h"
#include "source_edit.h"
#include "task_sample.h"
#include "stepper_widget.h"
#include "theme.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "teaching_context.h"
#include "teaching_tools.h"
#include "whatif_job.h"
#include "whatif_panel.h"
#include "word_graph_widget.h"
#include "wrapping_row.h"

namespace ui {

namespace {

constexpr int kMaxRecentModels = 8;
// The word graph draws every line up to this many keys, then each query's kTopKeysOfLongText heaviest.
constexpr int kAllKeysUpTo = 256;
constexpr int kTopKeysOfLongText = 5;
// A sentence of the default model's grammar whose Chinese word order differs from the English.
const char *const kDefaultText = "the happy child likes the horse who follows the small dog in winter .";

namespace keys {
const char *const geometry = "window/geometry";
const char *const state = "window/state";
const char *const viewSplitter = "window/viewSplitter";
const char *const heatmapSplitter = "window/heatmapSplitter";
const char *const lastModel = "model/last";
const char *const recentModels = "model/recent";
const char *const text = "input/text";
}  // namespace keys

// Shows a view-state value in a widget without the widget reporting it back as a change.
template <typename Widget, typename Setter, typename Value>
void showQuietly(Widget *widget, Setter set, const Value &value) {
  const QSignalBlocker blocker(widget);
  (widget->*set)(value);
}

// A model: a folder, or a GGUF file (llama.cpp's one-file format).
bool isModelPath(const QString &path) {
  const QFileInfo info(path);
  return info.isDir() || (info.isFile() && info.suffix().compare(QStringLiteral("gguf"), Qt::CaseInsensitive) == 0);
}

// A dropped URL list that is exactly one local model folder or GGUF file.
QString droppedFolder(const QMimeData *mime) {
  if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QString path = mime->urls().front().toLocalFile();
  return isModelPath(path) ? path : QString();
}

// Exactly one local text file (.txt, .text, .md): for the source field. Other files are not
// taken (a config.json dropped by mistake is neither a model nor a text to read); readTextFile
// says what is wrong with one that only claims to be text.
QString droppedTextFile(const QMimeData *mime) {
  if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QFileInfo info(mime->urls().front().toLocalFile());
  const QString suffix = info.suffix().toLower();
  const bool text = suffix == QLatin1String("txt") || suffix == QLatin1String("text") || suffix == QLatin1String("md");
  return info.isFile() && text ? info.filePath() : QString();
}

}  // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent),
      m_runner(new JobRunner(this)),
      m_state(new ViewState(this)),
      m_controller(new AnalysisController(m_runner, this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("AttentionScope"));
  setAcceptDrops(true);
  createActions();
  createCentralWidget();
  createDock();
  createTraining();
  createMenus();
  connectViews();
  connectState();
  createMethods();
  createWhyHead();
  createReading();
  m_statusLabel = new QLabel(this);
  statusBar()->addPermanentWidget(m_statusLabel);
  createLongInputTools();
  restoreSettings();
  // After the settings: its lesson bar starts hidden, whatever the saved layout says.
  createTeachingTools();
  createWhatIf();

  connect(m_controller, &AnalysisController::modelLoaded, this, &MainWindow::applyModel);
  connect(m_controller, &AnalysisController::modelLoadFailed, this, &MainWindow::reportLoadFailure);
  connect(m_controller, &AnalysisController::analysisReady, this, &MainWindow::applyAnalysis);
  connect(m_controller, &AnalysisController::busyChanged, this, [](bool busy) {
    if (busy) QApplication::setOverrideCursor(Qt::BusyCursor);
    else QApplication::restoreOverrideCursor();
  });
}

MainWindow::~MainWindow() = default;

void MainWindow::createTeachingTools() {
  TeachingContext context;
  context.window = this;
  context.state = m_state;
  context.runner = m_runner;
  context.tabs = m_tabs;
  context.wordGraph = m_wordGraph;
  context.heatmap = m_heatmap;
  context.overview = m_overview;
  context.smallMultiples = m_smallMultiples;
  context.previousLayer = m_previousLayer;
  context.nextLayer = m_nextLayer;
  context.openModel = [this](const QString &folder) { openModel(folder); };
  context.redrawViews = [this] { rebuildViewSlices(); };
  context.tokenEdits = [this] {
    std::vector<core::SessionEdit> edits;
    for (const SideEdit &edit : m_whatIf->edits()) {
      edits.push_back({edit.side == TokenSource::Target ? "target" : "source", edit.edit});
    }
    return edits;
  };
  context.restoreTokenEdits = [this](const std::vector<core::SessionEdit> &edits) {
    std::vector<SideEdit> sideEdits;
    for (const core::SessionEdit &edit : edits) {
      sideEdits.push_back({edit.side == "target" ? TokenSource::Target : TokenSource::Source, edit.edit});
    }
    return m_whatIf->setEdits(sideEdits);
  };
  context.modelEditingActions = m_themes->actions();
  context.modelEditingActions << m_trainToggle << m_dockToggle << m_settings;
  context.modelEditingWidgets = {m_headAnalysis->ablationHeads()};
  m_teaching = new TeachingTools(context);
  m_teaching->addMenuEntries(m_fileMenu, m_viewMenu);
  // In presentation mode the Heads tab folds its thresholds away, so its charts start near the top.
  connect(m_teaching->presentation(), &PresentationControls::activeChanged, m_headAnalysis,
          &HeadAnalysisWidget::setPresenting);
  connect(this, &MainWindow::viewsUpdated, m_teaching, &TeachingTools::viewsUpdated);
  connect(this, &MainWindow::modelLoadFailed, m_teaching, &TeachingTools::modelLoadFailed);
}

void MainWindow::createActions() {
  m_open = new QAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("&Open Model…"), this);
  m_open->setShortcut(QKeySequence::Open);
  m_open->setToolTip(tr("Open a model folder (config.json, model.safetensors and tokenizer files)"));
  m_open->setStatusTip(m_open->toolTip());
  connect(m_open, &QAction::triggered, this, &MainWindow::chooseModelFolder);
  m_openFromCache = createOpenFromCacheAction();

  m_openFile = new QAction(tr("Open &GGUF File…"), this);
  m_openFile->setToolTip(tr("Open a model stored as one GGUF file (llama.cpp's format)"));
  m_openFile->setStatusTip(m_openFile->toolTip());
  connect(m_openFile, &QAction::triggered, this, &MainWindow::chooseModelFile);

  m_quit = new QAction(tr("&Quit"), this);
  m_quit->setShortcut(QKeySequence::Quit);
  m_quit->setMenuRole(QAction::QuitRole);  // how the workshop tells it from the File entries it locks
  connect(m_quit, &QAction::triggered, this, &QWidget::close);

  m_positionalEncoding = new QAction(tr("&Positional Encoding"), this);
  m_positionalEncoding->setCheckable(true);
  m_positionalEncoding->setChecked(true);
  m_positionalEncoding->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  m_positionalEncoding->setToolTip(tr("Add the positional encoding to the token embeddings (Ctrl+E). Off: every view "
                                      "is recomputed as if the model had no position information."));
  m_positionalEncoding->setStatusTip(m_positionalEncoding->toolTip());
  connect(m_positionalEncoding, &QAction::toggled, m_state, &ViewState::setPositionalEncoding);

  m_difference = new QAction(tr("PE &Difference"), this);
  m_difference->setCheckable(true);
  m_difference->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  const QString differenceTip = tr("The What If tab shows α̂ with the positional encoding minus α̂ without it "
                                   "(Ctrl+D): red where position information raised a weight, blue where it "
                                   "lowered it.");
  m_difference->setToolTip(plainToolTip(differenceTip));
  m_difference->setStatusTip(differenceTip);
  connect(m_difference, &QAction::toggled, m_state, &ViewState::setPeDifference);
  // Asked for by the user (not by a session or lesson): the difference is drawn in the What If tab.
  connect(m_difference, &QAction::triggered, this, [this](bool on) {
    if (on && m_whatIf) m_tabs->setCurrentWidget(m_whatIf);
  });

  m_previousLayer = new QAction(style()->standardIcon(QStyle::SP_ArrowBack), tr("P&revious Layer"), this);
  m_previousLayer->setShortcuts({QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp)});
  m_previousLayer->setToolTip(tr("Previous layer or attention (←, PgUp)"));
  m_nextLayer = new QAction(style()->standardIcon(QStyle::SP_ArrowForward), tr("&Next Layer"), this);
  m_nextLayer->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown)});
  m_nextLayer->setToolTip(tr("Next layer or attention (→, PgDn)"));
  m_playLayers = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Play Layers"), this);
  m_playLayers->setCheckable(true);
  m_playLayers->setShortcut(QKeySequence(Qt::Key_Space));
  m_playLayers->setToolTip(tr("Step through the layers on a timer (Space)"));

  m_previousGenerationStep = new QAction(tr("Previous &Generation Step"), this);
  m_previousGenerationStep->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Left));
  m_previousGenerationStep->setToolTip(tr("Show the decoder one generated token earlier (Shift+←)"));
  m_nextGenerationStep = new QAction(tr("Next G&eneration Step"), this);
  m_nextGenerationStep->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Right));
  m_nextGenerationStep->setToolTip(tr("Show the decoder one generated token later (Shift+→)"));

  m_showAttention = new QAction(tr("&Attention Views"), this);
  m_showAttention->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  m_showOverview = new QAction(tr("Model &Overview"), this);
  m_showOverview->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));

  m_themes = new QActionGroup(this);
  for (const Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
    const QString label = theme == Theme::System ? tr("&System") : theme == Theme::Light ? tr("&Light") : tr("&Dark");
    QAction *action = m_themes->addAction(label);
    action->setCheckable(true);
    action->setData(themeKey(theme));
    connect(action, &QAction::triggered, this, [this, theme] {
      Preferences preferences = m_state->preferences();
      preferences.theme = themeKey(theme);
      applyPreferences(preferences);
    });
  }

  m_settings = new QAction(tr("&Settings…"), this);
  m_settings->setShortcut(QKeySequence::Preferences);
  m_settings->setMenuRole(QAction::PreferencesRole);
  m_settings->setToolTip(tr("Threads, precision, memory budget, language, theme and the views' defaults"));
  m_settings->setStatusTip(m_settings->toolTip());
  connect(m_settings, &QAction::triggered, this, &MainWindow::showSettings);

  m_about = new QAction(tr("&About AttentionScope"), this);
  connect(m_about, &QAction::triggered, this, [this] {
    QMessageBox::about(this, tr("About AttentionScope"),
                       tr("<h3>AttentionScope %1</h3><p>See what every attention head of a Transformer looks at.</p>"
                          "<p><b>Keys:</b> Ctrl+O open · ←/→ or PgUp/PgDn layers · Space play · Shift+←/→ "
                          "generation steps · Ctrl+E positional encoding · Ctrl+D difference · Ctrl+G generate · "
                          "Ctrl+1/Ctrl+2 attention/overview</p>")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::createMenus() {
  m_fileMenu = menuBar()->addMenu(tr("&File"));
  m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
  m_fileMenu->addAction(m_open);
  m_fileMenu->addAction(m_openFromCache);
  m_fileMenu->addAction(m_openFile);
  m_fileMenu->addAction(m_openSeries);
  m_recentMenu = m_fileMenu->addMenu(tr("Open &Recent"));
  m_recentMenu->setToolTipsVisible(true);
  m_fileMenu->addSeparator();
  m_fileMenu->addAction(m_settings);
  m_fileMenu->addAction(m_quit);

  m_viewMenu = menuBar()->addMenu(tr("&View"));
  m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
  m_viewMenu->addAction(m_positionalEncoding);
  m_viewMenu->addAction(m_difference);
  m_viewMenu->addSeparator();
  m_viewMenu->addAction(m_previousLayer);
  m_viewMenu->addAction(m_nextLayer);
  m_viewMenu->addAction(m_playLayers);
  m_viewMenu->addAction(m_previousGenerationStep);
  m_viewMenu->addAction(m_nextGenerationStep);
  m_viewMenu->addSeparator();
  m_viewMenu->addAction(m_showAttention);
  m_viewMenu->addAction(m_showOverview);
  QMenu *themes = m_viewMenu->addMenu(tr("&Theme"));
  themes->addActions(m_themes->actions());
  m_viewMenu->addSeparator();
  m_viewMenu->addAction(m_dockToggle);
  m_viewMenu->addAction(m_trainToggle);

  QMenu *help = menuBar()->addMenu(tr("&Help"));
  help->addAction(m_about);

  QToolBar *toolbar = addToolBar(tr("Main"));
  toolbar->setObjectName(QStringLiteral("mainToolBar"));
  toolbar->addAction(m_open);
  toolbar->addSeparator();
  toolbar->addAction(m_positionalEncoding);
  toolbar->addAction(m_difference);
  updateRecentMenu();
}

void MainWindow::createCentralWidget() {
  auto *central = new QWidget(this);
  m_input = new InputPanel(central);

  m_layerStepper = new StepperWidget(tr("Layer:"), central);
  m_layerStepper->setObjectName(QStringLiteral("layerStepper"));
  m_layerStepper->setToolTips(tr("Previous layer (←, PgUp)"), tr("Encoder layers, then each decoder layer's masked "
                                                                 "self-attention and cross-attention"),
                              tr("Next layer (→, PgDn)"), tr("Step through the layers on a timer (Space)"));
  m_generationStepper = new StepperWidget(tr("Generation:"), central);
  m_generationStepper->setObjectName(QStringLiteral("generationStepper"));
  m_generationStepper->setToolTips(
      tr("One token earlier (Shift+←)"),
      tr("Step t: the decoder has produced t tokens. Its masked self-attention grows by one row per step; the "
         "highlighted row is the new token's."),
      tr("One token later (Shift+→)"), tr("Replay the generation on a timer"));

  m_headChips = new HeadChipsWidget(central);
  m_headChips->setObjectName(QStringLiteral("headChips"));
  m_threshold = new QSlider(Qt::Horizontal, central);
  m_threshold->setObjectName(QStringLiteral("thresholdSlider"));
  m_threshold->setRange(0, 50);
  m_threshold->setValue(5);
  m_threshold->setMaximumWidth(160);
  m_threshold->setToolTip(tr("Hide word-graph lines whose weight is below this value"));
  m_thresholdValue = new QLabel(central);
  m_thresholdValue->setMinimumWidth(m_thresholdValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00 ")));

  m_wordGraph = new WordGraphWidget(central);
  m_wordGraph->setObjectName(QStringLiteral("wordGraph"));
  m_wordGraph->setFocusPolicy(Qt::ClickFocus);
  m_heatmap = new HeatmapWidget(central);
  m_heatmap->setObjectName(QStringLiteral("heatmap"));
  m_heatmap->setFocusPolicy(Qt::ClickFocus);
  m_heatmap->setJobRunner(m_runner);  // zoomed out, its tiles are aggregated on the Tiles lane
  m_smallMultiples = new ThumbnailGrid(central);
  m_smallMultiples->setObjectName(QStringLiteral("smallMultiples"));
  m_smallMultiples->setMaximumThumbnailSize(96);
  m_smallMultiples->setToolTip(tr("Every head of this layer; click one to show it in the heatmap"));
  m_overview = new ModelOverviewWidget(central);
  m_overview->setObjectName(QStringLiteral("modelOverview"));

  m_heatmapSplitter = new QSplitter(Qt::Vertical, central);
  m_heatmapSplitter->addWidget(m_heatmap);
  m_heatmapSplitter->addWidget(m_smallMultiples);
  m_heatmapSplitter->setStretchFactor(0, 3);
  m_heatmapSplitter->setStretchFactor(1, 1);
  m_heatmapSplitter->setSizes({520, 170});
  m_viewSplitter = new QSplitter(Qt::Horizontal, central);
  // A long sentence makes the word graph taller than the window (its labels never overlap): it scrolls.
  auto *wordGraphScroll = new QScrollArea(central);
  wordGraphScroll->setObjectName(QStringLiteral("wordGraphScroll"));
  wordGraphScroll->setFrameShape(QFrame::NoFrame);
  wordGraphScroll->setWidgetResizable(true);
  wordGraphScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  wordGraphScroll->setWidget(m_wordGraph);
  m_viewSplitter->addWidget(wordGraphScroll);
  m_viewSplitter->addWidget(m_heatmapSplitter);
  m_viewSplitter->setObjectName(QStringLiteral("attentionPage"));  // its tab's name in ViewState::currentTab
  m_tabs = new QTabWidget(central);
  // The tallest pages (What If, Query/Key Map) would otherwise set the window's minimum height, and
  // presentation mode's large type would then not fit a 1024×768 projector (or go full screen on
  // it): such a page is squeezed instead.
  m_tabs->setMinimumHeight(120);
  m_tabs->addTab(m_viewSplitter, tr("Attention"));
  m_tabs->addTab(m_overview, tr("Model Overview"));
  m_tabs->setTabToolTip(0, tr("Word graph and heatmap of the chosen layer and heads (Ctrl+1)"));
  m_tabs->setTabToolTip(1, tr("Every layer and head at a glance (Ctrl+2)"));
  m_headAnalysis = new HeadAnalysisWidget(m_runner, central);
  m_headAnalysis->setObjectName(QStringLiteral("headAnalysis"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_headAnalysis, tr("Heads")),
                        tr("What each head does, in numbers: distance, entropy, classes, similarity, rollout, ablation"));

  // Side by side when both lists fit whole, else one under the other (presentation mode, 800 px).
  auto *steppers = new WrappingRow(central);
  steppers->setObjectName(QStringLiteral("stepperRow"));
  steppers->setSideBySideSpacing(16);
  steppers->addWidget(m_layerStepper, 3);
  steppers->addWidget(m_generationStepper, 2);
  auto *heads = new QHBoxLayout;
  heads->addWidget(m_headChips, 1);
  auto *thresholdLabel = new QLabel(tr("Hide lines below"), central);
  thresholdLabel->setToolTip(m_threshold->toolTip());
  heads->addWidget(thresholdLabel);
  heads->addWidget(m_threshold);
  heads->addWidget(m_thresholdValue);

  // Over every tab while the positional encoding is off: the views then show a model that cannot
  // tell word order, which an unpressed toolbar button alone did not say (issue 18).
  m_peOffBanner = new QLabel(tr("Positional encoding is off: every view shows attention as if the model had no "
                                "word order. Ctrl+E turns it back on."),
                             central);
  m_peOffBanner->setObjectName(QStringLiteral("peOffBanner"));
  m_peOffBanner->setWordWrap(true);
  m_peOffBanner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e0b400;"
                                              " border-radius: 3px; padding: 4px 8px; font-weight: bold; }"));
  m_peOffBanner->setVisible(!m_state->positionalEncoding());

  // The input asks for at most this share of the window's height and scrolls past it, so the
  // views keep their room on a short screen (presentation mode on an 800 × 600 projector).
  constexpr double kInputShare = 0.25;
  auto *inputScroll = new CappedScrollArea(kInputShare, central);
  inputScroll->setObjectName(QStringLiteral("inputScroll"));
  inputScroll->setWidget(m_input);

  auto *layout = new QVBoxLayout(central);
  layout->addWidget(inputScroll);
  layout->addWidget(steppers);
  layout->addLayout(heads);
  layout->addWidget(m_peOffBanner);
  layout->addWidget(m_tabs, 1);
  setCentralWidget(central);
  showThreshold(m_state->threshold());
}

void MainWindow::createDock() {
  m_modelPanel = new ModelPanel(this);
  m_modelPanel->setObjectName(QStringLiteral("modelPanel"));
  auto *dock = new QDockWidget(tr("Model"), this);
  dock->setObjectName(QStringLiteral("modelDock"));
  dock->setWidget(m_modelPanel);
  addDockWidget(Qt::LeftDockWidgetArea, dock);
  // Its toggle action goes in the View menu (createMenus), so a closed dock can come back.
  m_modelPanel->setToolTip(tr("The open model. Open another with File ▸ Open or by dropping its folder here."));
  m_dockToggle = dock->toggleViewAction();
  m_dockToggle->setToolTip(tr("Show or hide the model panel"));
}

void MainWindow::connectViews() {
  // Widget → view state. The state ignores a value it already holds, so the way back
  // (connectState) ends there.
  connect(m_input, &InputPanel::inputSettled, this, &MainWindow::inputSettled);
  connect(m_input, &InputPanel::generateRequested, this, &MainWindow::requestGeneration);
  connect(m_previousLayer, &QAction::triggered, m_layerStepper, &StepperWidget::previous);
  connect(m_nextLayer, &QAction::triggered, m_layerStepper, &StepperWidget::next);
  connect(m_playLayers, &QAction::toggled, m_layerStepper, &StepperWidget::setPlaying);
  connect(m_layerStepper, &StepperWidget::playingChanged, m_playLayers, &QAction::setChecked);
  connect(m_previousGenerationStep, &QAction::triggered, m_generationStepper, &StepperWidget::previous);
  connect(m_nextGenerationStep, &QAction::triggered, m_generationStepper, &StepperWidget::next);
  connect(m_layerStepper, &StepperWidget::currentIndexChanged, m_state, &ViewState::setLayerIndex);
  connect(m_generationStepper, &StepperWidget::currentIndexChanged, m_state, &ViewState::setGenerationStep);
  connect(m_headChips, &HeadChipsWidget::visibleHeadsChanged, m_state, &ViewState::setVisibleHeads);
  connect(m_headChips, &HeadChipsWidget::focusedHeadChanged, m_state, &ViewState::setFocusedHead);
  connect(m_threshold, &QSlider::valueChanged, this, [this](int value) { m_state->setThreshold(value / 100.0); });
  connect(m_wordGraph, &WordGraphWidget::tokenFocused, this, &MainWindow::wordGraphTokenFocused);
  connect(m_smallMultiples, &ThumbnailGrid::thumbnailClicked, m_state, [this](int, int head) { m_state->setFocusedHead(head); });
  connect(m_overview, &ModelOverviewWidget::kindChanged, this, &MainWindow::refreshOverview);
  connect(m_overview, &ModelOverviewWidget::headActivated, this, &MainWindow::overviewHeadActivated);
  connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshOverview);
  connect(m_headAnalysis, &HeadAnalysisWidget::headSelected, this, [this](core::AttentionKind kind, int layer, int head) {
    m_state->setLayerStep({kind, layer});
    m_state->setFocusedHead(head);
  });
  connect(m_headAnalysis, &HeadAnalysisWidget::classesChanged, this, &MainWindow::refreshOverview);
  // The Heads tab's ablation reads both its passes as the views read one, as What If does.
  const auto readAblation = [this] {
    const bool topP = m_state->edgeFilter() == ViewState::EdgeFilter::TopP;
    m_headAnalysis->setAblationReading(m_state->method(), m_state->reading(), topP ? m_state->topP() : 0.0);
  };
  connect(m_state, &ViewState::methodChanged, this, readAblation);
  connect(m_state, &ViewState::readingChanged, this, readAblation);
  connect(m_state, &ViewState::edgeFilterChanged, this, readAblation);
  readAblation();
  // Its metrics measure the matrices as the views read them (words, hidden tokens), as `heads` does.
  const auto readMetrics = [this] { m_headAnalysis->setMetricReading(m_state->reading()); };
  connect(m_state, &ViewState::readingChanged, this, readMetrics);
  readMetrics();
  connect(m_showAttention, &QAction::triggered, this,
          [this] { m_state->setCurrentTab(m_viewSplitter->objectName()); });
  connect(m_showOverview, &QAction::triggered, this, [this] { m_state->setCurrentTab(m_overview->objectName()); });
  // The tab on show is the view state's: a tab the user picks is written there, and a tab set
  // there (a lesson step, a session, a test) is shown.
  connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
    if (const QWidget *page = m_tabs->widget(index)) m_state->setCurrentTab(page->objectName());
  });
  connect(m_state, &ViewState::currentTabChanged, this, &MainWindow::showTab);
  m_state->setCurrentTab(m_tabs->currentWidget()->objectName());
}

void MainWindow::showTab(const QString &name) {
  for (int index = 0; index < m_tabs->count(); ++index) {
    if (m_tabs->widget(index)->objectName() == name) {
      m_tabs->setCurrentIndex(index);
      return;
    }
  }
  // No such tab: the state names the one still on show.
  m_state->setCurrentTab(m_tabs->currentWidget()->objectName());
}

void MainWindow::connectState() {
  // View state → widgets and computations.
  connect(m_state, &ViewState::sourceTextChanged, this, &MainWindow::showStateText);
  connect(m_state, &ViewState::targetTextChanged, this, &MainWindow::showStateText);
  connect(m_state, &ViewState::pairTextChanged, this, &MainWindow::showStateText);
  connect(m_state, &ViewState::positionalEncodingChanged, this, [this](bool on) {
    m_positionalEncoding->setChecked(on);
    m_peOffBanner->setVisible(!on);
    encodingChanged();
  });
  connect(m_state, &ViewState::peDifferenceChanged, this, [this](bool on) { m_difference->setChecked(on); });
  // Precision and threads change how the pass computes: compute the shown text again.
  connect(m_state, &ViewState::preferencesChanged, this, &MainWindow::requestAnalysis);
  connect(m_state, &ViewState::layerChanged, this, [this](int index) {
    showQuietly(m_layerStepper, &StepperWidget::setCurrentIndex, index);
    refreshViews();
  });
  connect(m_state, &ViewState::visibleHeadsChanged, this, [this](const QVector<bool> &visible) {
    showQuietly(m_headChips, &HeadChipsWidget::setVisibleHeads, visible);
    refreshViews();
  });
  connect(m_state, &ViewState::focusedHeadChanged, this, [this](int head) {
    showQuietly(m_headChips, &HeadChipsWidget::setFocusedHead, head);
    refreshViews();
  });
  connect(m_state, &ViewState::generationStepsChanged, this, &MainWindow::updateGenerationStepper);
  connect(m_state, &ViewState::generationStepChanged, this, [this](int step) {
    if (step >= 0) showQuietly(m_generationStepper, &StepperWidget::setCurrentIndex, step);
    refreshViews();
  });
  connect(m_state, &ViewState::thresholdChanged, this, &MainWindow::showThreshold);
  connect(m_state, &ViewState::focusTokenChanged, this, &MainWindow::showFocusToken);
}

void MainWindow::openStartupModel(const QString &commandLineFolder) {
  const QString fallback = defaultModelFolder();
  QString folder = commandLineFolder.isEmpty() ? QString() : locateStartupModel(commandLineFolder);
  if (commandLineFolder.isEmpty()) folder = QSettings().value(keys::lastModel).toString();
  if (folder.isEmpty() || !isModelPath(folder)) folder = fallback;
  if (folder.isEmpty()) {
    statusBar()->showMessage(tr("No bundled model found: open a model folder with File ▸ Open."));
    m_wordGraph->setPlaceholder(tr("Open a model folder with File ▸ Open (Ctrl+O), or drop one on this window."));
    return;
  }
  if (folder != fallback) m_startupFallback = fallback;
  openModel(folder);
}

void MainWindow::openModel(const QString &folder) {
  detachTraining();  // the run's next snapshot must not replace the model asked for
  m_timeline->dropPendingShow();  // nor a checkpoint still loading from before
  statusBar()->showMessage(tr("Loading model %1…").arg(QDir::toNativeSeparators(folder)));
  m_statusLabel->setText(tr("Loading…"));
  m_controller->loadModel(folder, memoryBudgetBytes(m_state->preferences().memoryBudgetMb));
}

void MainWindow::chooseModelFolder() {
  const QString start = modelFolder().isEmpty() ? QString() : QFileInfo(modelFolder()).absolutePath();
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start);
  if (!folder.isEmpty()) openModel(folder);
}

void MainWindow::chooseModelFile() {
  const QString start = modelFolder().isEmpty() ? QString() : QFileInfo(modelFolder()).absolutePath();
  const QString file = QFileDialog::getOpenFileName(this, tr("Open GGUF File"), start,
                                                    tr("GGUF models (*.gguf);;All files (*)"));
  if (!file.isEmpty()) openModel(file);
}

void MainWindow::applyModel(std::shared_ptr<const core::Model> model, const QString &folder) {
  // Only the newest load gets here (AnalysisController drops the ones it superseded).
  m_startupFallback.clear();
  const bool hadModel = m_state->model() != nullptr;
  const std::optional<QString> previousTask = hadModel ? taskName(m_state->model()->spec()) : std::nullopt;
  {
    const QScopedValueRollback applying(m_applyingModel, true);
    m_state->setModel(std::move(model), folder);
    showModelWidgets();
  }
  // The old model's background work ends here: its overview tiles and slices would otherwise go on
  // reaching the views until the new model's first analysis replaces them.
  stopOverviewFill();
  dropViewSlices();
  const std::optional<QString> task = taskName(m_state->model()->spec());
  if (hadModel && task && task != previousTask) showTaskSample();
  if (m_rememberModel) addRecentModel(folder);
  updateTitle();
  statusBar()->showMessage(tr("Opened %1").arg(QString::fromStdString(m_state->model()->spec().name)), 4000);
  emit modelLoaded(folder);
  requestAnalysis();
}

void MainWindow::showTaskSample() {
  // A model trained on a built-in task knows only its task's tokens: the text the last model read
  // would be all <unk>. Show the task's sample, where its pattern forms (issue 18): the last
  // cross-attention of an encoder-decoder (reverse: the anti-diagonal), else the last layer.
  const std::optional<QString> sample = taskSampleInput(m_state->model()->spec());
  if (!sample) return;
  const core::ModelSpec &config = m_state->model()->spec();
  if (config.has_encoder() && config.has_decoder()) {
    m_state->setLayerStep({core::AttentionKind::DecoderCross, config.decoder_layers() - 1});
  } else if (config.has_decoder()) {
    m_state->setLayerStep({core::AttentionKind::DecoderSelf, config.decoder_layers() - 1});
  }
  m_state->setTargetText(QString());
  m_state->setSourceText(*sample);
}

void MainWindow::showModelWidgets() {
  const core::ModelSpec &config = m_state->model()->spec();
  m_modelPanel->showModel(*m_state->model(), m_state->modelFolder());
  const bool encoderDecoder = m_state->isEncoderDecoder();
  m_input->setArchitecture(config.architecture, encoderDecoder && config.has_output_head);
  m_generationStepper->setVisible(encoderDecoder);
  m_previousGenerationStep->setEnabled(encoderDecoder);
  m_nextGenerationStep->setEnabled(encoderDecoder);
  m_overview->setKinds(attentionKinds(config));
  QStringList stepNames;
  for (const LayerStep &step : m_state->steps()) stepNames << describeStep(step);
  // One refresh for the whole change, after the analysis arrives.
  const QSignalBlocker chips(m_headChips);
  const QSignalBlocker steps(m_layerStepper);
  const QSignalBlocker generation(m_generationStepper);
  m_generationStepper->setItems({}, 0);
  m_headChips->setHeadCount(config.heads());
  if (!m_state->steps().empty()) {
    const LayerStep first = m_state->steps().front();
    m_headChips->setKeyValueHeads(config.attention(first.kind, first.layer).kv_heads);
  }
  m_layerStepper->setItems(stepNames, m_state->layerIndex());
}

void MainWindow::reportLoadFailure(const QString &folder, const QString &message) {
  m_statusLabel->clear();
  statusBar()->showMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(folder)), 6000);
  // Window-modal and non-blocking: the current model stays open and usable behind it.
  auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Model"),
                              tr("The model in %1 could not be opened.").arg(QDir::toNativeSeparators(folder)),
                              QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("loadErrorBox"));
  box->setInformativeText(message);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  emit modelLoadFailed(folder, message);
  if (!m_state->model() && !m_startupFallback.isEmpty()) {
    const QString fallback = m_startupFallback;
    m_startupFallback.clear();
    openModel(fallback);
  }
}

void MainWindow::inputSettled() {
  {
    const QScopedValueRollback syncing(m_syncingInput, true);
    m_state->setSourceText(m_input->sourceText());
    m_state->setTargetText(m_input->targetText());
    m_state->setPairText(m_input->pairText());
  }
  requestAnalysis();  // also for unchanged text: the user asked
}

void MainWindow::showStateText() {
  if (m_syncingInput) return;
  // Text set through the state (a lesson step, a session): the fields show it, without settling.
  const QScopedValueRollback syncing(m_syncingInput, true);
  const QSignalBlocker source(m_input->sourceEdit());
  const QSignalBlocker target(m_input->targetEdit());
  const QSignalBlocker pair(m_input->pairEdit());
  if (m_input->sourceText() != m_state->sourceText()) m_input->sourceEdit()->setText(m_state->sourceText());
  if (m_input->pairText() != m_state->pairText()) m_input->pairEdit()->setText(m_state->pairText());
  if (m_input->targetText() != m_state->targetText()) m_input->targetEdit()->setText(m_state->targetText());
  requestAnalysis();
}

void MainWindow::requestAnalysis() {
  if (!m_state->model()) return;
  AnalysisRequest request;
  request.model = m_state->model();
  request.source = m_state->sourceText().toStdString();
  request.sourcePair = m_state->pairText().toStdString();
  if (m_state->isEncoderDecoder()) request.target = m_state->targetText().toStdString();
  request.edits = m_state->tokenEdits();
  request.positionalEncoding = m_state->positionalEncoding();
  const Preferences &preferences = m_state->preferences();
  request.precision = core::parse_precision(preferences.precision.toStdString()).value_or(core::Precision::Exact);
  request.threads = preferences.threads;
  request.memoryBudget = memoryBudgetBytes(preferences.memoryBudgetMb);
  request.denseAttentionLimit = m_denseAttentionLimit;
  m_controller->analyse(std::move(request));
  m_headAnalysis->analysisRequested();
  m_statusLabel->setText(tr("Computing attention…"));
  m_progress->start(tr("Computing attention"));
}

void MainWindow::requestGeneration() {
  // Greedy output is what an empty target shows; Generate also writes it into the field.
  m_fillTargetWithGeneration = true;
  {
    const QScopedValueRollback syncing(m_syncingInput, true);
    m_input->fillTarget(QString());
    m_state->setTargetText(QString());
  }
  requestAnalysis();
}

void MainWindow::applyAnalysis(std::shared_ptr<const Analysis> analysis) {
  // A result for a model the user has since replaced is as stale as one for old text.
  if (!m_state->setAnalysis(analysis)) return;
  if (m_fillTargetWithGeneration && analysis->generated) {
    const QScopedValueRollback syncing(m_syncingInput, true);
    m_input->fillTarget(analysis->generatedText);
    m_state->setTargetText(analysis->generatedText);
  }
  m_fillTargetWithGeneration = false;
  showAnalysisStatus();
  refreshViews();
  // The PE setting changed while this was computing: the result lacks the trace now shown.
  if (analysis->error.isEmpty() && !m_controller->isBusy() && !m_state->analysisCoversEncoding()) requestAnalysis();
}

void MainWindow::showAnalysisStatus() {
  const Analysis &analysis = *m_state->analysis();
  const core::ModelSpec &config = m_state->model()->spec();
  if (config.has_encoder()) {
    m_input->showTokens(tokenSequence(analysis.source), tokenSequence(analysis.target), analysis.generated,
                        config.max_positions);
  } else {
    m_input->showTokens(tokenSequence(analysis.target), {}, false, config.max_positions);
  }
  m_input->showPrediction(analysis.prediction, tokenSequence(analysis.source));
  if (!analysis.error.isEmpty()) {
    m_statusLabel->setText(tr("Cannot compute"));
    statusBar()->showMessage(analysis.error);
    return;
  }
  QString summary = config.has_encoder() ? tr("%n source token(s)", nullptr, static_cast<int>(analysis.source.size()))
                                         : tr("%n token(s)", nullptr, static_cast<int>(analysis.target.size()));
  if (m_state->isEncoderDecoder()) {
    summary += tr(", %n target token(s)", nullptr, static_cast<int>(analysis.target.size()));
  }
  m_statusLabel->setText(tr("%1 · computed in %2 ms").arg(summary).arg(analysis.milliseconds, 0, 'f', 1));
  statusBar()->clearMessage();
}

void MainWindow::encodingChanged() {
  // The result in hand may already hold the trace the new setting needs. Not while a request is
  // in flight: it carries the old setting (applyAnalysis asks again if its result falls short).
  if (m_state->analysis() && !m_controller->isBusy() && m_state->analysisCoversEncoding()) refreshViews();
  else requestAnalysis();
}

void MainWindow::updateGenerationStepper() {
  // The labels always come from the result on show, so the dropdown never names an old token.
  QStringList items;
  if (m_state->generationStepCount() > 0) {
    const TokenSequence target = tokenSequence(m_state->analysis()->target);
    for (int t = 0; t < target.tokens.size(); ++t) {
      items << (t == 0 ? tr("Start: “%1”").arg(target.tokens[0].text)
                       : tr("Step %1: “%2”").arg(t).arg(target.tokens[t].text));
    }
  }
  const QSignalBlocker blocker(m_generationStepper);
  m_generationStepper->setItems(items, std::max(m_state->generationStep(), 0));
}

bool MainWindow::isComputing() const {
  // the views' own figures too: the Attention tab's slices, the What If tab's difference figure
  // and the Heads tab's ablation thumbnails (all built on their lanes)
  return m_controller->isBusy() || m_runner->isBusy(JobLane::Slices) || m_runner->isBusy(JobLane::Difference) ||
         m_runner->isBusy(JobLane::AblationSlices);
}

void MainWindow::refreshViews() {
  if (m_applyingModel) return;
  const std::shared_ptr<const Analysis> analysis = m_state->analysis();
  const std::shared_ptr<const core::Model> model = m_state->model();
  m_headAnalysis->setAnalysis(analysis, m_state->positionalEncoding());  // recomputes only what changed
  const LayerStep step = m_state->layerStep();
  // The chips group the query heads that share a key/value head in the layer on show.
  if (model && step.layer >= 0 && step.layer < model->spec().layers(step.kind)) {
    m_headChips->setKeyValueHeads(model->spec().attention(step.kind, step.layer).kv_heads);
  }
  // A method other than raw draws its own matrices, once they have arrived and cover this layer.
  const std::shared_ptr<const MethodTrace> method = m_state->methodTrace();
  const bool raw = m_state->method() == core::AttentionMethod::Raw;
  const bool methodMissing = !raw && (!method || !method->error.isEmpty() ||
                                      !core::method_covers(m_state->method(), step.kind));
  if (!analysis || !analysis->error.isEmpty() || m_state->steps().empty() || methodMissing) {
    const QString message = !analysis                      ? tr("Computing attention…")
                            : analysis->error.isEmpty() && methodMissing ? methodPlaceholder()
                                                                         : analysis->error;
    m_wordGraph->setSlice({});
    m_wordGraph->setPlaceholder(message);
    m_heatmap->setSlice({}, 0);
    m_heatmap->setPlaceholder(message);
    m_smallMultiples->setThumbnails({}, {}, {});
    dropViewSlices();
    stopOverviewFill();
    m_overview->clear();
    showFocusToken();
    emit viewsUpdated();
    return;
  }
  SliceOptions options;
  options.positionalEncoding = m_state->positionalEncoding();
  options.decoderLength = m_state->isEncoderDecoder() && m_state->generationStep() >= 0 && !m_state->isLastGenerationStep()
                              ? m_state->generationStep() + 1
                              : -1;
  if (!raw) {
    options.methodTrace = &method->trace;
    options.method = method->method;
    options.methodNote = sampleCaption(method->queries, method->queryRows);
    options.methodHeads = method->heads;
  }
  options.reading = m_state->reading();
  // The slices are built on the JobRunner's Slices lane and drawn when they arrive
  // (main_window_long_input.cpp). A long input (its trace on demand, every α̂ recomputed) keeps
  // lines instead of matrices for the heads the heatmap does not draw.
  std::optional<LongTextViews> longText;
  if (const core::AttentionTrace *pass = analysis->trace(options.positionalEncoding); pass && !pass->is_dense()) {
    // what the word graph draws of every head but the heatmap's (view_slices.h: LongTextViews)
    LongTextViews views;
    views.keepHead = m_state->focusedHead();
    views.lineKeys = kTopKeysOfLongText;
    views.linesFrom = kAllKeysUpTo;
    views.topP = m_wordGraph->topP();
    longText = views;
  }
  requestViewSlices(analysis, raw ? nullptr : method, step, options, longText);
}

void MainWindow::showViewSlices(const std::shared_ptr<const ViewSlices> &shown) {
  const ViewSlices &slices = *shown;
  const AttentionSlice &weights = slices.weights;
  // The word graph and the heatmap share these slices' weights, not copies: a long input's head is
  // 64 MiB at 4,096 tokens, and each copy faulted in a fresh block on the GUI thread (about 0.3 s;
  // bench_views --long, docs/performance.md).
  const std::shared_ptr<const AttentionSlice> sharedWeights(shown, &shown->weights);
  // Hiding special tokens (or the chosen one) may leave a short text no row or column: the views
  // say so rather than keep an older placeholder such as "Computing attention…".
  if (weights.empty()) {
    const QString nothingLeft = tr("The Reading options hide every token here: nothing to draw.");
    m_wordGraph->setPlaceholder(nothingLeft);
    m_heatmap->setPlaceholder(nothingLeft);
  }
  // A per-layer method's one matrix stands for every head.
  const QVector<bool> visible = weights.perLayer() ? QVector<bool>{true} : m_state->visibleHeads();
  m_wordGraph->shareSlice(sharedWeights);
  m_wordGraph->setVisibleHeads(visible);
  // A long text draws each query's heaviest keys only: all of them would be a solid wedge.
  m_wordGraph->setTopKeys(weights.cols() > kAllKeysUpTo ? kTopKeysOfLongText : 0);

  const AttentionSlice &heatmapSlice = weights;
  const int head = heatmapSlice.perLayer() ? 0 : m_state->focusedHead();
  m_heatmap->shareSlice(sharedWeights, head);
  QStringList headCaptions;
  if (heatmapSlice.perLayer()) headCaptions << perLayerName(heatmapSlice.method, heatmapSlice.methodHeads);
  else for (int h = 0; h < heatmapSlice.headCount(); ++h) headCaptions << tr("Head %1").arg(h + 1);
  QVector<Thumbnail> thumbnails = slices.thumbnails;
  for (int h = 0; h < thumbnails.size(); ++h) {
    thumbnails[h].selected = h == head;
    thumbnails[h].dimmed = h < visible.size() && !visible[h];
  }
  m_smallMultiples->setThumbnails(thumbnails, {tr("Layer %1").arg(heatmapSlice.step.layer + 1)}, headCaptions);
  m_smallMultiples->setColumnGroupSize(heatmapSlice.groupSize());
  refreshOverview();
  // The focused token is the user's choice and stays in the view state: a view shows it while it
  // has that row. At a decoder's generation step the views draw only the rows up to the step, and
  // the living diagram shows a later query chosen since (issue 17); a shorter text's diagram shows
  // its last query and says so.
  showFocusToken();
  emit viewsUpdated();
}

void MainWindow::refreshOverview() {
  // Thumbnails of every layer cost the most to build, so only while the overview is on screen; the
  // JobRunner builds them (fillOverview), a dense trace's as a long input's.
  const std::shared_ptr<const Analysis> analysis = m_state->analysis();
  if (m_tabs->currentWidget() != m_overview || !analysis || !analysis->error.isEmpty()) return;
  SliceOptions options;
  options.positionalEncoding = m_state->positionalEncoding();
  const core::AttentionKind kind = m_overview->currentKind();
  // The overview follows the method switch too; until its matrices arrive it shows nothing.
  const std::shared_ptr<const MethodTrace> method = m_state->methodTrace();
  const bool raw = m_state->method() == core::AttentionMethod::Raw;
  if (!raw) {
    if (!method || !method->error.isEmpty() || !core::method_covers(method->method, kind)) {
      stopOverviewFill();
      m_overview->clear();
      return;
    }
    options.methodTrace = &method->trace;
    options.method = method->method;
    options.methodNote = sampleCaption(method->queries, method->queryRows);
    options.methodHeads = method->heads;
  }
  options.reading = m_state->reading();
  fillOverview(analysis, kind, options, raw ? nullptr : method);
}

void MainWindow::showFocusToken() {
  // The pointer highlight: a query row, emphasised in the word graph and the heatmap.
  // Shown quietly: a token past the rows on show unpins the graph's, which must not be reported
  // back as the user's choice of none.
  const int token = m_state->focusToken();
  const QSignalBlocker quiet(m_wordGraph);
  if (token >= 0) m_wordGraph->setPinnedToken({TokenSide::Query, token});
  else if (m_wordGraph->pinnedToken().side == TokenSide::Query) m_wordGraph->setPinnedToken({});
  m_heatmap->setHighlightedQuery(token);
}

void MainWindow::wordGraphTokenFocused() {
  const TokenRef pinned = m_wordGraph->pinnedToken();
  m_state->setFocusToken(pinned.valid() && pinned.side == TokenSide::Query ? pinned.index : -1);
}

void MainWindow::overviewHeadActivated(core::AttentionKind kind, int layer, int head) {
  m_state->setLayerStep({kind, layer});
  m_headChips->showHeadAlone(head);
  m_tabs->setCurrentIndex(0);
}

void MainWindow::showThreshold(double threshold) {
  {
    const QSignalBlocker blocker(m_threshold);
    m_threshold->setValue(static_cast<int>(std::lround(threshold * 100)));
  }
  m_thresholdValue->setText(QString::number(threshold, 'f', 2));
  m_wordGraph->setThreshold(static_cast<float>(threshold));
}

void MainWindow::addRecentModel(const QString &folder) {
  QSettings settings;
  QStringList recent = settings.value(keys::recentModels).toStringList();
  const QString path = QFileInfo(folder).absoluteFilePath();
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > kMaxRecentModels) recent.removeLast();
  settings.setValue(keys::recentModels, recent);
  settings.setValue(keys::lastModel, path);
  updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
  m_recentMenu->clear();
  const QStringList recent = QSettings().value(keys::recentModels).toStringList();
  for (const QString &folder : recent) {
    QAction *action = m_recentMenu->addAction(QFileInfo(folder).fileName());
    action->setToolTip(QDir::toNativeSeparators(folder));
    connect(action, &QAction::triggered, this, [this, folder] { openModel(folder); });
  }
  m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings() {
  QSettings settings;
  resize(1280, 820);
  restoreGeometry(settings.value(keys::geometry).toByteArray());
  restoreState(settings.value(keys::state).toByteArray());
  m_viewSplitter->restoreState(settings.value(keys::viewSplitter).toByteArray());
  m_heatmapSplitter->restoreState(settings.value(keys::heatmapSplitter).toByteArray());
  // The Settings dialog's defaults of the views are where the window starts.
  const Preferences preferences = loadPreferences(settings);
  m_state->setPreferences(preferences);
  m_state->setPositionalEncoding(preferences.positionalEncoding);
  m_state->setPeDifference(preferences.peDifference);
  m_state->setThreshold(preferences.threshold);
  showThreshold(m_state->threshold());
  m_state->setWordLevel(preferences.words);
  m_state->setHideSpecialTokens(preferences.hideSpecial);
  m_state->setTopP(preferences.topP);
  m_state->setEdgeFilter(preferences.topPLines ? ViewState::EdgeFilter::TopP : ViewState::EdgeFilter::Threshold);
  // The first computation waits for the model.
  m_state->setSourceText(settings.value(keys::text, QString::fromUtf8(kDefaultText)).toString());
  showTheme();
}

void MainWindow::showTheme() {
  const Theme theme = themeFromKey(m_state->preferences().theme);
  for (QAction *action : m_themes->actions()) action->setChecked(action->data().toString() == themeKey(theme));
  if (theme != Theme::System || m_themeApplied) applyTheme(theme);
  m_themeApplied = m_themeApplied || theme != Theme::System;
}

void MainWindow::useThemeForThisRun(Theme theme) {
  Preferences preferences = m_state->preferences();
  preferences.theme = themeKey(theme);
  m_state->setPreferences(preferences);
  showTheme();
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(keys::geometry, saveGeometry());
  settings.setValue(keys::state, saveState());
  settings.setValue(keys::viewSplitter, m_viewSplitter->saveState());
  settings.setValue(keys::heatmapSplitter, m_heatmapSplitter->saveState());
  // The field, not the state: text typed just before closing has not settled yet.
  settings.setValue(keys::text, m_input->sourceText());
}

void MainWindow::showSettings() {
  auto *dialog = new SettingsDialog(m_state->preferences(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // Window-modal and non-blocking, like every dialog of the window (tests and presenters never wait on it).
  connect(dialog, &QDialog::accepted, this, [this, dialog] { applyPreferences(dialog->preferences()); });
  dialog->open();
}

QString MainWindow::applyPreferences(const Preferences &preferences) {
  const QString oldLanguage = m_state->preferences().language;
  QSettings settings;
  const QString error = savePreferences(settings, preferences);
  m_state->setPreferences(preferences);
  showTheme();
  if (!error.isEmpty()) {
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Save Settings"), error, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("settingsErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  } else if (preferences.language != oldLanguage) {
    statusBar()->showMessage(tr("The new language is used from the next start."), 6000);
  }
  return error;
}

void MainWindow::updateTitle() {
  setWindowTitle(m_state->model() ? tr("AttentionScope — %1").arg(QString::fromStdString(m_state->model()->spec().name))
                                  : tr("AttentionScope"));
}

void MainWindow::closeEvent(QCloseEvent *event) {
  if (!confirmCloseDuringTraining()) {
    event->ignore();
    return;
  }
  saveSettings();
  event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event) {
  if (!droppedFolder(event->mimeData()).isEmpty() || !droppedTextFile(event->mimeData()).isEmpty()) {
    event->acceptProposedAction();
  }
}

void MainWindow::dropEvent(QDropEvent *event) {
  const QString folder = droppedFolder(event->mimeData());
  const QString text = droppedTextFile(event->mimeData());
  if (folder.isEmpty() && text.isEmpty()) return;
  event->acceptProposedAction();
  if (!folder.isEmpty()) openModel(folder);
  else openTextFile(text);
}

}  // namespace ui
