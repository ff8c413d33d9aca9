#include "solver/detail/memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace custody::detail {

std::size_t resident_bytes() {
  // /proc/self/statm: size resident shared text lib data dt, in pages.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  int got = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  if (got != 2) return 0;
  return static_cast<std::size_t>(resident) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

MemoryWatchdog::MemoryWatchdog(std::size_t limit, std::atomic<bool>& exceeded,
                               std::function<void()> on_exceeded)
    : limit_(limit), exceeded_(exceeded), on_exceeded_(std::move(on_exceeded)) {
  if (limit_ != 0) thread_ = std::thread([this] { watch(); });
}

MemoryWatchdog::~MemoryWatchdog() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void MemoryWatchdog::rearm() {
  if (limit_ == 0) return;
  // What the last question built is free but may still be held by the allocator.
  if (exceeded_.load()) malloc_trim(0);
  // Measured here too, not only by the thread: a question that starts over the limit is
  // stopped at its first check, however soon it ends.
  exceeded_.store(resident_bytes() >= limit_);
}

void MemoryWatchdog::watch() {
  // 10 ms: at the fastest rate the solver allocates (a few GB/s at worst) this overshoots
  // the limit by tens of MB, far below what the default limit leaves free.
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stop_; })) {
    if (exceeded_.load() || resident_bytes() < limit_) continue;
    exceeded_.store(true);
    on_exceeded_();
  }
}

}  // namespace custody::detail
