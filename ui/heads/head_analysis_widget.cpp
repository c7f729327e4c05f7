#include "head_analysis_widget.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QScatterSeries>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "colour_scales.h"
#include "head_similarity_widget.h"
#include "heatmap_widget.h"
#include "layer_steps.h"
#include "thumbnail_grid.h"
#include "thumbnails.h"
#include "word_graph_widget.h"

namespace ui {

namespace {

// x along the bottom and y on the left, shared by every series the chart holds.
void attachAxes(QChart *chart, QAbstractAxis *x, QAbstractAxis *y) {
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (QAbstractSeries *series : chart->series()) {
    series->attachAxis(x);
    series->attachAxis(y);
  }
}

constexpr core::HeadClass kClasses[] = {core::HeadClass::Local, core::HeadClass::Global, core::HeadClass::Positional,
                                        core::HeadClass::Sink, core::HeadClass::Mixed};

QScatterSeries::MarkerShape classShape(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return QScatterSeries::MarkerShapeCircle;
    case core::HeadClass::Global: return QScatterSeries::MarkerShapeRectangle;
    case core::HeadClass::Positional: return QScatterSeries::MarkerShapeTriangle;
    case core::HeadClass::Sink: return QScatterSeries::MarkerShapeStar;
    case core::HeadClass::Mixed: return QScatterSeries::MarkerShapePentagon;
  }
  return QScatterSeries::MarkerShapeCircle;
}

QString number(std::optional<double> value, int decimals = 2) {
  return value ? QString::number(*value, 'f', decimals) : QStringLiteral("–");
}

QDoubleSpinBox *thresholdBox(double value, const QString &name, const QString &toolTip, QWidget *parent) {
  auto *box = new QDoubleSpinBox(parent);
  box->setObjectName(name);
  box->setRange(0.0, 1.0);
  box->setSingleStep(0.05);
  box->setDecimals(2);
  box->setValue(value);
  box->setToolTip(toolTip);
  return box;
}

QChartView *newChartView(QWidget *parent) {
  auto *view = new QChartView(parent);
  view->setRenderHint(QPainter::Antialiasing);
  view->setMinimumHeight(200);
  return view;
}

// The tokens a kind's queries and keys are, from the analysis.
const core::Tokenization &queryTokens(const Analysis &analysis, core::AttentionKind kind) {
  return kind == core::AttentionKind::EncoderSelf ? analysis.source : analysis.target;
}

}  // namespace

QColor headClassColour(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return QColor(0x2c, 0xa0, 0x2c);       // green: stays near
    case core::HeadClass::Global: return QColor(0x1f, 0x77, 0xb4);      // blue: the whole sentence
    case core::HeadClass::Positional: return QColor(0xff, 0x7f, 0x0e);  // orange: previous/next
    case core::HeadClass::Sink: return QColor(0x94, 0x67, 0xbd);        // purple: [CLS]/[SEP]/first
    case core::HeadClass::Mixed: return QColor(0x9a, 0x9a, 0x9a);       // grey
  }
  return Qt::gray;
}

QString headClassName(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return HeadAnalysisWidget::tr("local");
    case core::HeadClass::Global: return HeadAnalysisWidget::tr("global");
    case core::HeadClass::Positional: return HeadAnalysisWidget::tr("positional");
    case core::HeadClass::Sink: return HeadAnalysisWidget::tr("sink");
    case core::HeadClass::Mixed: return HeadAnalysisWidget::tr("mixed");
  }
  return {};
}

QString headLabel(const core::HeadRef &head) {
  const QString kind = head.kind == core::AttentionKind::EncoderSelf   ? HeadAnalysisWidget::tr("Enc")
                       : head.kind == core::AttentionKind::DecoderSelf ? HeadAnalysisWidget::tr("Dec")
                                                                       : HeadAnalysisWidget::tr("Cross");
  return HeadAnalysisWidget::tr("%1 L%2 H%3").arg(kind).arg(head.layer + 1).arg(head.head + 1);
}

HeadAnalysisWidget::HeadAnalysisWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent), m_controller(new HeadAnalysisController(runner, this)) {
  createControls();
  createPages();
  connect(m_controller, &HeadAnalysisController::analysisReady, this, &HeadAnalysisWidget::applyResult);
  connect(m_controller, &HeadAnalysisController::corpusFinished, this, &HeadAnalysisWidget::applyCorpus);
  connect(m_controller, &HeadAnalysisController::ablationReady, this, &HeadAnalysisWidget::applyAblation);
  connect(m_controller, &HeadAnalysisController::corpusProgress, this, [this](int done, int total) {
    m_corpusProgress->setRange(0, total);
    m_corpusProgress->setValue(done);
  });
  rebuild();
}

HeadAnalysisWidget::~HeadAnalysisWidget() = default;

void HeadAnalysisWidget::createControls() {
  m_kind = new QComboBox(this);
  m_kind->setObjectName(QStringLiteral("headsKind"));
  m_kind->setToolTip(tr("Which attention the charts, the similarity map and the ablation view show"));
  m_source = new QLabel(this);
  m_source->setObjectName(QStringLiteral("headsSource"));
  m_corpusButton = new QPushButton(tr("Corpus…"), this);
  m_corpusButton->setObjectName(QStringLiteral("corpusButton"));
  m_corpusButton->setToolTip(tr("Average the metrics over a text file, one sentence per line "
                                "(\"source<TAB>target\" gives a translation model its target)"));
  m_inputButton = new QPushButton(tr("This Input"), this);
  m_inputButton->setToolTip(tr("Show the metrics of the text in the input box again"));
  m_inputButton->setVisible(false);
  m_corpusProgress = new QProgressBar(this);
  m_corpusProgress->setObjectName(QStringLiteral("corpusProgress"));
  m_corpusProgress->setVisible(false);
  m_corpusProgress->setMaximumWidth(220);
  m_corpusCancel = new QPushButton(tr("Cancel"), this);
  m_corpusCancel->setObjectName(QStringLiteral("corpusCancel"));
  m_corpusCancel->setVisible(false);

  const core::HeadThresholds defaults;
  m_sinkThreshold = thresholdBox(defaults.sink, QStringLiteral("sinkThreshold"),
                                 tr("sink: at least this share of weight on the first and special tokens"), this);
  m_positionalThreshold = thresholdBox(defaults.positional, QStringLiteral("positionalThreshold"),
                                       tr("positional: previous- or next-token score at least this"), this);
  m_globalEntropyThreshold = thresholdBox(defaults.global_entropy, QStringLiteral("globalEntropyThreshold"),
                                          tr("global: normalised entropy at least this (1 = uniform)"), this);
  m_globalDistanceThreshold =
      thresholdBox(defaults.global_distance, QStringLiteral("globalDistanceThreshold"),
                   tr("global: mean distance at least this fraction of uniform attention's"), this);
  m_localThreshold = thresholdBox(defaults.local, QStringLiteral("localThreshold"),
                                  tr("local: at least this share of weight within the window"), this);
  m_window = new QSpinBox(this);
  m_window->setObjectName(QStringLiteral("localWindow"));
  m_window->setRange(0, 16);
  m_window->setValue(core::HeadMetricOptions{}.local_window);
  m_window->setToolTip(tr("w: keys with |i − j| ≤ w count as local"));
  m_selection = new QLabel(this);
  m_selection->setObjectName(QStringLiteral("headSelection"));
  m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_selection->setWordWrap(true);

  connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
    buildLayerCharts();
    buildScatter();
    buildSimilarity();
    updateAblationViews();
  });
  connect(m_corpusButton, &QPushButton::clicked, this, &HeadAnalysisWidget::chooseCorpus);
  connect(m_inputButton, &QPushButton::clicked, this, &HeadAnalysisWidget::showInputMetrics);
  connect(m_corpusCancel, &QPushButton::clicked, this, &HeadAnalysisWidget::cancelCorpus);
  for (QDoubleSpinBox *box : {m_sinkThreshold, m_positionalThreshold, m_globalEntropyThreshold,
                              m_globalDistanceThreshold, m_localThreshold}) {
    connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
      buildScatter();
      fillCompareBoxes();
      updateSelectionLabel();
      emit classesChanged();
    });
  }
  connect(m_window, &QSpinBox::valueChanged, this, [this] {
    requestMetrics();
    if (m_showCorpus && !m_corpusFile.isEmpty()) startCorpus(m_corpusFile);
  });
}

