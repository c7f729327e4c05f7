#pragma once
// The model at a glance: a grid of thumbnails, layers × heads, for one attention kind (encoder
// self, decoder masked self, decoder cross). Clicking a thumbnail asks to open that head.

#include <vector>

#include <QColor>
#include <QPair>
#include <QVector>
#include <QWidget>

#include "attention_slice.h"
#include "thumbnail_grid.h"

class QComboBox;
class QLabel;
class QToolButton;

namespace ui {


class ModelOverviewWidget : public QWidget {
  Q_OBJECT

 public:
  explicit ModelOverviewWidget(QWidget *parent = nullptr);

  void setKinds(const std::vector<core::AttentionKind> &kinds);
  core::AttentionKind currentKind() const;
  void setCurrentKind(core::AttentionKind kind);
  // One slice per layer of the current kind; an empty vector shows the placeholder.
  void setLayers(const std::vector<AttentionSlice> &layers);
  void setPlaceholder(const QString &text);
  ThumbnailGrid *grid() const { return m_grid; }
  // What the shaded column bands mean (grouped-query attention); hidden for multi-head attention.
  QLabel *groupLegend() const { return m_groupLegend; }
  // What the corner triangles mean: one colour per head class, as the Heads tab names them.
  void setBadgeLegend(const QVector<QPair<QColor, QString>> &classes);
  QLabel *badgeLegend() const { return m_badgeLegend; }

  // A long input's overview fills in the background (overview_fill.h): beginFill shows layers
  // rows of empty frames under the column captions, setTile puts each thumbnail in as it arrives,
  // and a progress line with Cancel counts them until finishFill.
  void beginFill(int layers, const QStringList &columns, int groupSize);
  void setTile(int layer, int column, const Thumbnail &thumbnail);
  void setFillProgress(int done, int total);
  void finishFill(bool cancelled);
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
  int m_fillDone = 0;
  int m_fillTotal = 0;
};

}  // namespace ui
