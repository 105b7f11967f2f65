#!/usr/bin/env python3
"""SLAReport benchmarks: slareport against DuckDB and the I/O floor, side by side.

    Benchmarks/run.sh                      # the full run (builds release first)
    python3 Benchmarks/bench.py --help

Generates the data set with `slareport sample-data --days D --per-day P --seed 7`, converts it
to JSON Lines for DuckDB, runs every implementation RUNS times alternating, checks that the
figures agree, and prints medians of wall time and peak RSS (from /usr/bin/time -v).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "slareport")
DATA = os.environ.get("BENCH_DATA", os.path.join(ROOT, "Benchmarks", "data"))


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS MB, stderr)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    rss = 0
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024
    return wall, rss, p.stderr


def dataset(days, per_day):
    folder = os.path.join(DATA, f"days-{days}x{per_day}")
    if not os.path.exists(os.path.join(folder, ".done")):
        print(f"generating {days} days x {per_day} ...", flush=True)
        subprocess.run([BIN, "sample-data", "--days", str(days), "--per-day", str(per_day), "--seed", "7",
                        "--out", folder], check=True)
        open(os.path.join(folder, ".done"), "w").close()
    return folder


def jsonl(folder):
    path = folder + ".jsonl"
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "to_jsonl.py"), folder, path], check=True)
    return path


def period(days):
    # sample-data starts on 2024-04-15 by default.
    import datetime
    start = datetime.date(2024, 4, 15)
    end = start + datetime.timedelta(days=days - 1)
    as_of = end + datetime.timedelta(days=1)
    return str(start), str(end), f"{as_of}T09:00:00+05:30"


def slareport_cmd(folder, days, out, threads):
    start, end, as_of = period(days)
    return [BIN, "report", "--input", folder, "--from", start, "--to", end, "--as-of", as_of,
            "--format", "json", "--out", out, "--threads", str(threads)]


def agree(summary_path, duck_path):
    """Compares every figure both compute; returns a list of disagreements."""
    s = json.load(open(summary_path))
    d = json.load(open(duck_path))
    problems = []

    def check(name, ours, theirs):
        if ours != theirs:
            problems.append(f"{name}: slareport {ours} vs duckdb {theirs}")

    check("tickets", s["totals"]["tickets"], d["tickets"])
    check("resolved", s["totals"]["resolved"], d["resolved"])
    check("withSLA", s["sla"]["withSLA"], d["withSLA"])
    check("breached", s["sla"]["breached"], d["breached"])
    check("ftr.eligible", s["ftr"]["eligible"], d["ftrEligible"])
    check("ftr.firstTime", s["ftr"]["firstTime"], d["ftrFirstTime"])
    for ours_key, theirs_key in [("byPriority", "byPriority"), ("byQueue", "byQueue"), ("bySource", "bySource")]:
        ours = {g["key"]: [g["tickets"], g["withSLA"], g["breached"]] for g in s["sla"][ours_key]}
        check(f"sla.{ours_key}", ours, d[theirs_key])
    check("ftr.bySource", {g["key"]: [g["eligible"], g["firstTime"]] for g in s["ftr"]["bySource"]}, d["ftrBySource"])
    check("sources.primary", {g["key"]: g["tickets"] for g in s["sources"]["primary"]},
          {k: v[0] for k, v in d["bySource"].items()})
    check("assignees", {str(a["id"]): [a["tickets"], a["resolved"], a["breached"]] for a in s["assignees"]},
          d["assignees"])
    check("daily", {x["date"]: [x["tickets"], x["breached"], x["resolved"]] for x in s["daily"] if x["tickets"]},
          d["daily"])
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--per-day", type=int, default=35715)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scaling", action="store_true", help="also peak RSS at 7 and 112 days (250k and 4M tickets)")
    ap.add_argument("--store", action="store_true", help="also import into a store and report from it")
    args = ap.parse_args()

    folder = dataset(args.days, args.per_day)
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".json"))
    size = sum(os.path.getsize(f) for f in files)
    lines = jsonl(folder)
    start, end, _ = period(args.days)
    out = os.path.join(DATA, "out")
    os.makedirs(out, exist_ok=True)

    results = {k: [] for k in ["cat", "slareport 2 threads", "slareport 1 thread", "duckdb process", "duckdb query"]}
    rss = {k: [] for k in results}
    for run in range(args.runs):
        w, r, _ = timed(["sh", "-c", "cat \"$@\" > /dev/null", "cat"] + files)
        results["cat"].append(w); rss["cat"].append(r)
        w, r, _ = timed(slareport_cmd(folder, args.days, os.path.join(out, "s2"), 2))
        results["slareport 2 threads"].append(w); rss["slareport 2 threads"].append(r)
        w, r, err = timed([sys.executable, os.path.join(ROOT, "Benchmarks", "duckdb_report.py"), lines, start, end,
                           os.path.join(out, "duck.json"), "2"])
        results["duckdb process"].append(w); rss["duckdb process"].append(r)
        results["duckdb query"].append(float([l for l in err.splitlines() if l.strip()][0]))
        rss["duckdb query"].append(r)
        w, r, _ = timed(slareport_cmd(folder, args.days, os.path.join(out, "s1"), 1))
        results["slareport 1 thread"].append(w); rss["slareport 1 thread"].append(r)
        print(f"run {run + 1}/{args.runs} done", flush=True)

    summary = json.load(open(os.path.join(out, "s2", "summary.json")))
    problems = agree(os.path.join(out, "s2", "summary.json"), os.path.join(out, "duck.json"))
    same = open(os.path.join(out, "s1", "summary.json"), "rb").read() == open(os.path.join(out, "s2", "summary.json"), "rb").read()

    print()
    print(f"data: {len(files)} day files, {size / 1e9:.2f} GB, {summary['completeness']['ticketsRead']} tickets read, "
          f"{summary['totals']['tickets']} in the period; {os.cpu_count()} cores")
    print()
    print("| implementation | median wall s | median peak RSS MB |")
    print("|---|---|---|")
    for k in results:
        print(f"| {k} | {statistics.median(results[k]):.3f} | {statistics.median(rss[k]):.0f} |")
    best = statistics.median(results["duckdb query"])
    ours = statistics.median(results["slareport 2 threads"])
    print()
    print(f"slareport / DuckDB (its in-process query time): {ours / best:.2f} (target <= 0.40)")
    print(f"2 threads vs 1: {statistics.median(results['slareport 1 thread']) / ours:.2f}x (target >= 1.7)")
    print(f"1 and 2 threads give byte-identical summary.json: {same}")
    print("figures agree with DuckDB" if not problems else "DISAGREEMENTS:\n  " + "\n  ".join(problems[:20]))

    if args.scaling:
        print()
        print("| tickets | days | median wall s | median peak RSS MB |")
        print("|---|---|---|---|")
        for days in [7, args.days, 112]:
            f = dataset(days, args.per_day)
            walls, peaks = [], []
            for _ in range(3):
                w, r, _ = timed(slareport_cmd(f, days, os.path.join(out, f"scale{days}"), 2))
                walls.append(w); peaks.append(r)
            n = json.load(open(os.path.join(out, f"scale{days}", "summary.json")))["completeness"]["ticketsRead"]
            print(f"| {n} | {days} | {statistics.median(walls):.3f} | {statistics.median(peaks):.0f} |")

    if args.store:
        store = os.path.join(DATA, "bench.sqlite")
        walls, peaks = [], []
        for _ in range(args.runs):
            # Each run imports into a new store (the bulk-load path).
            for suffix in ["", "-wal", "-shm"]:
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
            w, r, _ = timed([BIN, "import", "--input", folder, "--store", store])
            walls.append(w); peaks.append(r)
        n = summary["completeness"]["ticketsRead"]
        w = statistics.median(walls)
        print()
        print(f"import: {n} tickets, median {w:.2f} s (runs {', '.join(f'{x:.2f}' for x in walls)}) "
              f"= {n / w:,.0f} tickets/s, peak RSS {statistics.median(peaks):.0f} MB "
              f"(target >= 150,000/s); store {os.path.getsize(store) / 1e9:.2f} GB")
        s_start, s_end, as_of = period(args.days)
        walls = []
        for _ in range(args.runs):
            w, r, _ = timed([BIN, "report", "--store", store, "--from", s_start, "--to", s_end, "--as-of", as_of,
                             "--format", "json", "--out", os.path.join(out, "store")])
            walls.append(w)
        print(f"report --store: median {statistics.median(walls):.3f} s, peak RSS {r:.0f} MB (target <= 1.5 s)")
        a = json.load(open(os.path.join(out, "store", "summary.json")))
        b = summary
        print("store and files agree on totals/sla/ftr:",
              a["totals"]["tickets"] == b["totals"]["tickets"] and a["sla"] == b["sla"] and a["ftr"] == b["ftr"])


if __name__ == "__main__":
    main()
