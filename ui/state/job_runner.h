#pragma once
// Runs every computation the window asks for off the GUI thread: model loads, forward passes,
// head metrics, ablations, corpus runs, exports. Each kind of job has its own lane (thread), and
// a lane is latest-only: a new job supersedes the ones before it, a superseded job is skipped if
// still queued, may stop early through its JobContext, and its result is dropped before it is
// delivered. So whatever reaches the GUI thread belongs to the newest request (the `mandelbrot`
// RenderThread pattern, with request ids). A long job (a training run) can also wait on its stop
// token: a newer job, a cancel or the runner's end requests it, waking the job at once.

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <stop_token>

#include <QObject>
#include <QPointer>
#include <QThread>

#include "hand_over_event.h"

namespace ui {

// One lane per kind of job: Walkthrough, Inspector and Permutation are the Classroom tab's forward
// passes; Method the method switch's matrices (value zeroing, flow, …); Lens the Logit lens page;
// HfCache the listing of File ▸ Open from Hugging Face Cache…; Positions the PE explorer's rotary
// shift and per-layer switches; WhyQk, WhyMap and WhySearch the q·k page, the query/key map and
// corpus search (ui/why); WhatIf the What If tab's comparisons (ui/whatif); Diagram the Classroom's
// living diagram (its own walkthrough, so the two pages never supersede each other); Training a
// Train panel run (one job for the whole run, stopped between steps), TrainingSave its Save…;
// Overview the Model overview's thumbnails of a long input, head by head (ui/views/overview_fill.h);
// Slices the Attention tab's slices, a dense trace's and a long input's (ui/views/view_slices.h); HeadCompare and
// HeadRollout the Heads tab's Compare and Rollout pages' slices (ui/heads); Tiles the heatmap's
// aggregated tiles when zoomed out (ui/views/heatmap_widget.h); Checkpoints the checkpoint
// timeline's loads (ui/training/checkpoint_timeline.h); Difference the What If tab's figure, its
// B − A (or A, B) slices and thumbnails (ui/views/difference_view.h); AblationSlices the Heads
// tab's Ablation page's difference thumbnails (ui/heads/head_ablation_page.h).
enum class JobLane {
  Model,
  Analysis,
  Heads,
  Ablation,
  Corpus,
  Export,
  Training,
  TrainingSave,
  Walkthrough,
  Inspector,
  Permutation,
  Method,
  Lens,
  HfCache,
  Positions,
  WhyQk,
  WhyMap,
  WhySearch,
  WhatIf,
  Diagram,
  Overview,
  Slices,
  HeadCompare,
  HeadRollout,
  Tiles,
  Checkpoints,
  Difference,
  AblationSlices,
  PositionTable,
};
inline constexpr int kJobLaneCount = static_cast<int>(JobLane::PositionTable) + 1;  // the last lane + 1

// What a running job may ask: has a newer job (or a cancel) made it worthless?
class JobContext {
 public:
  JobContext(const std::atomic<quint64> *latest, const std::atomic<quint64> *cancelled, quint64 id,
             std::stop_token stop = {})
      : m_latest(latest), m_cancelled(cancelled), m_id(id), m_stop(std::move(stop)) {}
  quint64 id() const { return m_id; }
  bool superseded() const { return m_id != m_latest->load(); }
  bool cancelled() const { return m_id <= m_cancelled->load(); }
  bool stopped() const { return superseded() || cancelled(); }
  // Requested when stopped() becomes true; a job that sleeps or waits (a paused training run)
  // waits on it (std::condition_variable_any) so it wakes at once instead of polling.
  std::stop_token stopToken() const { return m_stop; }

 private:
  const std::atomic<quint64> *m_latest;
  const std::atomic<quint64> *m_cancelled;
  quint64 m_id;
  std::stop_token m_stop;
};

class JobRunner : public QObject {
  Q_OBJECT

 public:
  explicit JobRunner(QObject *parent = nullptr);
  ~JobRunner() override;  // stops every lane and waits for the job in flight

  // Runs work(context) on the lane's thread, then deliver(result) on this object's thread, only
  // if no newer job was submitted to the lane meanwhile and receiver still exists. Returns the
  // job's id.
  template <typename Work, typename Deliver>
  quint64 submit(JobLane lane, const QObject *receiver, Work work, Deliver deliver);

  // Makes every job of the lane stale without starting a new one.
  void supersede(JobLane lane);
  // Asks the lane's running job to stop (JobContext::cancelled); its result is still delivered.
  void cancel(JobLane lane);
  quint64 latest(JobLane lane) const { return state(lane).latest.load(); }
  bool isBusy(JobLane lane) const { return state(lane).pending > 0; }
  bool isBusy() const;

  // Called from a job (any thread): runs fn on this object's thread while the job is the lane's
  // newest and receiver (taken on the GUI thread, when the job was submitted) exists; for progress.
  void post(JobLane lane, quint64 id, QPointer<const QObject> receiver, std::function<void()> fn);

 signals:
  void busyChanged(bool busy);  // any lane

 private:
  struct Lane {
    std::atomic<quint64> latest{0};
    std::atomic<quint64> cancelled{0};
    int pending = 0;  // GUI thread: the newest job has not been delivered yet
    std::stop_source stop;  // GUI thread: the newest job's; requested with every supersede or cancel
    std::unique_ptr<QThread> thread;
    QPointer<HandOverReceiver> worker;  // lives on thread, runs the lane's jobs
  };

  Lane &state(JobLane lane) { return m_lanes[static_cast<std::size_t>(lane)]; }
  const Lane &state(JobLane lane) const { return m_lanes[static_cast<std::size_t>(lane)]; }
  quint64 begin(JobLane lane);
  void enqueue(JobLane lane, std::function<void()> job);
  void finish(JobLane lane, quint64 id, const std::function<void()> &deliver);
  void setPending(JobLane lane, int pending);
  bool event(QEvent *event) override;  // runs what the lanes post back (hand_over_event.h)

  std::array<Lane, kJobLaneCount> m_lanes;
  ThreadHandOver m_toGui;  // results and progress posted back, and each job's end
};

template <typename Work, typename Deliver>
quint64 JobRunner::submit(JobLane lane, const QObject *receiver, Work work, Deliver deliver) {
  const quint64 id = begin(lane);
  Lane &s = state(lane);
  enqueue(lane, [this, lane, id, &s, stop = s.stop.get_token(), guard = QPointer<const QObject>(receiver),
                 work = std::move(work), deliver = std::move(deliver)]() mutable {
    if (id != s.latest.load()) return;  // superseded while queued
    auto result = work(JobContext(&s.latest, &s.cancelled, id, stop));
    if (id != s.latest.load()) return;
    postHandOver(this, m_toGui, [this, lane, id, guard, deliver = std::move(deliver), result = std::move(result)]() mutable {
      finish(lane, id, [&] {
        if (guard) deliver(std::move(result));
      });
    });
  });
  return id;
}

}  // namespace ui
