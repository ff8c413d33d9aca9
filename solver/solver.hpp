#pragma once
/// The checker: verdicts, scenarios and access paths for the assertions of a model.
///
/// The solver never sees text and never formats it: results name model entities (by
/// index) and spans. Z3 stays behind this header; no Z3 type or exception crosses it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/model.hpp"

namespace custody {

/// A fact of a scenario: what an actor holds or can use.
struct Fact {
  enum class Type {
    stored,    ///< holds the stored form of data `item` (ciphertext when encrypted)
    plain,     ///< holds the plaintext of data `item`
    material,  ///< holds the material of key `item`
    blob,      ///< holds a blob of key `item` wrapped by key `wrapper`
    use,       ///< can use key `item`
  };
  Type type = Type::stored;
  Index actor = 0;
  Index item = 0;
  Index wrapper = 0;
  Index phase = 0;  ///< index into Model::phases (0 in a spec without phases)
  friend bool operator==(const Fact&, const Fact&) = default;
  friend auto operator<=>(const Fact&, const Fact&) = default;
};

/// The type of fact a verb asks about: plaintext (read), material (obtain) or use.
Fact::Type fact_type(Verb v);

/// The rule of LANGUAGE.md "Meaning" that derived a fact.
/// `retain`: held at the end of the previous phase (rule 9); `publish`: held by `public`
/// (rule 14).
enum class RuleKind { custody, use, hsm, decrypt, unwrap, split, flow, compels, seizes, threat, retain, publish };
const char* to_string(RuleKind r);

/// One step of an access path: a derived fact, the rule that gave it, and what the rule
/// drew on. Optional fields are set where the rule has them.
struct Step {
  Fact fact;
  RuleKind rule = RuleKind::custody;
  std::optional<Index> from;     ///< flow/compels/threat: the actor the fact came from
  std::optional<Index> site;     ///< custody at a site, seizes, hsm: the site
  std::optional<Index> law;      ///< compels/seizes
  std::optional<Index> threat;   ///< threat
  std::optional<Index> flow;     ///< flow: index into Model::flows
  std::vector<Index> keys;       ///< decrypt: keys used; unwrap: the wrapper; split: shares used
  std::vector<Span> locations;   ///< declarations behind the step, most specific first
  std::vector<std::size_t> premises;  ///< earlier steps (0-based) it follows from
};

/// Why a `can` fails in a scenario: a fact the subject lacks, and for each way of getting
/// it, what is missing.
struct MissingLink {
  Fact fact;             ///< a fact not derived in the scenario
  RuleKind rule;         ///< one rule that could have given it
  std::vector<Fact> lacking;   ///< its premises that are absent
  bool guard_off = false;      ///< its `when` (or site's) is false in the scenario
  std::vector<Span> locations;
};

/// `vacuous`: the assertion's own `when` holds in no scenario the assumptions allow.
enum class Verdict { holds, violated, inconclusive, vacuous };
const char* to_string(Verdict v);

/// An `assume` statement or a threat's bound that a proof relies on.
struct Reliance {
  std::optional<Index> assume;  ///< index into Model::assumes
  std::optional<Index> threat;  ///< the threat whose `at most K` bound is used
  Span span;
};

struct AssertionResult {
  Index assertion = 0;
  Verdict verdict = Verdict::inconclusive;
  /// violated: the subject actor that reaches (cannot) or does not reach (can) an item,
  /// and that item (one of the assertion's items).
  std::optional<Index> actor;
  std::optional<ItemRef> item;
  /// violated: the conditions true in the scenario (indices, ascending); all others false.
  std::vector<Index> scenario;
  /// violated cannot: the access path, each step after its premises.
  std::vector<Step> path;
  /// violated can: the missing links.
  std::vector<MissingLink> missing;
  /// holds: the assumptions the proof relies on (a minimal set; empty = unconditionally).
  std::vector<Reliance> relies_on;
  /// inconclusive: why: "timeout", "memory limit", "cancelled", or the solver's own reason.
  std::string reason;
  /// false when a solver limit stopped the search for a smaller scenario or path.
  bool minimal = true;
};

struct SolverOptions {
  /// Time limit for one assertion, in milliseconds.
  unsigned timeout_ms = 30000;
  /// Memory limit of the process while the session works, in bytes (0: none). Passing it
  /// ends the question at hand as inconclusive with the reason "memory limit".
  std::size_t max_memory_bytes = 0;
  /// Decide by enumerating scenarios with plain fixpoints when few conditions matter
  /// (false: always search with Z3; for cross-checking the two engines).
  bool enumerate = true;
  /// Prove the access path is the shortest (a Z3 search over proofs). Off: the path is the
  /// one with the smallest derivation tree, found in linear time, and `minimal` is false
  /// unless that path is the only one.
  bool shortest_path = true;
};

struct CheckReport {
  std::vector<AssertionResult> results;
  /// Errors that make verdicts meaningless (assumptions no scenario satisfies).
  Diagnostics errors;
};

/// A sane default for SolverOptions::max_memory_bytes: half of the memory this process may
/// use (the machine's, or its control group's limit when that is lower).
std::size_t default_max_memory();

/// Checks the assertions with the given indices (all when `which` is empty).
CheckReport check(const Model& model, const std::vector<Index>& which, const SolverOptions& opts);

/// One checking job over a model: assertions decided one after another share the ground
/// rules and the solver context. For the analyst commands, which ask many questions that
/// are not assertions of the spec. The model must outlive the session.
class Session {
 public:
  Session(const Model& model, const SolverOptions& opts);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// An error at the `assume` lines when no scenario satisfies the assumptions.
  Diagnostics vacuity();
  /// The verdict of an assertion, which need not be one of the model's (its `assertion`
  /// field is left 0).
  AssertionResult decide(const Assertion& a);
  /// Stops the work in progress and all later work of this session: what is being
  /// decided, and everything decided after, is inconclusive with the reason "cancelled".
  /// (The memory limit stops only the question at hand: the next one starts afresh when
  /// the memory has been freed.)
  /// The only member that may be called from another thread while the session works.
  void interrupt();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The plain least model in one scenario (conditions true as listed): every fact derived.
/// For tests and for explaining a scenario.
std::vector<Fact> least_model(const Model& model, const std::vector<Index>& true_conditions);

}  // namespace custody
