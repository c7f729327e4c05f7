#pragma once
// A function handed to another thread as a Qt event, in a way ThreadSanitizer can follow.
//
// QMetaObject::invokeMethod builds its call object inside Qt, after any annotation of ours could
// run, so TSan (blind to Debian's uninstrumented Qt) would see the other thread read memory it
// never saw published. Here the event, with the function in it, is built first; then the
// hand-over is released and the event posted; the receiving object acquires the hand-over before
// it touches the event. Outside a TSan build this is plain postEvent.

#include <functional>

#include <QEvent>
#include <QObject>

#include "thread_hand_over.h"

namespace ui {

class HandOverEvent : public QEvent {
 public:
  static constexpr QEvent::Type kType = static_cast<QEvent::Type>(QEvent::User + 0x4a53);  // 'JS'
  explicit HandOverEvent(std::function<void()> fn) : QEvent(kType), m_fn(std::move(fn)) {}
  void run() { m_fn(); }

 private:
  std::function<void()> m_fn;
};

// Posts fn to receiver's thread; receiver's event() must call handOver.acquire() first (as
// HandOverReceiver does) and then run the event.
void postHandOver(QObject *receiver, ThreadHandOver &handOver, std::function<void()> fn);

// An object that runs the HandOverEvents posted to it, on its own thread: a job lane's worker.
class HandOverReceiver : public QObject {
 public:
  ThreadHandOver &handOver() { return m_handOver; }

 protected:
  bool event(QEvent *event) override;

 private:
  ThreadHandOver m_handOver;
};

// For an object that runs HandOverEvents itself (JobRunner on the GUI thread): acquires, then runs
// the event if it is one. Returns whether it was.
bool runHandOver(QEvent *event, ThreadHandOver &handOver);

}  // namespace ui
