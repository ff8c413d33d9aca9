#!/usr/bin/env bash
# The long differential run: 10,000 generated specs against clingo (about 30 minutes on
# two cores). usage: tests/differential/long.sh [BINARY] [COUNT] [SEED]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/custody}
exec python3 "$here/run.py" "$bin" --count "${2:-10000}" --seed "${3:-100000}"
