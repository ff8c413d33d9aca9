#pragma once
// Grounding: the rules of LANGUAGE.md "Meaning" instantiated over the model's actors and
// items, generated lazily backwards from the facts an assertion asks about, so that only
// the slice that can reach those facts is ever built. No Z3 here.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

using Atom = std::uint32_t;

/// A conjunction of `when` expressions and condition variables; empty means always.
struct Guard {
  std::vector<ExprId> exprs;
  std::vector<Index> conds;
  bool always() const { return exprs.empty() && conds.empty(); }
};

/// Where a ground rule comes from, without heap memory (there are millions of rules in
/// large slices): enough to build the Step of an access path.
struct Provenance {
  static constexpr Index kNone = 0xffffffffu;
  RuleKind rule = RuleKind::custody;
  Index from = kNone, site = kNone, law = kNone, threat = kNone, flow = kNone;
  Index wrapper = kNone;                      ///< unwrap: the key used
  const std::vector<Index>* keys = nullptr;   ///< decrypt: the data's keys; split: the shares
  const std::vector<Span>* spans = nullptr;   ///< decrypt: the `encrypted by` clauses
  std::array<Span, 2> locations{};
  std::uint8_t location_count = 0;
  void at(Span s) { locations[location_count++] = s; }
};

/// The step a rule gives, for the fact it derives (premises left empty).
Step make_step(const Fact& fact, const Provenance& p);

/// head <- at least k of body, when guard. Ordinary rules have k == body.size().
struct GroundRule {
  Atom head = 0;
  std::vector<Atom> body;
  std::uint32_t k = 0;
  Guard guard;
  Provenance proto;
};

struct FactHash {
  std::size_t operator()(const Fact& f) const {
    std::size_t h = static_cast<std::size_t>(f.type);
    h = h * 1000003u ^ f.actor;
    h = h * 1000003u ^ f.item;
    h = h * 1000003u ^ f.wrapper;
    h = h * 1000003u ^ f.phase;
    return h;
  }
};

/// Evaluates an expression in a scenario (truth value per condition).
bool eval(const Model& m, ExprId e, const std::vector<bool>& truth);
bool eval(const Model& m, const Guard& g, const std::vector<bool>& truth);

/// Thrown by the grounder when a stop flag is raised (interrupt or memory limit).
struct Interrupted {};

class Grounder {
 public:
  explicit Grounder(const Model& m);

  /// Flags (either may be null) that stop grounding when raised: the next `slice` or
  /// `poll` throws Interrupted.
  void stop_when(const std::atomic<bool>* a, const std::atomic<bool>* b) { stop_ = {a, b}; }
  /// Throws Interrupted when a stop flag is raised; cheap enough for inner loops (the
  /// flags are read every 1024th call).
  void poll() {
    if ((++polls_ & 1023u) == 0) check_stop();
  }
  void check_stop() const {
    for (const auto* f : stop_) {
      if (f && f->load(std::memory_order_relaxed)) throw Interrupted{};
    }
  }

  /// The atom of a fact (interned). The stored form of unencrypted data is its plaintext.
  Atom atom(Fact f);
  const Fact& fact(Atom a) const { return facts_[a]; }
  std::size_t atom_count() const { return facts_.size(); }

  /// The rules whose head is `a` (generated on first request).
  const std::vector<std::uint32_t>& rules_for(Atom a);
  const GroundRule& rule(std::uint32_t r) const { return rules_[r]; }

  /// Every atom the goals depend on, goals first, in a deterministic order.
  std::vector<Atom> slice(const std::vector<Atom>& goals);

 private:
  struct Edge {
    Index from;
    bool full;
    const std::vector<ItemRef>* items;  // the forms of these (when not full)
    const std::vector<Index>* uses;     // use of these keys (when not full; may be null)
    Guard guard;
    Time time;
    RuleKind kind;
    Index source;  // flow, law or threat index
    Span span;
  };
  struct SiteAccess {
    Index site;
    RuleKind kind;  // custody (operator), seizes or threat
    Guard guard;
    Time time;  // the phases in which it gives access: the site's, the law's or threat's
    std::optional<Index> law;
    std::optional<Index> threat;
    const std::vector<ItemRef>* items = nullptr;  // a scoped seizure: only these items
  };

  /// Per actor, whether it could ever hold some form of the item (or use the key) in some
  /// scenario: its first holders, closed along every flow, law and threat edge. An
  /// over-approximation that keeps edges from actors who never see the item out of slices.
  const std::unordered_set<Index>& possible(ItemRef item);

  void generate(Atom a);
  void add(Atom head, std::vector<Atom> body, std::uint32_t k, Guard guard, const Provenance& proto);
  void add_custody(Atom head, const Fact& f, ItemRef item, const Custody& c);
  void add_edges(Atom head, Fact f);
  void add_unwraps(Atom head, const Fact& f);

  const Model& m_;
  std::array<const std::atomic<bool>*, 2> stop_{};
  std::uint32_t polls_ = 0;
  std::vector<Fact> facts_;
  std::unordered_map<Fact, Atom, FactHash> ids_;
  std::vector<GroundRule> rules_;
  std::vector<std::vector<std::uint32_t>> by_head_;
  std::vector<bool> generated_;
  std::vector<std::vector<Edge>> incoming_;        // per actor
  std::vector<std::vector<std::pair<Index, const Edge*>>> outgoing_;  // per actor: (to, edge)
  std::vector<std::vector<Index>> accessors_;      // per site: operators and seizers
  std::map<ItemRef, std::unordered_set<Index>> possible_;
  std::vector<std::vector<SiteAccess>> access_;    // per actor
};

}  // namespace custody::detail

