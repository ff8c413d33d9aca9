// The background worker (worker.hpp).

#include "lsp/worker.hpp"

#include <algorithm>
#include <optional>

#include "lsp/diagnostics.hpp"

namespace custody::lsp {

// Makes a session the one to interrupt while it decides, unless the worker is stopping;
// however the decision ends, it is no longer there to interrupt.
class Worker::Running {
 public:
  Running(Worker& worker, Session& session, const std::string& uri) : worker_(worker) {
    std::lock_guard<std::mutex> lock(worker_.mu_);
    if (worker_.stop_) return;
    worker_.running_ = &session;
    worker_.running_uri_ = uri;
    started_ = true;
  }
  ~Running() {
    if (!started_) return;
    std::lock_guard<std::mutex> lock(worker_.mu_);
    worker_.running_ = nullptr;
    worker_.running_uri_.clear();
  }
  Running(const Running&) = delete;
  Running& operator=(const Running&) = delete;

  /// False when the worker was stopping: nothing is to be decided.
  bool started() const { return started_; }

 private:
  Worker& worker_;
  bool started_ = false;
};

Worker::Worker(Transport& transport, const ServerOptions& opts)
    : transport_(transport), max_exposure_questions_(opts.max_exposure_questions) {
  solver_.timeout_ms = opts.timeout_ms;
  solver_.max_memory_bytes = opts.max_memory_bytes;
  thread_ = std::thread([this] { run(); });
}

Worker::~Worker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    if (running_) running_->interrupt();
  }
  cv_.notify_all();
  thread_.join();
}

// --- the reading thread's side ----------------------------------------------------------

void Worker::update(std::shared_ptr<const Snapshot> snap, bool check) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string& uri = snap->uri;
  snaps_[uri] = snap;
  verdicts_.erase(uri);
  cancel_locked(uri);
  publish_locked(*snap, nullptr);
  if (check && snap->analysis.ok) {
    queue_.push_back(uri);
    cv_.notify_all();
  }
}

void Worker::close(const std::string& uri) {
  std::lock_guard<std::mutex> lock(mu_);
  snaps_.erase(uri);
  verdicts_.erase(uri);
  cancel_locked(uri);
}

Latest Worker::latest(const std::string& uri) const {
  Latest out;
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = snaps_.find(uri); it != snaps_.end()) out.snap = it->second;
  if (auto it = verdicts_.find(uri); it != verdicts_.end()) out.verdicts = it->second;
  return out;
}

std::vector<std::shared_ptr<const Snapshot>> Worker::loading(const std::string& path) const {
  std::vector<std::shared_ptr<const Snapshot>> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [uri, snap] : snaps_) {
    if (snap->files.count(path)) out.push_back(snap);
  }
  return out;
}

void Worker::cancel_locked(const std::string& uri) {
  queue_.erase(std::remove(queue_.begin(), queue_.end(), uri), queue_.end());
  if (running_ && running_uri_ == uri) running_->interrupt();
}

void Worker::publish_locked(const Snapshot& s, const Verdicts* v) {
  transport_.send_text(publish_diagnostics(s, v));
}

// --- the worker thread ------------------------------------------------------------------

void Worker::run() {
  while (true) {
    std::shared_ptr<const Snapshot> snap;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      std::string uri = queue_.front();
      queue_.pop_front();
      auto it = snaps_.find(uri);
      if (it == snaps_.end() || !it->second->analysis.ok) continue;
      snap = it->second;
    }
    decide(snap);
  }
}

// The assertions first, published as soon as they are known; then who can reach each
// item, for hovers. Whatever an edit made stale is dropped, never published.
void Worker::decide(const std::shared_ptr<const Snapshot>& snap) {
  const Model& m = snap->analysis.model;
  Session session(m, solver_);
  Running running(*this, session, snap->uri);
  if (!running.started()) return;
  std::shared_ptr<const Verdicts> v = decide_assertions(*snap, session);
  if (!v || !publish_verdicts(*snap, v)) return;
  if (!wants_reach(m, *v)) return;
  if (auto reach = decide_reach(*snap, session)) store_reach(*snap, *v, std::move(*reach));
}

// The verdict of every assertion (none when the assumptions are vacuous); nullptr when
// the snapshot went stale on the way.
std::shared_ptr<Verdicts> Worker::decide_assertions(const Snapshot& snap, Session& session) {
  const Model& m = snap.analysis.model;
  auto v = std::make_shared<Verdicts>();
  v->generation = snap.generation;
  v->errors = session.vacuity();
  if (v->errors.has_errors()) return v;
  for (Index i = 0; i < m.assertions.size(); ++i) {
    if (stale(snap)) return nullptr;
    AssertionResult r = session.decide(m.assertions[i]);
    r.assertion = i;
    v->results.push_back(std::move(r));
  }
  return v;
}

// Stores and publishes the verdicts unless the snapshot went stale; false if it did.
bool Worker::publish_verdicts(const Snapshot& snap, const std::shared_ptr<const Verdicts>& v) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stale_locked(snap)) return false;
  verdicts_[snap.uri] = v;
  publish_locked(snap, v.get());
  return true;
}

// Exposures are skipped when the verdicts are meaningless and for very large specs.
bool Worker::wants_reach(const Model& m, const Verdicts& v) const {
  return !v.errors.has_errors() &&
         m.actors.size() * (m.data.size() + m.keys.size()) <= max_exposure_questions_;
}

// Who can read each datum and obtain each key (use an HSM key); nullopt when it gave way to an edit or to
// verdicts waiting for another document.
std::optional<Reach> Worker::decide_reach(const Snapshot& snap, Session& session) {
  const Model& m = snap.analysis.model;
  Reach reach;
  auto item = [&](ItemRef target, Verb verb) {
    auto& row = reach[target];
    for (Index a = 0; a < m.actors.size(); ++a) {
      if (stale(snap) || pending()) return false;
      report::Exposure e = report::exposure(session, a, verb, target);
      if (e.reach != "never") row.emplace_back(a, std::move(e));
    }
    return true;
  };
  for (Index d = 0; d < m.data.size(); ++d) {
    if (!item({ItemRef::Type::data, d}, Verb::read)) return std::nullopt;
  }
  // An HSM key's material is never held, so for it the question is who can use it.
  for (Index k = 0; k < m.keys.size(); ++k) {
    if (!item({ItemRef::Type::key, k}, m.keys[k].is_hsm() ? Verb::use : Verb::obtain)) return std::nullopt;
  }
  return reach;
}

void Worker::store_reach(const Snapshot& snap, const Verdicts& v, Reach reach) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stale_locked(snap)) return;
  // A new value: hovers may be reading the old one.
  auto with_reach = std::make_shared<Verdicts>(v);
  with_reach->reach = std::move(reach);
  with_reach->reach_done = true;
  verdicts_[snap.uri] = with_reach;
}

// True when the snapshot is no longer the document's latest (an edit came in).
bool Worker::stale(const Snapshot& s) const {
  std::lock_guard<std::mutex> lock(mu_);
  return stale_locked(s);
}

bool Worker::stale_locked(const Snapshot& s) const {
  auto it = snaps_.find(s.uri);
  return stop_ || it == snaps_.end() || it->second->generation != s.generation;
}

bool Worker::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !queue_.empty();
}

}  // namespace custody::lsp
