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

struct Primary : x3::variant<Ident, CountExpr, x3::forward_ast<Expr>> {
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

struct ActorDecl : x3::position_tagged {
  Ident name;
  Title title;
  boost::optional<IdentList> in;
};

struct SiteDecl : x3::position_tagged {
  Ident name;
  Title title;
  Ident in;
  boost::optional<IdentList> operators;
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
  When when;
};

struct WrapClause : x3::position_tagged {
  Ident wrapper;
  std::vector<Placement> places;
  When when;
};

struct HsmClause : x3::position_tagged {
  Ident site;
  IdentList users;
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
  boost::optional<IdentList> items;
  When when;
};

struct LawStmt : x3::position_tagged {
  Ident name;
  Title title;
  Ident authority;
  std::string action;  // "compels" or "seizes"
  std::string scope;   // "actors", "sites" or "" for a plain list
  IdentList targets;
  When when;
};

struct ThreatStmt : x3::position_tagged {
  Ident name;
  Title title;
  Ident attacker;
  Integer k;
  IdentList targets;
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
  Ident target;
};

struct Statement : x3::variant<Import, JurisdictionDecl, ActorDecl, SiteDecl, ConditionDecl,
                               KeyDecl, DataDecl, FlowStmt, LawStmt, ThreatStmt, AssumeStmt,
                               AssertStmt> {
  using base_type::base_type;
  using base_type::operator=;
};

}  // namespace custody::ast

BOOST_FUSION_ADAPT_STRUCT(custody::ast::CountExpr, quant, k, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Unary, nots, primary)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::AndExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::OrExpr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::JurisdictionDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ActorDecl, name, title, in)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::SiteDecl, name, title, in, operators, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ConditionDecl, name, title)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::Placement, how, names)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::CustodyClause, place, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::WrapClause, wrapper, places, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::HsmClause, site, users, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::SplitClause, k, shares)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::KeyDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::DataDecl, name, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::FlowStmt, from, to, items, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::LawStmt, name, title, authority, action, scope, targets, when)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ThreatStmt, name, title, attacker, k, targets)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::ListedSubject, actors, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::NobodySubject, in, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::OnlySubject, actors, modality)
BOOST_FUSION_ADAPT_STRUCT(custody::ast::AssertStmt, name, subject, verb, target)
