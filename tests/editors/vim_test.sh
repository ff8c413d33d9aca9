#!/usr/bin/env bash
# The Vim syntax file and the Neovim configuration in editors/, in headless Neovim.
# usage: vim_test.sh CUSTODY SOURCE_DIR
set -u
bin=$1
src=$2
command -v nvim >/dev/null || { echo "nvim is not installed (scripts/setup installs neovim)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" && ln -s "$bin" "$tmp/bin/custody"
cp "$src/tests/editors/every_construct.custody" "$tmp/spec.custody"
sed -i 's|"../../specs/icloud-before.custody"|"'"$src"'/specs/icloud-before.custody"|' "$tmp/spec.custody"
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
PATH="$tmp/bin:$PATH" EDITORS_DIR="$src/editors" SPEC_FILE="$tmp/spec.custody" \
  timeout 120 nvim --headless --clean -c "luafile $src/tests/editors/vim_check.lua" </dev/null
