#!/usr/bin/env python3
"""A/B of two release builds of slareport on the same data, alternating runs.

    BEFORE=/path/to/old/slareport AFTER=.build/release/slareport BENCH_DAYS=/tmp/benchdata/days python3 Benchmarks/ab.py

BENCH_DAYS is a folder written by `slareport sample-data --days 28 --per-day 35715 --seed 7`.
Prints the median of `report --input`, `import` into a new store and `report --store` for
each build, and whether their summaries are byte-identical.
"""
import subprocess, time, os, statistics, shutil, sys
B={'before':os.environ['BEFORE'],'after':os.environ['AFTER']}
D=os.environ.get('BENCH_DAYS','/tmp/benchdata/days')
W=['--from','2024-04-15','--to','2024-05-12','--as-of','2024-05-13T09:00:00+05:30','--format','json']
def run(cmd):
    t=time.perf_counter(); p=subprocess.run(cmd,capture_output=True,text=True); t=time.perf_counter()-t
    if p.returncode: sys.exit(p.stderr)
    return t
res={k:{'report':[],'import':[],'store':[]} for k in B}
for i in range(5):
    for k,b in B.items():
        res[k]['report'].append(run([b,'report','--input',D]+W+['--out',os.path.join(os.path.dirname(D), f'out-{k}')]))
        s=os.path.join(os.path.dirname(D), f'{k}.sqlite')
        for suf in ['','-wal','-shm']:
            if os.path.exists(s+suf): os.remove(s+suf)
        res[k]['import'].append(run([b,'import','--input',D,'--store',s]))
        res[k]['store'].append(run([b,'report','--store',s]+W+['--out',os.path.join(os.path.dirname(D), f'outs-{k}')]))
for k in B:
    print(k, {m: f"median {statistics.median(v):.2f} s ({', '.join(f'{x:.2f}' for x in v)})" for m,v in res[k].items()})
print('summaries identical:', open(os.path.join(os.path.dirname(D),'out-before/summary.json')).read()==open(os.path.join(os.path.dirname(D),'out-after/summary.json')).read(),
      open(os.path.join(os.path.dirname(D),'outs-before/summary.json')).read()==open(os.path.join(os.path.dirname(D),'outs-after/summary.json')).read())
