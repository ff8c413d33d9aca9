// The single translation unit that compiles the grammar's templates.
#include "parser/detail/grammar_def.hpp"

namespace custody::grammar {

BOOST_SPIRIT_INSTANTIATE(statement_type, iterator_type, context_type)

const statement_type& statement() { return statement_rule; }

}  // namespace custody::grammar
