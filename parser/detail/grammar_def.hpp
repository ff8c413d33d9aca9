#pragma once
// Rule definitions of the custody grammar (shared/LANGUAGE.md). Included by grammar.cpp
// only, which instantiates the statement rule once.
//
// Tokens (keywords, punctuation, identifiers, integers, strings) are small hand-written
// X3 parsers: they give exact "expected X" names in expectation failures and never look
// at bytes outside ASCII as anything but "not part of this token".

#include <algorithm>
#include <array>
#include <string_view>

#include "parser/detail/grammar.hpp"

namespace custody::grammar {


/// A keyword: the exact word, not followed by an identifier character. With `Attr`, its
/// attribute is the word itself.
template <bool Attr>
struct KeywordParser : x3::parser<KeywordParser<Attr>> {
  using attribute_type = std::conditional_t<Attr, std::string, x3::unused_type>;
  static bool const has_attribute = Attr;
  const char* word;
  constexpr explicit KeywordParser(const char* w) : word(w) {}

  template <class It, class Ctx, class RCtx, class A>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, A& attr) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    for (const char* p = word; *p; ++p, ++i) {
      if (i == last || *i != *p) return false;
    }
    if (i != last && is_ident_char(*i)) return false;
    first = i;
    if constexpr (Attr) x3::traits::move_to(std::string(word), attr);
    return true;
  }
};

/// Punctuation such as `:`, `,`, `->`, `(`.
struct PunctParser : x3::parser<PunctParser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  const char* text;
  constexpr explicit PunctParser(const char* t) : text(t) {}

  template <class It, class Ctx, class RCtx, class A>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, A&) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    for (const char* p = text; *p; ++p, ++i) {
      if (i == last || *i != *p) return false;
    }
    first = i;
    return true;
  }
};

/// An identifier that is not a keyword.
struct IdentParser : x3::parser<IdentParser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <class It, class Ctx, class RCtx, class A>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, A& attr) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    if (i == last || !(is_ident_char(*i) && !(*i >= '0' && *i <= '9'))) return false;
    while (i != last && is_ident_char(*i)) ++i;
    std::string word(first, i);
    // `public` is reserved (it cannot be declared) but names the built-in actor.
    if (is_keyword(word) && word != "public") return false;
    first = i;
    x3::traits::move_to(std::move(word), attr);
    return true;
  }
};

/// A decimal integer; range is checked later, so huge numbers get a clear message.
struct IntegerParser : x3::parser<IntegerParser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <class It, class Ctx, class RCtx, class A>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, A& attr) const {
    x3::skip_over(first, last, ctx);
    It i = first;
    while (i != last && *i >= '0' && *i <= '9') ++i;
    if (i == first || (i != last && is_ident_char(*i))) return false;
    std::string digits(first, i);
    first = i;
    x3::traits::move_to(std::move(digits), attr);
    return true;
  }
};

/// A one-line string with `\"` and `\\` escapes. Once the opening quote matched, a bad
/// escape or a missing closing quote is a hard error.
struct StringParser : x3::parser<StringParser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <class It, class Ctx, class RCtx, class A>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, A& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '"') return false;
    It i = first;
    ++i;
    std::string value;
    while (true) {
      if (i == last || *i == '\n' || (*i == '\r' && (std::next(i) == last || *std::next(i) == '\n'))) {
        throw x3::expectation_failure<It>(i, "closing '\"' of the string");
      }
      if (*i == '"') break;
      // Control characters (C0 but tab, DEL, and C1 as UTF-8 C2 80..9F) are refused as
      // they are outside strings: a title ends up in DOT, SVG, terminals and logs.
      auto c = static_cast<unsigned char>(*i);
      if ((c < 0x20 && c != '\t') || c == 0x7f ||
          (c == 0xc2 && std::next(i) != last && static_cast<unsigned char>(*std::next(i)) >= 0x80 &&
           static_cast<unsigned char>(*std::next(i)) <= 0x9f)) {
        throw x3::expectation_failure<It>(i, "a printable character or closing '\"' in the string");
      }
      if (*i == '\\') {
        It esc = i;
        ++i;
        if (i == last || (*i != '"' && *i != '\\')) {
          throw x3::expectation_failure<It>(esc, "escape '\\\"' or '\\\\' in string");
        }
      }
      value += *i;
      ++i;
    }
    first = ++i;
    x3::traits::move_to(std::move(value), attr);
    return true;
  }
};

}  // namespace custody::grammar

