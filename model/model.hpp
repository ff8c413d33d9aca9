#pragma once
/// The checked model: the parser's output and the solver's input.
///
/// Every name is resolved to an index into the vector of its kind, every count is in
/// range, and every fact keeps the span of the declaration or clause behind it, so that an
/// access path can point at spec lines. Laws and threats are kept explicit (not lowered
/// to flows) because access-path steps read better as "cn_police compels gcbd"; a threat's
/// fresh conditions are materialised as `Condition`s with `threat` set.

#include <cstdint>
#include <limits>
#include <map>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "model/source.hpp"

namespace custody {

using Index = std::uint32_t;
using ExprId = std::uint32_t;
/// A `when` that is absent: the clause always takes effect.
inline constexpr ExprId kAlways = std::numeric_limits<ExprId>::max();
/// A single reference that did not resolve (a site's jurisdiction, a law's authority, a
/// threat's attacker, an assertion's target). Only in the partial model the loader keeps
/// for a spec with errors (parser.hpp, `Analysis`); never in a checked model. It indexes
/// nothing: a reader of a partial model checks before it indexes. Lists of references
/// simply leave out the names that did not resolve.
inline constexpr Index kUnresolved = std::numeric_limits<Index>::max();

enum class Kind { jurisdiction, actor, site, condition, key, data, law, threat, assertion, phase, role };
const char* to_string(Kind k);

/// A boolean expression over conditions, stored in `Model::exprs`.
struct Expr {
  enum class Op { var, not_, and_, or_, implies, at_most, at_least, exactly };
  Op op = Op::var;
  /// `var`, `at_most`, `at_least`, `exactly`: condition indices (deduplicated).
  /// `not_`, `and_`, `or_`, `implies`: child expression ids.
  std::vector<Index> args;
  std::uint32_t k = 0;  ///< the count of `at most/at least/exactly K of`
  Span span;
};

/// A key or a datum, as named in flow item lists and assertions.
struct ItemRef {
  enum class Type { key, data };
  Type type = Type::key;
  Index id = 0;
  friend bool operator==(const ItemRef&, const ItemRef&) = default;
  friend auto operator<=>(const ItemRef&, const ItemRef&) = default;
};

/// When a clause takes effect on the timeline (LANGUAGE.md, Version 2): the phases
/// `first..last`, inclusive, by index into Model::phases. The default covers every phase
/// (a clause with no `from`/`until`/`during`, and every clause of a spec with no phases).
inline constexpr Index kLastPhase = std::numeric_limits<Index>::max();
struct Time {
  Index first = 0;
  Index last = kLastPhase;
  Span span;  ///< the `from`/`until`/`during` words (empty when absent)
  bool always() const { return first == 0 && last == kLastPhase; }
  bool covers(Index phase) const { return phase >= first && phase <= last; }
  friend bool operator==(const Time& a, const Time& b) { return a.first == b.first && a.last == b.last; }
};

struct Phase {
  std::string name, title;
  Span span;
};

struct Role {
  std::string name, title;
  Span span;
};

struct Jurisdiction {
  std::string name, title;
  Span span;
};

struct Actor {
  std::string name, title;
  Span span;
  std::vector<Index> in;     ///< jurisdictions
  std::vector<Index> roles;  ///< `as R..`
  bool forgets = false;      ///< carries nothing into the next phase (rule 9)
  bool builtin = false;      ///< `public`, which the checker declares itself
};

struct Site {
  std::string name, title;
  Span span;
  Index in = 0;                  ///< jurisdiction (or kUnresolved)
  std::vector<Index> operators;  ///< actors
  Span operators_span;           ///< the `operated by` clause (or the site's name)
  ExprId when = kAlways;         ///< the site exists only when this holds
  Time time;                     ///< ... and only in these phases
};

struct Condition {
  std::string name, title;
  Span span;
  /// For a threat's fresh condition: the threat and the compromised actor (or site).
  std::optional<Index> threat;
  Index target = 0;
  bool target_site = false;  ///< `target` is a site
};

/// `held by A..` or `stored at S..`, with its guard.
struct Custody {
  std::vector<Index> actors;
  std::vector<Index> sites;
  ExprId when = kAlways;
  Time time;
  Span span;
};

struct Wrap {
  Index wrapper = 0;  ///< the key the blob is encrypted under
  Custody custody;    ///< who holds or stores the blob
};

struct Hsm {
  Index site = 0;
  std::vector<Index> users;       ///< `used by A..`
  std::vector<Index> holders_of;  ///< `used by holders of T1 and T2..`: token keys (rule 12)
  ExprId when = kAlways;
  Time time;
  Span span;
};

struct Split {
  std::uint32_t k = 1;
  std::vector<Index> shares;  ///< keys
  Span span;
};

struct Key {
  std::string name, title;
  Span span;
  std::vector<Custody> material;
  std::vector<Wrap> wraps;
  std::vector<Hsm> hsms;
  std::vector<Split> splits;
  bool is_hsm() const { return !hsms.empty(); }
};

struct Data {
  std::string name, title;
  Span span;
  std::vector<Index> encrypted_by;  ///< keys, all needed; deduplicated, in order of mention
  std::vector<Span> encrypted_spans;
  std::vector<Custody> stored;  ///< custody of the stored form
  bool encrypted() const { return !encrypted_by.empty(); }
};

struct Flow {
  std::vector<Index> from, to;  ///< actors
  bool full = true;             ///< no item list: everything held and every use
  std::vector<ItemRef> items;   ///< the forms of these items
  std::vector<Index> uses;      ///< `use K` items: use of these keys (rule 10)
  ExprId when = kAlways;
  Time time;
  Span span;
};

struct Law {
  enum class Action { compels, seizes };
  std::string name, title;
  Span span;
  Index authority = 0;  ///< actor (or kUnresolved)
  Action action = Action::compels;
  bool by_jurisdiction = false;  ///< `actors in J..` / `sites in J..` / `R in J..`
  std::vector<Index> targets;    ///< actors, sites, or jurisdictions when by_jurisdiction
  std::optional<Index> role;     ///< `compels R in J..`: only actors with role R
  bool scoped = false;           ///< a `for` list: only these items (rule 11)
  std::vector<ItemRef> items;    ///< `for`: the forms of these items
  std::vector<Index> uses;       ///< `for use K`: use of these keys (compels only)
  ExprId when = kAlways;
  Time time;
};

struct Threat {
  std::string name, title;
  Span span;
  Index attacker = 0;  ///< actor (or kUnresolved)
  std::uint32_t k = 0;
  std::vector<Index> targets;     ///< actors
  std::vector<Index> sites;       ///< sites (rule 13)
  std::vector<Index> conditions;  ///< one fresh condition per target, then per site, same order
  Time time;                      ///< limits the flows and seizures, not the conditions
};

struct Assume {
  ExprId expr = 0;
  Span span;
};

enum class Verb { read, obtain, use };
const char* to_string(Verb v);

struct Assertion {
  enum class Subject { listed, nobody, only };
  std::string name;  ///< the given name, or `file:line` for an unnamed one
  bool named = false;
  Span span;
  Subject subject = Subject::listed;
  std::vector<Index> actors;         ///< for listed and only
  std::vector<Index> jurisdictions;  ///< for `nobody in`
  bool can = false;                  ///< `can` (true) or `cannot` (false)
  Verb verb = Verb::read;
  /// The items, each on its own (all must satisfy the property); ids may be kUnresolved.
  std::vector<ItemRef> items;
  std::optional<Index> phase;  ///< `in P`: at that phase only
  ExprId when = kAlways;       ///< only scenarios that satisfy this count
  Span when_span;              ///< the `when EXPR` (empty when absent)
};

/// A declared name and what it names.
struct Symbol {
  Kind kind;
  Index index;
};

struct Model {
  std::vector<Phase> phases;  ///< the timeline, in order; empty: one implicit phase
  std::vector<Role> roles;
  std::vector<Jurisdiction> jurisdictions;
  std::vector<Actor> actors;
  std::vector<Site> sites;
  std::vector<Condition> conditions;
  std::vector<Key> keys;
  std::vector<Data> data;
  std::vector<Flow> flows;
  std::vector<Law> laws;
  std::vector<Threat> threats;
  std::vector<Assume> assumes;
  std::vector<Assertion> assertions;
  std::vector<Expr> exprs;
  std::unordered_map<std::string, Symbol> symbols;  ///< every declared name
  std::optional<Index> public_actor;  ///< the built-in `public`, when the spec names it

  /// The number of phases the facts are computed in (1 without `phase`).
  Index phase_count() const { return phases.empty() ? 1 : static_cast<Index>(phases.size()); }

  std::optional<Symbol> find(const std::string& name) const;
  /// The actors the assertion speaks of: the list, every actor (in the jurisdictions),
  /// or every actor not listed. In declaration order.
  std::vector<Index> subjects(const Assertion& a) const;
  /// The name of an item.
  const std::string& name_of(ItemRef item) const;
  /// The span of the declaration of a name.
  Span span_of(Symbol s) const;
};

}  // namespace custody
