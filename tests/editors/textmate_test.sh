#!/usr/bin/env bash
# Runs textmate_test.js over the example specs and a file of every construct, installing
# vscode-textmate and vscode-oniguruma from npm into the build folder on first use.
# usage: textmate_test.sh SOURCE_DIR TOOL_DIR
set -u
src=$1
tooldir=$2
if [ ! -f "$tooldir/node_modules/vscode-textmate/package.json" ] || [ ! -f "$tooldir/node_modules/vscode-oniguruma/package.json" ]; then
  command -v npm >/dev/null || { echo "textmate: npm is needed to install vscode-textmate"; exit 1; }
  mkdir -p "$tooldir"
  npm install --prefix "$tooldir" --no-audit --no-fund --loglevel=error vscode-textmate@9.3.2 vscode-oniguruma@2.0.1 >/dev/null || exit 1
fi
node "$src/tests/editors/textmate_test.js" "$tooldir" "$src/editors/vscode/syntaxes/custody.tmLanguage.json" \
  "$src"/specs/*.custody "$src/tests/editors/every_construct.custody" "$src/tests/editors/every_construct_v2.custody"
