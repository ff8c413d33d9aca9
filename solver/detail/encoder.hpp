#pragma once
// The model's conditions, expressions and guards as Z3 terms, and the assumptions (user
// `assume`s and threat bounds) behind trackers, so that unsat cores name them.

#include <z3++.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/model.hpp"
#include "solver/detail/ground.hpp"
#include "solver/solver.hpp"

namespace custody::detail {

/// Builds the Z3 terms of one model in one context, each once (terms are cached). The
/// model and the context must outlive the encoder.
class Encoder {
 public:
  Encoder(const Model& m, z3::context& ctx) : trackers(ctx), m_(m), ctx_(ctx) {}

  /// The Boolean variable of condition `c`, `c<index>`, created on first use.
  z3::expr cond(Index c);
  /// An expression of the model over the condition variables.
  z3::expr expr(ExprId id);
  /// The conjunction of a guard (true when it is empty).
  z3::expr guard(const Guard& g);

  /// Adds `tracker -> assumption` for every assume and for the bounds of the threats
  /// marked in `threats` (all when empty), appending to `trackers` and `reliances`; and an
  /// assertion's own `when` (unless kAlways) as a hard constraint, never a reliance.
  void add_assumptions(z3::solver& s, const std::vector<bool>& threats = {}, ExprId when = kAlways);

  /// Every condition variable created so far (the ones any constraint mentions).
  z3::expr_vector cond_vars();

  /// The conditions true in `model` among those created so far, ascending.
  std::vector<Index> true_conditions(const z3::model& model);

  /// The trackers of the assumptions, and what each stands for (same order).
  z3::expr_vector trackers;
  std::vector<Reliance> reliances;

 private:
  const Model& m_;
  z3::context& ctx_;
  std::unordered_map<Index, z3::expr> conds_;
  std::vector<Index> cond_order_;
  std::unordered_map<ExprId, z3::expr> exprs_;
};

/// At least k of the premises (z3::atleast asserts a non-empty vector, so k == 0 is
/// spelled out; k == all is a plain conjunction).
z3::expr at_least(z3::context& ctx, const z3::expr_vector& prem, std::uint32_t k);

}  // namespace custody::detail
