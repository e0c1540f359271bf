#!/usr/bin/env python3
"""csv-spectrum conformance for sp-parse --from csv.

For every csvs/NAME.csv in the corpus, runs `sp-parse --from csv --input
NAME.csv --strict` and checks that its NDJSON output, read with Python's
json module, equals json/NAME.json as a multiset of objects whose values are
all strings. Also checks that each output line is a JSON object with the
header's keys in the header's order (Python's csv module is the oracle for
the header). Exit status 1 on the first mismatch, listing every failure.

usage: csv_spectrum.py SP_PARSE CORPUS_DIR
"""
import csv
import json
import os
import subprocess
import sys


def canon(obj):
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def main():
    sp_parse, corpus = sys.argv[1], sys.argv[2]
    csv_dir = os.path.join(corpus, "csvs")
    names = sorted(f[:-4] for f in os.listdir(csv_dir) if f.endswith(".csv"))
    if not names:
        print(f"no .csv files in {csv_dir}", file=sys.stderr)
        return 1
    failures = []
    for name in names:
        path = os.path.join(csv_dir, name + ".csv")
        with open(os.path.join(corpus, "json", name + ".json"), encoding="utf-8") as f:
            expected = json.load(f)
        run = subprocess.run([sp_parse, "--from", "csv", "--input", path, "--strict"],
                             capture_output=True)
        if run.returncode != 0:
            failures.append(f"{name}: exit {run.returncode}: {run.stderr.decode(errors='replace')}")
            continue
        got = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
        if any(not isinstance(o, dict) or any(not isinstance(v, str) for v in o.values()) for o in got):
            failures.append(f"{name}: output has a non-object or a non-string value: {got}")
            continue
        if sorted(map(canon, got)) != sorted(map(canon, expected)):
            failures.append(f"{name}: got {got}\n  expected {expected}")
            continue
        with open(path, newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f))
        for obj in got:
            if list(obj.keys()) != header:
                failures.append(f"{name}: keys {list(obj.keys())} are not the header {header} in order")
                break
        print(f"ok   {name} ({len(got)} records)")
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"{len(names) - len(failures)}/{len(names)} csv-spectrum cases pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