void HeadAnalysisWidget::createPages() {
  m_pages = new QTabWidget(this);
  m_pages->setObjectName(QStringLiteral("headPages"));

  // per-layer bar charts
  auto *scroll = new QScrollArea(m_pages);
  scroll->setWidgetResizable(true);
  m_layersPage = new QWidget(scroll);
  m_layersGrid = new QGridLayout(m_layersPage);
  scroll->setWidget(m_layersPage);
  m_pages->addTab(scroll, tr("Layers"));
  m_pages->setTabToolTip(LayersPage, tr("Per layer: each head's mean attention distance and entropy, both as a "
                                        "fraction of uniform attention's"));

  m_scatterView = newChartView(m_pages);
  m_scatterView->setObjectName(QStringLiteral("headScatter"));
  m_pages->addTab(m_scatterView, tr("Scatter"));
  m_pages->setTabToolTip(ScatterPage, tr("Every head: mean distance × entropy, colour = layer, shape = class. "
                                         "Click a head to select it everywhere."));

  m_reachView = newChartView(m_pages);
  m_reachView->setObjectName(QStringLiteral("reachChart"));
  m_pages->addTab(m_reachView, tr("How Far Each Layer Sees"));
  m_pages->setTabToolTip(ReachPage, tr("Mean attention distance per layer beside the receptive field of a stack "
                                       "of width-3 convolutions"));

  m_similarity = new HeadSimilarityWidget(m_pages);
  m_similarity->setObjectName(QStringLiteral("headSimilarity"));
  m_pages->addTab(m_similarity, tr("Similarity"));
  m_pages->setTabToolTip(SimilarityPage, tr("Jensen-Shannon distance between heads, clustered; click a cell to "
                                            "compare its two heads"));
  connect(m_similarity, &HeadSimilarityWidget::headsActivated, this, &HeadAnalysisWidget::compareHeads);

  // compare two heads
  auto *compare = new QWidget(m_pages);
  auto *compareLayout = new QVBoxLayout(compare);
  auto *compareBar = new QHBoxLayout;
  auto *extremes = new QPushButton(tr("Most Local vs Most Global"), compare);
  extremes->setObjectName(QStringLiteral("mostLocalVsGlobal"));
  extremes->setToolTip(tr("The self-attention head with the smallest normalised distance beside the one with the "
                          "largest normalised entropy + distance"));
  connect(extremes, &QPushButton::clicked, this, &HeadAnalysisWidget::compareMostLocalAndGlobal);
  auto *sides = new QSplitter(Qt::Horizontal, compare);
  for (std::size_t side = 0; side < 2; ++side) {
    auto *column = new QWidget(sides);
    auto *columnLayout = new QVBoxLayout(column);
    m_compareBox[side] = new QComboBox(column);
    m_compareBox[side]->setObjectName(QStringLiteral("compareHead%1").arg(side));
    m_compareMetrics[side] = new QLabel(column);
    m_compareMetrics[side]->setWordWrap(true);
    m_compareGraph[side] = new WordGraphWidget(column);
    m_compareHeatmap[side] = new HeatmapWidget(column);
    auto *views = new QSplitter(Qt::Vertical, column);
    views->addWidget(m_compareGraph[side]);
    views->addWidget(m_compareHeatmap[side]);
    columnLayout->addWidget(m_compareBox[side]);
    columnLayout->addWidget(m_compareMetrics[side]);
    columnLayout->addWidget(views, 1);
    sides->addWidget(column);
    connect(m_compareBox[side], &QComboBox::currentIndexChanged, this, [this, side] { updateCompareSide(static_cast<int>(side)); });
  }
  compareBar->addWidget(extremes);
  compareBar->addStretch(1);
  compareLayout->addLayout(compareBar);
  compareLayout->addWidget(sides, 1);
  m_pages->addTab(compare, tr("Compare"));
  m_pages->setTabToolTip(ComparePage, tr("Two heads side by side, with their metrics"));

  // rollout
  auto *rollout = new QWidget(m_pages);
  auto *rolloutLayout = new QVBoxLayout(rollout);
  auto *rolloutBar = new QHBoxLayout;
  m_rolloutKind = new QComboBox(rollout);
  m_rolloutKind->setObjectName(QStringLiteral("rolloutKind"));
  m_rolloutLayer = new QSpinBox(rollout);
  m_rolloutLayer->setObjectName(QStringLiteral("rolloutLayer"));
  m_rolloutLayer->setPrefix(tr("after layer "));
  m_rolloutCaption = new QLabel(rollout);
  m_rolloutCaption->setWordWrap(true);
  m_rolloutCaption->setText(tr("Attention rollout (Abnar & Zuidema 2020): average the heads, add the residual "
                               "(½ A + ½ I), multiply the layers. Left: how much each position draws on each input "
                               "token after the layer; right: that layer's own mean attention."));
  rolloutBar->addWidget(m_rolloutKind);
  rolloutBar->addWidget(m_rolloutLayer);
  rolloutBar->addStretch(1);
  auto *rolloutViews = new QSplitter(Qt::Horizontal, rollout);
  m_rolloutHeatmap = new HeatmapWidget(rolloutViews);
  m_rolloutHeatmap->setObjectName(QStringLiteral("rolloutHeatmap"));
  m_rolloutRaw = new HeatmapWidget(rolloutViews);
  rolloutViews->addWidget(m_rolloutHeatmap);
  rolloutViews->addWidget(m_rolloutRaw);
  rolloutLayout->addLayout(rolloutBar);
  rolloutLayout->addWidget(m_rolloutCaption);
  rolloutLayout->addWidget(rolloutViews, 1);
  m_pages->addTab(rollout, tr("Rollout"));
  m_pages->setTabToolTip(RolloutPage, tr("How attention flows through the layers to the input tokens"));
  connect(m_rolloutKind, &QComboBox::currentIndexChanged, this, [this] {
    fillRolloutControls();
    updateRollout();
  });
  connect(m_rolloutLayer, &QSpinBox::valueChanged, this, &HeadAnalysisWidget::updateRollout);

  // ablation
  auto *ablation = new QSplitter(Qt::Horizontal, m_pages);
  auto *ablationLeft = new QWidget(ablation);
  auto *ablationLeftLayout = new QVBoxLayout(ablationLeft);
  m_ablationHeads = new QTableWidget(ablationLeft);
  m_ablationHeads->setObjectName(QStringLiteral("ablationHeads"));
  m_ablationHeads->setToolTip(tr("Tick a head to switch it off: its output is zeroed before W^O"));
  m_ablationHeads->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto *clear = new QPushButton(tr("All Heads On"), ablationLeft);
  ablationLeftLayout->addWidget(new QLabel(tr("Switch heads off:"), ablationLeft));
  ablationLeftLayout->addWidget(m_ablationHeads, 1);
  ablationLeftLayout->addWidget(clear);
  auto *ablationRight = new QWidget(ablation);
  auto *ablationRightLayout = new QVBoxLayout(ablationRight);
  m_ablationSummary = new QLabel(ablationRight);
  m_ablationSummary->setWordWrap(true);
  m_ablationGrid = new ThumbnailGrid(ablationRight);
  m_ablationGrid->setObjectName(QStringLiteral("ablationGrid"));
  m_ablationGrid->setMaximumThumbnailSize(90);
  m_ablationGrid->setPlaceholder(tr("Switch a head off to see how the later layers' attention changes."));
  m_ablationOutput = new QTableWidget(ablationRight);
  m_ablationOutput->setObjectName(QStringLiteral("ablationOutput"));
  m_ablationOutput->setColumnCount(4);
  m_ablationOutput->setHorizontalHeaderLabels({tr("Next token"), tr("p, all heads"), tr("p, heads off"), tr("Δp")});
  m_ablationOutput->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_ablationOutput->setEditTriggers(QAbstractItemView::NoEditTriggers);
  ablationRightLayout->addWidget(m_ablationSummary);
  ablationRightLayout->addWidget(m_ablationGrid, 2);
  ablationRightLayout->addWidget(m_ablationOutput, 1);
  ablation->addWidget(ablationLeft);
  ablation->addWidget(ablationRight);
  ablation->setStretchFactor(1, 2);
  m_pages->addTab(ablation, tr("Ablation"));
  m_pages->setTabToolTip(AblationPage, tr("Switch heads off and see the later layers and the output change"));
  connect(clear, &QPushButton::clicked, this, &HeadAnalysisWidget::clearAblation);
  connect(m_ablationHeads, &QTableWidget::itemChanged, this, [this] {
    if (!m_updatingAblationTable) requestAblation();
  });

  auto *top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Attention:"), this));
  top->addWidget(m_kind);
  top->addSpacing(12);
  top->addWidget(m_source, 1);
  top->addWidget(m_corpusProgress);
  top->addWidget(m_corpusCancel);
  top->addWidget(m_inputButton);
  top->addWidget(m_corpusButton);
  // two rows of class thresholds, so the tab stays narrow
  auto *thresholds = new QGridLayout;
  const auto addThreshold = [&](int row, int column, const QString &label, QWidget *box) {
    thresholds->addWidget(new QLabel(label, this), row, 2 * column, Qt::AlignRight);
    thresholds->addWidget(box, row, 2 * column + 1);
  };
  addThreshold(0, 0, tr("Classes — sink ≥"), m_sinkThreshold);
  addThreshold(0, 1, tr("positional ≥"), m_positionalThreshold);
  addThreshold(0, 2, tr("local mass ≥"), m_localThreshold);
  addThreshold(1, 0, tr("global: entropy ≥"), m_globalEntropyThreshold);
  addThreshold(1, 1, tr("distance ≥"), m_globalDistanceThreshold);
  addThreshold(1, 2, tr("window w"), m_window);
  thresholds->setColumnStretch(6, 1);
  // The pages need room; a small window scrolls this tab rather than growing the main window.
  auto *content = new QWidget(this);
  auto *layout = new QVBoxLayout(content);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addLayout(thresholds);
  layout->addWidget(m_selection);
  layout->addWidget(m_pages, 1);
  auto *frame = new QScrollArea(this);
  frame->setWidgetResizable(true);
  frame->setFrameShape(QFrame::NoFrame);
  frame->setWidget(content);
  auto *outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(frame);
}

