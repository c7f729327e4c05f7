#include "main_window.h"

#include <algorithm>

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
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include "analysis_controller.h"
#include "attention_slice.h"
#include "head_analysis_widget.h"
#include "head_chips_widget.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "model_locator.h"
#include "model_overview_widget.h"
#include "model_panel.h"
#include "stepper_widget.h"
#include "theme.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "teaching_tools.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

constexpr int kMaxRecentModels = 8;
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
const char *const theme = "view/theme";
const char *const threshold = "view/threshold";
}  // namespace keys

// A dropped URL list that is exactly one local folder.
QString droppedFolder(const QMimeData *mime) {
  if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
  const QString path = mime->urls().front().toLocalFile();
  return QFileInfo(path).isDir() ? path : QString();
}

}  // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_controller(new AnalysisController(this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("AttentionScope"));
  setAcceptDrops(true);
  createActions();
  createCentralWidget();
  createDock();
  createTraining();
  createMenus();
  connectViews();
  m_statusLabel = new QLabel(this);
  statusBar()->addPermanentWidget(m_statusLabel);
  restoreSettings();
  // After the settings: its lesson bar starts hidden, whatever the saved layout says.
  m_teaching = new TeachingTools(this);

  connect(m_controller, &AnalysisController::modelLoaded, this, &MainWindow::applyModel);
  connect(m_controller, &AnalysisController::modelLoadFailed, this, &MainWindow::reportLoadFailure);
  connect(m_controller, &AnalysisController::analysisReady, this, &MainWindow::applyAnalysis);
  connect(m_controller, &AnalysisController::busyChanged, this, [this](bool busy) {
    if (busy) QApplication::setOverrideCursor(Qt::BusyCursor);
    else QApplication::restoreOverrideCursor();
  });
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
  m_open = new QAction(style()->standardIcon(QStyle::SP_DirOpenIcon), tr("&Open Model…"), this);
  m_open->setShortcut(QKeySequence::Open);
  m_open->setToolTip(tr("Open a model folder (config.json, model.safetensors and tokenizer files)"));
  m_open->setStatusTip(m_open->toolTip());
  connect(m_open, &QAction::triggered, this, &MainWindow::chooseModelFolder);

  m_quit = new QAction(tr("&Quit"), this);
  m_quit->setShortcut(QKeySequence::Quit);
  connect(m_quit, &QAction::triggered, this, &QWidget::close);

  m_positionalEncoding = new QAction(tr("&Positional Encoding"), this);
  m_positionalEncoding->setCheckable(true);
  m_positionalEncoding->setChecked(true);
  m_positionalEncoding->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  m_positionalEncoding->setToolTip(tr("Add the positional encoding to the token embeddings (Ctrl+E). Off: every view "
                                      "is recomputed as if the model had no position information."));
  m_positionalEncoding->setStatusTip(m_positionalEncoding->toolTip());
  connect(m_positionalEncoding, &QAction::toggled, this, &MainWindow::encodingChanged);

  m_difference = new QAction(tr("PE &Difference"), this);
  m_difference->setCheckable(true);
  m_difference->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
  m_difference->setToolTip(tr("Heatmaps show α̂ with the positional encoding minus α̂ without it (Ctrl+D): red "
                              "where position information raised a weight, blue where it lowered it."));
  m_difference->setStatusTip(m_difference->toolTip());
  connect(m_difference, &QAction::toggled, this, &MainWindow::encodingChanged);

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
    connect(action, &QAction::triggered, this, [theme] { applyTheme(theme); });
  }

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
  QMenu *file = menuBar()->addMenu(tr("&File"));
  file->setObjectName(QStringLiteral("fileMenu"));
  file->addAction(m_open);
  file->addAction(m_openSeries);
  m_recentMenu = file->addMenu(tr("Open &Recent"));
  m_recentMenu->setToolTipsVisible(true);
  file->addSeparator();
  file->addAction(m_quit);

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
  m_viewSplitter->addWidget(m_wordGraph);
  m_viewSplitter->addWidget(m_heatmapSplitter);
  m_tabs = new QTabWidget(central);
  m_tabs->addTab(m_viewSplitter, tr("Attention"));
  m_tabs->addTab(m_overview, tr("Model Overview"));
  m_tabs->setTabToolTip(0, tr("Word graph and heatmap of the chosen layer and heads (Ctrl+1)"));
  m_tabs->setTabToolTip(1, tr("Every layer and head at a glance (Ctrl+2)"));
  m_headAnalysis = new HeadAnalysisWidget(central);
  m_headAnalysis->setObjectName(QStringLiteral("headAnalysis"));
  m_tabs->setTabToolTip(m_tabs->addTab(m_headAnalysis, tr("Heads")),
                        tr("What each head does, in numbers: distance, entropy, classes, similarity, rollout, ablation"));

  auto *steppers = new QHBoxLayout;
  steppers->addWidget(m_layerStepper, 3);
  steppers->addSpacing(16);
  steppers->addWidget(m_generationStepper, 2);
  auto *heads = new QHBoxLayout;
  heads->addWidget(m_headChips, 1);
  auto *thresholdLabel = new QLabel(tr("Hide lines below"), central);
  thresholdLabel->setToolTip(m_threshold->toolTip());
  heads->addWidget(thresholdLabel);
  heads->addWidget(m_threshold);
  heads->addWidget(m_thresholdValue);

  auto *layout = new QVBoxLayout(central);
  layout->addWidget(m_input);
  layout->addLayout(steppers);
  layout->addLayout(heads);
  layout->addWidget(m_tabs, 1);
  setCentralWidget(central);
  setThreshold(m_threshold->value());
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
  connect(m_input, &InputPanel::inputSettled, this, &MainWindow::requestAnalysis);
  connect(m_input, &InputPanel::generateRequested, this, &MainWindow::requestGeneration);
  connect(m_previousLayer, &QAction::triggered, m_layerStepper, &StepperWidget::previous);
  connect(m_nextLayer, &QAction::triggered, m_layerStepper, &StepperWidget::next);
  connect(m_playLayers, &QAction::toggled, m_layerStepper, &StepperWidget::setPlaying);
  connect(m_layerStepper, &StepperWidget::playingChanged, m_playLayers, &QAction::setChecked);
  connect(m_previousGenerationStep, &QAction::triggered, m_generationStepper, &StepperWidget::previous);
  connect(m_nextGenerationStep, &QAction::triggered, m_generationStepper, &StepperWidget::next);
  connect(m_layerStepper, &StepperWidget::currentIndexChanged, this, &MainWindow::refreshViews);
  connect(m_generationStepper, &StepperWidget::currentIndexChanged, this, &MainWindow::refreshViews);
  connect(m_headChips, &HeadChipsWidget::visibleHeadsChanged, this, &MainWindow::refreshViews);
  connect(m_headChips, &HeadChipsWidget::focusedHeadChanged, this, &MainWindow::refreshViews);
  connect(m_threshold, &QSlider::valueChanged, this, &MainWindow::setThreshold);
  connect(m_smallMultiples, &ThumbnailGrid::thumbnailClicked, this,
          [this](int, int head) { m_headChips->setFocusedHead(head); });
  connect(m_overview, &ModelOverviewWidget::kindChanged, this, &MainWindow::refreshOverview);
  connect(m_overview, &ModelOverviewWidget::headActivated, this, &MainWindow::overviewHeadActivated);
  connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::refreshOverview);
  connect(m_headAnalysis, &HeadAnalysisWidget::headSelected, this, [this](core::AttentionKind kind, int layer, int head) {
    showLayerStep({kind, layer});
    m_headChips->setFocusedHead(head);
  });
  connect(m_headAnalysis, &HeadAnalysisWidget::classesChanged, this, &MainWindow::refreshOverview);
  connect(m_showAttention, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(0); });
  connect(m_showOverview, &QAction::triggered, this, [this] { m_tabs->setCurrentIndex(1); });
}

