#pragma once
// The syntax tree produced by the Spirit X3 grammar. Internal to parser/: the public API
// exposes only the checked model. Every node that a diagnostic can blame derives from
// x3::position_tagged and is annotated by its rule.

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <string>
#include <vector>

namespace custody::ast {
namespace x3 = boost::spirit::x3;

struct Ident : x3::position_tagged {
  std::string name;
  Ident& operator=(std::string s) {
    name = std::move(s);
    return *this;
  }
};
using IdentList = std::vector<Ident>;

struct Integer : x3::position_tagged {
  std::string digits;
  Integer& operator=(std::string s) {
    digits = std::move(s);
    return *this;
  }
};

struct StringLit : x3::position_tagged {
  std::string value;
  StringLit& operator=(std::string s) {
    value = std::move(s);
    return *this;
  }
};

struct Expr;

/// `at most K of a, b` / `at least ...` / `exactly ...`
struct CountExpr : x3::position_tagged {
  std::string quant;  // "most", "least" or "exactly"
  Integer k;
  IdentList names;
};

/// `T[X]`: the condition that threat T compromises X.
struct IndexExpr : x3::position_tagged {
  Ident threat;
  Ident target;
};

struct Primary : x3::variant<Ident, CountExpr, IndexExpr, x3::forward_ast<Expr>> {
  using base_type::base_type;
  using base_type::operator=;
};

struct Unary : x3::position_tagged {
  std::string nots;  // one 'n' per leading `not`
  Primary primary;
};

struct AndExpr {
  Unary first;
  std::vector<Unary> rest;
};

struct OrExpr {
  AndExpr first;
  std::vector<AndExpr> rest;
};

/// `a implies b implies c`, right-associative; each part an `or` chain.
struct Expr : x3::position_tagged {
  OrExpr first;
  std::vector<OrExpr> rest;
};

using Title = boost::optional<StringLit>;
using When = boost::optional<Expr>;

/// `from P [until Q]` (kind "from"), `until Q` (kind "until", phase Q) or `during P`.
struct TimeSpec : x3::position_tagged {
  std::string kind;
  Ident phase;
  boost::optional<Ident> until;
};
using TimeOpt = boost::optional<TimeSpec>;

/// An assertion's `when EXPR`, kept with the span of the whole clause.
struct WhenClause : x3::position_tagged {
  Expr expr;
  WhenClause& operator=(Expr e) {
    expr = std::move(e);
    return *this;
  }
};

/// An item of a flow or law `for` list: `K` or `use K` (use == "use").
struct Item : x3::position_tagged {
  std::string use;
  Ident name;
};
using ItemList = std::vector<Item>;

struct Import : x3::position_tagged {
  StringLit path;
  Import& operator=(StringLit s) {
    path = std::move(s);
    return *this;
  }
};

struct JurisdictionDecl : x3::position_tagged {
  Ident name;
  Title title;
};

struct PhaseDecl : x3::position_tagged {
  Ident name;
  Title title;
};

struct RoleDecl : x3::position_tagged {
  Ident name;
  Title title;
};

struct ActorDecl : x3::position_tagged {
  Ident name;
  Title title;
  boost::optional<IdentList> in;
  boost::optional<IdentList> as;
  boost::optional<std::string> forgets;
};

struct SiteDecl : x3::position_tagged {
  Ident name;
  Title title;
  Ident in;
  boost::optional<IdentList> operators;
  TimeOpt time;
  When when;
};

struct ConditionDecl : x3::position_tagged {
  Ident name;
  Title title;
};

/// `held by A..` (how == "held") or `stored at S..` (how == "stored").
struct Placement : x3::position_tagged {
  std::string how;
  IdentList names;
};

struct CustodyClause : x3::position_tagged {
  Placement place;
  TimeOpt time;
  When when;
};

struct WrapClause : x3::position_tagged {
  Ident wrapper;
  std::vector<Placement> places;
  TimeOpt time;
  When when;
};

/// `used by A..` (holders empty) or `used by holders of T1 and T2..` (holders == "holders").
struct HsmUsers {
  std::string holders;
  IdentList names;
};

struct HsmClause : x3::position_tagged {
  Ident site;
  HsmUsers users;
  TimeOpt time;
  When when;
};

struct SplitClause : x3::position_tagged {
  Integer k;
  IdentList shares;
};

struct EncryptedClause : x3::position_tagged {
  IdentList keys;
  EncryptedClause& operator=(IdentList v) {
    keys = std::move(v);
    return *this;
  }
};

struct KeyClause : x3::variant<CustodyClause, WrapClause, HsmClause, SplitClause> {
  using base_type::base_type;
  using base_type::operator=;
};

struct DataClause : x3::variant<EncryptedClause, CustodyClause> {
  using base_type::base_type;
  using base_type::operator=;
};

struct KeyDecl : x3::position_tagged {
  Ident name;
  Title title;
  std::vector<KeyClause> clauses;
};

struct DataDecl : x3::position_tagged {
  Ident name;
  Title title;
  std::vector<DataClause> clauses;
};

struct FlowStmt : x3::position_tagged {
  IdentList from;
  IdentList to;
  boost::optional<ItemList> items;
  TimeOpt time;
  When when;
};

/// What a law reaches: `actors in J..` / `sites in J..` (scope set), `R in J..` (role
/// set), or a plain list (neither).
struct LawTarget {
  std::string scope;  // "actors", "sites" or ""
  Ident role;         // empty name when absent
  IdentList names;
};

struct LawStmt : x3::position_tagged {
  Ident name;
  Title title;
  Ident authority;
  std::string action;  // "compels" or "seizes"
  LawTarget target;
  boost::optional<ItemList> items;  // `for ...`
  TimeOpt time;
  When when;
};

struct ThreatStmt : x3::position_tagged {
  Ident name;
  Title title;
  Ident attacker;
  Integer k;
  IdentList targets;
  TimeOpt time;
};

struct AssumeStmt : x3::position_tagged {
  Expr expr;
  AssumeStmt& operator=(Expr e) {
    expr = std::move(e);
    return *this;
  }
};

struct ListedSubject : x3::position_tagged {
  IdentList actors;
  std::string modality;  // "can" or "cannot"
};

struct NobodySubject : x3::position_tagged {
  boost::optional<IdentList> in;
  std::string modality;  // always "can"
};

struct OnlySubject : x3::position_tagged {
  IdentList actors;
  std::string modality;  // always "can"
};

struct Subject : x3::variant<ListedSubject, NobodySubject, OnlySubject> {
  using base_type::base_type;
  using base_type::operator=;
};

struct AssertStmt : x3::position_tagged {
  boost::optional<Ident> name;
  Subject subject;
  std::string verb;
  IdentList targets;
  boost::optional<Ident> phase;  // `in P`
  boost::optional<WhenClause> when;
};

struct Statement : x3::variant<Import, PhaseDecl, RoleDecl, JurisdictionDecl, ActorDecl, SiteDecl, ConditionDecl,
                               KeyDecl, DataDecl, FlowStmt, LawStmt, ThreatStmt, AssumeStmt,
                               AssertStmt> {
  using base_type::base_type;
  using base_type::operator=;
};

}  // namespace custody::ast

BOOST_FUSION_ADAPT_STRUCT(custody::ast::CountExpr, quant, k, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::IndexExpr, threat, target)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::TimeSpec, kind, phase, until)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Item, use, name)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::PhaseDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::RoleDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::HsmUsers, holders, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::LawTarget, scope, role, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Unary, nots, primary)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::AndExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::OrExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::JurisdictionDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ActorDecl, name, title, in, as, forgets)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::SiteDecl, name, title, in, operators, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ConditionDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Placement, how, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::CustodyClause, place, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::WrapClause, wrapper, places, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::HsmClause, site, users, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::SplitClause, k, shares)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::KeyDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::DataDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::FlowStmt, from, to, items, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::LawStmt, name, title, authority, action, target, items, time, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ThreatStmt, name, title, attacker, k, targets, time)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ListedSubject, actors, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::NobodySubject, in, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::OnlySubject, actors, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::AssertStmt, name, subject, verb, targets, phase, when)
