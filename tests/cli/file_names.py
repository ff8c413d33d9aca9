#!/usr/bin/env python3
"""File names with odd bytes through every output: JSON carries the real name (always
valid UTF-8; an invalid byte becomes U+FFFD), SARIF a percent-encoded RFC 3986 URI that
decodes to the name, GitHub's workflow commands the name as its runner decodes it, and
text and gcc nothing a terminal would act on. The files are made in a temporary folder.

usage: file_names.py CUSTODY
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

binary = os.path.abspath(sys.argv[1])
SPEC = b"actor a\ndata d held by a\nassert q: a cannot read d\nassert a cannot read d\n"
NAMES = [
    b'we:ird "q" <x>.custody',   # reads as scheme "we" unless led by "./"
    b"nl\nname.custody",          # came out as the four characters \x0a
    b"bad\xffname.custody",        # not UTF-8: JSON cannot carry it
    "caf\u00e9 #1 %41?.custody".encode(),
]
# RFC 3986 characters: unreserved, reserved, and '%' of percent-encoding.
URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s %s" % (what, detail))


def run(cwd, *argv):
    p = subprocess.run([binary] + list(argv), cwd=cwd, capture_output=True, timeout=120)
    return p.returncode, p.stdout


def json_name(name):
    """What JSON carries for a file name: the name, each invalid UTF-8 byte as U+FFFD."""
    return name.decode("utf-8", errors="replace")


def strings_at(doc, key):
    """Every string under `key` anywhere in a JSON document."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k == key and isinstance(v, str):
                yield v
            yield from strings_at(v, key)
    elif isinstance(doc, list):
        for v in doc:
            yield from strings_at(v, key)


def printable(name):
    """The name as text and gcc output show it: control bytes and invalid UTF-8 as \\xNN."""
    text = name.decode("utf-8", errors="backslashreplace")
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", lambda m: "\\x%02x" % ord(m.group()), text)


def runner_unescape(s):
    """How GitHub's runner decodes a property (actions/runner, ActionCommand.cs)."""
    for token, escaped in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        s = s.replace(escaped, token)
    return s


def uri_path(uri, name):
    """The bytes a SARIF uri names, checked to be a URI of the expected kind."""
    check("%r: uri %r uses only URI characters" % (name, uri), URI_CHARS.match(uri))
    parts = urllib.parse.urlsplit(uri)
    if name.startswith(b"/"):
        check("%r: an absolute path is a file uri" % name, parts.scheme == "file" and parts.netloc == "", uri)
        return urllib.parse.unquote_to_bytes(parts.path)
    check("%r: a relative path has no scheme" % name, parts.scheme == "" and parts.netloc == "", uri)
    path = urllib.parse.unquote_to_bytes(uri)
    return path[2:] if path.startswith(b"./") else path


def one(folder, name):
    label = repr(name)
    code, out = run(folder, "check", "--format", "json", name)
    check(label + ": check json exit 1", code == 1, code)
    doc = json.loads(out.decode("utf-8"))  # strict: valid UTF-8
    files = set(strings_at(doc, "file"))
    check(label + ": check json carries the real name", files == {json_name(name)}, files)
    unnamed = [a["name"] for a in doc["assertions"] if a["name"] != "q"]
    check(label + ": an unnamed assertion is named by the real file:line",
          unnamed == [json_name(name) + ":4"], unnamed)

    code, out = run(folder, "lint", "--format", "json", name)
    doc = json.loads(out.decode("utf-8"))
    check(label + ": lint json lists the real name", doc["files"] == [json_name(name)], doc["files"])

    code, out = run(folder, "diff", "--format", "json", name, name)
    check(label + ": diff json exit 0", code == 0, code)
    doc = json.loads(out.decode("utf-8"))
    check(label + ": diff json names the files", doc["old"] == doc["new"] == json_name(name), doc)

    code, out = run(folder, "check", "--format", "sarif", name)
    log = json.loads(out.decode("utf-8"))
    uris = set(strings_at(log, "uri"))
    check(label + ": one uri", len(uris) == 1, uris)
    for uri in uris:
        check(label + ": the uri decodes to the name", uri_path(uri, name) == name, uri)

    code, out = run(folder, "check", "--format", "github", name)
    line = out.decode("utf-8").splitlines()[0]
    prop = re.match(r"^::error file=([^,]*),", line)
    check(label + ": github annotation", prop, line)
    if prop and b"\xff" not in name:
        check(label + ": github file property decodes to the name",
              runner_unescape(prop.group(1)).encode() == name, prop.group(1))

    for fmt in ("text", "gcc"):
        code, out = run(folder, "check", "--format", fmt, name)
        text = out.decode("utf-8")  # strict: valid UTF-8
        check(label + ": %s output has no control bytes but newlines" % fmt,
              not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text))
        lines = [l for l in text.splitlines() if not l.startswith(" ") and "assertions:" not in l]
        check(label + ": %s output starts each line with the printable name" % fmt,
              lines and all(l.startswith(printable(name) + ":") for l in lines), text)


with tempfile.TemporaryDirectory() as tmp:
    folder = os.fsencode(tmp)
    for name in NAMES:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(SPEC)
        for cwd, path in ((folder, name), (b"/", os.path.join(folder, name))):  # relative, absolute
            try:
                one(cwd, path)
            except Exception as e:  # output that is not JSON, not UTF-8, not there
                check("%r: %s" % (path, type(e).__name__), False, e)

print("file names: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
