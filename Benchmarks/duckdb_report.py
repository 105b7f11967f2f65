#!/usr/bin/env python3
"""The same figures as `slareport report --format json`, computed by DuckDB over JSON Lines
with an explicit schema (DuckDB's fastest way to read this data).

    python3 Benchmarks/duckdb_report.py TICKETS.jsonl FROM TO OUT.json [THREADS]

Prints the query's own wall time (excluding interpreter start-up) on stderr.
"""
import json
import sys
import time

import duckdb

COLUMNS = {
    "ticketId": "VARCHAR", "date": "VARCHAR", "status": "VARCHAR", "priority": "VARCHAR",
    "queueName": "VARCHAR", "queueKey": "VARCHAR", "primarySource": "VARCHAR", "lastSource": "VARCHAR",
    "assignedId": "VARCHAR", "slaStatus": "VARCHAR", "ftr": "VARCHAR", "_seq": "BIGINT",
}

# slareport's text rule: HTML entities decoded once, trimmed, empty is absent.
CLEAN = """
CREATE MACRO clean(x) AS nullif(trim(
  replace(replace(replace(replace(replace(x, '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&apos;', ''''), '&amp;', '&')
), '');
"""

QUERY = """
WITH raw AS (
  SELECT * FROM read_json(?, format = 'newline_delimited', columns = {columns})
), parsed AS (
  SELECT clean(ticketId) AS id,
         coalesce(try_strptime(trim(date), '%d-%m-%Y %H:%M'), try_strptime(trim(date), '%Y-%m-%d %H:%M:%S')) AS created,
         lower(clean(status)) IN ('complete', 'completed', 'closed', 'resolved', 'solved') AS resolved,
         clean(slaStatus) IS NOT NULL AS has_sla,
         coalesce(lower(clean(slaStatus)) = 'out of sla', false) AS breached,
         coalesce(lower(trim(ftr)) IN ('yes', 'y', 'true', '1'), false) AS ftr_yes,
         coalesce(lower(clean(priority)), '(none)') AS priority,
         coalesce(clean(queueName), clean(queueKey), '(none)') AS queue,
         coalesce(clean(primarySource), '(unknown)') AS source,
         coalesce(try_cast(trim(assignedId) AS BIGINT), 0) AS assignee,
         _seq
  FROM raw
), usable AS (
  SELECT * FROM parsed WHERE id IS NOT NULL AND created IS NOT NULL
), latest AS (
  SELECT * FROM usable QUALIFY row_number() OVER (PARTITION BY id ORDER BY _seq DESC) = 1
)
SELECT * FROM latest WHERE CAST(created AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
"""


def main():
    path, start, end, out = sys.argv[1:5]
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute(CLEAN)
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    con.execute("CREATE TEMP TABLE t AS " + QUERY.replace("{columns}", columns), [path, start, end])

    def rows(sql):
        return con.execute(sql).fetchall()

    totals = rows("SELECT count(*), sum(resolved::INT), sum(has_sla::INT), sum(breached::INT), "
                  "sum((resolved AND ftr_yes)::INT) FROM t")[0]
    result = {
        "tickets": totals[0], "resolved": totals[1], "withSLA": totals[2], "breached": totals[3],
        "ftrEligible": totals[1], "ftrFirstTime": totals[4],
    }
    for name, key in [("byPriority", "priority"), ("byQueue", "queue"), ("bySource", "source")]:
        result[name] = {k: [n, w, b] for k, n, w, b in rows(
            f"SELECT {key}, count(*), sum(has_sla::INT), sum(breached::INT) FROM t GROUP BY 1")}
    result["ftrBySource"] = {k: [e, f] for k, e, f in rows(
        "SELECT source, count(*), sum(ftr_yes::INT) FROM t WHERE resolved GROUP BY 1")}
    result["assignees"] = {str(k): [n, r, b] for k, n, r, b in rows(
        "SELECT assignee, count(*), sum(resolved::INT), sum(breached::INT) FROM t GROUP BY 1")}
    result["daily"] = {str(d): [n, b, r] for d, n, b, r in rows(
        "SELECT CAST(created AS DATE), count(*), sum(breached::INT), sum(resolved::INT) FROM t GROUP BY 1")}
    elapsed = time.perf_counter() - t0
    with open(out, "w") as f:
        json.dump(result, f, sort_keys=True)
    print(f"{elapsed:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
