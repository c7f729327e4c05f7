#pragma once
// Heads ▸ Ablation: tick heads to switch them off; the later layers' change per head (of the
// views' method, read with their Reading options) and the most likely next tokens before and after. The forward pass with heads off runs on the
// JobRunner (HeadAnalysisController::ablate); this page lists the heads and draws the result, its
// thumbnails made by the What If tab's one difference-slice function (difference_slice.h).

#include <memory>
#include <vector>

#include <QSplitter>

#include "head_view.h"

class QLabel;
class QTableWidget;

namespace ui {

class ThumbnailGrid;

class HeadAblationPage : public QSplitter {
  Q_OBJECT

 public:
  explicit HeadAblationPage(QWidget *parent = nullptr);

  void listHeads(const std::shared_ptr<const Analysis> &analysis);  // one checkbox per head, all on
  std::vector<core::HeadRef> ablatedHeads() const;
  void setHeadAblated(const core::HeadRef &head, bool off);  // ablationChanged follows
  void clearAblation();                                      // ablationChanged follows
  void showComputing(int heads);
  // The result for view's analysis and kind; none: the explanation.
  void showAblation(const HeadView &view, const std::shared_ptr<const AblationResult> &ablation);

  QTableWidget *headTable() const { return m_heads; }
  ThumbnailGrid *grid() const { return m_grid; }
  QTableWidget *output() const { return m_output; }
  // The two passes' names in the difference's caption: "B − A (heads off − all heads)".
  static QString allHeadsName();
  static QString headsOffName();

 signals:
  void ablationChanged();  // the heads switched off changed

 private:
  void showOutput(const core::Model &model, const AblationResult &ablation);
  void showPlaceholder();  // the grid's text while it has no thumbnail

  QTableWidget *m_heads;
  ThumbnailGrid *m_grid;
  QTableWidget *m_output;
  QLabel *m_summary;
  bool m_updatingTable = false;
};

}  // namespace ui
