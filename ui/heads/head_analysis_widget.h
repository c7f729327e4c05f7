#pragma once
// The Heads tab: head specialisation in numbers (core/head_analysis.h, docs/head-metrics.md).
// It holds the controls every page shares (attention kind, class thresholds, window, corpus),
// asks the HeadAnalysisController (on the JobRunner) for metrics, ablations and corpus runs, and
// hands each page a HeadView of the result: Layers (head_layers_page), Scatter, How Far Each
// Layer Sees (head_reach_page), Similarity (head_similarity_widget), Compare, Rollout, Ablation.

#include <memory>
#include <vector>

#include <QColor>
#include <QVector>
#include <QWidget>

#include "analysis.h"
#include "analysis/head_analysis.h"
#include "head_analysis_controller.h"
#include "head_labels.h"
#include "head_view.h"

class QChart;
class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QShowEvent;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QToolButton;

namespace ui {

class HeadAblationPage;
class HeadComparePage;
class HeadLayersPage;
class HeadReachPage;
class HeadRolloutPage;
class HeadScatterPage;
class HeadSimilarityWidget;
class ElidedLabel;
class HeatmapWidget;
class JobRunner;
class ThumbnailGrid;
class WordGraphWidget;

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
  const HeadAnalysisResult *shownResult() const { return view().shown.get(); }
  bool showingCorpus() const { return m_showCorpus && m_corpus; }
  core::HeadThresholds thresholds() const;
  void setThresholds(const core::HeadThresholds &thresholds);
  core::HeadClass headClass(const core::HeadRef &head) const { return view().classOf(head); }
  // One colour per head of kind, layers × heads row-major (empty while there are no metrics).
  QVector<QColor> classBadges(core::AttentionKind kind) const;

  core::AttentionKind currentKind() const;
  void setCurrentKind(core::AttentionKind kind);
  core::HeadRef selectedHead() const { return m_selected; }

  // Views, for the tests.
  QTabWidget *pages() const { return m_pages; }
  QToolButton *detailsButton() const { return m_detailsButton; }
  QWidget *details() const { return m_details; }
  int layerChartCount() const;
  QChart *layerChart(int layer) const;
  QChartView *scatterView() const;
  QPoint scatterPosition(const core::HeadRef &head) const;  // in the scatter view's viewport
  QChartView *reachView() const;
  HeadSimilarityWidget *similarity() const { return m_similarity; }
  HeatmapWidget *compareHeatmap(int side) const;
  WordGraphWidget *compareWordGraph(int side) const;
  core::HeadRef comparedHead(int side) const;
  HeatmapWidget *rolloutHeatmap() const;
  QTableWidget *ablationHeads() const;
  ThumbnailGrid *ablationGrid() const;
  QTableWidget *ablationOutput() const;
  const AblationResult *ablation() const { return m_ablation.get(); }
  // The Ablation page's thumbnails are still being built (HeadAblationPage::isComputing).
  bool isAblationComputing() const;
  QProgressBar *corpusProgress() const { return m_corpusProgress; }
  QPushButton *corpusCancelButton() const { return m_corpusCancel; }
  bool isCorpusRunning() const;

  void selectHead(const core::HeadRef &head);  // emits headSelected
  void compareHeads(const core::HeadRef &first, const core::HeadRef &second);
  void compareMostLocalAndGlobal();
  void startCorpus(const QString &file);  // reads the file, runs on the corpus lane
  void cancelCorpus();
  void showInputMetrics();                // back from a corpus to this input
  void setHeadAblated(const core::HeadRef &head, bool off);
  std::vector<core::HeadRef> ablatedHeads() const;
  // How the ablation's two passes are read before they are subtracted: the views' method, Reading
  // options and top-p (0: every key), as the What If tab reads its passes. Recomputes an ablation on show.
  void setAblationReading(core::AttentionMethod method, const core::ReadingOptions &reading, double topP);
  // How the metrics read the matrices: the views' Reading options (words merged, tokens hidden;
  // docs/reading.md), without the pair filter, which is the views' alone. Recomputes the input's
  // metrics when it changes; a corpus run started afterwards reads every line so.
  void setMetricReading(const core::ReadingOptions &reading);
  const core::ReadingOptions &metricReading() const { return m_metricReading; }
  void clearAblation();

 public slots:
  // Presentation mode (large type, a projector's 800 px): the class thresholds and the selected
  // head's line fold away behind Details, so the charts start near the top; leaving it unfolds
  // them as they were.
  void setPresenting(bool presenting);

 signals:
  void headSelected(core::AttentionKind kind, int layer, int head);
  void classesChanged();  // new metrics or thresholds: the overview's badges are stale
  void metricsShown();    // a result (input or corpus) has reached every page
  void corpusFinished(bool cancelled);
  // The Ablation page's figure (thumbnails, summary, output) for the newest result or kind is drawn.
  void ablationShown();

 protected:
  void showEvent(QShowEvent *event) override;

 private:
  void createControls();
  void createPages(JobRunner *runner);
  QWidget *createLayout();
  HeadView view() const;  // what the pages draw now
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
  void buildSimilarity();
  void classesEdited();
  void updateSelectionLabel();
  void updateSourceLabel();
  core::HeadMetricOptions metricOptions() const;

  HeadAnalysisController *m_controller;
  std::shared_ptr<const Analysis> m_analysis;
  bool m_positionalEncoding = true;
  std::shared_ptr<const HeadAnalysisResult> m_input;
  std::shared_ptr<const HeadAnalysisResult> m_corpus;
  std::shared_ptr<const AblationResult> m_ablation;
  core::ComparisonReading m_ablationReading;  // its method, reading and top-p only
  core::ReadingOptions m_metricReading;         // setMetricReading
  bool m_showCorpus = false;
  bool m_chartsStale = false;  // a result came while the tab was hidden
  QString m_corpusFile;
  core::HeadRef m_selected;

  QComboBox *m_kind = nullptr;
  ElidedLabel *m_source = nullptr;
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
  QToolButton *m_detailsButton = nullptr;  // shows or hides m_details
  QWidget *m_details = nullptr;            // the thresholds and m_selection
  bool m_presenting = false;
  bool m_detailsBeforePresenting = true;
  QTabWidget *m_pages = nullptr;

  HeadLayersPage *m_layers = nullptr;
  HeadScatterPage *m_scatter = nullptr;
  HeadReachPage *m_reach = nullptr;
  HeadSimilarityWidget *m_similarity = nullptr;
  HeadComparePage *m_compare = nullptr;
  HeadRolloutPage *m_rollout = nullptr;
  HeadAblationPage *m_ablationPage = nullptr;
};

}  // namespace ui
