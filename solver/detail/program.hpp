#pragma once
// A slice of the ground program in compact form, for running many least fixpoints over
// the same rules (one per scenario) quickly, and for extracting proofs from them.

#include <cstdint>
#include <vector>

#include "solver/detail/ground.hpp"

namespace custody::detail {

class SliceProgram {
 public:
  /// The rules whose heads are in `slice`, restricted to premises in `slice`.
  SliceProgram(const Model& m, Grounder& g, const std::vector<Atom>& slice);

  std::size_t size() const { return atoms_.size(); }
  Atom atom(std::uint32_t local) const { return atoms_[local]; }
  /// Local id of an atom of the slice; -1 when not in it.
  std::int64_t local(Atom a) const;

  /// Distinct guards of the rules; a scenario is evaluated on each once.
  const std::vector<Guard>& guards() const { return guards_; }
  std::vector<char> guards_on(const std::vector<bool>& truth) const;

  struct Result {
    std::vector<char> derived;          // per local atom
    std::vector<std::int32_t> by_rule;  // per local atom: the rule (local index) that first derived it
    std::vector<std::uint32_t> order;   // per local atom: when it was derived
  };
  /// The least fixpoint with the rules whose guard is on (guard_on[guard id] != 0).
  /// An empty `guard_on` means every rule is active.
  Result run(const std::vector<char>& guard_on) const;
  /// The least fixpoint with only the rules that have no guard.
  Result run_unconditional() const;
  /// The same derived atoms as run(guard_on), each derived by the rule that minimises the
  /// size of its derivation tree (Knuth's generalisation of Dijkstra's algorithm): a good
  /// first proof, often the smallest.
  Result run_cheapest(const std::vector<char>& guard_on) const;

  struct Rule {
    std::uint32_t head;
    std::vector<std::uint32_t> body;
    std::uint32_t k;
    std::int32_t guard;  // -1: always
    std::uint32_t ground;  // index in the grounder
  };
  const Rule& rule(std::uint32_t r) const { return rules_[r]; }
  std::size_t rule_count() const { return rules_.size(); }
  const std::vector<std::uint32_t>& rules_for(std::uint32_t head) const { return by_head_[head]; }

  /// The proof behind `goal` in a fixpoint result: local atoms, premises first, with the
  /// premises each one used.
  struct ProofStep {
    std::uint32_t atom;
    std::uint32_t rule;
    std::vector<std::uint32_t> premises;
  };
  std::vector<ProofStep> proof(const Result& r, std::uint32_t goal) const;
  /// Whether every proof of `goal` in this result must consist of exactly `steps`: each
  /// atom on it has one applicable rule, and that rule needs all its derived premises.
  bool forced(const Result& r, const std::vector<char>& guard_on,
              const std::vector<ProofStep>& steps) const;

 private:
  Result fixpoint(const std::vector<char>& active_rule) const;
  std::vector<char> active_rules(const std::vector<char>& guard_on) const;

  std::vector<Atom> atoms_;
  std::unordered_map<Atom, std::uint32_t> local_;
  std::vector<Rule> rules_;
  std::vector<std::vector<std::uint32_t>> by_head_;
  std::vector<std::uint32_t> watch_start_, watch_;  // CSR: premise -> rules
  std::vector<Guard> guards_;
  const Model& m_;
};

}  // namespace custody::detail
