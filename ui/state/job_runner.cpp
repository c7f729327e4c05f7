#include "job_runner.h"

#include <algorithm>

namespace ui {

namespace {

const char *laneName(JobLane lane) {
  switch (lane) {
    case JobLane::Model: return "attnscope-model";
    case JobLane::Analysis: return "attnscope-worker";
    case JobLane::Heads: return "attnscope-heads";
    case JobLane::Ablation: return "attnscope-ablation";
    case JobLane::Corpus: return "attnscope-corpus";
    case JobLane::Export: return "attnscope-export";
    case JobLane::Training: return "attnscope-training";
    case JobLane::TrainingSave: return "attnscope-training-save";
    case JobLane::Walkthrough: return "attnscope-walkthrough";
    case JobLane::Inspector: return "attnscope-inspector";
    case JobLane::Permutation: return "attnscope-permutation";
    case JobLane::Method: return "attnscope-method";
    case JobLane::Lens: return "attnscope-lens";
    case JobLane::HfCache: return "attnscope-hfcache";
    case JobLane::Positions: return "attnscope-positions";
    case JobLane::PositionTable: return "attnscope-position-table";
    case JobLane::WhyQk: return "attnscope-qk";
    case JobLane::WhyMap: return "attnscope-qk-map";
    case JobLane::WhySearch: return "attnscope-search";
    case JobLane::WhatIf: return "attnscope-whatif";
    case JobLane::Diagram: return "attnscope-diagram";
    case JobLane::Overview: return "attnscope-overview";
    case JobLane::Slices: return "attnscope-slices";
    case JobLane::HeadCompare: return "attnscope-head-compare";
    case JobLane::HeadRollout: return "attnscope-head-rollout";
    case JobLane::Tiles: return "attnscope-tiles";
    case JobLane::Checkpoints: return "attnscope-checkpoints";
    case JobLane::Difference: return "attnscope-difference";
    case JobLane::AblationSlices: return "attnscope-ablation-slices";
  }
  return "attnscope-job";
}

}  // namespace

JobRunner::JobRunner(QObject *parent) : QObject(parent) {}

JobRunner::~JobRunner() {
  for (Lane &lane : m_lanes) {
    lane.cancelled = lane.latest.load();
    ++lane.latest;  // a job in flight sees itself superseded and stops early where it can
    lane.stop.request_stop();  // and one waiting on its stop token wakes
    if (lane.thread) {
      lane.thread->quit();
      lane.thread->wait();
      m_toGui.acquire();  // the last job's writes happened before its thread ended
    }
  }
}

bool JobRunner::isBusy() const {
  return std::any_of(m_lanes.begin(), m_lanes.end(), [](const Lane &lane) { return lane.pending > 0; });
}

quint64 JobRunner::begin(JobLane lane) {
  Lane &s = state(lane);
  const quint64 id = s.latest.load() + 1;
  s.latest.store(id);
  s.stop.request_stop();  // the job before, if still running
  s.stop = std::stop_source();
  setPending(lane, 1);  // only the newest job counts: the lane is busy until it is delivered
  return id;
}

void JobRunner::supersede(JobLane lane) {
  ++state(lane).latest;
  state(lane).stop.request_stop();
  setPending(lane, 0);
}

void JobRunner::cancel(JobLane lane) {
  state(lane).cancelled = state(lane).latest.load();
  state(lane).stop.request_stop();
}

void JobRunner::enqueue(JobLane lane, std::function<void()> job) {
  Lane &s = state(lane);
  if (!s.thread) {
    s.thread = std::make_unique<QThread>();
    s.thread->setObjectName(QString::fromLatin1(laneName(lane)));
    auto *worker = new HandOverReceiver;  // deleted by the thread when it finishes
    worker->moveToThread(s.thread.get());
    connect(s.thread.get(), &QThread::finished, worker, &QObject::deleteLater);
    s.worker = worker;
    s.thread->start();
  }
  postHandOver(s.worker.data(), s.worker->handOver(), [this, job = std::move(job)] {
    job();
    m_toGui.release();  // for the destructor, which acquires once the lane's thread has ended
  });
}

void JobRunner::post(JobLane lane, quint64 id, QPointer<const QObject> receiver, std::function<void()> fn) {
  postHandOver(this, m_toGui, [this, lane, id, guard = std::move(receiver), fn = std::move(fn)] {
    if (guard && id == state(lane).latest.load()) fn();
  });
}

bool JobRunner::event(QEvent *event) { return runHandOver(event, m_toGui) || QObject::event(event); }

void JobRunner::finish(JobLane lane, quint64 id, const std::function<void()> &deliver) {
  if (id != state(lane).latest.load()) return;  // a newer job was submitted while this one ran
  setPending(lane, 0);
  deliver();
}

void JobRunner::setPending(JobLane lane, int pending) {
  const bool wasBusy = isBusy();
  state(lane).pending = pending;
  if (wasBusy != isBusy()) emit busyChanged(isBusy());
}

}  // namespace ui
