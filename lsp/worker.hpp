#pragma once
/// The latest snapshot of each open document, and the background thread that decides its
/// assertions and exposures (private to lsp/).
///
/// Linting is done on the reading thread, at every change; deciding can take seconds, so
/// it is done on one worker thread, and an edit interrupts it. The reading thread hands
/// each new snapshot to `update`, which publishes its diagnostics and (after an open or a
/// save) queues it; the worker decides the queued snapshots one at a time, publishes the
/// verdicts with the diagnostics, and then computes who can reach each datum and key for
/// hovers, giving way as soon as other work is queued.
///
/// Threads: one mutex guards the snapshots, the verdicts, the queue and the session under
/// way; the solver runs outside it. Every publishDiagnostics is written while it is held,
/// so a document's messages go out in the order of its snapshots. The constructor,
/// destructor, `update` and `close` are for the reading thread; `latest` and `loading`
/// may be called from any thread. The worker thread is private.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "lsp/documents.hpp"
#include "lsp/server.hpp"
#include "lsp/transport.hpp"
#include "report/explain.hpp"
#include "solver/solver.hpp"

namespace custody::lsp {

/// Who can reach each item (read a datum, obtain a key, use an HSM key): the actors that
/// can, with how.
using Reach = std::map<ItemRef, std::vector<std::pair<Index, report::Exposure>>>;

/// What the background worker found for one snapshot. Immutable once shared: a newer
/// finding is a new value, as hovers may still be reading the old one.
struct Verdicts {
  std::uint64_t generation = 0;  ///< the snapshot's
  Diagnostics errors;            ///< assumptions no scenario satisfies
  std::vector<AssertionResult> results;
  /// Who can read each datum / obtain each key, once computed (for hovers).
  bool reach_done = false;
  Reach reach;
};

/// A document's snapshot and what is known of its verdicts.
struct Latest {
  std::shared_ptr<const Snapshot> snap;      ///< nullptr when the document is not open
  std::shared_ptr<const Verdicts> verdicts;  ///< nullptr until decided
};

class Worker {
 public:
  /// Starts the worker thread. `transport` must outlive the worker.
  Worker(Transport& transport, const ServerOptions& opts);
  /// Interrupts the work under way and joins the thread.
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Makes `snap` its document's latest: forgets the document's verdicts, cancels work
  /// queued or under way for it, publishes the snapshot's diagnostics, and (`check`, when
  /// the spec has no errors) queues it to be decided. Reading thread.
  void update(std::shared_ptr<const Snapshot> snap, bool check);

  /// Forgets a document that was closed, and cancels its work. Reading thread.
  void close(const std::string& uri);

  /// The latest snapshot and verdicts of a document. Any thread.
  Latest latest(const std::string& uri) const;

  /// The latest snapshots whose model loaded the file at the normalized `path`, by URI.
  /// Any thread.
  std::vector<std::shared_ptr<const Snapshot>> loading(const std::string& path) const;

 private:
  class Running;

  void run();
  void decide(const std::shared_ptr<const Snapshot>& snap);
  std::shared_ptr<Verdicts> decide_assertions(const Snapshot& snap, Session& session);
  bool publish_verdicts(const Snapshot& snap, const std::shared_ptr<const Verdicts>& v);
  bool wants_reach(const Model& m, const Verdicts& v) const;
  std::optional<Reach> decide_reach(const Snapshot& snap, Session& session);
  void store_reach(const Snapshot& snap, const Verdicts& v, Reach reach);

  bool stale(const Snapshot& s) const;
  bool pending() const;
  // The *_locked members expect mu_ to be held.
  bool stale_locked(const Snapshot& s) const;
  void cancel_locked(const std::string& uri);
  void publish_locked(const Snapshot& s, const Verdicts* v);

  Transport& transport_;
  SolverOptions solver_;
  std::size_t max_exposure_questions_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<const Snapshot>> snaps_;
  std::map<std::string, std::shared_ptr<const Verdicts>> verdicts_;
  std::deque<std::string> queue_;  // URIs to decide, oldest first
  Session* running_ = nullptr;     // the session deciding, to interrupt
  std::string running_uri_;        // whose snapshot it decides
  bool stop_ = false;
  std::thread thread_;  // last: starts when everything else is ready
};

}  // namespace custody::lsp
