#pragma once
// The model at a glance: a grid of thumbnails, layers × heads, for one attention kind (encoder
// self, decoder masked self, decoder cross). Clicking a thumbnail asks to open that head.

#include <QColor>
#include <QPair>
#include <QVector>
#include <QWidget>

#include "attention_slice.h"
#include "thumbnail_grid.h"

class QComboBox;
class QLabel;
class QTimer;
class QToolButton;

namespace ui {

class ModelOverviewWidget : public QWidget {
  Q_OBJECT

 public:
  explicit ModelOverviewWidget(QWidget *parent = nullptr);

  void setKinds(const std::vector<core::AttentionKind> &kinds);
  core::AttentionKind currentKind() const;
  void setCurrentKind(core::AttentionKind kind);
  // No thumbnails: the grid shows its placeholder (no result yet, an error, a method's matrices
  // missing, or a reading that hides every token); any fill's progress line goes.
  void clear();
  void setPlaceholder(const QString &text);
  ThumbnailGrid *grid() const { return m_grid; }
  // What the shaded column bands mean (grouped-query attention); hidden for multi-head attention.
  QLabel *groupLegend() const { return m_groupLegend; }
  // What the corner triangles mean: one colour per head class, as the Heads tab names them.
  void setBadgeLegend(const QVector<QPair<QColor, QString>> &classes);
  QLabel *badgeLegend() const { return m_badgeLegend; }

  // The overview fills in the background (overview_fill.h): beginFill shows layers rows of empty
  // frames under the column captions (query heads, banded in groups of groupSize when kvHeads
  // key/value heads serve them, with the legend saying so), setTile puts each thumbnail in as it
  // arrives, and a progress line with Cancel counts them until finishFill. The line appears only
  // once a fill has run kFillProgressDelayMs: a quick fill shows no flash of it.
  static constexpr int kFillProgressDelayMs = 300;
  void beginFill(int layers, const QStringList &columns, int groupSize, int kvHeads);
  void setTile(int layer, int column, const Thumbnail &thumbnail);
  void setFillProgress(int done, int total);
  void finishFill(bool cancelled);
  // Between beginFill and finishFill (or clear): some thumbnails are still to come, so the grid
  // is not yet a picture of the model (exports wait for it: ExportMenu::exportFigure).
  bool isFilling() const { return m_filling; }
  int fillDone() const { return m_fillDone; }
  int fillTotal() const { return m_fillTotal; }
  QLabel *fillStatus() const { return m_fillStatus; }
  QToolButton *cancelFillButton() const { return m_cancelFill; }

 signals:
  void kindChanged(core::AttentionKind kind);
  void headActivated(core::AttentionKind kind, int layer, int head);
  void cancelFillRequested();

 private:
  QComboBox *m_kind;
  QLabel *m_hint;
  QLabel *m_groupLegend;
  QLabel *m_badgeLegend;
  ThumbnailGrid *m_grid;
  QLabel *m_fillStatus;
  QToolButton *m_cancelFill;
  QTimer *m_fillDelay;  // shows the progress line once a fill has run kFillProgressDelayMs
  int m_fillDone = 0;
  int m_fillTotal = 0;
  bool m_filling = false;
};

}  // namespace ui
