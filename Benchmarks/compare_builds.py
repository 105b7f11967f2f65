"""Two release builds alternating on one data set: import into SQLite, reports from the store
(28 days, a week) and from the files, and the build after opening a store the build before
wrote (its migrations). Medians and ranges of wall time and peak RSS.

    python3 Benchmarks/compare_builds.py BEFORE_BIN AFTER_BIN DATA_DIR [RUNS]

DATA_DIR: `slareport sample-data --days 28 --per-day 35715 --seed 7 --out DATA_DIR`
(from 2024-04-15), made by the build before so that both read the same bytes.
"""
import subprocess, time, os, sys, shutil, re, statistics
B = sys.argv[1]
A = sys.argv[2]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
W = os.environ.get('WORK', '/tmp/slareport-compare'); os.makedirs(W, exist_ok=True)
M1 = sys.argv[3]
def timed(cmd):
    t = time.time()
    p = subprocess.run(['/usr/bin/time', '-v'] + cmd, capture_output=True, text=True)
    wall = time.time() - t
    if p.returncode != 0: print('FAILED', cmd, p.stderr[-500:]); 
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', p.stderr).group(1)) / 1024
    return wall, rss
res = {}
def rec(k, v): res.setdefault(k, []).append(v)
week = ['--from', '2024-05-06', '--to', '2024-05-12', '--as-of', '2024-05-13T09:00:00+05:30', '--timezone', 'Asia/Kolkata', '--format', 'json']
month = ['--from', '2024-04-15', '--to', '2024-05-12', '--as-of', '2024-05-13T09:00:00+05:30', '--timezone', 'Asia/Kolkata', '--format', 'json']
for r in range(runs):
    for side, binary in (('before', B), ('after', A)) if r % 2 == 0 else (('after', A), ('before', B)):
        store = f'{W}/{side}.sqlite'
        if os.path.exists(store): os.remove(store)
        rec((side, 'import 1M sqlite'), timed([binary, 'import', '--quiet', '--store', store, '--input', M1]))
        rec((side, 'report --store 28 days (first)'), timed([binary, 'report', '--store', store] + month + ['--out', f'{W}/o-{side}']))
        rec((side, 'report --store 28 days'), timed([binary, 'report', '--store', store] + month + ['--out', f'{W}/o-{side}']))
        rec((side, 'report --store week'), timed([binary, 'report', '--store', store] + week + ['--out', f'{W}/w-{side}']))
        rec((side, 'report --input 28 days'), timed([binary, 'report', '--input', M1] + month + ['--out', f'{W}/i-{side}']))
    # The build after opening a store the build before wrote: migration v7 (fill from raw JSON).
    import sqlite3
    if os.path.exists(f'{W}/migrate.sqlite'): os.remove(f'{W}/migrate.sqlite')
    src = sqlite3.connect(f'{W}/before.sqlite'); dst = sqlite3.connect(f'{W}/migrate.sqlite'); src.backup(dst); dst.close(); src.close()
    rec(('after', 'first report on a store written before (v7 migration)'), timed([A, 'report', '--store', f'{W}/migrate.sqlite'] + week + ['--out', f'{W}/m']))
    rec(('after', 'second report on it'), timed([A, 'report', '--store', f'{W}/migrate.sqlite'] + week + ['--out', f'{W}/m']))
for k in sorted(res, key=lambda k: (k[1], k[0])):
    walls = [w for w, _ in res[k]]; rss = [m for _, m in res[k]]
    print(f'{k[1]:55s} {k[0]:7s} wall median {statistics.median(walls):6.2f} s range {min(walls):.2f}-{max(walls):.2f}  RSS median {statistics.median(rss):6.0f} MB  (n={len(walls)})')
