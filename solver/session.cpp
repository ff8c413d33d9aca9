// The checking job: a Session decides assertions one after another over shared ground
// rules and one Z3 context, within a time budget per question and a memory watchdog, and
// turns every limit and every exception into an inconclusive verdict at this boundary.

#include <z3++.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "solver/detail/budget.hpp"
#include "solver/detail/checks.hpp"
#include "solver/detail/cores.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/detail/enumeration.hpp"
#include "solver/detail/ground.hpp"
#include "solver/detail/memory.hpp"
#include "solver/detail/program.hpp"
#include "solver/solver.hpp"

namespace custody {

using detail::Atom;
using detail::Budget;
using detail::Grounder;
using detail::OutOfTime;

struct Session::Impl {
  const Model& m;
  SolverOptions opts;
  Grounder g;
  // The context questions share until one uses it (see detail::ContextUse): a used
  // context, or one interrupted for memory (which stays cancelled inside Z3 for good), is
  // replaced before the next question.
  std::unique_ptr<z3::context> ctx = std::make_unique<z3::context>();
  std::mutex ctx_mu;  // guards the pointer against interrupts from other threads
  bool ctx_spent = false;
  std::atomic<bool> cancelled{false};
  std::atomic<bool> out_of_memory{false};
  // Declared after ctx: it stops (and joins) before the context goes.
  detail::MemoryWatchdog watchdog;
  Impl(const Model& model, const SolverOptions& o)
      : m(model), opts(o), g(model), watchdog(o.max_memory_bytes, out_of_memory, [this] { interrupt_z3(true); }) {
    g.stop_when(&cancelled, &out_of_memory);
  }
  Budget budget() const { return Budget(opts.timeout_ms, &cancelled, &out_of_memory); }
  // After a question: whether it used the context.
  void done_with(const detail::ContextUse& use) {
    std::lock_guard<std::mutex> lock(ctx_mu);
    ctx_spent = ctx_spent || use.used();
  }
  void interrupt_z3(bool for_memory) {
    std::lock_guard<std::mutex> lock(ctx_mu);
    ctx->interrupt();
    ctx_spent = ctx_spent || for_memory;
  }
  // Before a question: a context spent by a memory interrupt or by an earlier search is
  // replaced (freeing what Z3 held), and then the memory flag is cleared if the process
  // is back under the limit.
  z3::context& context_for_question() {
    {
      std::lock_guard<std::mutex> lock(ctx_mu);
      if (ctx_spent && !cancelled.load()) {
        ctx.reset();
        ctx = std::make_unique<z3::context>();
        ctx_spent = false;
      }
    }
    watchdog.rearm();
    return *ctx;
  }
};

void Session::interrupt() {
  impl_->cancelled.store(true);
  impl_->interrupt_z3(false);
}

Session::Session(const Model& m, const SolverOptions& opts) : impl_(std::make_unique<Impl>(m, opts)) {}
Session::~Session() = default;

std::size_t default_max_memory() {
  std::size_t total = static_cast<std::size_t>(sysconf(_SC_PHYS_PAGES)) *
                      static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  // A control group's limit (containers, CI runners) is what the kernel enforces.
  if (std::FILE* f = std::fopen("/sys/fs/cgroup/memory.max", "r")) {
    unsigned long long limit = 0;
    if (std::fscanf(f, "%llu", &limit) == 1 && limit > 0 && limit < total) total = limit;
    std::fclose(f);
  }
  return total / 2;
}

Diagnostics Session::vacuity() {
  Diagnostics out;
  const Model& m = impl_->m;
  // Assumptions that no scenario satisfies would make every `cannot` hold vacuously.
  // Threat bounds count too: an assumption may name a threat's conditions (`T[X]`).
  if (m.assumes.empty()) return out;
  detail::ContextUse use(impl_->context_for_question());
  try {
    z3::context& ctx = use.get();
    z3::solver s(ctx);
    detail::Encoder enc(m, ctx);
    enc.add_assumptions(s);
    Budget budget = impl_->budget();
    z3::expr truth = ctx.bool_val(true);
    if (run(s, budget, enc.trackers) == z3::unsat) {
      auto core = detail::minimize_core(s, budget, enc, detail::core_indices(s, enc), truth);
      std::vector<Note> notes;
      for (std::size_t i = 1; i < core.size(); ++i) {
        notes.push_back({enc.reliances[core[i]].span, "conflicts with this assumption"});
      }
      Span at = core.empty() ? Span{kNoFile, 0, 0} : enc.reliances[core[0]].span;
      out.error("vacuous-assumptions", at,
                "no scenario satisfies the assumptions, so every assertion would hold vacuously",
                std::move(notes));
    }
  } catch (const OutOfTime&) {
    // Undecided; each assertion then meets the same limit and reports it.
  } catch (const detail::Interrupted&) {
  } catch (const std::bad_alloc&) {
  } catch (const z3::exception&) {
  }
  impl_->done_with(use);
  return out;
}

namespace {

/// Whether some scenario satisfies the assumptions (threat bounds included) and `when`.
bool satisfiable(const Model& m, z3::context& ctx, ExprId when, const Budget& budget) {
  z3::solver s(ctx);
  detail::Encoder enc(m, ctx);
  enc.add_assumptions(s, {}, when);
  return run(s, budget, enc.trackers) != z3::unsat;
}

}  // namespace

AssertionResult Session::decide(const Assertion& a) {
  detail::ContextUse use(impl_->context_for_question());
  Budget budget = impl_->budget();
  AssertionResult r;
  auto give_up = [&](std::string reason) {
    r = {};
    r.verdict = Verdict::inconclusive;
    r.reason = reason.empty() ? "solver limit reached" : std::move(reason);
  };
  try {
    if (a.when != kAlways && !satisfiable(impl_->m, use.get(), a.when, budget)) {
      r.verdict = Verdict::vacuous;
    } else {
      r = a.can ? detail::check_can(impl_->m, impl_->g, use, a, budget, impl_->opts.enumerate)
                : detail::check_cannot(impl_->m, impl_->g, use, a, budget, impl_->opts.enumerate,
                                       impl_->opts.shortest_path);
    }
  } catch (const OutOfTime& e) {
    give_up(e.reason);
  } catch (const detail::Interrupted&) {
    give_up(budget.why());
  } catch (const std::bad_alloc&) {
    give_up("memory limit");
  } catch (const z3::exception& e) {
    // An interrupted Z3 call may throw rather than answer unknown.
    give_up(detail::unknown_reason(budget, e.msg()));
  }
  impl_->done_with(use);
  return r;
}

CheckReport check(const Model& m, const std::vector<Index>& which, const SolverOptions& opts) {
  CheckReport report;
  Session session(m, opts);
  report.errors = session.vacuity();
  if (report.errors.has_errors()) return report;
  std::vector<Index> todo = which;
  if (todo.empty()) {
    for (Index i = 0; i < m.assertions.size(); ++i) todo.push_back(i);
  }
  for (Index i : todo) {
    AssertionResult r = session.decide(m.assertions[i]);
    r.assertion = i;
    report.results.push_back(std::move(r));
  }
  return report;
}

std::vector<Fact> least_model(const Model& m, const std::vector<Index>& true_conditions) {
  Grounder g(m);
  std::vector<Atom> goals;
  for (Index p = 0; p < m.phase_count(); ++p) {
    for (Index a = 0; a < m.actors.size(); ++a) {
      for (Index d = 0; d < m.data.size(); ++d) goals.push_back(g.atom({Fact::Type::plain, a, d, 0, p}));
      for (Index k = 0; k < m.keys.size(); ++k) {
        goals.push_back(g.atom({Fact::Type::use, a, k, 0, p}));
        for (const Wrap& w : m.keys[k].wraps) goals.push_back(g.atom({Fact::Type::blob, a, k, w.wrapper, p}));
      }
    }
  }
  detail::SliceProgram p(m, g, g.slice(goals));
  auto r = p.run(p.guards_on(detail::truth_of(m, true_conditions)));
  std::vector<Fact> out;
  for (std::uint32_t a = 0; a < p.size(); ++a) {
    if (r.derived[a]) out.push_back(g.fact(p.atom(a)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace custody
