#!/usr/bin/env python3
"""Converts saved Kapture day responses into one JSON Lines file of bare tickets for DuckDB.

Every ticket object keeps its fields as received and gains `_seq`, its position in the input
(files in name order, tickets in file order), so that DuckDB can apply slareport's rule for
a ticketId met more than once: the later copy wins.

    python3 Benchmarks/to_jsonl.py DAYS_FOLDER OUT.jsonl
"""
import json
import os
import sys

try:
    import orjson

    def dumps(obj):
        return orjson.dumps(obj)
except ImportError:  # pragma: no cover
    def dumps(obj):
        return json.dumps(obj, ensure_ascii=False).encode()


def main():
    src, dst = sys.argv[1], sys.argv[2]
    files = sorted(f for f in os.listdir(src) if f.endswith(".json"))
    seq = 0
    tmp = dst + ".tmp"
    with open(tmp, "wb") as out:
        for name in files:
            with open(os.path.join(src, name), "rb") as f:
                envelope = json.loads(f.read())
            message = next((v for k, v in envelope.items() if k.lower() == "message"), [])
            if isinstance(message, dict):
                message = [message]
            if not isinstance(message, list):
                continue
            for ticket in message:
                if not isinstance(ticket, dict):
                    continue
                ticket["_seq"] = seq
                seq += 1
                out.write(dumps(ticket))
                out.write(b"\n")
    os.replace(tmp, dst)
    print(f"{seq} tickets from {len(files)} files -> {dst}")


if __name__ == "__main__":
    main()
