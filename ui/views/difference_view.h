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

#include <QWidget>
#include <memory>

#include "attention_slice.h"
#include "whatif_job.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace ui {

class HeatmapWidget;
class ThumbnailGrid;

class DifferenceView : public QWidget {
  Q_OBJECT

 public:
  enum class Show { Difference, A, B };

  explicit DifferenceView(QWidget *parent = nullptr);

  void showResult(std::shared_ptr<const WhatIfResult> result);
  void showMessage(const QString &message);  // nothing to compare (yet): the reason, no matrices
  void selectHead(core::AttentionKind kind, int layer, int head);
  void setShow(Show show);

  std::shared_ptr<const WhatIfResult> result() const { return m_result; }
  core::AttentionKind kind() const { return m_kind; }
  int layer() const { return m_layer; }
  int head() const { return m_head; }
  Show show() const { return m_show; }
  // The matrix on show in the large heatmap (difference, A or B) with its token labels.
  AttentionSlice currentSlice() const;

  QLabel *summary() const { return m_summary; }
  QComboBox *kindBox() const { return m_kindBox; }
  QComboBox *showBox() const { return m_showBox; }
  ThumbnailGrid *grid() const { return m_grid; }
  HeatmapWidget *heatmap() const { return m_heatmap; }
  QTableWidget *predictions() const { return m_predictions; }

 signals:
  void resultShown();

 private:
  void refresh();
  void fillPredictions();

  std::shared_ptr<const WhatIfResult> m_result;
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
