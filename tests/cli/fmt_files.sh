#!/usr/bin/env bash
# What `custody fmt` does to the user's files: it follows no link planted at a temporary
# name, formats a symlinked spec's target and keeps the link, keeps a private spec's mode
# (its temporary file is never more permissive), leaves no temporary file, and refuses a
# read-only spec with exit 2.
# usage: fmt_files.sh CUSTODY
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
ok() { passes=$((passes + 1)); }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1
  shift
  if "$@"; then ok; else fail "$name"; fi
}
messy() { printf 'actor   a "A"  in J\njurisdiction J\n' > "$1"; }
canonical=$'actor a "A" in J\njurisdiction J'
mode() { stat -c %a "$1"; }
# Nothing but the files the test made: no temporary file left by fmt.
only() {  # only FOLDER NAME...
  local folder=$1
  shift
  [ "$(cd "$folder" && ls -A | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}

# A symlink planted at the old temporary name (FILE.custody-fmt.tmp) is not followed:
# the file it points to keeps its text, the spec stays a regular file.
d=$tmp/planted
mkdir "$d"
messy "$d/s.custody"
echo precious > "$d/victim"
ln -s victim "$d/s.custody.custody-fmt.tmp"
"$bin" fmt "$d/s.custody" > "$tmp/out" 2>&1
check "planted link: fmt succeeds" [ $? -eq 0 ]
check "planted link: its target is untouched" [ "$(cat "$d/victim")" = precious ]
check "planted link: the spec is a regular file" [ -f "$d/s.custody" -a ! -L "$d/s.custody" ]
check "planted link: the spec is formatted" [ "$(cat "$d/s.custody")" = "$canonical" ]
check "planted link: the link is left alone" [ "$(readlink "$d/s.custody.custody-fmt.tmp")" = victim ]

# A planted world-writable file at the old name is not renamed over the spec.
d=$tmp/planted-file
mkdir "$d"
messy "$d/s.custody"
chmod 600 "$d/s.custody"
echo 'actor intruder' > "$d/s.custody.custody-fmt.tmp"
chmod 666 "$d/s.custody.custody-fmt.tmp"
"$bin" fmt "$d/s.custody" > "$tmp/out" 2>&1
check "planted file: the spec holds the formatted text" [ "$(cat "$d/s.custody")" = "$canonical" ]
check "planted file: the spec stays 0600" [ "$(mode "$d/s.custody")" = 600 ]
# Renaming it over the spec would hand the spec to whoever planted it (and holds it open).
check "planted file: it stays where it was, with its text" [ "$(cat "$d/s.custody.custody-fmt.tmp")" = 'actor intruder' ]

# A symlinked spec: the target is formatted and the link stays a link.
d=$tmp/linked
mkdir -p "$d/real"
messy "$d/real/t.custody"
chmod 640 "$d/real/t.custody"
ln -s real/t.custody "$d/link.custody"
"$bin" fmt "$d/link.custody" > "$tmp/out" 2>&1
check "symlink: fmt succeeds" [ $? -eq 0 ]
check "symlink: fmt names the path it was given" grep -qxF "$d/link.custody" "$tmp/out"
check "symlink: the link stays a link to the same target" [ "$(readlink "$d/link.custody")" = real/t.custody ]
check "symlink: the target is formatted" [ "$(cat "$d/real/t.custody")" = "$canonical" ]
check "symlink: the target keeps its mode" [ "$(mode "$d/real/t.custody")" = 640 ]
check "symlink: no temporary file beside the link" only "$d" link.custody real
check "symlink: no temporary file beside the target" only "$d/real" t.custody

# A private spec stays private, and no temporary file is left.
d=$tmp/private
mkdir "$d"
messy "$d/p.custody"
chmod 600 "$d/p.custody"
(umask 022 && "$bin" fmt "$d/p.custody" > "$tmp/out" 2>&1)
check "0600: the spec is formatted" [ "$(cat "$d/p.custody")" = "$canonical" ]
check "0600: the spec stays 0600" [ "$(mode "$d/p.custody")" = 600 ]
check "0600: no temporary file remains" only "$d" p.custody
# The temporary file's life, system call by system call: created exclusively with mode
# 0600, given the spec's mode before any byte is written, synced, renamed over the spec.
if command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null; then
  messy "$d/p.custody"
  chmod 600 "$d/p.custody"
  strace -o "$tmp/trace" -e trace=openat,fchmod,write,fsync,rename "$bin" fmt "$d/p.custody" > /dev/null 2>&1
  python3 - "$tmp/trace" "$d/p.custody" <<'PY' && ok || fail "0600: the temporary file's system calls"
import re, sys
calls = open(sys.argv[1]).read().splitlines()
spec = sys.argv[2]
opens = [i for i, c in enumerate(calls) if "custody-fmt" in c and c.startswith("openat(")]
assert len(opens) == 1, calls
o = calls[opens[0]]
assert "O_CREAT|O_EXCL" in o and o.endswith("0600) = %s" % o.rsplit(" ", 1)[1]), o
fd = o.rsplit(" ", 1)[1]
rest = calls[opens[0] + 1:]
order = [c.split("(")[0] for c in rest if c.startswith(("fchmod(%s," % fd, "write(%s," % fd, "fsync(%s)" % fd, "rename("))]
assert order[:4] == ["fchmod", "write", "fsync", "rename"], order  # then the folder's fsync
assert any(c.startswith("fchmod(%s, 0600)" % fd) for c in rest), rest
assert [c for c in rest if c.startswith("rename(")][0].split(", ")[1].startswith('"%s"' % spec), rest
PY
else
  echo "note: strace cannot trace here; the temporary file's system calls are not checked"
fi

# A read-only spec is refused with exit 2, untouched, with the reason.
d=$tmp/readonly
mkdir "$d"
messy "$d/ro.custody"
cp "$d/ro.custody" "$tmp/ro.orig"
chmod 444 "$d/ro.custody"
"$bin" fmt "$d/ro.custody" > "$tmp/out" 2> "$tmp/err"
check "read-only: exit 2" [ $? -eq 2 ]
check "read-only: says why" grep -qF "custody fmt: cannot rewrite file '$d/ro.custody': it is read-only (mode 0444); it is left as it was" "$tmp/err"
check "read-only: the file is untouched" cmp -s "$d/ro.custody" "$tmp/ro.orig"
check "read-only: its mode is untouched" [ "$(mode "$d/ro.custody")" = 444 ]
check "read-only: no temporary file remains" only "$d" ro.custody
"$bin" fmt --check "$d/ro.custody" > /dev/null
check "read-only: --check reads it and lists it (exit 1)" [ $? -eq 1 ]
# Other files on the same command line are still formatted.
messy "$d/rw.custody"
"$bin" fmt "$d/ro.custody" "$d/rw.custody" > "$tmp/out" 2> "$tmp/err"
check "read-only among others: exit 2" [ $? -eq 2 ]
check "read-only among others: the writable one is formatted" [ "$(cat "$d/rw.custody")" = "$canonical" ]

echo "fmt files: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