void HeadAnalysisWidget::setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding) {
  if (analysis == m_analysis && positionalEncoding == m_positionalEncoding) return;
  const bool newModel = !m_analysis || !analysis || analysis->model != m_analysis->model;
  m_analysis = std::move(analysis);
  m_positionalEncoding = positionalEncoding;
  if (newModel) {
    // Another model: its corpus numbers, kinds and ablations mean nothing here.
    if (isCorpusRunning()) cancelCorpus();
    m_corpus.reset();
    m_showCorpus = false;
    m_ablation.reset();
    m_selected = {};
    const QSignalBlocker blocker(m_kind);
    m_kind->clear();
    if (m_analysis) {
      for (const core::AttentionKind kind : attentionKinds(m_analysis->model->spec())) {
        m_kind->addItem(describeKind(kind), static_cast<int>(kind));
      }
      if (m_kind->count() > 0) m_selected.kind = currentKind();
    }
    fillAblationHeads();
  }
  requestMetrics();
  if (!ablatedHeads().empty()) requestAblation();
  else updateAblationViews();
}

void HeadAnalysisWidget::analysisRequested() { m_controller->supersedeAnalysis(); }

void HeadAnalysisWidget::requestMetrics() {
  if (!m_analysis) return;
  m_controller->analyse(m_analysis, m_positionalEncoding, metricOptions());
  if (!m_input) updateSourceLabel();
}

core::HeadMetricOptions HeadAnalysisWidget::metricOptions() const {
  core::HeadMetricOptions options;
  options.local_window = m_window->value();
  return options;
}

const HeadAnalysisResult *HeadAnalysisWidget::shownResult() const {
  if (showingCorpus()) return m_corpus.get();
  return m_input && m_input->analysis == m_analysis ? m_input.get() : nullptr;
}

core::HeadThresholds HeadAnalysisWidget::thresholds() const {
  core::HeadThresholds t;
  t.sink = m_sinkThreshold->value();
  t.positional = m_positionalThreshold->value();
  t.global_entropy = m_globalEntropyThreshold->value();
  t.global_distance = m_globalDistanceThreshold->value();
  t.local = m_localThreshold->value();
  return t;
}

