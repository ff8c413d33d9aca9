#pragma once
// The derivation encoding, with which Z3 decides a `cannot` (see README, "How the checker
// decides"): is there a scenario with a *derivation* of the fact? Each atom of the slice
// gets a selection literal, each ground rule a firing literal. A selected atom needs a
// firing rule; a firing rule needs its guard and its selected premises. Inside a strongly
// connected component of the dependency graph a premise must also have a smaller integer
// rank than the conclusion, so selected atoms form a well-founded proof and cycles (a key
// wrapped by itself, keys wrapping each other, flow loops) cannot support themselves.
// Satisfiable = violated; the model is the scenario and the proof.

#include <z3++.h>

#include <cstdint>
#include <vector>

#include "solver/detail/components.hpp"
#include "solver/detail/encoder.hpp"
#include "solver/detail/program.hpp"

namespace custody::detail {

/// A proof over a slice program's local atoms: premises before conclusions.
using ProofSteps = std::vector<SliceProgram::ProofStep>;

/// The derivation encoding over a slice program. With `enc`, rules carry their guards
/// (a search over scenarios); without, the scenario is fixed and only the rules active in
/// it (`guard_on`) are encoded. Only atoms marked in `allowed` can be selected. The
/// program and `allowed` must outlive the encoding.
class Derivation {
 public:
  Derivation(const SliceProgram& p, z3::context& ctx, Encoder* enc, const std::vector<char>& allowed,
             const std::vector<char>& guard_on);

  /// Asserts the encoding in `s`.
  void add_to(z3::solver& s) const;

  /// The selection literal of local atom `a` (false when it is not allowed).
  z3::expr selected(std::uint32_t a) const { return sel_[a]; }

  /// The proof in the model, from `goal`: premises before conclusions.
  ProofSteps extract(const z3::model& model, std::uint32_t goal) const;

  /// The selection literals of the allowed atoms: bounding how many are true bounds the
  /// number of steps of a proof.
  z3::expr_vector sel_vars;

 private:
  bool lower(std::uint32_t b, std::uint32_t h) const {
    return comps_.comp[b] == comps_.comp[h] && comps_.cyclic[comps_.comp[h]];
  }

  const SliceProgram& p_;
  const std::vector<char>& allowed_;
  std::vector<std::vector<std::uint32_t>> rules_;
  Components comps_;
  std::vector<z3::expr> sel_, ranks_, fire_;
  std::vector<z3::expr> cons_;
};

}  // namespace custody::detail
