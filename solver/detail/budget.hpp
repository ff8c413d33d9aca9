#pragma once
// The time an assertion may take, and the Z3 call that keeps to it.

#include <z3++.h>

#include <atomic>
#include <chrono>
#include <string>

namespace custody::detail {

/// Thrown inside the solver when the time budget of an assertion is spent; caught at the
/// session, which reports the assertion as inconclusive for `reason`.
struct OutOfTime {
  std::string reason;
};

/// The Z3 context a question may use, noting whether it did: the session gives the next
/// question a fresh context when this one was used (a context that served one search can
/// slow the next one down by orders of magnitude, and a fresh one costs half a
/// millisecond, too much to pay for every one of a matrix's many small questions).
class ContextUse {
 public:
  explicit ContextUse(z3::context& ctx) : ctx_(ctx) {}
  z3::context& get() {
    used_ = true;
    return ctx_;
  }
  bool used() const { return used_; }

 private:
  z3::context& ctx_;
  bool used_ = false;
};

/// A deadline, and two flags that stop the work when raised from another thread: the
/// session's interrupt (Session::interrupt) and its memory watchdog. Once either is raised,
/// no time remains.
class Budget {
 public:
  using Clock = std::chrono::steady_clock;

  /// `ms` from now; the flags (either may be null) are not owned and must outlive the budget.
  explicit Budget(unsigned ms, const std::atomic<bool>* cancel = nullptr,
                  const std::atomic<bool>* out_of_memory = nullptr)
      : deadline_(Clock::now() + std::chrono::milliseconds(ms)), cancel_(cancel), memory_(out_of_memory) {}
  /// The milliseconds left; 0 once the deadline has passed or a flag is raised.
  unsigned remaining_ms() const {
    if (stopped()) return 0;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    return left.count() > 0 ? static_cast<unsigned>(left.count()) : 0;
  }
  bool cancelled() const { return cancel_ && cancel_->load(std::memory_order_relaxed); }
  bool out_of_memory() const { return memory_ && memory_->load(std::memory_order_relaxed); }
  bool stopped() const { return cancelled() || out_of_memory(); }
  /// Why no time remains: "cancelled", "memory limit" or "timeout".
  const char* why() const {
    return cancelled() ? "cancelled" : out_of_memory() ? "memory limit" : "timeout";
  }
  /// The flags, for a budget of its own with the same stops (see path_budget).
  const std::atomic<bool>* cancel() const { return cancel_; }
  const std::atomic<bool>* memory() const { return memory_; }

 private:
  Clock::time_point deadline_;
  const std::atomic<bool>* cancel_;
  const std::atomic<bool>* memory_;
};

/// The documented reason why Z3 gave up (an `unknown`, or an exception from an
/// interrupted call): the budget's own reason when it is spent or stopped; "timeout" for
/// Z3's "canceled" (what its timer says); "memory limit" for its words about memory;
/// else Z3's words.
std::string unknown_reason(const Budget& b, const std::string& z3_reason);

/// Runs a check of `s` under `assumptions` within the budget: sat or unsat. Throws
/// OutOfTime when no time remains before the call, and when Z3 answers unknown, with the
/// documented reason ("timeout", "memory limit", "cancelled", or Z3's own words).
z3::check_result run(z3::solver& s, const Budget& b, const z3::expr_vector& assumptions);

}  // namespace custody::detail