void HeadAnalysisWidget::setThresholds(const core::HeadThresholds &t) {
  m_sinkThreshold->setValue(t.sink);
  m_positionalThreshold->setValue(t.positional);
  m_globalEntropyThreshold->setValue(t.global_entropy);
  m_globalDistanceThreshold->setValue(t.global_distance);
  m_localThreshold->setValue(t.local);
}

core::HeadClass HeadAnalysisWidget::headClass(const core::HeadRef &head) const {
  const HeadAnalysisResult *result = shownResult();
  const core::HeadMetrics *metrics = result ? result->report.find(head) : nullptr;
  return metrics ? core::classify_head(*metrics, thresholds()) : core::HeadClass::Mixed;
}

QVector<QColor> HeadAnalysisWidget::classBadges(core::AttentionKind kind) const {
  QVector<QColor> badges;
  const HeadAnalysisResult *result = shownResult();
  const core::KindHeads *heads = result ? result->report.find(kind) : nullptr;
  if (!heads) return badges;
  const core::HeadThresholds t = thresholds();
  for (const core::HeadMetrics &metrics : heads->metrics) badges.push_back(headClassColour(core::classify_head(metrics, t)));
  return badges;
}

core::AttentionKind HeadAnalysisWidget::currentKind() const {
  return static_cast<core::AttentionKind>(m_kind->currentData().toInt());
}

void HeadAnalysisWidget::setCurrentKind(core::AttentionKind kind) {
  const int index = m_kind->findData(static_cast<int>(kind));
  if (index >= 0) m_kind->setCurrentIndex(index);
}

std::vector<core::HeadRef> HeadAnalysisWidget::allHeads() const {
  std::vector<core::HeadRef> heads;
  const HeadAnalysisResult *result = shownResult();
  if (!result) return heads;
  for (const core::KindHeads &kind : result->report.kinds) {
    for (int layer = 0; layer < kind.layers; ++layer) {
      for (int head = 0; head < kind.heads; ++head) heads.push_back({kind.kind, layer, head});
    }
  }
  return heads;
}

void HeadAnalysisWidget::applyResult(std::shared_ptr<const HeadAnalysisResult> result) {
  if (result->analysis != m_analysis) return;
  m_input = std::move(result);
  if (!showingCorpus()) rebuild();
  else {
    // the compare and rollout pages draw this input even while the corpus numbers are shown
    fillRolloutControls();
    updateRollout();
    updateCompareSide(0);
    updateCompareSide(1);
  }
}

void HeadAnalysisWidget::rebuild() {
  updateSourceLabel();
  if (isVisible()) {
    buildCharts();
  } else {
    m_chartsStale = true;
  }
  fillCompareBoxes();
  fillRolloutControls();
  updateRollout();
  updateSelectionLabel();
  emit classesChanged();
  if (shownResult()) emit metricsShown();
}

void HeadAnalysisWidget::buildCharts() {
  m_chartsStale = false;
  buildLayerCharts();
  buildScatter();
  buildReach();
  buildSimilarity();
}

void HeadAnalysisWidget::showEvent(QShowEvent *event) {
  QWidget::showEvent(event);
  if (m_chartsStale) buildCharts();
}

void HeadAnalysisWidget::updateSourceLabel() {
  const HeadAnalysisResult *result = shownResult();
  m_inputButton->setVisible(showingCorpus());
  if (showingCorpus()) {
    QString text = tr("Averaged over %n sentence(s) of %1", nullptr, result->report.inputs)
                       .arg(QFileInfo(result->corpusFile).fileName());
    if (result->report.skipped > 0) text += tr(" (%n line(s) skipped)", nullptr, result->report.skipped);
    m_source->setText(text);
  } else if (m_input && !m_input->error.isEmpty() && m_input->analysis == m_analysis) {
    m_source->setText(tr("Cannot compute: %1").arg(m_input->error));
  } else if (result) {
    m_source->setText(tr("Metrics of the text in the input box"));
  } else {
    m_source->setText(m_analysis ? tr("Computing head metrics…") : tr("Open a model to measure its heads."));
  }
}

QChart *HeadAnalysisWidget::layerChart(int layer) const {
  return layer >= 0 && layer < layerChartCount() ? m_layerCharts[static_cast<std::size_t>(layer)]->chart() : nullptr;
}

void HeadAnalysisWidget::buildLayerCharts() {
  for (QChartView *view : m_layerCharts) delete view;
  m_layerCharts.clear();
  const HeadAnalysisResult *result = shownResult();
  const core::KindHeads *heads = result ? result->report.find(currentKind()) : nullptr;
  if (!heads) return;
  const core::HeadThresholds t = thresholds();
  for (int layer = 0; layer < heads->layers; ++layer) {
    auto *distance = new QBarSet(tr("mean distance (÷ uniform)"));
    auto *entropy = new QBarSet(tr("entropy (÷ ln n)"));
    QStringList categories;
    for (int head = 0; head < heads->heads; ++head) {
      const core::HeadMetrics &m = heads->at(layer, head);
      if (m.mean_distance_normalized) distance->append(*m.mean_distance_normalized);
      entropy->append(m.entropy_normalized);
      categories << tr("H%1 · %2").arg(head + 1).arg(headClassName(core::classify_head(m, t)));
    }
    auto *series = new QBarSeries;
    if (distance->count() > 0) series->append(distance);
    else delete distance;
    series->append(entropy);
    auto *chart = new QChart;
    chart->setTitle(tr("%1 layer %2").arg(describeKind(heads->kind)).arg(layer + 1));
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    auto *y = new QValueAxis;
    double top = 1.0;
    for (const QBarSet *set : series->barSets()) {
      for (int i = 0; i < set->count(); ++i) top = std::max(top, set->at(i));
    }
    y->setRange(0.0, std::ceil(top * 10.0) / 10.0);
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    connect(series, &QBarSeries::clicked, this, [this, kind = heads->kind, layer](int index, QBarSet *) {
      selectHead({kind, layer, index});
    });
    connect(series, &QBarSeries::hovered, this, [this, kind = heads->kind, layer](bool status, int index, QBarSet *) {
      const HeadAnalysisResult *shown = shownResult();
      const core::HeadMetrics *m = shown ? shown->report.find({kind, layer, index}) : nullptr;
      if (!status || !m || m_layerCharts.size() <= static_cast<std::size_t>(layer)) return;
      m_layerCharts[static_cast<std::size_t>(layer)]->setToolTip(
          tr("Head %1: mean distance %2 tokens (%3 of uniform), entropy %4 nats (%5 of ln n)")
              .arg(index + 1)
              .arg(number(m->mean_distance), number(m->mean_distance_normalized))
              .arg(m->entropy, 0, 'f', 2)
              .arg(m->entropy_normalized, 0, 'f', 2));
    });
    QChartView *view = newChartView(m_layersPage);
    view->setChart(chart);
    m_layersGrid->addWidget(view, layer / 2, layer % 2);
    m_layerCharts.push_back(view);
  }
}

