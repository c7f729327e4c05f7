#pragma once
// Heads ▸ Ablation: tick heads to switch them off; the later layers' change per head (of the
// views' method, read with their Reading options) and the most likely next tokens before and after. The forward pass with heads off runs on the
// JobRunner (HeadAnalysisController::ablate); this page lists the heads and draws the result, its
// thumbnails made by the What If tab's one difference-slice function (difference_slice.h) on the
// JobRunner's AblationSlices lane, never on the GUI thread. A newer showAblation drops the older
// one's thumbnails; the figure on show (grid, summary, output table) stays until the newest arrives.

#include <memory>
#include <vector>

#include <QSplitter>

#include "head_view.h"

class QLabel;
class QTableWidget;

namespace ui {

class JobRunner;
class ThumbnailGrid;

class HeadAblationPage : public QSplitter {
  Q_OBJECT

 public:
  // runner: where the thumbnails are built (JobLane::AblationSlices).
  explicit HeadAblationPage(JobRunner *runner, QWidget *parent = nullptr);

  void listHeads(const std::shared_ptr<const Analysis> &analysis);  // one checkbox per head, all on
  std::vector<core::HeadRef> ablatedHeads() const;
  void setHeadAblated(const core::HeadRef &head, bool off);  // ablationChanged follows
  void clearAblation();                                      // ablationChanged follows
  void showComputing(int heads);
  // The result for view's analysis and kind; none: the explanation. A result's thumbnails are
  // built on the lane: figureShown once they, the summary and the output table are drawn (at once
  // when there is nothing to build: no result, an error, a kind the method does not cover).
  void showAblation(const HeadView &view, const std::shared_ptr<const AblationResult> &ablation);
  // The newest showAblation's thumbnails are still being built (the previous figure is on show).
  bool isComputing() const;

  QTableWidget *headTable() const { return m_heads; }
  ThumbnailGrid *grid() const { return m_grid; }
  QTableWidget *output() const { return m_output; }
  // The two passes' names in the difference's caption: "B − A (heads off − all heads)".
  static QString allHeadsName();
  static QString headsOffName();

 signals:
  void ablationChanged();  // the heads switched off changed
  void figureShown();      // the newest showAblation's figure is drawn

 private:
  struct Figure;
  void drawFigure(const Figure &figure, const std::shared_ptr<const Analysis> &analysis,
                  const std::shared_ptr<const AblationResult> &ablation);
  void showOutput(const core::Model &model, const AblationResult &ablation);
  void showPlaceholder();  // the grid's text while it has no thumbnail
  static QString headsOffList(const AblationResult &ablation);     // "Head 1.2, Head 2.1"
  static QString predictionSentence(const core::Comparison &comparison);  // " Next token: KL(…) = … nats." or empty

  JobRunner *m_runner;
  QTableWidget *m_heads;
  ThumbnailGrid *m_grid;
  QTableWidget *m_output;
  QLabel *m_summary;
  bool m_updatingTable = false;
};

}  // namespace ui
