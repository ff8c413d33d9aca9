#!/usr/bin/env bash
# The folders are the architecture: parser/ never includes Z3, solver/ never parses text,
# model/ needs only the standard library and fmt, cli/ and lsp/ are the only places that
# render, and lsp/ talks through the streams it is given.
set -u
root=$1
fail=0
bad() { echo "layering: $1"; fail=1; }
grep -rEn '#include *[<"](z3|boost/spirit)' "$root/model" && bad "model/ includes Z3 or Spirit"
grep -rEn '#include *"(parser|solver|cli)/' "$root/model" && bad "model/ includes a higher layer"
grep -rEn '#include *[<"]z3' "$root/parser" && bad "parser/ includes Z3"
grep -rEn '#include *"(solver|cli)/' "$root/parser" && bad "parser/ includes solver/ or cli/"
grep -rEn '#include *[<"]boost/spirit' "$root/solver" && bad "solver/ includes Spirit"
grep -rEn '#include *"(parser|cli)/' "$root/solver" && bad "solver/ includes parser/ or cli/"
grep -rEn '#include *[<"](z3|boost/spirit)' "$root/cli" && bad "cli/ includes Z3 or Spirit directly"
grep -rEn '#include *[<"](z3|boost/spirit)' "$root/lsp" && bad "lsp/ includes Z3 or Spirit directly"
grep -rEn '#include *"lsp/' "$root/model" "$root/parser" "$root/solver" && bad "a library below lsp/ includes it"
grep -rEn '\bexit *\(' "$root/model" "$root/parser" "$root/solver" "$root/lsp" && bad "a library calls exit()"
grep -rEn 'std::(cout|cerr|cin)' "$root/lsp" && bad "lsp/ uses the process's streams (it is given its own)"
grep -rEn 'std::(cout|cerr)|printf *\(' "$root/model" "$root/parser" "$root/solver" && bad "a library prints"
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