void HeadAnalysisWidget::buildScatter() {
  auto *chart = new QChart;
  const HeadAnalysisResult *result = shownResult();
  const core::KindHeads *heads = result ? result->report.find(currentKind()) : nullptr;
  const bool cross = currentKind() == core::AttentionKind::DecoderCross;
  chart->setTitle(cross ? tr("Cross-attention: query and key positions are not comparable, so there is no "
                             "distance; x = sink share")
                        : tr("Every head: mean distance (÷ uniform) × entropy (÷ ln n)"));
  if (heads) {
    const core::HeadThresholds t = thresholds();
    auto *x = new QValueAxis;
    x->setTitleText(cross ? tr("sink share") : tr("mean attention distance ÷ uniform"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("entropy ÷ ln n"));
    double xMax = 1.0;
    for (const core::HeadClass headClass : kClasses) {
      for (int layer = 0; layer < heads->layers; ++layer) {
        auto *series = new QScatterSeries;
        std::vector<core::HeadRef> members;
        for (int head = 0; head < heads->heads; ++head) {
          const core::HeadMetrics &m = heads->at(layer, head);
          if (core::classify_head(m, t) != headClass) continue;
          const double px = cross ? m.sink : m.mean_distance_normalized.value_or(0.0);
          xMax = std::max(xMax, px);
          series->append(px, m.entropy_normalized);
          members.push_back({heads->kind, layer, head});
        }
        if (members.empty()) {
          delete series;
          continue;
        }
        series->setName(tr("L%1 · %2").arg(layer + 1).arg(headClassName(headClass)));
        series->setColor(headColour(layer));
        series->setBorderColor(headColour(layer).darker(140));
        series->setMarkerShape(classShape(headClass));
        series->setMarkerSize(13);
        chart->addSeries(series);
        connect(series, &QScatterSeries::clicked, this, [this, series, members](const QPointF &point) {
          // the member whose point is nearest the click
          const QList<QPointF> points = series->points();
          int best = 0;
          double bestDistance = 1e300;
          for (int i = 0; i < points.size(); ++i) {
            const double d = std::hypot(points[i].x() - point.x(), points[i].y() - point.y());
            if (d < bestDistance) {
              bestDistance = d;
              best = i;
            }
          }
          if (best < static_cast<int>(members.size())) selectHead(members[static_cast<std::size_t>(best)]);
        });
      }
    }
    // the selected head, ringed
    if (m_selected.kind == heads->kind && m_selected.layer < heads->layers && m_selected.head < heads->heads) {
      const core::HeadMetrics &m = heads->at(m_selected.layer, m_selected.head);
      auto *ring = new QScatterSeries;
      ring->setName(tr("selected: %1").arg(headLabel(m_selected)));
      ring->append(cross ? m.sink : m.mean_distance_normalized.value_or(0.0), m.entropy_normalized);
      ring->setMarkerSize(24);
      ring->setColor(Qt::transparent);
      ring->setBorderColor(palette().color(QPalette::WindowText));
      chart->addSeries(ring);
    }
    x->setRange(0.0, std::ceil(xMax * 10.0) / 10.0 + 0.05);
    y->setRange(0.0, 1.05);
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignRight);
  }
  QChart *old = m_scatterView->chart();
  m_scatterView->setChart(chart);
  delete old;
}

QPoint HeadAnalysisWidget::scatterPosition(const core::HeadRef &head) const {
  QChart *chart = m_scatterView->chart();
  const HeadAnalysisResult *result = shownResult();
  const core::HeadMetrics *m = result ? result->report.find(head) : nullptr;
  if (!chart || !m || chart->series().isEmpty()) return {-1, -1};
  const bool cross = head.kind == core::AttentionKind::DecoderCross;
  const QPointF value(cross ? m->sink : m->mean_distance_normalized.value_or(0.0), m->entropy_normalized);
  const QPointF inChart = chart->mapToPosition(value, chart->series().front());
  return m_scatterView->mapFromScene(chart->mapToScene(inChart));
}

void HeadAnalysisWidget::buildReach() {
  auto *chart = new QChart;
  chart->setTitle(tr("How far can each layer see? Attention vs a stack of width-3 convolutions"));
  const HeadAnalysisResult *result = shownResult();
  if (result && m_analysis) {
    int layers = 0;
    int longest = 0;
    auto *x = new QValueAxis;
    x->setTitleText(tr("layer"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("distance in tokens"));
    double top = 1.0;
    for (const core::KindHeads &heads : result->report.kinds) {
      if (heads.kind == core::AttentionKind::DecoderCross) continue;
      layers = std::max(layers, heads.layers);
      longest = std::max(longest, static_cast<int>(queryTokens(*m_analysis, heads.kind).size()));
      auto *series = new QLineSeries;
      series->setName(tr("%1: mean attention distance").arg(describeKind(heads.kind)));
      for (int layer = 0; layer < heads.layers; ++layer) {
        double sum = 0.0;
        for (int head = 0; head < heads.heads; ++head) sum += heads.at(layer, head).mean_distance.value_or(0.0);
        series->append(layer + 1, sum / heads.heads);
        top = std::max(top, sum / heads.heads);
      }
      series->setPointsVisible(true);
      chart->addSeries(series);
    }
    // every attention layer can reach the whole input: n − 1 tokens away
    auto *reach = new QLineSeries;
    reach->setName(tr("attention: farthest token it can see (n − 1, this input)"));
    // after l width-3 convolutions a token sees l tokens to each side; uniform weights over that
    // window have mean distance Σ_{d=−l..l} |d| / (2l + 1) = l (l + 1) / (2l + 1)
    auto *convolution = new QLineSeries;
    convolution->setName(tr("CNN, width 3: farthest token (l)"));
    auto *convolutionMean = new QLineSeries;
    convolutionMean->setName(tr("CNN, width 3: mean distance, uniform kernel"));
    for (int layer = 1; layer <= std::max(layers, 1); ++layer) {
      reach->append(layer, std::max(0, longest - 1));
      convolution->append(layer, layer);
      convolutionMean->append(layer, layer * (layer + 1.0) / (2.0 * layer + 1.0));
    }
    top = std::max({top, static_cast<double>(longest - 1), static_cast<double>(layers)});
    QPen dashed(Qt::DashLine);
    dashed.setWidthF(1.5);
    dashed.setColor(QColor(0x59, 0x59, 0x59));
    reach->setPen(dashed);
    convolution->setColor(QColor(0xd6, 0x27, 0x28));
    QPen dotted(Qt::DotLine);
    dotted.setWidthF(2.0);
    dotted.setColor(QColor(0xd6, 0x27, 0x28));
    convolutionMean->setPen(dotted);
    chart->addSeries(reach);
    chart->addSeries(convolution);
    chart->addSeries(convolutionMean);
    x->setRange(1, std::max(layers, 2));
    x->setTickCount(std::max(layers, 2));
    y->setRange(0.0, std::ceil(top) + 1.0);
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignBottom);
  }
  QChart *old = m_reachView->chart();
  m_reachView->setChart(chart);
  delete old;
}

