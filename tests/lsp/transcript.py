#!/usr/bin/env python3
"""Protocol tests of `custody lsp`: replays transcripts of JSON-RPC messages.

A transcript (tests/lsp/transcripts/*.jsonl) is one JSON value a line, run in order:
  {"server_args": [ARG, ...]}        first line only: more arguments to `custody lsp`
  {"files": {"NAME": "TEXT", ...}}   write files into the test's folder (NAME may hold folders)
  {"send": MESSAGE}                  send a message with Content-Length framing
  {"send_raw": "TEXT"}               send bytes as they are (broken frames, bad JSON)
  {"expect": PATTERN}                wait (10 s at most) for a message matching PATTERN;
                                     messages that do not match are kept for later expects
  {"expect_none": PATTERN, "within": SECONDS}   no message matching PATTERN arrives
  {"request_until": MESSAGE, "expect": PATTERN}   send the request again (new ids) until
                                     its response matches, for results computed in the background
  {"close_input": true}              close the server's standard input (the end of the input)
  {"exit_code": N}                   the server exits with code N
  {"comment": "..."}                 ignored
In strings, ${DIR} is the test's folder and ${URI:NAME} the file URI of a file in it.
A pattern matches a message when every key it has matches: objects key by key, lists
element by element with the same length, {"$contains": [P...]} when each P matches some
element, {"$regex": R} a string R searches, and other values by equality.

usage: transcript.py CUSTODY_BINARY TRANSCRIPT...
"""

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse


def substitute(value, folder):
    if isinstance(value, str):
        value = re.sub(r"\$\{URI:([^}]*)\}",
                       lambda m: "file://" + urllib.parse.quote(os.path.join(folder, m.group(1))), value)
        return value.replace("${DIR}", folder)
    if isinstance(value, list):
        return [substitute(v, folder) for v in value]
    if isinstance(value, dict):
        return {substitute(k, folder): substitute(v, folder) for k, v in value.items()}
    return value


def matches(pattern, value):
    if isinstance(pattern, dict) and "$contains" in pattern:
        return isinstance(value, list) and all(any(matches(p, v) for v in value) for p in pattern["$contains"])
    if isinstance(pattern, dict) and "$regex" in pattern:
        return isinstance(value, str) and re.search(pattern["$regex"], value) is not None
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and matches(p, value[k]) for k, p in pattern.items())
    if isinstance(pattern, list):
        return isinstance(value, list) and len(pattern) == len(value) and all(
            matches(p, v) for p, v in zip(pattern, value))
    return pattern == value


class Server:
    def __init__(self, binary, extra_args=()):
        self.proc = subprocess.Popen([binary, "lsp", "--timeout", "20", *extra_args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.pending = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            try:
                self.messages.put(json.loads(body.decode("utf-8")))
            except ValueError:
                self.messages.put({"unreadable": repr(headers) + " " + repr(body[:300])})

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def expect(self, pattern, timeout):
        for i, m in enumerate(self.pending):
            if matches(pattern, m):
                return self.pending.pop(i)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self.messages.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if m is None:
                break
            if matches(pattern, m):
                return m
            self.pending.append(m)
        return None


def run(binary, path):
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        folder = os.path.realpath(folder)
        with open(path) as f:
            steps = [json.loads(line) for line in f if line.strip()]
        extra = steps.pop(0)["server_args"] if steps and "server_args" in steps[0] else []
        server = Server(binary, extra)
        for n, step in enumerate(steps, 1):
            step = substitute(step, folder)
            where = "%s step %d" % (os.path.basename(path), n)
            if "files" in step:
                for name, text in step["files"].items():
                    os.makedirs(os.path.dirname(os.path.join(folder, name)), exist_ok=True)
                    with open(os.path.join(folder, name), "w") as out:
                        out.write(text)
            elif "send" in step:
                server.send(step["send"])
            elif "send_raw" in step:
                server.send_raw(step["send_raw"].encode("utf-8"))
            elif "close_input" in step:
                server.proc.stdin.close()
            elif "request_until" in step:
                deadline, got, tries = time.time() + step.get("timeout", 20), None, 0
                while time.time() < deadline and got is None:
                    message = dict(step["request_until"], id=step["request_until"]["id"] + tries)
                    tries += 1
                    server.send(message)
                    response = server.expect({"id": message["id"]}, 10)
                    if response is not None and matches(step["expect"], response):
                        got = response
                    else:
                        time.sleep(0.2)
                if got is None:
                    failures.append("%s: no response matched %s" % (where, json.dumps(step["expect"])))
                    break
            elif "expect" in step:
                if server.expect(step["expect"], step.get("timeout", 10)) is None:
                    failures.append("%s: no message matches %s; unmatched: %s" % (
                        where, json.dumps(step["expect"]), json.dumps(server.pending)[:3000]))
                    break
            elif "expect_none" in step:
                got = server.expect(step["expect_none"], step.get("within", 1))
                if got is not None:
                    failures.append("%s: unexpected %s" % (where, json.dumps(got)[:2000]))
            elif "exit_code" in step:
                try:
                    code = server.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    code = "no exit"
                if code != step["exit_code"]:
                    failures.append("%s: exit code %s, expected %s" % (where, code, step["exit_code"]))
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        err = server.proc.stderr.read().decode("utf-8", "replace")
        if err:
            failures.append("%s: the server wrote to stderr: %s" % (os.path.basename(path), err[:2000]))
    return failures


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    failed = 0
    for path in paths:
        failures = run(binary, path)
        for f in failures:
            print("FAIL " + f)
        failed += bool(failures)
    print("lsp transcripts: %d passed, %d failed" % (len(paths) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
