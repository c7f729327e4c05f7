#include "head_analysis_widget.h"

#include <algorithm>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "attention_slice.h"
#include "combo_width.h"
#include "elided_label.h"
#include "head_ablation_page.h"
#include "head_compare_page.h"
#include "head_layers_page.h"
#include "head_reach_page.h"
#include "head_rollout_page.h"
#include "head_scatter_page.h"
#include "head_similarity_widget.h"
#include "layer_steps.h"

namespace ui {

namespace {

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

// Whether two readings read the matrices alike (core::ReadingOptions has no operator==).
bool sameReading(const core::ReadingOptions &a, const core::ReadingOptions &b) {
  return a.words == b.words && a.hide_special == b.hide_special && a.hide_tokens == b.hide_tokens &&
         a.query_segment == b.query_segment && a.key_segment == b.key_segment;
}

// The pages' least height outside presentation mode (the controls fold away in it, and the pages
// need only a chart's least height besides their tab bar).
constexpr int kPagesMinimumHeight = 300;

}  // namespace

HeadAnalysisWidget::HeadAnalysisWidget(JobRunner *runner, QWidget *parent)
    : QWidget(parent), m_controller(new HeadAnalysisController(runner, this)) {
  createPages(runner);
  createControls();
  auto *outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(createLayout());
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
  keepWideEnoughForItems(m_kind);  // a narrow window squeezed "Encoder self-attention" (800 × 600, presentation)
  m_kind->setToolTip(tr("Which attention the charts, the similarity map and the ablation view show"));
  m_source = new ElidedLabel(this);
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
  m_detailsButton = new QToolButton(this);
  m_detailsButton->setObjectName(QStringLiteral("headsDetails"));
  m_detailsButton->setText(tr("Details"));
  m_detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_detailsButton->setArrowType(Qt::DownArrow);
  m_detailsButton->setCheckable(true);
  m_detailsButton->setChecked(true);
  m_detailsButton->setToolTip(tr("Show or hide the class thresholds and the selected head's numbers"));

  connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
    const HeadView shown = view();
    m_layers->showHeads(shown);
    m_scatter->showHeads(shown);
    buildSimilarity();
    m_ablationPage->showAblation(shown, m_ablation);
  });
  connect(m_detailsButton, &QToolButton::toggled, this, [this](bool shown) {
    m_details->setVisible(shown);
    m_detailsButton->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
  });
  connect(m_corpusButton, &QPushButton::clicked, this, &HeadAnalysisWidget::chooseCorpus);
  connect(m_inputButton, &QPushButton::clicked, this, &HeadAnalysisWidget::showInputMetrics);
  connect(m_corpusCancel, &QPushButton::clicked, this, &HeadAnalysisWidget::cancelCorpus);
  for (QDoubleSpinBox *box : {m_sinkThreshold, m_positionalThreshold, m_globalEntropyThreshold,
                              m_globalDistanceThreshold, m_localThreshold}) {
    connect(box, &QDoubleSpinBox::valueChanged, this, &HeadAnalysisWidget::classesEdited);
  }
  connect(m_window, &QSpinBox::valueChanged, this, [this] {
    requestMetrics();
    if (m_showCorpus && !m_corpusFile.isEmpty()) startCorpus(m_corpusFile);
  });
}