void HeadAnalysisWidget::buildSimilarity() {
  const HeadAnalysisResult *result = shownResult();
  const core::KindHeads *heads = result ? result->report.find(currentKind()) : nullptr;
  if (!heads) {
    m_similarity->setDistances({}, {}, {});
    return;
  }
  std::vector<core::HeadRef> refs;
  QStringList labels;
  for (int layer = 0; layer < heads->layers; ++layer) {
    for (int head = 0; head < heads->heads; ++head) {
      refs.push_back({heads->kind, layer, head});
      labels << headLabel(refs.back());
    }
  }
  m_similarity->setDistances(heads->js_distance, refs, labels);
}

void HeadAnalysisWidget::fillCompareBoxes() {
  const std::vector<core::HeadRef> heads = allHeads();
  for (std::size_t side = 0; side < 2; ++side) {
    QComboBox *box = m_compareBox[side];
    const core::HeadRef previous = comparedHead(static_cast<int>(side));
    const bool had = box->count() > 0;
    {
      const QSignalBlocker blocker(box);
      box->clear();
      for (std::size_t i = 0; i < heads.size(); ++i) {
        box->addItem(tr("%1 · %2").arg(headLabel(heads[i]), headClassName(headClass(heads[i]))), static_cast<int>(i));
      }
      const auto found = std::find(heads.begin(), heads.end(), previous);
      if (had && found != heads.end()) box->setCurrentIndex(static_cast<int>(found - heads.begin()));
      else box->setCurrentIndex(std::min<int>(static_cast<int>(side), box->count() - 1));
    }
    updateCompareSide(static_cast<int>(side));
  }
}

core::HeadRef HeadAnalysisWidget::comparedHead(int side) const {
  const std::vector<core::HeadRef> heads = allHeads();
  const int index = m_compareBox[static_cast<std::size_t>(side)]->currentIndex();
  return index >= 0 && index < static_cast<int>(heads.size()) ? heads[static_cast<std::size_t>(index)] : core::HeadRef{};
}

void HeadAnalysisWidget::updateCompareSide(int side) {
  const auto s = static_cast<std::size_t>(side);
  const HeadAnalysisResult *result = shownResult();
  if (!result || !m_analysis || m_compareBox[s]->currentIndex() < 0) {
    m_compareGraph[s]->setSlice({});
    m_compareHeatmap[s]->setSlice({}, 0);
    m_compareMetrics[s]->clear();
    return;
  }
  const core::HeadRef head = comparedHead(side);
  SliceOptions options;
  options.positionalEncoding = m_positionalEncoding;
  const AttentionSlice slice = makeSlice(*m_analysis, {head.kind, head.layer}, options);
  QVector<bool> visible(slice.headCount(), false);
  if (head.head < visible.size()) visible[head.head] = true;
  m_compareGraph[s]->setSlice(slice);
  m_compareGraph[s]->setVisibleHeads(visible);
  m_compareHeatmap[s]->setSlice(slice, head.head);
  const core::HeadMetrics *m = result->report.find(head);
  if (!m) return;
  m_compareMetrics[s]->setText(
      tr("<b>%1</b> · <span style='color:%2'>%3</span><br>entropy %4 nats (%5 of uniform) · mean distance %6 "
         "(%7 of uniform) · local mass %8<br>previous %9 · current %10 · next %11 · sink %12 · confidence %13%14")
          .arg(headLabel(head), headClassColour(headClass(head)).name(), headClassName(headClass(head)))
          .arg(m->entropy, 0, 'f', 2)
          .arg(m->entropy_normalized, 0, 'f', 2)
          .arg(number(m->mean_distance), number(m->mean_distance_normalized), number(m->local_mass),
               number(m->previous_token), number(m->current_token), number(m->next_token))
          .arg(m->sink, 0, 'f', 2)
          .arg(m->confidence, 0, 'f', 2)
          .arg(m->induction ? tr(" · induction %1").arg(*m->induction, 0, 'f', 2) : QString()));
}

void HeadAnalysisWidget::compareHeads(const core::HeadRef &first, const core::HeadRef &second) {
  const std::vector<core::HeadRef> heads = allHeads();
  const std::array<core::HeadRef, 2> wanted = {first, second};
  for (std::size_t side = 0; side < 2; ++side) {
    const auto found = std::find(heads.begin(), heads.end(), wanted[side]);
    if (found != heads.end()) m_compareBox[side]->setCurrentIndex(static_cast<int>(found - heads.begin()));
  }
  m_pages->setCurrentIndex(ComparePage);
}

void HeadAnalysisWidget::compareMostLocalAndGlobal() {
  const HeadAnalysisResult *result = shownResult();
  if (!result) return;
  std::optional<core::HeadRef> local;
  std::optional<core::HeadRef> global;
  double localScore = 1e300;
  double globalScore = -1e300;
  for (const core::HeadRef &head : allHeads()) {
    const core::HeadMetrics *m = result->report.find(head);
    if (!m || !m->mean_distance_normalized) continue;  // self-attention heads only
    if (*m->mean_distance_normalized < localScore) {
      localScore = *m->mean_distance_normalized;
      local = head;
    }
    const double spread = m->entropy_normalized + *m->mean_distance_normalized;
    if (spread > globalScore) {
      globalScore = spread;
      global = head;
    }
  }
  if (local && global) compareHeads(*local, *global);
}

void HeadAnalysisWidget::fillRolloutControls() {
  const QSignalBlocker kindBlocker(m_rolloutKind);
  const QVariant previous = m_rolloutKind->currentData();
  m_rolloutKind->clear();
  if (!m_analysis) return;
  for (const core::AttentionKind kind : attentionKinds(m_analysis->model->spec())) {
    if (kind != core::AttentionKind::DecoderCross) m_rolloutKind->addItem(describeKind(kind), static_cast<int>(kind));
  }
  const int index = m_rolloutKind->findData(previous);
  if (index >= 0) m_rolloutKind->setCurrentIndex(index);
  const auto kind = static_cast<core::AttentionKind>(m_rolloutKind->currentData().toInt());
  const int layers = layerCount(m_analysis->model->spec(), kind);
  const QSignalBlocker layerBlocker(m_rolloutLayer);
  const bool atEnd = m_rolloutLayer->value() == m_rolloutLayer->maximum();
  m_rolloutLayer->setRange(1, std::max(layers, 1));
  if (atEnd) m_rolloutLayer->setValue(m_rolloutLayer->maximum());
}