void MainWindow::openStartupModel(const QString &commandLineFolder) {
  const QString fallback = defaultModelFolder();
  QString folder = commandLineFolder;
  if (folder.isEmpty()) folder = QSettings().value(keys::lastModel).toString();
  if (folder.isEmpty() || !QFileInfo(folder).isDir()) folder = fallback;
  if (folder.isEmpty()) {
    statusBar()->showMessage(tr("No bundled model found: open a model folder with File ▸ Open."));
    m_wordGraph->setPlaceholder(tr("Open a model folder with File ▸ Open (Ctrl+O), or drop one on this window."));
    return;
  }
  if (folder != fallback) m_startupFallback = fallback;
  openModel(folder);
}

void MainWindow::openModel(const QString &folder) {
  statusBar()->showMessage(tr("Loading model %1…").arg(QDir::toNativeSeparators(folder)));
  m_statusLabel->setText(tr("Loading…"));
  m_controller->loadModel(folder);
}

void MainWindow::chooseModelFolder() {
  const QString start = m_modelFolder.isEmpty() ? QString() : QFileInfo(m_modelFolder).absolutePath();
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), start);
  if (!folder.isEmpty()) openModel(folder);
}

void MainWindow::applyModel(std::shared_ptr<const core::Model> model, const QString &folder) {
  m_model = std::move(model);
  m_modelFolder = folder;
  m_analysis.reset();
  m_startupFallback.clear();
  const core::ModelSpec &config = m_model->spec();
  m_modelPanel->showModel(*m_model, folder);
  const bool canGenerate = config.architecture == core::Architecture::EncoderDecoder && m_model->spec().has_output_head;
  m_input->setArchitecture(config.architecture, canGenerate);
  const bool encoderDecoder = config.architecture == core::Architecture::EncoderDecoder;
  m_generationStepper->setVisible(encoderDecoder);
  m_previousGenerationStep->setEnabled(encoderDecoder);
  m_nextGenerationStep->setEnabled(encoderDecoder);
  m_generationStepper->setItems({}, 0);

  m_steps = layerSteps(config);
  QStringList stepNames;
  for (const LayerStep &step : m_steps) stepNames << describeStep(step);
  m_overview->setKinds(attentionKinds(config));
  {
    // One refresh for the whole change, after the analysis arrives.
    const QSignalBlocker chips(m_headChips);
    const QSignalBlocker steps(m_layerStepper);
    m_headChips->setHeadCount(config.heads());
    if (!m_steps.empty()) {
      m_headChips->setKeyValueHeads(config.attention(m_steps.front().kind, m_steps.front().layer).kv_heads);
    }
    m_layerStepper->setItems(stepNames, 0);
  }
  if (m_rememberModel) addRecentModel(folder);
  updateTitle();
  statusBar()->showMessage(tr("Opened %1").arg(QString::fromStdString(config.name)), 4000);
  emit modelLoaded(folder);
  requestAnalysis();
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
  if (!m_model && !m_startupFallback.isEmpty()) {
    const QString fallback = m_startupFallback;
    m_startupFallback.clear();
    openModel(fallback);
  }
}