void HeadAnalysisWidget::createPages(JobRunner *runner) {
  m_pages = new QTabWidget(this);
  m_pages->setObjectName(QStringLiteral("headPages"));

  m_layers = new HeadLayersPage(m_pages);
  m_pages->addTab(m_layers, tr("Layers"));
  m_pages->setTabToolTip(LayersPage, tr("Per layer: each head's mean attention distance and entropy, both as a "
                                        "fraction of uniform attention's"));
  connect(m_layers, &HeadLayersPage::headClicked, this, &HeadAnalysisWidget::selectHead);

  m_scatter = new HeadScatterPage(m_pages);
  m_scatter->setObjectName(QStringLiteral("headScatter"));
  m_pages->addTab(m_scatter, tr("Scatter"));
  m_pages->setTabToolTip(ScatterPage, tr("Every head: mean distance × entropy, colour = layer, shape = class. "
                                         "Click a head to select it everywhere."));
  connect(m_scatter, &HeadScatterPage::headClicked, this, &HeadAnalysisWidget::selectHead);

  m_reach = new HeadReachPage(m_pages);
  m_reach->setObjectName(QStringLiteral("reachChart"));
  m_pages->addTab(m_reach, tr("How Far Each Layer Sees"));
  m_pages->setTabToolTip(ReachPage, tr("Mean attention distance per layer beside the receptive field of a stack "
                                       "of width-3 convolutions"));

  m_similarity = new HeadSimilarityWidget(m_pages);
  m_similarity->setObjectName(QStringLiteral("headSimilarity"));
  m_pages->addTab(m_similarity, tr("Similarity"));
  m_pages->setTabToolTip(SimilarityPage, tr("Jensen-Shannon distance between heads, clustered; click a cell to "
                                            "compare its two heads"));
  connect(m_similarity, &HeadSimilarityWidget::headsActivated, this, &HeadAnalysisWidget::compareHeads);

  m_compare = new HeadComparePage(runner, m_pages);
  m_pages->addTab(m_compare, tr("Compare"));
  m_pages->setTabToolTip(ComparePage, tr("Two heads side by side, with their metrics"));
  connect(m_compare, &HeadComparePage::comparing, this, [this] { m_pages->setCurrentIndex(ComparePage); });

  m_rollout = new HeadRolloutPage(runner, m_pages);
  m_pages->addTab(m_rollout, tr("Rollout"));
  m_pages->setTabToolTip(RolloutPage, tr("How attention flows through the layers to the input tokens"));

  m_ablationPage = new HeadAblationPage(runner, m_pages);
  m_pages->addTab(m_ablationPage, tr("Ablation"));
  m_pages->setTabToolTip(AblationPage, tr("Switch heads off and see the later layers and the output change"));
  connect(m_ablationPage, &HeadAblationPage::ablationChanged, this, &HeadAnalysisWidget::requestAblation);
  // its thumbnails are built on the AblationSlices lane: shown once they are drawn
  connect(m_ablationPage, &HeadAblationPage::figureShown, this, &HeadAnalysisWidget::ablationShown);
}

QWidget *HeadAnalysisWidget::createLayout() {
  auto *top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Attention:"), this));
  top->addWidget(m_kind);
  top->addSpacing(12);
  top->addWidget(m_source, 1);
  top->addWidget(m_corpusProgress);
  top->addWidget(m_corpusCancel);
  top->addWidget(m_inputButton);
  top->addWidget(m_corpusButton);
  top->addWidget(m_detailsButton);
  // two rows of class thresholds, so the tab stays narrow; with the selection line they fold away
  m_details = new QWidget(this);
  auto *detailsLayout = new QVBoxLayout(m_details);
  detailsLayout->setContentsMargins(0, 0, 0, 0);
  auto *thresholds = new QGridLayout;
  const auto addThreshold = [&](int row, int column, const QString &label, QWidget *box) {
    thresholds->addWidget(new QLabel(label, m_details), row, 2 * column, Qt::AlignRight);
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
  detailsLayout->addLayout(thresholds);
  detailsLayout->addWidget(m_selection);
  auto *content = new QWidget(this);
  auto *layout = new QVBoxLayout(content);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(m_details);
  layout->addWidget(m_pages, 1);
  // The pages take the height the window has (at least 300 px) and scroll or squeeze inside
  // themselves: sized by the tallest page's wish instead, the charts ran below the window's edge,
  // axes and legend out of sight (issue 18).
  m_pages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
  m_pages->setMinimumHeight(kPagesMinimumHeight);
  auto *frame = new QScrollArea(this);
  frame->setWidgetResizable(true);
  frame->setFrameShape(QFrame::NoFrame);
  frame->setWidget(content);
  return frame;
}

void HeadAnalysisWidget::setPresenting(bool presenting) {
  if (presenting == m_presenting) return;
  m_presenting = presenting;
  if (presenting) m_detailsBeforePresenting = m_detailsButton->isChecked();
  m_detailsButton->setChecked(!presenting && m_detailsBeforePresenting);
  // At 800 × 800 the tab is about 330 px tall: 300 px of pages under the Attention row ran past
  // its bottom and the tab scrolled.
  m_pages->setMinimumHeight(presenting ? kChartMinimumHeight + m_pages->tabBar()->sizeHint().height()
                                       : kPagesMinimumHeight);
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
    m_ablationPage->listHeads(m_analysis);
  }
  requestMetrics();
  if (!ablatedHeads().empty()) requestAblation();
  else m_ablationPage->showAblation(view(), m_ablation);
}

void HeadAnalysisWidget::analysisRequested() { m_controller->supersedeAnalysis(); }

