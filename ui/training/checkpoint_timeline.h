#pragma once
// The checkpoint timeline: a series folder holds model folders named step-NNNNNN (what
// `attnscope-cli train --checkpoint-every` writes); a slider scrubs through them and each position
// shows that checkpoint in every view, with the same input text, so heads can be watched
// specialising. Checkpoints load on a worker thread and stay cached (they are small); the whole
// series is loaded in the background once it is opened, so scrubbing soon needs no loading.

#include <cstddef>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include <QObject>
#include <QString>
#include <QThread>
#include <QWidget>

#include "analysis.h"
#include "hand_over_event.h"

class QHBoxLayout;
class QLabel;
class QSlider;

namespace ui {

struct Checkpoint {
  int step = 0;
  QString folder;
  QString note;  // e.g. "held-out exact sequences (200): 86.0 %", from the series README; may be empty
};

// The step-NNNNNN subfolders of series that look like models, by step. Notes come from a
// README.md table whose first column names the checkpoint (| step-000100 | 11.0 % |).
std::vector<Checkpoint> findCheckpoints(const QString &series);

class CheckpointTimeline : public QWidget {
  Q_OBJECT

 public:
  explicit CheckpointTimeline(QWidget *parent = nullptr);
  ~CheckpointTimeline() override;

  // Lists the series and shows its first checkpoint; false (and the reason) when it has none.
  bool openSeries(const QString &folder, QString *error = nullptr);
  QString seriesFolder() const { return m_series; }
  const std::vector<Checkpoint> &checkpoints() const { return m_checkpoints; }
  int currentIndex() const;
  bool isCached(int index) const { return m_cache.count(index) > 0; }

  QSlider *slider() const { return m_slider; }
  QLabel *stepLabel() const { return m_stepLabel; }

  void showCheckpoint(int index);
  // Another model was asked for: the checkpoint at the slider, still loading, is not shown when it
  // arrives (it is cached; moving the slider shows it).
  void dropPendingShow() { m_pendingShow = -1; }

  // Bytes opening a checkpoint may allocate (core::load_model; Settings ▸ Memory budget; 0: no limit).
  // A step folder maps its weights, which the guard does not count; the pass of the checkpoint shown
  // is guarded by the window's analysis as any other.
  void setMemoryBudget(std::size_t bytes) { m_memoryBudget = bytes; }
  std::size_t memoryBudget() const { return m_memoryBudget; }

 signals:
  // The checkpoint at the slider, once loaded. label: "reverse-checkpoints/step-000800".
  void checkpointShown(std::shared_ptr<const core::Model> model, const QString &label);
  void checkpointLoadFailed(const QString &folder, const QString &message);

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override;
  bool event(QEvent *event) override;  // runs the loads the loader thread hands back

 private:
  void requestLoad(int index);
  void receive(quint64 series, int index, std::shared_ptr<const core::Model> model, const QString &error);
  void updateLabel();
  void rebuildTickLabels();

  QString m_series;
  quint64 m_seriesId = 0;  // results for a series opened earlier are dropped
  std::size_t m_memoryBudget = 0;
  std::vector<Checkpoint> m_checkpoints;
  std::map<int, std::shared_ptr<const core::Model>> m_cache;
  std::set<int> m_requested;
  int m_pendingShow = -1;  // the index whose load, when it arrives, is shown (the slider's, asked for)

  QThread m_thread;
  HandOverReceiver *m_loader;  // lives on m_thread; runs the loads queued to it, in order
  ThreadHandOver m_fromLoader;  // loads handed back to the GUI thread (hand_over_event.h)
  QLabel *m_title = nullptr;
  QSlider *m_slider = nullptr;
  QHBoxLayout *m_ticks = nullptr;
  QLabel *m_stepLabel = nullptr;
};

}  // namespace ui
