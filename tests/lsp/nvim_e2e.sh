#!/usr/bin/env bash
# End-to-end test with a real editor: headless Neovim (Debian's neovim, 0.7) runs
# `custody lsp` on a spec with an error, then fixes and saves it (tests/lsp/nvim/drive.lua).
# usage: nvim_e2e.sh CUSTODY SOURCE_DIR
set -u
bin=$1
src=$2
command -v nvim >/dev/null || { echo "nvim is not installed (scripts/setup installs neovim)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/tests/lsp/nvim/typo.custody" "$tmp/typo.custody"
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
LS_CMD="$bin lsp" SPEC_FILE="$tmp/typo.custody" \
  timeout 120 nvim --headless --clean -c "luafile $src/tests/lsp/nvim/drive.lua" </dev/null >"$tmp/out" 2>&1
code=$?
cat "$tmp/out"
[ $code -eq 0 ] || { echo "nvim exited $code"; cat "$tmp/cache/nvim/lsp.log" 2>/dev/null | tail -20; exit 1; }
fails=0
want() { grep -qF -- "$1" "$tmp/out" || { echo "FAIL: output lacks: $1"; fails=$((fails + 1)); }; }
want "typo.custody:7:51: error [unknown-name] unknown name 'gcdb', expected an actor; did you mean 'gcbd'?"
want "typo.custody:13:8: error [violated] assertion 'no_cn_access' (cn_police cannot read backup) is violated"
want "related typo.custody:9: 1. gcbd holds backup (stored unencrypted); custody: stored at guizhou, which gcbd operates"
want "related typo.custody:11: 2. cn_police holds backup (stored unencrypted); compels: law cn_csl: cn_police compels gcbd"
want "hover: **data** \`backup\` — iCloud Backup"
want "formatted: actor gcbd      \"Guizhou-Cloud Big Data\"     in CN"
want "ok"
# The file on disk has the fix (the editor wrote it).
grep -q "operated by gcbd" "$tmp/typo.custody" || { echo "FAIL: the fix was not written"; fails=$((fails + 1)); }
echo "neovim end to end: $fails failed"
[ $fails -eq 0 ]