void HeadAnalysisWidget::requestMetrics() {
  if (!m_analysis) return;
  m_controller->analyse(m_analysis, m_positionalEncoding, metricOptions(), m_metricReading);
  if (!m_input) updateSourceLabel();
}

core::HeadMetricOptions HeadAnalysisWidget::metricOptions() const {
  core::HeadMetricOptions options;
  options.local_window = m_window->value();
  return options;
}

HeadView HeadAnalysisWidget::view() const {
  HeadView shown;
  shown.input = m_input && m_input->analysis == m_analysis ? m_input : nullptr;
  shown.shown = showingCorpus() ? m_corpus : shown.input;
  shown.analysis = m_analysis;
  shown.positionalEncoding = m_positionalEncoding;
  shown.kind = currentKind();
  shown.thresholds = thresholds();
  shown.selected = m_selected;
  return shown;
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

void HeadAnalysisWidget::applyResult(std::shared_ptr<const HeadAnalysisResult> result) {
  if (result->analysis != m_analysis || !sameReading(result->reading, m_metricReading)) return;
  m_input = std::move(result);
  if (!showingCorpus()) {
    rebuild();
    return;
  }
  // the compare and rollout pages draw this input even while the corpus numbers are shown
  const HeadView shown = view();
  m_rollout->showHeads(shown);
  m_compare->showInput(shown);
}

void HeadAnalysisWidget::rebuild() {
  updateSourceLabel();
  if (isVisible()) {
    buildCharts();
  } else {
    m_chartsStale = true;
  }
  const HeadView shown = view();
  m_compare->showHeads(shown);
  m_rollout->showHeads(shown);
  updateSelectionLabel();
  emit classesChanged();
  if (shownResult()) emit metricsShown();
}

void HeadAnalysisWidget::buildCharts() {
  m_chartsStale = false;
  const HeadView shown = view();
  m_layers->showHeads(shown);
  m_scatter->showHeads(shown);
  m_reach->showHeads(shown);
  buildSimilarity();
}

void HeadAnalysisWidget::classesEdited() {
  const HeadView shown = view();
  m_scatter->showHeads(shown);
  m_compare->showHeads(shown);
  updateSelectionLabel();
  emit classesChanged();
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
    if (result->cutLines > 0) text += tr(" (%n line(s) cut to the model's maximum length)", nullptr, result->cutLines);
    if (const QString reading = readingCaption(result->reading); !reading.isEmpty()) text += QStringLiteral(", ") + reading;
    m_source->setFullText(text);
  } else if (m_input && !m_input->error.isEmpty() && m_input->analysis == m_analysis) {
    m_source->setFullText(tr("Cannot compute: %1").arg(m_input->error));
  } else if (result) {
    const QString reading = readingCaption(result->reading);
    m_source->setFullText(reading.isEmpty() ? tr("Metrics of the text in the input box")
                                            : tr("Metrics of the text in the input box, %1").arg(reading));
  } else {
    m_source->setFullText(m_analysis ? tr("Computing head metrics…") : tr("Open a model to measure its heads."));
  }
}

int HeadAnalysisWidget::layerChartCount() const { return m_layers->chartCount(); }

QChart *HeadAnalysisWidget::layerChart(int layer) const { return m_layers->chart(layer); }

QChartView *HeadAnalysisWidget::scatterView() const { return m_scatter; }

QPoint HeadAnalysisWidget::scatterPosition(const core::HeadRef &head) const { return m_scatter->position(head); }

QChartView *HeadAnalysisWidget::reachView() const { return m_reach; }

HeatmapWidget *HeadAnalysisWidget::compareHeatmap(int side) const { return m_compare->heatmap(side); }

WordGraphWidget *HeadAnalysisWidget::compareWordGraph(int side) const { return m_compare->wordGraph(side); }

core::HeadRef HeadAnalysisWidget::comparedHead(int side) const { return m_compare->comparedHead(side); }

void HeadAnalysisWidget::compareHeads(const core::HeadRef &first, const core::HeadRef &second) {
  m_compare->compare(first, second);
}

void HeadAnalysisWidget::compareMostLocalAndGlobal() { m_compare->compareMostLocalAndGlobal(); }

HeatmapWidget *HeadAnalysisWidget::rolloutHeatmap() const { return m_rollout->heatmap(); }

QTableWidget *HeadAnalysisWidget::ablationHeads() const { return m_ablationPage->headTable(); }