namespace boost::spirit::x3 {
template <bool A>
struct get_info<custody::grammar::KeywordParser<A>> {
  using result_type = std::string;
  std::string operator()(const custody::grammar::KeywordParser<A>& p) const {
    return std::string("'") + p.word + "'";
  }
};
template <>
struct get_info<custody::grammar::PunctParser> {
  using result_type = std::string;
  std::string operator()(const custody::grammar::PunctParser& p) const {
    return std::string("'") + p.text + "'";
  }
};
}  // namespace boost::spirit::x3

namespace custody::grammar {

using Kw = KeywordParser<false>;
using KwA = KeywordParser<true>;

// Keywords without attribute.
inline const Kw kw_import{"import"}, kw_jurisdiction{"jurisdiction"}, kw_actor{"actor"},
    kw_site{"site"}, kw_condition{"condition"}, kw_key{"key"}, kw_data{"data"}, kw_flow{"flow"},
    kw_law{"law"}, kw_threat{"threat"}, kw_assume{"assume"}, kw_assert{"assert"}, kw_in{"in"},
    kw_operated{"operated"}, kw_by{"by"}, kw_when{"when"}, kw_at{"at"}, kw_wrapped{"wrapped"},
    kw_hsm{"hsm"}, kw_used{"used"}, kw_split{"split"}, kw_of{"of"}, kw_encrypted{"encrypted"},
    kw_and{"and"}, kw_or{"or"}, kw_not{"not"}, kw_implies{"implies"},
    kw_compromises{"compromises"}, kw_most{"most"}, kw_nobody{"nobody"}, kw_only{"only"},
    kw_phase{"phase"}, kw_role{"role"}, kw_as{"as"}, kw_for{"for"}, kw_until{"until"};
// Keywords whose word is the attribute.
inline const KwA kwa_held{"held"}, kwa_stored{"stored"}, kwa_most{"most"}, kwa_least{"least"},
    kwa_exactly{"exactly"}, kwa_compels{"compels"}, kwa_seizes{"seizes"}, kwa_actors{"actors"},
    kwa_sites{"sites"}, kwa_can{"can"}, kwa_cannot{"cannot"}, kwa_read{"read"},
    kwa_obtain{"obtain"}, kwa_use{"use"}, kwa_from{"from"}, kwa_until{"until"},
    kwa_during{"during"}, kwa_forgets{"forgets"}, kwa_holders{"holders"};
inline const PunctParser p_colon{":"}, p_comma{","}, p_arrow{"->"}, p_lparen{"("}, p_rparen{")"},
    p_lbracket{"["}, p_rbracket{"]"};

// Rule IDs. Every one annotates its attribute with its position (a no-op for attributes
// that carry none).
#define CUSTODY_RULE_ID(name) \
  struct name##_class : x3::annotate_on_success {};
CUSTODY_RULE_ID(ident)
CUSTODY_RULE_ID(ident_list)
CUSTODY_RULE_ID(integer)
CUSTODY_RULE_ID(string_lit)
CUSTODY_RULE_ID(count_word)
CUSTODY_RULE_ID(most_least)
CUSTODY_RULE_ID(count_expr)
CUSTODY_RULE_ID(index_expr)
CUSTODY_RULE_ID(time_from)
CUSTODY_RULE_ID(time_until)
CUSTODY_RULE_ID(time_during)
CUSTODY_RULE_ID(time_spec)
CUSTODY_RULE_ID(time_opt)
CUSTODY_RULE_ID(item)
CUSTODY_RULE_ID(item_list)
CUSTODY_RULE_ID(phase_decl)
CUSTODY_RULE_ID(role_decl)
CUSTODY_RULE_ID(hsm_users)
CUSTODY_RULE_ID(scoped_target)
CUSTODY_RULE_ID(role_target)
CUSTODY_RULE_ID(list_target)
CUSTODY_RULE_ID(law_target)
CUSTODY_RULE_ID(assert_when)
CUSTODY_RULE_ID(primary)
CUSTODY_RULE_ID(nots)
CUSTODY_RULE_ID(unary)
CUSTODY_RULE_ID(and_expr)
CUSTODY_RULE_ID(or_expr)
CUSTODY_RULE_ID(expr)
CUSTODY_RULE_ID(when_opt)
CUSTODY_RULE_ID(import_stmt)
CUSTODY_RULE_ID(jurisdiction_decl)
CUSTODY_RULE_ID(actor_decl)
CUSTODY_RULE_ID(site_decl)
CUSTODY_RULE_ID(condition_decl)
CUSTODY_RULE_ID(placement)
CUSTODY_RULE_ID(placements)
CUSTODY_RULE_ID(custody_clause)
CUSTODY_RULE_ID(wrap_clause)
CUSTODY_RULE_ID(hsm_clause)
CUSTODY_RULE_ID(split_clause)
CUSTODY_RULE_ID(key_list)
CUSTODY_RULE_ID(encrypted_clause)
CUSTODY_RULE_ID(key_clause)
CUSTODY_RULE_ID(data_clause)
CUSTODY_RULE_ID(key_decl)
CUSTODY_RULE_ID(data_decl)
CUSTODY_RULE_ID(flow_stmt)
CUSTODY_RULE_ID(action_word)
CUSTODY_RULE_ID(scope_word)
CUSTODY_RULE_ID(law_stmt)
CUSTODY_RULE_ID(threat_stmt)
CUSTODY_RULE_ID(assume_stmt)
CUSTODY_RULE_ID(modality)
CUSTODY_RULE_ID(listed_subject)
CUSTODY_RULE_ID(nobody_subject)
CUSTODY_RULE_ID(only_subject)
CUSTODY_RULE_ID(subject)
CUSTODY_RULE_ID(verb)
CUSTODY_RULE_ID(assert_stmt)
struct statement_class : x3::annotate_on_success {};
#undef CUSTODY_RULE_ID

const x3::rule<ident_class, ast::Ident> ident = "identifier";
const x3::rule<ident_list_class, ast::IdentList> ident_list = "identifier";
const x3::rule<integer_class, ast::Integer> integer = "integer";
const x3::rule<string_lit_class, ast::StringLit> string_lit = "string";
const x3::rule<count_word_class, std::string> count_word = "'at' or 'exactly'";
const x3::rule<most_least_class, std::string> most_least = "'most' or 'least'";
const x3::rule<count_expr_class, ast::CountExpr> count_expr = "count";
const x3::rule<index_expr_class, ast::IndexExpr> index_expr = "threat target";
const x3::rule<time_from_class, ast::TimeSpec> time_from = "'from'";
const x3::rule<time_until_class, ast::TimeSpec> time_until = "'until'";
const x3::rule<time_during_class, ast::TimeSpec> time_during = "'during'";
const x3::rule<time_spec_class, ast::TimeSpec> time_spec = "'from', 'until' or 'during'";
const x3::rule<time_opt_class, ast::TimeOpt> time_opt = "'from', 'until' or 'during'";
const x3::rule<item_class, ast::Item> item = "identifier or 'use'";
const x3::rule<item_list_class, ast::ItemList> item_list = "identifier or 'use'";
const x3::rule<phase_decl_class, ast::PhaseDecl> phase_decl = "phase";
const x3::rule<role_decl_class, ast::RoleDecl> role_decl = "role";
const x3::rule<hsm_users_class, ast::HsmUsers> hsm_users = "identifier or 'holders of'";
const x3::rule<scoped_target_class, ast::LawTarget> scoped_target = "'actors in' or 'sites in'";
const x3::rule<role_target_class, ast::LawTarget> role_target = "role in";
const x3::rule<list_target_class, ast::LawTarget> list_target = "identifier";
const x3::rule<law_target_class, ast::LawTarget> law_target = "identifier";
const x3::rule<assert_when_class, ast::WhenClause> assert_when = "'when'";
const x3::rule<primary_class, ast::Primary> primary = "expression";
const x3::rule<nots_class, std::string> nots = "'not'";
const x3::rule<unary_class, ast::Unary> unary = "expression";
const x3::rule<and_expr_class, ast::AndExpr> and_expr = "expression";
const x3::rule<or_expr_class, ast::OrExpr> or_expr = "expression";
const x3::rule<expr_class, ast::Expr> expr = "expression";
const x3::rule<when_opt_class, ast::When> when_opt = "'when'";
const x3::rule<import_stmt_class, ast::Import> import_stmt = "import";
const x3::rule<jurisdiction_decl_class, ast::JurisdictionDecl> jurisdiction_decl = "jurisdiction";
const x3::rule<actor_decl_class, ast::ActorDecl> actor_decl = "actor";
const x3::rule<site_decl_class, ast::SiteDecl> site_decl = "site";
const x3::rule<condition_decl_class, ast::ConditionDecl> condition_decl = "condition";
const x3::rule<placement_class, ast::Placement> placement = "'held by' or 'stored at'";
const x3::rule<placements_class, std::vector<ast::Placement>> placements =
    "'held by' or 'stored at'";
const x3::rule<custody_clause_class, ast::CustodyClause> custody_clause = "custody clause";
const x3::rule<wrap_clause_class, ast::WrapClause> wrap_clause = "wrapped by";
const x3::rule<hsm_clause_class, ast::HsmClause> hsm_clause = "hsm at";
const x3::rule<split_clause_class, ast::SplitClause> split_clause = "split";
const x3::rule<key_list_class, ast::IdentList> key_list = "identifier";
const x3::rule<encrypted_clause_class, ast::EncryptedClause> encrypted_clause = "encrypted by";
const x3::rule<key_clause_class, ast::KeyClause> key_clause = "key clause";
const x3::rule<data_clause_class, ast::DataClause> data_clause = "data clause";
const x3::rule<key_decl_class, ast::KeyDecl> key_decl = "key";
const x3::rule<data_decl_class, ast::DataDecl> data_decl = "data";
const x3::rule<flow_stmt_class, ast::FlowStmt> flow_stmt = "flow";
const x3::rule<action_word_class, std::string> action_word = "'compels' or 'seizes'";
const x3::rule<scope_word_class, std::string> scope_word = "'actors in' or 'sites in'";
const x3::rule<law_stmt_class, ast::LawStmt> law_stmt = "law";
const x3::rule<threat_stmt_class, ast::ThreatStmt> threat_stmt = "threat";
const x3::rule<assume_stmt_class, ast::AssumeStmt> assume_stmt = "assume";
const x3::rule<modality_class, std::string> modality = "'can' or 'cannot'";
const x3::rule<listed_subject_class, ast::ListedSubject> listed_subject = "subject";
const x3::rule<nobody_subject_class, ast::NobodySubject> nobody_subject = "subject";
const x3::rule<only_subject_class, ast::OnlySubject> only_subject = "subject";
const x3::rule<subject_class, ast::Subject> subject = "identifier, 'nobody' or 'only'";
const x3::rule<verb_class, std::string> verb = "'read', 'obtain' or 'use'";
const x3::rule<assert_stmt_class, ast::AssertStmt> assert_stmt = "assert";
const statement_type statement_rule = "statement";

const auto ident_def = IdentParser{};
const auto ident_list_def = ident >> *(p_comma > ident);
const auto integer_def = IntegerParser{};
const auto string_lit_def = StringParser{};

const auto most_least_def = kwa_most | kwa_least;
const auto count_word_def = (kw_at > most_least) | kwa_exactly;
const auto count_expr_def = count_word > integer > kw_of > ident_list;
const auto index_expr_def = ident >> p_lbracket > ident > p_rbracket;
const auto primary_def = (p_lparen > expr > p_rparen) | count_expr | index_expr | ident;
const auto nots_def = *(kw_not >> x3::attr('n'));
const auto unary_def = nots >> primary;
const auto and_expr_def = unary >> *(kw_and > unary);
const auto or_expr_def = and_expr >> *(kw_or > and_expr);
const auto expr_def = or_expr >> *(kw_implies > or_expr);
const auto when_opt_def = -(kw_when > expr);

// TIME: `from P [until Q]`, `until Q`, `during P`.
const auto time_from_def = kwa_from > ident > -(kw_until > ident);
const auto time_until_def = kwa_until > ident > x3::attr(boost::optional<ast::Ident>());
const auto time_during_def = kwa_during > ident > x3::attr(boost::optional<ast::Ident>());
const auto time_spec_def = time_from | time_until | time_during;
const auto time_opt_def = -time_spec;

// ITEM: `K` or `use K`.
const auto item_def = (kwa_use > ident) | (x3::attr(std::string()) >> ident);
const auto item_list_def = item >> *(p_comma > item);

const auto import_stmt_def = kw_import > string_lit;
const auto phase_decl_def = kw_phase > ident > -string_lit;
const auto role_decl_def = kw_role > ident > -string_lit;
const auto jurisdiction_decl_def = kw_jurisdiction > ident > -string_lit;
const auto actor_decl_def = kw_actor > ident > -string_lit > -(kw_in > ident_list) >
                            -(kw_as > ident_list) > -kwa_forgets;
const auto site_decl_def = kw_site > ident > -string_lit > kw_in > ident >
                           -(kw_operated > kw_by > ident_list) > time_opt > when_opt;
const auto condition_decl_def = kw_condition > ident > -string_lit;

const auto placement_def = (kwa_held > kw_by > ident_list) | (kwa_stored > kw_at > ident_list);
const auto placements_def = +placement;
const auto custody_clause_def = placement >> time_opt >> when_opt;
const auto wrap_clause_def = kw_wrapped > kw_by > ident > placements > time_opt > when_opt;
const auto key_list_def = ident >> *(kw_and > ident);
const auto hsm_users_def = (kwa_holders > kw_of > key_list) | (x3::attr(std::string()) >> ident_list);
const auto hsm_clause_def =
    kw_hsm > kw_at > ident > kw_used > kw_by > hsm_users > time_opt > when_opt;
const auto split_clause_def = kw_split > integer > kw_of > ident_list;
const auto encrypted_clause_def = kw_encrypted > kw_by > key_list;
const auto key_clause_def = custody_clause | wrap_clause | hsm_clause | split_clause;
const auto data_clause_def = encrypted_clause | custody_clause;
const auto key_decl_def = kw_key > ident > -string_lit > *key_clause;
const auto data_decl_def = kw_data > ident > -string_lit > *data_clause;

const auto flow_stmt_def = kw_flow > ident_list > p_arrow > ident_list > -(p_colon > item_list) >
                           time_opt > when_opt;
const auto action_word_def = kwa_compels | kwa_seizes;
const auto scope_word_def = kwa_actors | kwa_sites;
// TARGET: `actors in J..` | `sites in J..` | `R in J..` | ID-list. The lookahead tells a
// role (`R in`) from the first name of a list.
const auto scoped_target_def = scope_word > kw_in > x3::attr(ast::Ident()) > ident_list;
const auto role_target_def = x3::attr(std::string()) >> (&(ident >> kw_in) >> ident) >> kw_in > ident_list;
const auto list_target_def = x3::attr(std::string()) >> x3::attr(ast::Ident()) >> ident_list;
const auto law_target_def = scoped_target | role_target | list_target;
const auto law_stmt_def = kw_law > ident > -string_lit > p_colon > ident > action_word >
                          law_target > -(kw_for > item_list) > time_opt > when_opt;
const auto threat_stmt_def = kw_threat > ident > -string_lit > p_colon > ident > kw_compromises >
                             kw_at > kw_most > integer > kw_of > ident_list > time_opt;
const auto assume_stmt_def = kw_assume > expr;

const auto modality_def = kwa_can | kwa_cannot;
const auto listed_subject_def = ident_list > modality;
const auto nobody_subject_def = kw_nobody > -(kw_in > ident_list) > kwa_can;
const auto only_subject_def = kw_only > ident_list > kwa_can;
const auto subject_def = nobody_subject | only_subject | listed_subject;
const auto verb_def = kwa_read | kwa_obtain | kwa_use;
// The lookahead keeps a subject (`assert a can ...`) from being taken for a name.
const auto assert_when_def = kw_when > expr;
const auto assert_stmt_def = kw_assert > -(&(ident >> p_colon) >> ident >> p_colon) > subject > verb >
                             ident_list > -(kw_in > ident) > -assert_when;

const auto statement_rule_def = import_stmt | phase_decl | role_decl | jurisdiction_decl | actor_decl | site_decl |
                                condition_decl | key_decl | data_decl | flow_stmt | law_stmt |
                                threat_stmt | assume_stmt | assert_stmt;

BOOST_SPIRIT_DEFINE(index_expr, time_from, time_until, time_during, time_spec, time_opt, item,
                    item_list, phase_decl, role_decl, hsm_users, scoped_target, role_target,
                    list_target, law_target, assert_when)
BOOST_SPIRIT_DEFINE(ident, ident_list, integer, string_lit, count_word, most_least, count_expr,
                    primary, nots, unary, and_expr, or_expr, expr, when_opt, import_stmt,
                    jurisdiction_decl, actor_decl, site_decl, condition_decl, placement,
                    placements, custody_clause, wrap_clause, hsm_clause, split_clause, key_list,
                    encrypted_clause, key_clause, data_clause, key_decl, data_decl, flow_stmt,
                    action_word, scope_word, law_stmt, threat_stmt, assume_stmt, modality,
                    listed_subject, nobody_subject, only_subject, subject, verb, assert_stmt,
                    statement_rule)

}  // namespace custody::grammar