void HeadAnalysisWidget::updateRollout() {
  if (!m_input || m_input->analysis != m_analysis || m_rolloutKind->count() == 0) {
    m_rolloutHeatmap->setSlice({}, 0);
    m_rolloutRaw->setSlice({}, 0);
    m_rolloutHeatmap->setPlaceholder(m_input && !m_input->error.isEmpty() ? m_input->error : tr("Computing…"));
    return;
  }
  const auto kind = static_cast<core::AttentionKind>(m_rolloutKind->currentData().toInt());
  const int layer = m_rolloutLayer->value() - 1;
  const std::vector<core::RowMatrix> &rollout =
      kind == core::AttentionKind::EncoderSelf ? m_input->encoderRollout : m_input->decoderRollout;
  SliceOptions options;
  options.positionalEncoding = m_positionalEncoding;
  AttentionSlice raw = makeSlice(*m_analysis, {kind, layer}, options);
  if (raw.empty() || layer < 0 || layer >= static_cast<int>(rollout.size())) {
    m_rolloutHeatmap->setSlice({}, 0);
    m_rolloutRaw->setSlice({}, 0);
    return;
  }
  AttentionSlice rolled = raw;
  rolled.heads = {rollout[static_cast<std::size_t>(layer)].topLeftCorner(raw.rows(), raw.cols())};
  core::RowMatrix mean = core::RowMatrix::Zero(raw.rows(), raw.cols());
  for (const core::RowMatrix &head : raw.heads) mean += head;
  mean /= static_cast<float>(raw.headCount());
  raw.heads = {mean};
  m_rolloutHeatmap->setSlice(rolled, 0);
  m_rolloutRaw->setSlice(raw, 0);
}

void HeadAnalysisWidget::fillAblationHeads() {
  const QSignalBlocker blocker(m_ablationHeads);
  m_updatingAblationTable = true;
  m_ablationHeads->clear();
  m_ablationHeads->setRowCount(0);
  m_ablationHeads->setColumnCount(0);
  if (m_analysis) {
    const core::ModelSpec &config = m_analysis->model->spec();
    QStringList rows;
    for (const core::AttentionKind kind : attentionKinds(config)) {
      for (int layer = 0; layer < layerCount(config, kind); ++layer) rows << headLabel({kind, layer, 0}).section(QLatin1Char(' '), 0, 1);
    }
    m_ablationHeads->setRowCount(static_cast<int>(rows.size()));
    m_ablationHeads->setColumnCount(config.heads());
    m_ablationHeads->setVerticalHeaderLabels(rows);
    QStringList columns;
    for (int head = 0; head < config.heads(); ++head) columns << tr("H%1").arg(head + 1);
    m_ablationHeads->setHorizontalHeaderLabels(columns);
    int row = 0;
    for (const core::AttentionKind kind : attentionKinds(config)) {
      for (int layer = 0; layer < layerCount(config, kind); ++layer, ++row) {
        for (int head = 0; head < config.heads(); ++head) {
          auto *item = new QTableWidgetItem;
          item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
          item->setCheckState(Qt::Unchecked);
          item->setData(Qt::UserRole, static_cast<int>(kind));
          item->setData(Qt::UserRole + 1, layer);
          item->setToolTip(tr("Switch %1 off").arg(headLabel({kind, layer, head})));
          m_ablationHeads->setItem(row, head, item);
        }
      }
    }
  }
  m_updatingAblationTable = false;
}

std::vector<core::HeadRef> HeadAnalysisWidget::ablatedHeads() const {
  std::vector<core::HeadRef> heads;
  for (int row = 0; row < m_ablationHeads->rowCount(); ++row) {
    for (int column = 0; column < m_ablationHeads->columnCount(); ++column) {
      const QTableWidgetItem *item = m_ablationHeads->item(row, column);
      if (item && item->checkState() == Qt::Checked) {
        heads.push_back({static_cast<core::AttentionKind>(item->data(Qt::UserRole).toInt()),
                         item->data(Qt::UserRole + 1).toInt(), column});
      }
    }
  }
  return heads;
}

void HeadAnalysisWidget::setHeadAblated(const core::HeadRef &head, bool off) {
  for (int row = 0; row < m_ablationHeads->rowCount(); ++row) {
    QTableWidgetItem *item = m_ablationHeads->item(row, head.head);
    if (item && item->data(Qt::UserRole).toInt() == static_cast<int>(head.kind) &&
        item->data(Qt::UserRole + 1).toInt() == head.layer) {
      item->setCheckState(off ? Qt::Checked : Qt::Unchecked);  // itemChanged → requestAblation
      return;
    }
  }
}

void HeadAnalysisWidget::clearAblation() {
  m_updatingAblationTable = true;
  for (int row = 0; row < m_ablationHeads->rowCount(); ++row) {
    for (int column = 0; column < m_ablationHeads->columnCount(); ++column) {
      if (QTableWidgetItem *item = m_ablationHeads->item(row, column)) item->setCheckState(Qt::Unchecked);
    }
  }
  m_updatingAblationTable = false;
  requestAblation();
}

void HeadAnalysisWidget::requestAblation() {
  if (!m_analysis || !m_analysis->trace(m_positionalEncoding)) return;
  const std::vector<core::HeadRef> heads = ablatedHeads();
  if (heads.empty()) {
    m_ablation.reset();
    updateAblationViews();
    emit ablationShown();
    return;
  }
  m_ablationSummary->setText(tr("Computing with %n head(s) off…", nullptr, static_cast<int>(heads.size())));
  m_controller->ablate(m_analysis, m_positionalEncoding, heads);
}

void HeadAnalysisWidget::applyAblation(std::shared_ptr<const AblationResult> result) {
  if (result->analysis != m_analysis) return;
  m_ablation = std::move(result);
  updateAblationViews();
  emit ablationShown();
}

