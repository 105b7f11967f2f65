"""Two release builds alternating on one SQLite store of the 91-day set: the quarter, the last
week the first time (a build before SQLite v9 has its history rollups removed first) and
again, and `report --input` over the 1 M files. Medians and ranges of wall time and peak RSS;
the summaries compared.

    [AFTER_STORE=COPY] python3 Benchmarks/quarter_store.py BEFORE_BIN AFTER_BIN STORE M1_DIR [RUNS]

AFTER_STORE: a copy of STORE for the build after, when it migrates the store to a version the
build before cannot open (SQLite v9 dropped the rollups: `cp STORE COPY`).

STORE: `slareport sample-data --days 91 --per-day 38000 --seed 7 --from 2024-01-01 --out m3`
imported (`slareport import --store STORE --input m3`) by a build of the same block layout;
M1_DIR: `slareport sample-data --days 28 --per-day 35715 --seed 7 --out M1_DIR`.
"""
import subprocess, time, os, sys, re, statistics, sqlite3, filecmp
B, A, STORE, M1 = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 4
STORES = {'before': STORE, 'after': os.environ.get('AFTER_STORE', STORE)}
W = os.environ.get('WORK', '/tmp/slareport-quarter'); os.makedirs(W, exist_ok=True)
K = ['--as-of', '2024-04-01T09:00:00+05:30', '--timezone', 'Asia/Kolkata', '--format', 'json']
cases = {
    'quarter': ['report', '--store', STORE, '--from', '2024-01-01', '--to', '2024-03-31'] + K,
    'week, first': ['report', '--store', STORE, '--from', '2024-03-25', '--to', '2024-03-31'] + K,
    'week, again': ['report', '--store', STORE, '--from', '2024-03-25', '--to', '2024-03-31'] + K,
    'report --input (1 M)': ['report', '--input', M1, '--from', '2024-04-15', '--to', '2024-05-12',
                             '--as-of', '2024-05-13T09:00:00+05:30', '--timezone', 'Asia/Kolkata', '--format', 'json'],
}
def timed(cmd):
    t = time.time()
    p = subprocess.run(['/usr/bin/time', '-v'] + cmd, capture_output=True, text=True)
    wall = time.time() - t
    if p.returncode != 0: print('FAILED', cmd, p.stderr[-500:])
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', p.stderr).group(1)) / 1024
    return wall, rss
res = {}
for r in range(runs):
    for side, binary in (('before', B), ('after', A)) if r % 2 == 0 else (('after', A), ('before', B)):
        for name, args in cases.items():
            store = STORES[side]
            if name == 'week, first':
                with sqlite3.connect(store) as db:
                    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'history_rollups'").fetchone():
                        db.execute('DELETE FROM history_rollups')
            out = f'{W}/{side}-{name.split(",")[0].split(" ")[0]}'
            wall, rss = timed([binary] + [store if a == STORE else a for a in args] + ['--out', out])
            res.setdefault((name, side), []).append((wall, rss))
for name in cases:
    line = []
    for side in ('before', 'after'):
        walls = [w for w, _ in res[(name, side)]]; rss = [m for _, m in res[(name, side)]]
        line.append(f'{side} {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}), '
                    f'{statistics.median(rss):.0f} MB ({min(rss):.0f}–{max(rss):.0f})')
    print(f'{name}: ' + '; '.join(line))
for name in ('quarter', 'week', 'report'):
    same = filecmp.cmp(f'{W}/before-{name}/summary.json', f'{W}/after-{name}/summary.json', shallow=False)
    print(f'{name} summaries identical: {same}')
