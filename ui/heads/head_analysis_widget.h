#pragma once
// The Heads tab: head specialisation in numbers (core/head_analysis.h, docs/head-metrics.md).
// Pages: per-layer bar charts of distance and entropy, a scatter of every head (colour = layer,
// shape = class), how far each layer sees beside a stack of width-3 convolutions, the JS
// head-similarity map, two heads side by side, attention rollout and head ablation. Metrics come
// from the shown input or a corpus run; class thresholds are edited here. Everything is computed
// by a HeadAnalysisController on worker threads.

#include <array>
#include <memory>
#include <vector>

#include <QColor>
#include <QVector>
#include <QWidget>

#include "analysis.h"
#include "analysis/head_analysis.h"
#include "head_analysis_controller.h"

class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QShowEvent;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QTableWidgetItem;

namespace ui {

class HeadSimilarityWidget;
class JobRunner;
class HeatmapWidget;
class ThumbnailGrid;
class WordGraphWidget;

QColor headClassColour(core::HeadClass headClass);
QString headClassName(core::HeadClass headClass);
// "Enc L1 H2", "Dec L1 H2", "Cross L1 H2" (1-based, as the other views count)
QString headLabel(const core::HeadRef &head);

class HeadAnalysisWidget : public QWidget {
  Q_OBJECT

 public:
  enum Page { LayersPage, ScatterPage, ReachPage, SimilarityPage, ComparePage, RolloutPage, AblationPage };

  // runner: where the metrics, ablations and corpus runs are computed.
  explicit HeadAnalysisWidget(JobRunner *runner, QWidget *parent = nullptr);
  ~HeadAnalysisWidget() override;

  // The main window's newest result; recomputes only when it or the PE setting changed.
  void setAnalysis(std::shared_ptr<const Analysis> analysis, bool positionalEncoding);
  // A newer analysis has been asked for: metrics still being computed for the current one are
  // given up, so they do not compete with its forward pass (setAnalysis asks for new ones).
  void analysisRequested();

  // The metrics shown: the corpus's while one is shown, else this input's. Null until computed.
  const HeadAnalysisResult *shownResult() const;
  bool showingCorpus() const { return m_showCorpus && m_corpus; }
  core::HeadThresholds thresholds() const;
  void setThresholds(const core::HeadThresholds &thresholds);
  core::HeadClass headClass(const core::HeadRef &head) const;
  // One colour per head of kind, layers × heads row-major (empty while there are no metrics).
  QVector<QColor> classBadges(core::AttentionKind kind) const;

  core::AttentionKind currentKind() const;
  void setCurrentKind(core::AttentionKind kind);
  core::HeadRef selectedHead() const { return m_selected; }

  // Views, for the tests.
  QTabWidget *pages() const { return m_pages; }
  int layerChartCount() const { return static_cast<int>(m_layerCharts.size()); }
  QChart *layerChart(int layer) const;
  QChartView *scatterView() const { return m_scatterView; }
  QPoint scatterPosition(const core::HeadRef &head) const;  // in the scatter view's viewport
  QChartView *reachView() const { return m_reachView; }
  HeadSimilarityWidget *similarity() const { return m_similarity; }
  HeatmapWidget *compareHeatmap(int side) const { return m_compareHeatmap[static_cast<std::size_t>(side)]; }
  WordGraphWidget *compareWordGraph(int side) const { return m_compareGraph[static_cast<std::size_t>(side)]; }
  core::HeadRef comparedHead(int side) const;
  HeatmapWidget *rolloutHeatmap() const { return m_rolloutHeatmap; }
  QTableWidget *ablationHeads() const { return m_ablationHeads; }
  ThumbnailGrid *ablationGrid() const { return m_ablationGrid; }
  QTableWidget *ablationOutput() const { return m_ablationOutput; }
  const AblationResult *ablation() const { return m_ablation.get(); }
  QProgressBar *corpusProgress() const { return m_corpusProgress; }
  QPushButton *corpusCancelButton() const { return m_corpusCancel; }
  bool isCorpusRunning() const;

