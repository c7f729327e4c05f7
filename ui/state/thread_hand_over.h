#pragma once
// Tells ThreadSanitizer about the hand-overs JobRunner makes through Qt's event queue.
//
// A job's data travels between threads inside a queued call: the GUI thread posts the job to its
// lane, the lane's thread posts the result back. Qt orders those (the event queue's lock), but
// Debian's Qt is not built with ThreadSanitizer and its locks are futexes TSan cannot see, so
// without a word from us every result would look like a race. release() before posting and
// acquire() where the posted call runs state the order Qt guarantees; outside a TSan build both
// compile to nothing.

#if defined(__SANITIZE_THREAD__)
#define ATTNSCOPE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ATTNSCOPE_TSAN 1
#endif
#endif

#ifdef ATTNSCOPE_TSAN
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace ui {

// One direction of hand-over (GUI thread → lane, or lane → GUI thread); its address names it to TSan.
class ThreadHandOver {
 public:
  void release() {
#ifdef ATTNSCOPE_TSAN
    __tsan_release(this);
#endif
  }
  void acquire() {
#ifdef ATTNSCOPE_TSAN
    __tsan_acquire(this);
#endif
  }

 private:
  [[maybe_unused]] char m_address = 0;  // a size, so two hand-overs never share an address
};

}  // namespace ui
