#!/usr/bin/env bash
# The folders are the architecture: model <- parser, model <- solver <- report <- cli, lsp.
# parser/ never includes Z3, solver/ never parses text, model/ needs only the standard
# library and fmt, report/ words results without knowing any front end, cli/ and lsp/
# never depend on each other (only cli/main.cpp knows both), and lsp/ talks through the
# streams it is given.
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
grep -rEn '#include *"lsp/' "$root/model" "$root/parser" "$root/solver" "$root/report" && bad "a library below lsp/ includes it"
grep -rEn '#include *"report/' "$root/model" "$root/parser" "$root/solver" && bad "a library below report/ includes it"
grep -rEn '#include *"(parser|cli|lsp)/' "$root/report" && bad "report/ includes parser/ or a front end"
grep -rEn '#include *[<"](z3|boost/spirit)' "$root/report" && bad "report/ includes Z3 or Spirit"
grep -rEn '#include *"cli/' "$root/lsp" && bad "lsp/ includes cli/ (front ends never depend on each other)"
grep -rEn '#include *"lsp/' "$root/cli" --exclude=main.cpp && bad "cli/ includes lsp/ outside main.cpp"
grep -En 'custody_cli' "$root/lsp/CMakeLists.txt" && bad "custody_lsp links custody_cli"
grep -En 'custody_lsp' "$root/cli/CMakeLists.txt" | grep -v '^.*add_executable\|target_link_libraries(custody ' && bad "custody_cli links custody_lsp"
grep -rEn '\bexit *\(' "$root/model" "$root/parser" "$root/solver" "$root/report" "$root/lsp" && bad "a library calls exit()"
grep -rEn 'std::(cout|cerr|cin)' "$root/lsp" && bad "lsp/ uses the process's streams (it is given its own)"
grep -rEn 'std::(cout|cerr)|printf *\(' "$root/model" "$root/parser" "$root/solver" "$root/report" && bad "a library prints"
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