void MainWindow::requestAnalysis() {
  if (!m_model) return;
  AnalysisRequest request;
  request.model = m_model;
  request.source = m_input->sourceText().toStdString();
  if (m_model->spec().architecture == core::Architecture::EncoderDecoder) {
    request.target = m_input->targetText().toStdString();
  }
  request.positionalEncoding = m_positionalEncoding->isChecked();
  request.bothEncodings = m_difference->isChecked();
  m_controller->analyse(std::move(request));
  m_headAnalysis->analysisRequested();
  m_statusLabel->setText(tr("Computing attention…"));
}

void MainWindow::requestGeneration() {
  // Greedy output is what an empty target shows; Generate also writes it into the field.
  m_fillTargetWithGeneration = true;
  m_input->fillTarget(QString());
  requestAnalysis();
}

void MainWindow::applyAnalysis(std::shared_ptr<const Analysis> analysis) {
  // A result for a model the user has since replaced is as stale as one for old text.
  if (analysis->model != m_model) return;
  m_analysis = std::move(analysis);
  if (m_fillTargetWithGeneration && m_analysis->generated) m_input->fillTarget(m_analysis->generatedText);
  m_fillTargetWithGeneration = false;

  const int maxPositions = m_model->spec().max_positions;
  if (m_model->spec().has_encoder()) {
    m_input->showTokens(tokenSequence(m_analysis->source), tokenSequence(m_analysis->target), m_analysis->generated,
                        maxPositions);
  } else {
    m_input->showTokens(tokenSequence(m_analysis->target), {}, false, maxPositions);
  }
  m_input->showPrediction(m_analysis->prediction, tokenSequence(m_analysis->source));
  if (!m_analysis->error.isEmpty()) {
    m_statusLabel->setText(tr("Cannot compute"));
    statusBar()->showMessage(m_analysis->error);
  } else {
    QString summary = m_model->spec().has_encoder()
                          ? tr("%n source token(s)", nullptr, static_cast<int>(m_analysis->source.size()))
                          : tr("%n token(s)", nullptr, static_cast<int>(m_analysis->target.size()));
    if (m_model->spec().architecture == core::Architecture::EncoderDecoder) {
      summary += tr(", %n target token(s)", nullptr, static_cast<int>(m_analysis->target.size()));
    }
    m_statusLabel->setText(tr("%1 · computed in %2 ms").arg(summary).arg(m_analysis->milliseconds, 0, 'f', 1));
    statusBar()->clearMessage();
  }
  updateGenerationStepper();
  refreshViews();
}

