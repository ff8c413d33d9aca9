#pragma once
// A version-2 spec with two phases, built in C++ (not parsed), and results for its
// assertions as the solver would give them: for testing how every front end words phases,
// retention, `public`, scoped laws, item lists and vacuous assertions independently of the
// parser and the solver.

#include "model/model.hpp"
#include "model/source.hpp"
#include "solver/solver.hpp"

namespace custody::test {

/// The spec text (spec.custody) the model's spans point into; see phased_model.cpp.
struct PhasedSpec {
  SourceSet sources;
  Model model;
  /// Assertions a1 (violated `cannot`, several items, `in after when order`), a2 (vacuous)
  /// and a3 (violated `can`, several items), with results made up to match the spec.
  CheckReport report;
  /// The span of the first occurrence of `text` in the spec (after `from`, if given).
  Span span(const std::string& text, const std::string& from = "") const;
};

PhasedSpec phased_spec();

/// A step made by hand: the fact and rule, premises (0-based) and locations.
Step step(Fact f, RuleKind rule, std::vector<std::size_t> premises = {}, std::vector<Span> locations = {});

}  // namespace custody::test
