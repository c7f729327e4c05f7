#include "hand_over_event.h"

#include <memory>

#include <QCoreApplication>

namespace ui {

void postHandOver(QObject *receiver, ThreadHandOver &handOver, std::function<void()> fn) {
  auto event = std::make_unique<HandOverEvent>(std::move(fn));
  handOver.release();  // everything written so far, the event included, is the receiver's to read
  QCoreApplication::postEvent(receiver, event.release());  // Qt owns the event and deletes it after
}

bool runHandOver(QEvent *event, ThreadHandOver &handOver) {
  handOver.acquire();  // before the event is read, even its type
  if (event->type() != HandOverEvent::kType) return false;
  static_cast<HandOverEvent *>(event)->run();
  return true;
}

bool HandOverReceiver::event(QEvent *event) {
  return runHandOver(event, m_handOver) || QObject::event(event);
}

}  // namespace ui