void MainWindow::encodingChanged() {
  // The result in hand may already hold the trace the new setting needs.
  const bool needOn = m_positionalEncoding->isChecked() || m_difference->isChecked();
  const bool needOff = !m_positionalEncoding->isChecked() || m_difference->isChecked();
  const bool generatedWithOtherSetting = m_analysis && m_analysis->generated && !m_analysis->trace(m_positionalEncoding->isChecked());
  // Not while a request is in flight: it carries the old setting, and its result, arriving after
  // this refresh, would lack the trace the views now need (blank views, no message).
  if (m_analysis && !isComputing() && (!needOn || m_analysis->withPe) && (!needOff || m_analysis->withoutPe) &&
      !generatedWithOtherSetting) {
    refreshViews();
  } else {
    requestAnalysis();
  }
}

void MainWindow::updateGenerationStepper() {
  if (!m_model || m_model->spec().architecture != core::Architecture::EncoderDecoder || !m_analysis) return;
  const TokenSequence target = tokenSequence(m_analysis->target);
  QStringList items;
  for (int t = 0; t < target.tokens.size(); ++t) {
    items << (t == 0 ? tr("Start: “%1”").arg(target.tokens[0].text)
                     : tr("Step %1: “%2”").arg(t).arg(target.tokens[t].text));
  }
  if (items.size() == m_generationStepper->count()) return;  // same length: keep the user's step
  const QSignalBlocker blocker(m_generationStepper);
  m_generationStepper->setItems(items, static_cast<int>(items.size()) - 1);
}

LayerStep MainWindow::currentStep() const {
  const int index = m_layerStepper->currentIndex();
  return index >= 0 && index < static_cast<int>(m_steps.size()) ? m_steps[static_cast<std::size_t>(index)] : LayerStep{};
}

bool MainWindow::isComputing() const { return m_controller->isBusy(); }

void MainWindow::showLayerStep(const LayerStep &step) {
  const auto found = std::find(m_steps.begin(), m_steps.end(), step);
  if (found != m_steps.end()) m_layerStepper->setCurrentIndex(static_cast<int>(found - m_steps.begin()));
}

