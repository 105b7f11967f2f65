#!/usr/bin/env python3
"""Makes a summary.json with N assignees and M queues from a real one, for the rendering
benchmark (`slareport render --summary`).

    python3 Benchmarks/big_summary.py IN.json OUT.json [ASSIGNEES] [QUEUES]
"""
import copy
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
n_assignees = int(sys.argv[3]) if len(sys.argv) > 3 else 300
n_queues = int(sys.argv[4]) if len(sys.argv) > 4 else 40
s = json.load(open(src))
base = s["assignees"][0]
s["assignees"] = []
for i in range(n_assignees):
    a = copy.deepcopy(base)
    a["id"] = 300000 + i
    a["name"] = f"Assignee {i:03d} with a reasonably long name"
    a["tickets"] = max(1, 400 - i)
    s["assignees"].append(a)
q = s["sla"]["byQueue"][0]
s["sla"]["byQueue"] = []
for i in range(n_queues):
    g = copy.deepcopy(q)
    g["key"] = f"Queue {i:02d} — Billing & Payments (India)"
    g["tickets"] = max(1, 500 - i)
    s["sla"]["byQueue"].append(g)
json.dump(s, open(dst, "w"), indent=2, sort_keys=True)
