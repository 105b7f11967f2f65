"""Slices and drill-down on the 91-day store (issue 25's targets, docs/PERFORMANCE.md).

    python3 Benchmarks/slices.py BEFORE_BIN AFTER_BIN STORE [RUNS]

STORE: `slareport sample-data --days 91 --per-day 38000 --seed 7 --from 2024-01-01 --out m3`
imported with `slareport import --store STORE --input m3` (3.47 M tickets, eight queues).

1. `report --store STORE --format json` for the quarter: the build before (no slices), this
   build whole, and this build sliced to one queue of eight, in alternating rounds.
2. `/v1/tickets` of this build's `serve` on STORE: a page of 100 of the quarter (default order,
   cold: the first request after the server started), the same page again, a page 50,000
   tickets deep (its cursor fetched first), one queue's breached tickets, the open tickets
   oldest first (`lifecycle=open&sort=-age`, the dashboard's backlog), and the quarter by
   `-tat` (an order unrelated to time: a whole scan of the quarter).
"""
import subprocess, time, os, sys, re, statistics, json, urllib.request, socket
B, A, STORE = sys.argv[1:4]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
W = os.environ.get('WORK', '/tmp/slareport-slices'); os.makedirs(W, exist_ok=True)
Q = ['--from', '2024-01-01', '--to', '2024-03-31', '--as-of', '2024-04-01T09:00:00+05:30',
     '--timezone', 'Asia/Kolkata', '--format', 'json']
cases = {
    'before, whole': [B, 'report', '--store', STORE] + Q,
    'after, whole': [A, 'report', '--store', STORE] + Q,
    'after, one queue': [A, 'report', '--store', STORE, '--where', 'queue=Billing & Payments'] + Q,
}

def timed(cmd, out):
    t = time.time()
    p = subprocess.run(['/usr/bin/time', '-v'] + cmd + ['--out', out], capture_output=True, text=True)
    wall = time.time() - t
    if p.returncode != 0: print('FAILED', cmd, p.stderr[-500:])
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', p.stderr).group(1)) / 1024
    return wall, rss

res = {}
names = list(cases)
for r in range(runs):
    for name in (names if r % 2 == 0 else list(reversed(names))):
        res.setdefault(name, []).append(timed(cases[name], f'{W}/{name.replace(", ", "-").replace(" ", "_")}'))
for name in names:
    walls = [w for w, _ in res[name]]; rss = [m for _, m in res[name]]
    print(f'{name}: {statistics.median(walls):.2f} s ({min(walls):.2f}–{max(walls):.2f}), '
          f'{statistics.median(rss):.0f} MB ({min(rss):.0f}–{max(rss):.0f})')
whole = json.load(open(f'{W}/after-whole/summary.json'))
sliced = json.load(open(f'{W}/after-one_queue/summary.json'))
queue = [g for g in whole['sla']['byQueue'] if g['key'] == 'Billing & Payments'][0]
print(f"one queue: {sliced['totals']['tickets']} tickets, the whole report's queue row says {queue['tickets']}")

# /v1/tickets on a server of this build.
s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
base = f'http://127.0.0.1:{port}'
P = 'from=2024-01-01&to=2024-03-31&asOf=2024-04-01T09:00:00%2B05:30&timezone=Asia/Kolkata'

def get(path):
    t = time.time()
    with urllib.request.urlopen(base + path, timeout=600) as r:
        body = r.read()
    return time.time() - t, json.loads(body)

pages = {'first page, cold': [], 'first page, again': [], 'page 50,000 deep': [],
         'one queue, breached': [], 'open, oldest first (-age)': [], 'by -tat (whole scan)': []}
for r in range(runs):
    server = subprocess.Popen([A, 'serve', '--store', STORE, '--port', str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + '/healthz', timeout=1); break
            except Exception:
                time.sleep(0.1)
        pages['first page, cold'].append(get(f'/v1/tickets?{P}')[0])
        pages['first page, again'].append(get(f'/v1/tickets?{P}')[0])
        _, deep = get(f'/v1/tickets?{P}&limit=1000')
        cursor = deep['next']
        for _ in range(49):
            _, deep = get(f'/v1/tickets?{P}&limit=1000&cursor={cursor}')
            cursor = deep['next']
        pages['page 50,000 deep'].append(get(f'/v1/tickets?{P}&cursor={cursor}')[0])
        pages['one queue, breached'].append(get(f'/v1/tickets?{P}&queue=Billing%20%26%20Payments&breached=true')[0])
        pages['open, oldest first (-age)'].append(get(f'/v1/tickets?{P}&lifecycle=open&sort=-age')[0])
        pages['by -tat (whole scan)'].append(get(f'/v1/tickets?{P}&sort=-tat')[0])
    finally:
        server.terminate(); server.wait()
for name, times in pages.items():
    ms = [t * 1000 for t in times]
    print(f'/v1/tickets {name}: {statistics.median(ms):.0f} ms ({min(ms):.0f}–{max(ms):.0f})')