void HeadAnalysisWidget::updateAblationViews() {
  const core::AttentionTrace *before = m_analysis ? m_analysis->trace(m_positionalEncoding) : nullptr;
  m_ablationOutput->setRowCount(0);
  if (!m_ablation || !before || m_ablation->analysis != m_analysis) {
    m_ablationGrid->setThumbnails({}, {}, {});
    m_ablationSummary->setText(tr("Tick heads to switch them off: each one's output b^{i,h} is zeroed before W^O. "
                                  "Its own attention and the earlier layers stay as they were; later layers change."));
    return;
  }
  if (!m_ablation->error.isEmpty()) {
    m_ablationGrid->setThumbnails({}, {}, {});
    m_ablationSummary->setText(m_ablation->error);
    return;
  }
  // Δα̂ = α̂(heads off) − α̂(all heads), per layer of the current kind
  const core::AttentionKind kind = currentKind();
  const auto &after = m_ablation->trace.layers(kind);
  const auto &base = before->layers(kind);
  QVector<Thumbnail> thumbnails;
  QStringList rows;
  QStringList columns;
  QStringList changes;
  for (std::size_t layer = 0; layer < after.size() && layer < base.size(); ++layer) {
    AttentionSlice slice = makeSlice(*m_analysis, {kind, static_cast<int>(layer)}, SliceOptions{m_positionalEncoding});
    slice.scale = ValueScale::Difference;
    float largest = 0.0f;
    for (std::size_t h = 0; h < after[layer].heads.size() && h < slice.heads.size(); ++h) {
      slice.heads[h] = after[layer].heads[h] - base[layer].heads[h];
      largest = std::max(largest, slice.heads[h].cwiseAbs().maxCoeff());
    }
    slice.extent = std::max(largest, 1e-6f);
    QVector<Thumbnail> layerThumbnails = headThumbnails(slice, {}, -1);
    for (int h = 0; h < layerThumbnails.size(); ++h) {
      const core::HeadRef ref{kind, static_cast<int>(layer), h};
      const bool off = std::find(m_ablation->ablated.begin(), m_ablation->ablated.end(), ref) != m_ablation->ablated.end();
      layerThumbnails[h].dimmed = off;
      layerThumbnails[h].toolTip = tr("%1: largest |Δα̂| %2%3")
                                       .arg(headLabel(ref))
                                       .arg(slice.heads[static_cast<std::size_t>(h)].cwiseAbs().maxCoeff(), 0, 'f', 4)
                                       .arg(off ? tr(" (switched off)") : QString());
    }
    thumbnails += layerThumbnails;
    rows << tr("Layer %1").arg(layer + 1);
    changes << tr("L%1 %2").arg(layer + 1).arg(largest, 0, 'f', 3);
    if (columns.isEmpty()) {
      for (int h = 0; h < slice.headCount(); ++h) columns << tr("Head %1").arg(h + 1);
    }
  }
  m_ablationGrid->setThumbnails(thumbnails, rows, columns);
  QStringList off;
  for (const core::HeadRef &head : m_ablation->ablated) off << headLabel(head);
  m_ablationSummary->setText(tr("Off: %1. Largest change of α̂ (%2) per layer: %3. Red = weight gained, blue = lost.")
                                 .arg(off.join(QStringLiteral(", ")), describeKind(kind), changes.join(QStringLiteral(" · "))));

  // the most likely next tokens, before and after
  const core::RowVector &p = m_ablation->before;
  const core::RowVector &q = m_ablation->after;
  if (p.size() == 0 || q.size() != p.size()) return;
  const core::Model &model = *m_analysis->model;
  const core::Tokenizer &tokenizer = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();
  std::vector<int> ids(static_cast<std::size_t>(p.size()));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
  const std::size_t shown = std::min<std::size_t>(10, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(shown), ids.end(),
                    [&](int a, int b) { return std::max(p(a), q(a)) > std::max(p(b), q(b)); });
  m_ablationOutput->setRowCount(static_cast<int>(shown));
  for (std::size_t row = 0; row < shown; ++row) {
    const int id = ids[row];
    const int r = static_cast<int>(row);
    m_ablationOutput->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(tokenizer.token(id))));
    m_ablationOutput->setItem(r, 1, new QTableWidgetItem(QString::number(p(id), 'f', 4)));
    m_ablationOutput->setItem(r, 2, new QTableWidgetItem(QString::number(q(id), 'f', 4)));
    m_ablationOutput->setItem(r, 3, new QTableWidgetItem(QString::number(q(id) - p(id), 'f', 4)));
  }
}

void HeadAnalysisWidget::selectHead(const core::HeadRef &head) {
  m_selected = head;
  if (head.kind != currentKind()) {
    setCurrentKind(head.kind);  // rebuilds the scatter
  } else {
    buildScatter();
  }
  updateSelectionLabel();
  emit headSelected(head.kind, head.layer, head.head);
}

void HeadAnalysisWidget::updateSelectionLabel() {
  const HeadAnalysisResult *result = shownResult();
  const core::HeadMetrics *m = result ? result->report.find(m_selected) : nullptr;
  if (!m) {
    m_selection->setText(tr("Click a head in a chart to select it; it is shown in the Attention tab too."));
    return;
  }
  const core::HeadClass headClass = this->headClass(m_selected);
  m_selection->setText(tr("<b>%1</b> · <span style='color:%2'>%3</span> — entropy %4 nats (%5) · distance %6 (%7) · "
                          "local %8 · previous %9 · current %10 · next %11 · sink %12 · confidence %13%14")
                           .arg(headLabel(m_selected), headClassColour(headClass).name(), headClassName(headClass))
                           .arg(m->entropy, 0, 'f', 2)
                           .arg(m->entropy_normalized, 0, 'f', 2)
                           .arg(number(m->mean_distance), number(m->mean_distance_normalized), number(m->local_mass),
                                number(m->previous_token), number(m->current_token), number(m->next_token))
                           .arg(m->sink, 0, 'f', 2)
                           .arg(m->confidence, 0, 'f', 2)
                           .arg(m->induction ? tr(" · induction %1").arg(*m->induction, 0, 'f', 2) : QString()));
}

void HeadAnalysisWidget::chooseCorpus() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Corpus: One Sentence per Line"), QString(),
                                                    tr("Text files (*.txt);;All files (*)"));
  if (!file.isEmpty()) startCorpus(file);
}

void HeadAnalysisWidget::startCorpus(const QString &file) {
  if (!m_analysis) return;
  std::vector<std::string> lines;
  try {
    lines = core::read_corpus_lines(file.toStdString());
  } catch (const std::exception &error) {
    m_source->setText(QString::fromStdString(error.what()));
    return;
  }
  m_corpusFile = file;
  m_corpusProgress->setRange(0, std::max<int>(1, static_cast<int>(lines.size())));
  m_corpusProgress->setValue(0);
  m_corpusProgress->setVisible(true);
  m_corpusCancel->setVisible(true);
  m_corpusButton->setEnabled(false);
  m_source->setText(tr("Reading %1…").arg(QFileInfo(file).fileName()));
  m_controller->runCorpus(m_analysis->model, std::move(lines), file, m_positionalEncoding, metricOptions());
}

void HeadAnalysisWidget::cancelCorpus() { m_controller->cancelCorpus(); }

bool HeadAnalysisWidget::isCorpusRunning() const { return m_controller->isCorpusRunning(); }

void HeadAnalysisWidget::applyCorpus(std::shared_ptr<const HeadAnalysisResult> result) {
  m_corpusProgress->setVisible(false);
  m_corpusCancel->setVisible(false);
  m_corpusButton->setEnabled(true);
  const bool cancelled = result->cancelled;
  if (!cancelled && result->error.isEmpty()) {
    m_corpus = std::move(result);
    m_showCorpus = true;
    rebuild();
  } else {
    updateSourceLabel();
    if (!cancelled) m_source->setText(result->error);
  }
  emit corpusFinished(cancelled);
}

void HeadAnalysisWidget::showInputMetrics() {
  m_showCorpus = false;
  rebuild();
}

}  // namespace ui
