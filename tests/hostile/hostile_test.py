#!/usr/bin/env python3
"""Runs one sp tool on every hostile input and checks that it copes.

    hostile_test.py BIN_DIR TOOL [--big]

For every input (hostile_inputs.py) and every command line listed for TOOL
below, the tool runs with --input FILE --stats --dead-letter FILE, and:
  - exits with status 0 (bad records are rejected, not fatal), never >= 128,
    and prints no sanitizer report;
  - accounts for every line: records_in + empty_lines is the number of lines
    of the input, and records_in is the sum of the tool's categories;
  - writes one dead-letter line per rejected record, whose offset, line and
    bytes are those of the input, and names line and byte offset in each
    diagnostic on stderr;
  - with --strict, stops with status 1 at the first rejected record, naming
    its line and byte offset.
--big adds a 200 MB single line (longer than the default --max-record-size).
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile

from hostile_inputs import GOOD, write_inputs

WINDOW_AGGS = "count,sum:n,avg:n,stddev:n,min:n,max:n,first:n,last:n,p99:n,distinct:id,approx_distinct:id"


def out(s):
    return s["records_out"]


# For each tool: (arguments, the categories whose sum must equal records_in,
# or None where the categories do not partition the input).
COMMANDS = {
    "sp-parse": [
        ([], ["records_out", "rejected"]),
        (["--from", "logfmt"], ["records_out", "rejected"]),
        # The sniffed format may join or consume lines; a first line that fits
        # no format stops the run with status 2 (sp-parse(1)).
        (["--from", "auto"], None),
        (["--from", "regex", "--regex", r'"id":"(?P<id>[^"]*)"'], ["records_out", "rejected"]),
    ],
    "sp-dedup": [
        (["--key", "id"], ["records_out", "duplicates", "rejected"]),
        (["--key", "id,n", "--within", "1h", "--time-field", "ts"], ["records_out", "duplicates", "rejected"]),
        ([], ["records_out", "duplicates", "rejected"]),  # canonical whole record
        (["--raw"], ["records_out", "duplicates", "rejected"]),
    ],
    "sp-window": [
        (["--tumbling", "1m", "--time-field", "ts", "--by", "id", "--agg", WINDOW_AGGS],
         ["aggregated", "late", "rejected"]),
        (["--hopping", "1h", "--advance", "10m", "--time-field", "ts", "--max-delay", "1h", "--agg", WINDOW_AGGS],
         ["aggregated", "late", "rejected"]),
        (["--session", "5m", "--time-field", "ts", "--by", "id", "--agg", WINDOW_AGGS],
         ["aggregated", "late", "rejected"]),
        (["--count", "3", "--by", "id", "--agg", WINDOW_AGGS], ["aggregated", "late", "rejected"]),
    ],
    "sp-partition": [
        (["--key", "id", "-n", "4", "--output-template", "out/p{partition}.ndjson"], ["records_out", "rejected"]),
        (["--by-value", "id", "--max-open-files", "3", "--output-template", "val/{value}.ndjson.zst"],
         ["records_out", "rejected"]),
    ],
    "sp-join": [
        (["--table", "table.ndjson", "--on", "id", "--how", "left"], ["records_out", "rejected"]),
        (["--table", "table.ndjson", "--on", "id"], ["matched", "unmatched", "rejected"]),
        # Interval joins count pairs, not records: only the common checks.
        (["--right", "right.ndjson", "--on", "id", "--time-field", "ts", "--within", "1m", "--how", "outer"], None),
    ],
}

SANITIZER = re.compile(rb"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")
DIAGNOSTIC = re.compile(r"^sp-[a-z]+: (.+):(\d+) \(byte (\d+)\): rejected: ")


def split_lines(data):
    """(offset, line number, text without CR/LF) of every line, as the driver reads them."""
    result, offset, number = [], 0, 0
    view = memoryview(data)  # slices without copying (the 200 MB line)
    while offset < len(data):
        end = data.find(b"\n", offset)
        stop = len(data) if end < 0 else end
        number += 1
        if stop > offset and data[stop - 1] == 0x0D:
            stop -= 1
        text = view[offset:stop]
        result.append((offset, number, text))
        offset = (end if end >= 0 else len(data)) + 1
    return result


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def stats_of(stderr):
    for line in reversed(stderr.decode("utf-8", "replace").splitlines()):
        if line.startswith('{"records_in"'):
            return json.loads(line)
    raise Failure("no --stats line on stderr")


def check_location(by_offset, offset, line, what):
    check(offset in by_offset, f"{what}: byte {offset} is not the start of a line")
    check(by_offset[offset][0] == line, f"{what}: byte {offset} is on line {by_offset[offset][0]}, not {line}")


def check_dead_letter(path, data, by_offset, rejected):
    entries = []
    if os.path.exists(path):
        with open(path, "rb") as f:
            entries = [json.loads(l) for l in f.read().splitlines()]
    check(len(entries) == rejected, f"{len(entries)} dead-letter lines for {rejected} rejected records")
    for e in entries:
        check_location(by_offset, e["offset"], e["line"], "dead letter")
        record = base64.b64decode(e["record_base64"]) if "record_base64" in e else e["record"].encode()
        text = by_offset[e["offset"]][1]
        # Over-long records are kept truncated.
        check(len(record) > 0 and text[:len(record)] == record, f"dead letter at byte {e['offset']}: bytes differ from the input")
        check(e.get("reason"), f"dead letter at byte {e['offset']}: no reason")
    return entries


def run(argv, cwd):
    p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    check(p.returncode < 128 and p.returncode >= 0, f"status {p.returncode} (killed by a signal)")
    check(not SANITIZER.search(p.stderr), "sanitizer report:\n" + p.stderr.decode("utf-8", "replace")[-4000:])
    return p


def run_case(bin_dir, tool, args, categories, name, work):
    data = open(os.path.join(work, name), "rb").read()
    lines = split_lines(data)
    by_offset = {o: (n, t) for o, n, t in lines}
    empty = sum(1 for _, _, t in lines if not t)
    # With --right the hostile file is the right stream; the left is ordinary.
    hostile_right = "--right" in args
    if hostile_right:
        args = [a if a != "right.ndjson" else name for a in args]
        input_name = "good.ndjson"
    else:
        input_name = name
    dead = os.path.join(work, "dead.ndjson")
    if os.path.exists(dead):
        os.remove(dead)
    base = [os.path.join(bin_dir, tool)] + args + ["--input", input_name]
    p = run(base + ["--stats", "--dead-letter", dead], work)
    stderr = p.stderr.decode("utf-8", "replace")
    if p.returncode == 2 and "--from auto: cannot tell the format" in stderr and "auto" in args:
        return
    check(p.returncode == 0, f"status {p.returncode}:\n{stderr[-3000:]}")
    s = stats_of(p.stderr)
    if hostile_right:
        check(s["right_records_in"] == len(lines) - empty,
              f"right_records_in {s['right_records_in']} for {len(lines) - empty} non-empty lines")
        for line in stderr.splitlines():
            m = re.match(r"^sp-join: (.+?):(\d+)(?: \(byte (\d+)\))?: rejected: ", line)
            if m and m.group(1) == name:
                check(m.group(3) is not None, f"diagnostic without a byte offset: {line}")
                check_location(by_offset, int(m.group(3)), int(m.group(2)), "diagnostic")
        return
    check(s["records_in"] + s["empty_lines"] == len(lines),
          f"records_in {s['records_in']} + empty_lines {s['empty_lines']} != {len(lines)} lines")
    if categories:
        total = sum(s.get(c, 0) for c in categories)  # counters appear on first use
        check(total == s["records_in"], f"records_in {s['records_in']} != {' + '.join(categories)} = {total}: {s}")
    entries = check_dead_letter(dead, data, by_offset, s["rejected"])
    shown = [DIAGNOSTIC.match(l) for l in stderr.splitlines()]
    shown = [m for m in shown if m]
    check(len(shown) == min(s["rejected"], 10), f"{len(shown)} diagnostics for {s['rejected']} rejected records")
    for m in shown:
        check(m.group(1) == input_name, f"diagnostic names input {m.group(1)!r}")
        check_location(by_offset, int(m.group(3)), int(m.group(2)), "diagnostic")
    if entries:
        first = entries[0]
        p = run(base + ["--strict"], work)
        stderr = p.stderr.decode("utf-8", "replace")
        check(p.returncode == 1, f"--strict: status {p.returncode}, not 1")
        where = f"{input_name}:{first['line']} (byte {first['offset']})"
        check(where in stderr, f"--strict: stderr does not name {where}:\n{stderr[-2000:]}")


def main():
    bin_dir, tool = sys.argv[1], sys.argv[2]
    big = "--big" in sys.argv[3:]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="sp-hostile.") as work:
        names = write_inputs(work, big)
        with open(os.path.join(work, "table.ndjson"), "wb") as f:
            f.write(b'{"id":"a","plan":"pro"}\n{"id":"b","plan":"free"}\n{"id":"x","plan":"x"}\n')
        with open(os.path.join(work, "right.ndjson"), "wb") as f:
            f.write(b"\n".join(GOOD) + b"\n")
        with open(os.path.join(work, "good.ndjson"), "wb") as f:
            f.write(b"\n".join(GOOD) + b"\n")
        for args, categories in COMMANDS[tool]:
            for name in names:
                label = f"{tool} {' '.join(args)} < {name}"
                try:
                    run_case(bin_dir, tool, args, categories, name, work)
                    print(f"ok    {label}")
                except (Failure, subprocess.TimeoutExpired) as e:
                    failures += 1
                    print(f"FAIL  {label}: {e}")
                sys.stdout.flush()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