ThumbnailGrid *HeadAnalysisWidget::ablationGrid() const { return m_ablationPage->grid(); }

QTableWidget *HeadAnalysisWidget::ablationOutput() const { return m_ablationPage->output(); }

bool HeadAnalysisWidget::isAblationComputing() const { return m_ablationPage->isComputing(); }

std::vector<core::HeadRef> HeadAnalysisWidget::ablatedHeads() const { return m_ablationPage->ablatedHeads(); }

void HeadAnalysisWidget::setHeadAblated(const core::HeadRef &head, bool off) { m_ablationPage->setHeadAblated(head, off); }

void HeadAnalysisWidget::clearAblation() { m_ablationPage->clearAblation(); }

void HeadAnalysisWidget::setAblationReading(core::AttentionMethod method, const core::ReadingOptions &reading,
                                            double topP) {
  m_ablationReading.method = method;
  m_ablationReading.reading = reading;
  m_ablationReading.top_p = topP;
  if (!ablatedHeads().empty()) requestAblation();
}

void HeadAnalysisWidget::setMetricReading(const core::ReadingOptions &reading) {
  core::ReadingOptions whole = reading;
  whole.query_segment = -1;
  whole.key_segment = -1;
  if (sameReading(whole, m_metricReading)) return;
  m_metricReading = std::move(whole);
  requestMetrics();
}

void HeadAnalysisWidget::requestAblation() {
  if (!m_analysis || !m_analysis->trace(m_positionalEncoding)) return;
  const std::vector<core::HeadRef> heads = ablatedHeads();
  if (heads.empty()) {
    m_ablation.reset();
    m_ablationPage->showAblation(view(), m_ablation);  // ablationShown follows
    return;
  }
  m_ablationPage->showComputing(static_cast<int>(heads.size()));
  m_controller->ablate(m_analysis, m_positionalEncoding, heads, m_ablationReading);
}

void HeadAnalysisWidget::applyAblation(std::shared_ptr<const AblationResult> result) {
  if (result->analysis != m_analysis) return;
  m_ablation = std::move(result);
  m_ablationPage->showAblation(view(), m_ablation);  // ablationShown once its thumbnails are drawn
}

void HeadAnalysisWidget::buildSimilarity() {
  const HeadView shown = view();
  const core::KindHeads *heads = shown.heads();
  if (!heads) {
    m_similarity->setDistances({}, {}, {}, {});
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
  m_similarity->setDistances(heads->js_distance, heads->js_order, refs, labels);
}

void HeadAnalysisWidget::selectHead(const core::HeadRef &head) {
  m_selected = head;
  if (head.kind != currentKind()) {
    setCurrentKind(head.kind);  // rebuilds the scatter
  } else {
    m_scatter->showHeads(view());
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
  const core::HeadClass headClass = view().classOf(m_selected);
  m_selection->setText(withMetrics(tr("<b>%1</b> · <span style='color:%2'>%3</span> — entropy %4 nats (%5) · "
                                      "distance %6 (%7) · local %8 · previous %9 · current %10 · next %11 · sink %12 · "
                                      "confidence %13%14")
                                       .arg(headLabel(m_selected), headClassColour(headClass).name(),
                                            headClassName(headClass)),
                                   *m));
}

void HeadAnalysisWidget::chooseCorpus() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Corpus: One Sentence per Line"), QString(),
                                                    tr("Text files (*.txt);;All files (*)"));
  if (!file.isEmpty()) startCorpus(file);
}

void HeadAnalysisWidget::startCorpus(const QString &file) {
  if (!m_analysis) return;
  m_corpusFile = file;
  m_corpusProgress->setRange(0, 1);  // the job reads the file, then reports how many lines it has
  m_corpusProgress->setValue(0);
  m_corpusProgress->setVisible(true);
  m_corpusCancel->setVisible(true);
  m_corpusButton->setEnabled(false);
  m_source->setFullText(tr("Reading %1…").arg(QFileInfo(file).fileName()));
  // the Settings' precision, threads and memory budget, as the analysis computed with
  m_controller->runCorpus(m_analysis->model, file, corpusForwardOptions(*m_analysis, m_positionalEncoding),
                          metricOptions(), m_metricReading);
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
    if (!cancelled) m_source->setFullText(result->error);
  }
  emit corpusFinished(cancelled);
}

void HeadAnalysisWidget::showInputMetrics() {
  m_showCorpus = false;
  rebuild();
}

}  // namespace ui
