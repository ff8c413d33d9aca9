#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target, made from the repository's own files.

usage: seeds.py SOURCE_DIR OUT_DIR
Writes OUT_DIR/TARGET/NAME for the targets loader, fmt, checker and lsp:
- loader, fmt: specs/*.custody, tests/bad/*.custody, tests/editors/every_construct.custody;
  the loader also gets a few multi-file inputs (parts separated by two NUL bytes, served
  as /fuzz/root.custody, /fuzz/a.custody, /fuzz/b.custody, /fuzz/sub/c.custody, ...);
- checker: a few fixed byte strings (each input drives the spec generator);
- lsp: every transcript of tests/lsp/transcripts, both as framed lines (first byte odd:
  one JSON body a line, framed by the target) and as raw bytes (first byte even, with
  Content-Length headers, broken frames included), with file URIs moved under
  file:///fuzz-lsp/, and the transcripts' files opened as documents.
"""

import glob
import json
import os
import random
import re
import sys


def spec_files(src):
    paths = sorted(glob.glob(os.path.join(src, "specs", "*.custody")))
    paths += sorted(glob.glob(os.path.join(src, "tests", "bad", "*.custody")))
    paths.append(os.path.join(src, "tests", "editors", "every_construct.custody"))
    return paths


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def loader_multi_file(src):
    icloud = read(os.path.join(src, "specs", "icloud-china.custody")).split(b"\n")
    escrow = read(os.path.join(src, "specs", "escrow-split.custody"))
    half = len(icloud) // 2
    sep = b"\0\0"
    yield "multi_icloud", (b'import "a.custody"\n' + b"\n".join(icloud[half:]) + sep +
                           b"\n".join(icloud[:half]))
    yield "multi_chain", (b'import "sub/c.custody"\nimport "a.custody"\n' + escrow + sep +
                          b'import "b.custody"\njurisdiction X\n' + sep + b'actor z in X\n' + sep +
                          b'import "d.custody"\nimport "../b.custody"\ncondition w\n' + sep +
                          b'import "../root.custody"\n')
    yield "multi_cycle", b'import "a.custody"\n' + sep + b'import "b.custody"\n' + sep + b'import "a.custody"\n'


def substitute(value):
    if isinstance(value, str):
        value = re.sub(r"\$\{URI:([^}]*)\}", lambda m: "file:///fuzz-lsp/" + m.group(1), value)
        return value.replace("${DIR}", "/fuzz-lsp")
    if isinstance(value, list):
        return [substitute(v) for v in value]
    if isinstance(value, dict):
        return {substitute(k): substitute(v) for k, v in value.items()}
    return value


def lsp_messages(path):
    """The transcript's messages in order: ("json", body) or ("raw", bytes)."""
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        step = json.loads(line)
        if "files" in step:
            # The server would read these from disk; open them as documents instead.
            for name, text in step["files"].items():
                yield "json", json.dumps(substitute({
                    "jsonrpc": "2.0", "method": "textDocument/didOpen",
                    "params": {"textDocument": {"uri": "${URI:%s}" % name, "languageId": "custody",
                                                "version": 1, "text": text}}}))
        for key in ("send", "request_until"):
            if key in step:
                yield "json", json.dumps(substitute(step[key]), ensure_ascii=False)
        if "send_raw" in step:
            yield "raw", substitute(step["send_raw"])


def lsp_seeds(src):
    for path in sorted(glob.glob(os.path.join(src, "tests", "lsp", "transcripts", "*.jsonl"))):
        name = os.path.basename(path)[:-len(".jsonl")]
        messages = list(lsp_messages(path))
        framed = b"\x01" + b"\n".join(body.encode() for kind, body in messages if kind == "json")
        raw = b"\x00"
        for kind, body in messages:
            data = body.encode()
            raw += data if kind == "raw" else b"Content-Length: %d\r\n\r\n" % len(data) + data
        yield name + "_framed", framed
        yield name + "_raw", raw
    every = read(os.path.join(src, "tests", "editors", "every_construct.custody")).decode()
    uri = "file:///fuzz-lsp/every.custody"
    msgs = [{"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "custody", "version": 1, "text": every}}}]
    lines = every.split("\n")
    rid = 1
    for ln in range(0, len(lines), 3):
        for method in ("textDocument/hover", "textDocument/definition"):
            msgs.append({"jsonrpc": "2.0", "id": rid, "method": method,
                         "params": {"textDocument": {"uri": uri}, "position": {"line": ln, "character": 6}}})
            rid += 1
    msgs.append({"jsonrpc": "2.0", "id": rid, "method": "textDocument/formatting",
                 "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}})
    yield "every_construct_hover_framed", b"\x01" + b"\n".join(json.dumps(m).encode() for m in msgs)


def main():
    src, out = sys.argv[1], sys.argv[2]
    for path in spec_files(src):
        for target in ("loader", "fmt"):
            write(os.path.join(out, target), os.path.basename(path), read(path))
    for name, data in loader_multi_file(src):
        write(os.path.join(out, "loader"), name, data)
    for i in range(8):
        rng = random.Random(i)
        write(os.path.join(out, "checker"), "bytes%d" % i, bytes(rng.randrange(256) for _ in range(64 + 32 * i)))
    for name, data in lsp_seeds(src):
        write(os.path.join(out, "lsp"), name, data)


if __name__ == "__main__":
    main()
