#pragma once
// The memory limit of a checking job: how much the process holds, and a watchdog that
// raises a flag (and interrupts Z3) when a job passes its limit, so that the job ends as
// "inconclusive: memory limit" instead of being killed by the kernel. No Z3 here.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

namespace custody::detail {

/// The resident memory of this process, in bytes (0 when it cannot be read).
std::size_t resident_bytes();

/// Samples the process's resident memory every few milliseconds while it lives; when it
/// passes `limit` bytes it sets `exceeded` and calls `on_exceeded` (once per crossing).
/// A limit of 0 starts no thread.
class MemoryWatchdog {
 public:
  MemoryWatchdog(std::size_t limit, std::atomic<bool>& exceeded, std::function<void()> on_exceeded);
  ~MemoryWatchdog();
  MemoryWatchdog(const MemoryWatchdog&) = delete;
  MemoryWatchdog& operator=(const MemoryWatchdog&) = delete;

  /// Between two questions: sets `exceeded` to whether the process is over the limit now
  /// (what the last question built has been freed, or not).
  void rearm();

 private:
  void watch();

  std::size_t limit_;
  std::atomic<bool>& exceeded_;
  std::function<void()> on_exceeded_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace custody::detail