  void selectHead(const core::HeadRef &head);  // emits headSelected
  void compareHeads(const core::HeadRef &first, const core::HeadRef &second);
  void compareMostLocalAndGlobal();
  void startCorpus(const QString &file);  // reads the file, runs on the corpus thread
  void cancelCorpus();
  void showInputMetrics();                // back from a corpus to this input
  void setHeadAblated(const core::HeadRef &head, bool off);
  std::vector<core::HeadRef> ablatedHeads() const;
  void clearAblation();

 signals:
  void headSelected(core::AttentionKind kind, int layer, int head);
  void classesChanged();  // new metrics or thresholds: the overview's badges are stale
  void metricsShown();    // a result (input or corpus) has reached every page
  void corpusFinished(bool cancelled);
  void ablationShown();

 protected:
  void showEvent(QShowEvent *event) override;

 private:
  void createControls();
  void createPages();
  void chooseCorpus();
  void applyResult(std::shared_ptr<const HeadAnalysisResult> result);
  void applyCorpus(std::shared_ptr<const HeadAnalysisResult> result);
  void applyAblation(std::shared_ptr<const AblationResult> result);
  void requestMetrics();
  void requestAblation();
  void rebuild();  // every page from the shown result
  // The charts are most of a result's GUI-thread work: built only while the tab is on screen,
  // else on the next showEvent.
  void buildCharts();
  void buildLayerCharts();
  void buildScatter();
  void buildReach();
  void buildSimilarity();
  void fillCompareBoxes();
  void updateCompareSide(int side);
  void fillRolloutControls();
  void updateRollout();
  void fillAblationHeads();
  void updateAblationViews();
  void updateSelectionLabel();
  void updateSourceLabel();
  std::vector<core::HeadRef> allHeads() const;
  core::HeadMetricOptions metricOptions() const;

  HeadAnalysisController *m_controller;
  std::shared_ptr<const Analysis> m_analysis;
  bool m_positionalEncoding = true;
  std::shared_ptr<const HeadAnalysisResult> m_input;
  std::shared_ptr<const HeadAnalysisResult> m_corpus;
  std::shared_ptr<const AblationResult> m_ablation;
  bool m_showCorpus = false;
  bool m_chartsStale = false;  // a result came while the tab was hidden
  QString m_corpusFile;
  core::HeadRef m_selected;
  bool m_updatingAblationTable = false;

  QComboBox *m_kind = nullptr;
  QLabel *m_source = nullptr;
  QPushButton *m_corpusButton = nullptr;
  QPushButton *m_inputButton = nullptr;
  QProgressBar *m_corpusProgress = nullptr;
  QPushButton *m_corpusCancel = nullptr;
  QDoubleSpinBox *m_sinkThreshold = nullptr;
  QDoubleSpinBox *m_positionalThreshold = nullptr;
  QDoubleSpinBox *m_globalEntropyThreshold = nullptr;
  QDoubleSpinBox *m_globalDistanceThreshold = nullptr;
  QDoubleSpinBox *m_localThreshold = nullptr;
  QSpinBox *m_window = nullptr;
  QLabel *m_selection = nullptr;
  QTabWidget *m_pages = nullptr;

  QWidget *m_layersPage = nullptr;
  QGridLayout *m_layersGrid = nullptr;
  std::vector<QChartView *> m_layerCharts;
  QChartView *m_scatterView = nullptr;
  QChartView *m_reachView = nullptr;
  HeadSimilarityWidget *m_similarity = nullptr;
  std::array<QComboBox *, 2> m_compareBox{};
  std::array<WordGraphWidget *, 2> m_compareGraph{};
  std::array<HeatmapWidget *, 2> m_compareHeatmap{};
  std::array<QLabel *, 2> m_compareMetrics{};
  QComboBox *m_rolloutKind = nullptr;
  QSpinBox *m_rolloutLayer = nullptr;
  HeatmapWidget *m_rolloutHeatmap = nullptr;
  HeatmapWidget *m_rolloutRaw = nullptr;
  QLabel *m_rolloutCaption = nullptr;
  QTableWidget *m_ablationHeads = nullptr;
  ThumbnailGrid *m_ablationGrid = nullptr;
  QTableWidget *m_ablationOutput = nullptr;
  QLabel *m_ablationSummary = nullptr;
};

}  // namespace ui