void MainWindow::refreshViews() {
  m_headAnalysis->setAnalysis(m_analysis, m_positionalEncoding->isChecked());  // recomputes only what changed
  const LayerStep shown = currentStep();
  // The chips group the query heads that share a key/value head in the layer on show. (While a
  // new model is applied, the steps may still be the old model's.)
  if (m_model && shown.layer >= 0 && shown.layer < m_model->spec().layers(shown.kind)) {
    m_headChips->setKeyValueHeads(m_model->spec().attention(shown.kind, shown.layer).kv_heads);
  }
  if (!m_analysis || !m_analysis->error.isEmpty() || m_steps.empty()) {
    const QString message = m_analysis ? m_analysis->error : tr("Computing attention…");
    m_wordGraph->setSlice({});
    m_wordGraph->setPlaceholder(message);
    m_heatmap->setSlice({}, 0);
    m_heatmap->setPlaceholder(message);
    m_smallMultiples->setThumbnails({}, {}, {});
    m_overview->setLayers({});
    emit viewsUpdated();
    return;
  }
  SliceOptions options;
  options.positionalEncoding = m_positionalEncoding->isChecked();
  const int generationStep = m_generationStepper->currentIndex();
  const bool stepping = !m_generationStepper->isHidden() && generationStep >= 0 &&
                        generationStep < m_generationStepper->count() - 1;
  options.decoderLength = stepping ? generationStep + 1 : -1;

  const LayerStep step = currentStep();
  const AttentionSlice weights = makeSlice(*m_analysis, step, options);
  m_wordGraph->setSlice(weights);
  m_wordGraph->setVisibleHeads(m_headChips->visibleHeads());

  options.scale = m_difference->isChecked() ? ValueScale::Difference : ValueScale::Weights;
  const AttentionSlice heatmapSlice = options.scale == ValueScale::Weights ? weights : makeSlice(*m_analysis, step, options);
  const int head = m_headChips->focusedHead();
  m_heatmap->setSlice(heatmapSlice, head);
  QStringList headCaptions;
  for (int h = 0; h < heatmapSlice.headCount(); ++h) headCaptions << tr("Head %1").arg(h + 1);
  m_smallMultiples->setThumbnails(headThumbnails(heatmapSlice, m_headChips->visibleHeads(), head),
                                  {tr("Layer %1").arg(step.layer + 1)}, headCaptions);
  m_smallMultiples->setColumnGroupSize(heatmapSlice.groupSize());
  refreshOverview();
  emit viewsUpdated();
}

void MainWindow::refreshOverview() {
  // Thumbnails of every layer cost the most to build, so only while the overview is on screen.
  if (m_tabs->currentWidget() != m_overview || !m_analysis || !m_model) return;
  SliceOptions options;
  options.positionalEncoding = m_positionalEncoding->isChecked();
  options.scale = m_difference->isChecked() ? ValueScale::Difference : ValueScale::Weights;
  const core::AttentionKind kind = m_overview->currentKind();
  std::vector<AttentionSlice> layers;
  for (int layer = 0; layer < layerCount(m_model->spec(), kind); ++layer) {
    layers.push_back(makeSlice(*m_analysis, {kind, layer}, options));
  }
  m_overview->setLayers(layers);
  m_overview->grid()->setBadges(m_headAnalysis->classBadges(kind));
}

void MainWindow::overviewHeadActivated(core::AttentionKind kind, int layer, int head) {
  showLayerStep({kind, layer});
  m_headChips->showHeadAlone(head);
  m_tabs->setCurrentIndex(0);
}

void MainWindow::setThreshold(int sliderValue) {
  const float threshold = sliderValue / 100.0f;
  m_thresholdValue->setText(QString::number(threshold, 'f', 2));
  m_wordGraph->setThreshold(threshold);
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
  m_threshold->setValue(settings.value(keys::threshold, m_threshold->value()).toInt());
  {
    // The first computation waits for the model.
    const QSignalBlocker blocker(m_input);
    m_input->sourceEdit()->setText(settings.value(keys::text, QString::fromUtf8(kDefaultText)).toString());
  }
  const Theme theme = themeFromKey(settings.value(keys::theme).toString());
  for (QAction *action : m_themes->actions()) action->setChecked(action->data().toString() == themeKey(theme));
  if (theme != Theme::System) applyTheme(theme);
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(keys::geometry, saveGeometry());
  settings.setValue(keys::state, saveState());
  settings.setValue(keys::viewSplitter, m_viewSplitter->saveState());
  settings.setValue(keys::heatmapSplitter, m_heatmapSplitter->saveState());
  settings.setValue(keys::threshold, m_threshold->value());
  settings.setValue(keys::text, m_input->sourceText());
  if (const QAction *theme = m_themes->checkedAction()) settings.setValue(keys::theme, theme->data());
}

void MainWindow::updateTitle() {
  setWindowTitle(m_model ? tr("AttentionScope — %1").arg(QString::fromStdString(m_model->spec().name))
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
  if (!droppedFolder(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event) {
  const QString folder = droppedFolder(event->mimeData());
  if (folder.isEmpty()) return;
  event->acceptProposedAction();
  openModel(folder);
}

}  // namespace ui
