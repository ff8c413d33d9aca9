#pragma once
/// Text and JSON for the solver's results (facts, steps, scenarios, assumptions), shared
/// by `check`, `who` and `matrix` so that every command words a fact the same way.

#include <nlohmann/json_fwd.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "report/render.hpp"
#include "model/diagnostic.hpp"
#include "model/model.hpp"
#include "solver/solver.hpp"

namespace custody::report {

/// "gcbd holds the ciphertext of backup".
std::string fact_text(const Model& m, const Fact& f);
/// The fact with its phase when the spec has phases ("gcbd holds the ciphertext of backup,
/// in phase after"); just fact_text() in a spec without phases, so version-1 output stays
/// as it was.
std::string fact_at_text(const Model& m, const Fact& f);
/// The name of a phase by index ("" for an index no phase has, e.g. in a spec without
/// phases).
std::string phase_name(const Model& m, Index phase);
/// Why a step holds: "stored at guizhou, which gcbd operates".
std::string step_reason(const Model& m, const Step& s);
/// The assertion as written: "cn_police cannot read backup", with every item, `in P` and
/// `when EXPR` where it has them ("gov cannot read mail, notes in after when order").
std::string assertion_text(const Model& m, const Assertion& a);
/// What a violated result found, for one-line formats: "cn_police gets there" (`cannot`)
/// or "apple does not get there" (`can`); with several items the item is named ("cn_police
/// gets to notes"). Empty when the result names no actor.
std::string outcome_text(const Model& m, const Assertion& a, const AssertionResult& r);
/// The item a violated result is about, when the assertion has several (else nullopt).
std::optional<std::string> violated_item(const Model& m, const Assertion& a, const AssertionResult& r);
/// The error of a vacuous assertion (its own `when` holds in no scenario the assumptions
/// allow), at its `when`: code "vacuous-assertion". Every front end reports it the same.
Diagnostic vacuity_diagnostic(const Model& m, const Assertion& a);
/// "no scenario the assumptions allow satisfies its 'when'".
std::string vacuity_reason();
/// "warrant (A US judge signs a warrant) is true; all other conditions false".
std::string scenario_text(const Model& m, const std::vector<Index>& conds);
/// "assume not leak (spec.custody:7)".
std::string reliance_text(const Model& m, const SourceSet& sources, const Reliance& r);
/// "file:12, file:3": the lines of the spans, without repeats.
std::string locations_text(const SourceSet& sources, const std::vector<Span>& spans);

nlohmann::json fact_json(const Model& m, const Fact& f);
nlohmann::json spans_json(const SourceSet& sources, const std::vector<Span>& spans);
/// Step `i` of a path as JSON (README, "JSON of check"); with a "phase" member when the
/// spec has phases.
nlohmann::json path_json(const Model& m, const SourceSet& sources, const std::vector<Step>& path, std::size_t i);
nlohmann::json relies_json(const Model& m, const SourceSet& sources, const std::vector<Reliance>& relies);
/// The names of the conditions.
nlohmann::json conditions_json(const Model& m, const std::vector<Index>& conds);

/// "Can `actor` `verb` `target`?" as a `cannot` assertion, for questions not in the spec;
/// `phase`: at that phase only (`in P`), else in any phase.
Assertion question(Index actor, Verb verb, ItemRef target, std::optional<Index> phase = std::nullopt);

/// How an actor reaches an item: never (in no scenario), always (in every scenario), when
/// (with these conditions true, fewest), sometimes (in some scenario with no condition
/// true, not in all), or inconclusive. `path` is the access path when reachable.
struct Exposure {
  std::string reach;
  std::vector<Index> conditions;
  std::vector<Step> path;
};

/// Decides an exposure with one or two questions to the session (at `phase` only, when
/// given: "always" then means in every scenario at that phase).
Exposure exposure(Session& session, Index actor, Verb verb, ItemRef item,
                  std::optional<Index> phase = std::nullopt);

/// "never", "always", "when warrant+court_order", ...
std::string exposure_text(const Model& m, const Exposure& e);

/// The numbered steps of a path, two lines each, behind `indent`.
void write_path_text(std::ostream& out, const Model& m, const SourceSet& sources,
                     const std::vector<Step>& path, const std::string& indent);

}  // namespace custody::report
