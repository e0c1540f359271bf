#!/usr/bin/env python3
"""Differential and accounting tests for sp-window.

    sp-window_differential.py BIN_DIR TEST

TEST is one of:
  sqlite      tumbling and hopping windows (count/sum/min/max/avg by one and
              two keys) against a GROUP BY in SQLite, on sp-gen data whose
              disorder stays below --max-delay (so nothing is late); exact
              percentiles against a nearest-rank computation here
  session     session windows against a straightforward batch implementation
  late        records_in = aggregated + late + rejected, the --late file holds
              exactly the late records, and output counts add up to aggregated
  approx      approx_distinct within 2% and --sketch percentiles within 1%
              relative on 1M values
Exit status 0 on success; differences are printed.
"""
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile

BIN = sys.argv[1]
TEST = sys.argv[2]
TMP = tempfile.mkdtemp(prefix="sp-window-diff.")
ENV = dict(os.environ, SP_CLOCK="2026-01-01T00:00:00Z", LC_ALL="C", TZ="UTC")
failures = 0


def fail(message):
    global failures
    failures += 1
    if failures <= 20:
        print("FAIL:", message)


def run(args, stdin_path=None):
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        p = subprocess.run(args, stdin=stdin, capture_output=True, env=ENV)
    if p.returncode != 0:
        print("command failed:", " ".join(args), p.stderr.decode(), file=sys.stderr)
        sys.exit(1)
    return p.stdout.decode(), p.stderr.decode()


def gen(name, *options):
    path = os.path.join(TMP, name)
    out, _ = run([f"{BIN}/sp-gen", *options])
    with open(path, "w") as f:
        f.write(out)
    return path


def window(path, *options):
    out, err = run([f"{BIN}/sp-window", "--time-field", "ts", "--time-out", "epoch_ms", *options], path)
    return [json.loads(line) for line in out.splitlines()], err


def epoch_ms(ts):
    # "2026-01-01T00:00:00.123Z", sp-gen's format; parsed without sp code.
    import datetime
    d = datetime.datetime.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp()) * 1000 + int(ts[20:23])


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def load_sqlite(path):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE ev(t INTEGER, user TEXT, event TEXT, country TEXT, amount REAL, latency INTEGER)")
    rows = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            rows.append((epoch_ms(r["ts"]), r.get("user"), r.get("event"), r.get("country"), r["amount"], r["latency_ms"]))
    db.executemany("INSERT INTO ev VALUES (?,?,?,?,?,?)", rows)
    return db, rows


def check_ordered(rows, keys, label):
    def sort_key(r):
        return (r["window_end"], r["window_start"]) + tuple(json.dumps(r[k], ensure_ascii=False) for k in keys)
    for a, b in zip(rows, rows[1:]):
        if sort_key(a) > sort_key(b):
            fail(f"{label}: output not ordered by window_end, window_start, keys: {a} before {b}")
            return


def compare(label, ours, theirs, keys, aggs):
    def k(r):
        return (r["window_start"], r["window_end"]) + tuple(r[x] for x in keys)
    mine = {k(r): r for r in ours}
    if len(mine) != len(ours):
        fail(f"{label}: duplicate rows in output")
    if set(mine) != set(theirs):
        only_ours = sorted(set(mine) - set(theirs))[:3]
        only_theirs = sorted(set(theirs) - set(mine))[:3]
        fail(f"{label}: different windows/groups ({len(mine)} vs {len(theirs)}); only sp-window: {only_ours}; only oracle: {only_theirs}")
        return
    for key, expected in theirs.items():
        for name, value in zip(aggs, expected):
            if not close(mine[key][name], value):
                fail(f"{label}: {key} {name}: sp-window {mine[key][name]} oracle {value}")
    print(f"{label}: {len(ours)} rows match")


