#pragma once
// The one difference view every "what if" comparison uses (token edits, two sentences, two
// checkpoints, PE on/off; docs/methods.md): B − A of every head over the aligned tokens in a
// blue–white–red scale (thumbnails, layers × heads of one kind of attention, and the chosen head
// large), or A or B alone, and the next-token prediction before and after with its KL divergence.
// Both passes are read as the other views read one (the method, words, hidden tokens, pair filter,
// top-p: WhatIfRequest), and the summary and titles say how. It draws a WhatIfResult and computes
// nothing but slices of it (difference_slice.h, which the Heads tab's ablation thumbnails share). The toolbar's PE Difference is
// its "positional encoding off" comparison, and File ▸ Export writes its figure and its B − A
// (ExportMenu::addDifferenceView): one legend, one colour rule, one export for every comparison.
// Its figure (every layer's thumbnails and the large heatmap's slice) is built on the JobRunner's
// Difference lane, never on the GUI thread: each showResult, selectHead, setShow or kind change
// asks for one, a newer request drops the older one's result, and the figure on show stays until
// the newest one arrives (isComputing meanwhile; figureShown once it is drawn).

#include <QWidget>
#include <memory>

#include "attention_slice.h"
#include "whatif_job.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace ui {

class HeatmapWidget;
class JobRunner;
class ThumbnailGrid;

class DifferenceView : public QWidget {
  Q_OBJECT

 public:
  enum class Show { Difference, A, B };

  // runner: where the figure is built (JobLane::Difference).
  explicit DifferenceView(JobRunner *runner, QWidget *parent = nullptr);

  // Summary, predictions and figure switch together once the figure is built: resultShown then.
  void showResult(std::shared_ptr<const WhatIfResult> result);
  void showMessage(const QString &message);  // nothing to compare (yet): the reason, no matrices
  void selectHead(core::AttentionKind kind, int layer, int head);
  void setShow(Show show);

  // The newest result asked for (its figure may still be on its way: isComputing).
  std::shared_ptr<const WhatIfResult> result() const { return m_result; }
  core::AttentionKind kind() const { return m_kind; }
  int layer() const { return m_layer; }
  int head() const { return m_head; }
  Show show() const { return m_show; }
  // The matrix on show in the large heatmap (difference, A or B) with its token labels: the one
  // drawn, as built on the lane (empty, with its caption, when no token is in both A and B).
  const AttentionSlice &currentSlice() const;
  // A figure asked for has not been drawn yet (the previous one is still on show).
  bool isComputing() const;

  QLabel *summary() const { return m_summary; }
  QComboBox *kindBox() const { return m_kindBox; }
  QComboBox *showBox() const { return m_showBox; }
  ThumbnailGrid *grid() const { return m_grid; }
  HeatmapWidget *heatmap() const { return m_heatmap; }
  QTableWidget *predictions() const { return m_predictions; }

 signals:
  // A showResult's summary, predictions and figure are drawn (at once for a message: no figure).
  void resultShown();
  // The newest request's figure is drawn (or, at once, its note: a kind the method does not
  // cover, or showMessage's message), so every request is followed by one.
  void figureShown();

 private:
  struct Figure;
  void refresh();  // asks the lane for the figure of (result, kind, layer, head, show)
  void drawFigure(Figure figure);
  void drawNote(const QString &note);
  void figureDrawn();  // emits figureShown, and resultShown when a showResult was waiting
  void fillPredictions();

  JobRunner *m_runner;
  std::shared_ptr<const WhatIfResult> m_result;
  bool m_resultPending = false;  // showResult's figure not drawn yet: its summary waits with it
  QString m_pendingSummary;
  AttentionSlice m_emptySlice;  // currentSlice() while the heatmap shows a placeholder
  core::AttentionKind m_kind = core::AttentionKind::EncoderSelf;
  int m_layer = 0;
  int m_head = 0;
  Show m_show = Show::Difference;
  QLabel *m_summary;
  QComboBox *m_kindBox;
  QComboBox *m_showBox;
  ThumbnailGrid *m_grid;
  HeatmapWidget *m_heatmap;
  QTableWidget *m_predictions;
};

}  // namespace ui
