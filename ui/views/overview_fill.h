#pragma once
// The Model overview, filled in the background: on the JobRunner's Overview lane the thumbnails
// are computed head by head, each handed to the GUI thread as it finishes, with the count done for
// a progress line. A dense trace's layer is sliced once (its matrices are held already, and a
// norm-based layer is coloured up to its largest length), a long input's on-demand trace one α̂ at
// a time (recomputed, then dropped again). A new
// start (another result, kind or method) supersedes the fill in flight and its tiles are dropped
// (JobRunner::post delivers only the lane's newest job's); cancel stops it after the head at hand.
// The GUI thread computes no α̂: it only places the images it is given.

#include <functional>
#include <memory>
#include <thread>
#include <utility>

#include <QObject>

#include "analysis.h"
#include "attention_methods.h"
#include "attention_slice.h"
#include "thumbnail_grid.h"

namespace ui {

class JobRunner;

// Thumbnails past this many cells a side are drawn as tiles (thumbnails.h): a 4,096-token head is
// a 128 × 128 image, not 64 MiB of pixels.
inline constexpr int kOverviewThumbnailSide = 128;

// What one fill draws: every layer and head of one kind of the result, read as options says.
struct OverviewRequest {
  std::shared_ptr<const Analysis> analysis;
  std::shared_ptr<const MethodTrace> method;  // a method's matrices (keeps options.methodTrace alive); null: raw α̂
  core::AttentionKind kind = core::AttentionKind::EncoderSelf;
  SliceOptions options;  // methodTrace, when set, points into method->trace
};

// One finished thumbnail and the thread that computed it (never the GUI thread).
struct OverviewTile {
  int layer = 0;
  int head = 0;
  Thumbnail thumbnail;
  std::thread::id thread;
};

class OverviewFill : public QObject {
  Q_OBJECT

 public:
  explicit OverviewFill(JobRunner *runner, QObject *parent = nullptr);

  // Starts filling for the request (superseding any fill in flight); emits started first.
  void start(OverviewRequest request);
  // Stops the fill in flight after its current head; finished(true) follows.
  void cancel();
  // Drops the fill in flight without a result (the result it was for is gone).
  void stop();
  bool isBusy() const;
  // Called on the worker thread after each head's thumbnail is handed over (empty: nothing). The
  // tests hold the fill there to cancel it or switch the model at a known point.
  void setAfterHead(std::function<void()> afterHead) { m_afterHead = std::move(afterHead); }

 signals:
  // layers × heads thumbnails are coming, for this kind.
  void started(int layers, int heads);
  void tileReady(const ui::OverviewTile &tile);
  // The slices are empty (the reading hides every token): there is nothing to draw; finished follows.
  void nothingToShow();
  void progressChanged(int done, int total);
  void finished(bool cancelled);

 private:
  JobRunner *m_runner;
  std::function<void()> m_afterHead;
};

}  // namespace ui