def test_sqlite():
    path = gen("ev.ndjson", "--count", "60000", "--keys", "300", "--seed", "11", "--disorder", "5s", "--interval", "50ms")
    db, _ = load_sqlite(path)
    aggs = ["count", "sum_amount", "min_latency_ms", "max_latency_ms", "avg_amount"]
    sql_aggs = "COUNT(*), SUM(amount), MIN(latency), MAX(latency), AVG(amount)"
    for keys in (["user"], ["user", "event"]):
        cols = ", ".join(keys)
        # Tumbling 1m.
        ours, _ = window(path, "--max-delay", "10s", "--tumbling", "1m", "--by", ",".join(keys),
                         "--agg", "count,sum:amount,min:latency_ms,max:latency_ms,avg:amount")
        check_ordered(ours, keys, "tumbling")
        theirs = {}
        for row in db.execute(f"SELECT (t/60000)*60000 AS ws, {cols}, {sql_aggs} FROM ev GROUP BY ws, {cols}"):
            theirs[(row[0], row[0] + 60000) + tuple(row[1:1 + len(keys)])] = row[1 + len(keys):]
        compare(f"tumbling 1m by {cols}", ours, theirs, keys, aggs)
        # Hopping 2m every 30s: each record is in 4 windows.
        ours, _ = window(path, "--max-delay", "10s", "--hopping", "2m", "--advance", "30s", "--by", ",".join(keys),
                         "--agg", "count,sum:amount,min:latency_ms,max:latency_ms,avg:amount")
        check_ordered(ours, keys, "hopping")
        theirs = {}
        q = (f"SELECT (t/30000)*30000 - k*30000 AS ws, {cols}, {sql_aggs} FROM ev "
             f"JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) GROUP BY ws, {cols}")
        for row in db.execute(q):
            theirs[(row[0], row[0] + 120000) + tuple(row[1:1 + len(keys)])] = row[1 + len(keys):]
        compare(f"hopping 2m/30s by {cols}", ours, theirs, keys, aggs)
    # Exact percentiles: nearest rank computed here.
    ours, _ = window(path, "--max-delay", "10s", "--tumbling", "5m", "--by", "event",
                     "--agg", "p50:latency_ms,p90:latency_ms,p99:latency_ms,p99.9:latency_ms,p100:latency_ms,stddev:latency_ms")
    groups = {}
    for t, user, event, country, amount, latency in db.execute("SELECT * FROM ev"):
        groups.setdefault(((t // 300000) * 300000, (t // 300000) * 300000 + 300000, event), []).append(latency)
    theirs = {}
    for key, values in groups.items():
        values.sort()
        n = len(values)
        row = [values[max(1, math.ceil(n * p / 100)) - 1] for p in (50, 90, 99)]
        row.append(values[max(1, -(-n * 999 // 1000)) - 1])
        row.append(values[-1])
        mean = sum(values) / n
        row.append(math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None)
        theirs[key] = row
    compare("exact percentiles by event", ours, theirs, ["event"],
            ["p50_latency_ms", "p90_latency_ms", "p99_latency_ms", "p99.9_latency_ms", "p100_latency_ms", "stddev_latency_ms"])


def test_session():
    path = gen("sess.ndjson", "--count", "40000", "--keys", "500", "--seed", "5", "--disorder", "3s", "--interval", "200ms")
    gap = 45000
    ours, _ = window(path, "--max-delay", "5s", "--session", "45s", "--by", "user", "--agg", "count,sum:amount,max:latency_ms")
    check_ordered(ours, ["user"], "session")
    by_user = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            by_user.setdefault(r["user"], []).append((epoch_ms(r["ts"]), r["amount"], r["latency_ms"]))
    theirs = {}
    for user, events in by_user.items():
        events.sort(key=lambda e: e[0])
        session = []
        for e in events + [None]:
            if session and (e is None or e[0] - session[-1][0] >= gap):
                theirs[(session[0][0], session[-1][0] + gap, user)] = (
                    len(session), sum(x[1] for x in session), max(x[2] for x in session))
                session = []
            if e is not None:
                session.append(e)
    compare("session 45s by user", ours, theirs, ["user"], ["count", "sum_amount", "max_latency_ms"])


def stats_of(err):
    return json.loads(err.strip().splitlines()[-1])


def test_late():
    path = gen("late.ndjson", "--count", "50000", "--keys", "100", "--seed", "9", "--disorder", "5s", "--late-rate", "0.03")
    with open(path, "a") as f:
        f.write('not json\n{"user":"no-time"}\n{"ts":"yesterday"}\n')
    late_path = os.path.join(TMP, "late-out.ndjson")
    for lateness in ("0s", "20s"):
        ours, err = window(path, "--max-delay", "5s", "--allowed-lateness", lateness, "--tumbling", "10s",
                           "--by", "country", "--agg", "count", "--late", late_path, "--stats")
        s = stats_of(err)
        if s["records_in"] != s["aggregated"] + s["late"] + s["rejected"]:
            fail(f"lateness {lateness}: records_in {s['records_in']} != aggregated {s['aggregated']} + late {s['late']} + rejected {s['rejected']}")
        if s["late"] == 0 or s["rejected"] != 3:
            fail(f"lateness {lateness}: expected late records and 3 rejected: {s}")
        with open(late_path) as f:
            late_lines = f.read().splitlines()
        if len(late_lines) != s["late"]:
            fail(f"lateness {lateness}: --late file has {len(late_lines)} lines, late counter {s['late']}")
        # Final rows count every aggregated record once; updates replace them.
        final = {}
        for r in ours:
            final[(r["window_start"], r["country"])] = r["count"]
        if sum(final.values()) != s["aggregated"]:
            fail(f"lateness {lateness}: output counts add to {sum(final.values())}, aggregated {s['aggregated']}")
        if lateness == "20s" and s["updates"] == 0:
            fail("allowed lateness 20s produced no update rows")
        print(f"late accounting (lateness {lateness}): {s['records_in']} = {s['aggregated']} + {s['late']} + {s['rejected']}")


def test_approx():
    n = 1_000_000
    path = os.path.join(TMP, "values.ndjson")
    with open(path, "w") as f:
        # 1M values, 400k distinct keys; a skewed positive value distribution.
        for i in range(n):
            v = ((i * 2654435761) % 1000003) / 1000.0 + 0.001
            f.write('{"ts":%d,"k":"key-%d","v":%r}\n' % (1767225600000 + i, (i * 7919) % 400000, v * v))
    values = sorted(((i * 2654435761) % 1000003 / 1000.0 + 0.001) ** 2 for i in range(n))
    ours, _ = window(path, "--time-format", "epoch_ms", "--tumbling", "1d", "--sketch",
                     "--agg", "approx_distinct:k,p1:v,p50:v,p90:v,p99:v,p99.9:v,distinct:k")
    row = ours[0]
    if row["distinct_k"] != 400000:
        fail(f"exact distinct {row['distinct_k']} != 400000")
    err = abs(row["approx_distinct_k"] - 400000) / 400000
    if err > 0.02:
        fail(f"approx_distinct {row['approx_distinct_k']}: error {err:.4f} > 2%")
    print(f"approx_distinct: {row['approx_distinct_k']} for 400000 (error {err:.4%})")
    for name, num, den in (("p1", 1, 100), ("p50", 50, 100), ("p90", 90, 100), ("p99", 99, 100), ("p99.9", 999, 1000)):
        exact = values[max(1, -(-n * num // den)) - 1]
        got = row[f"{name}_v"]
        rel = abs(got - exact) / exact
        if rel > 0.01:
            fail(f"--sketch {name}: {got} vs exact {exact}: relative error {rel:.4f} > 1%")
        print(f"--sketch {name}: {got} vs exact {exact} (error {rel:.4%})")


tests = {"sqlite": test_sqlite, "session": test_session, "late": test_late, "approx": test_approx}
try:
    tests[TEST]()
finally:
    subprocess.run(["rm", "-rf", TMP])
sys.exit(1 if failures else 0)
