import Foundation
import ReportPipeline
import ReportRendering
import SLAAnalytics
import TicketModel

/// `/v1/openapi.json`: an OpenAPI 3.1 description of every route and parameter, made from
/// the lists the server itself checks requests against (`FeedServer.routes`, the period,
/// slice and list parameters, the row tables), so the document cannot name a parameter the
/// server refuses, nor miss a route it answers.
enum OpenAPIDocument {
    typealias Object = [String: Any]

    /// What each query parameter is, by name: its schema, its description and an example.
    static func parameters() -> [String: (schema: Object, description: String, example: Any?)] {
        var p: [String: (schema: Object, description: String, example: Any?)] = [
            "period": (
                ["type": "string", "enum": PeriodPreset.allCases.map(\.rawValue)],
                "A named period relative to asOf, instead of from and to (default: last-week).", "last-week"
            ),
            "from": (
                ["type": "string", "format": "date"], "First day of the period, inclusive (with to).", "2024-04-15"
            ),
            "to": (
                ["type": "string", "format": "date"], "Last day of the period, inclusive (with from).", "2024-04-21"
            ),
            "asOf": (
                ["type": "string", "format": "date-time"],
                "The instant the report describes, RFC 3339 (default: now).", "2024-04-22T09:00:00+05:30"
            ),
            "timezone": (
                ["type": "string"], "IANA time zone the days are counted in (default: the configuration's).",
                "Asia/Kolkata"
            ),
            "trendWeeks": (
                ["type": "integer", "minimum": 1, "maximum": ReportOptions.maximumWeeks],
                "Weeks in the trend (default \(ReportOptions.defaultTrendWeeks)).", 8
            ),
            "slice": (
                ["type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"],
                "A [[slice]] of the configuration: the report of its tickets only. Not with the filter fields.",
                "billing"
            ),
            "format": (["type": "string", "enum": ["json", "csv"]], "The answer's format (default json).", "csv"),
            "state": (
                ["type": "string", "enum": SLAState.allCases.map(\.parameter)],
                "Tickets in this state of the SLA split (sla.metResolved … sla.noSLA).", "breached-open"
            ),
            "breached": (
                ["type": "string", "enum": ["true", "false"]],
                "true: tickets with an SLA that breached it (sla.breached); false: the others.", "true"
            ),
            "lifecycle": (
                ["type": "string", "enum": ["open", "resolved"]],
                "Open or resolved tickets (totals.open, totals.resolved).",
                "open"
            ),
            "ftr": (
                ["type": "string", "enum": ["yes", "no"]],
                "Resolved tickets resolved the first time (yes: ftr.firstTime) or not (no).", "no"
            ),
            "day": (
                ["type": "string", "format": "date"], "Tickets created on this day of the period (daily).", "2024-04-16"
            ),
            "switched": (
                ["type": "string", "enum": ["true", "false"]],
                "Tickets whose last source differs from the first (sources.channelSwitches).", "true"
            ),
            "sort": (
                [
                    "type": "string",
                    "enum": TicketListQuery.SortKey.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] },
                ],
                "The order: created (default), age (open tickets' age at asOf) or tat; '-' first: descending. "
                    + "Ties by ticketId; tickets without the value last.", "-age"
            ),
            "limit": (
                ["type": "integer", "minimum": 1, "maximum": TicketListQuery.maximumLimit],
                "Rows in a page (default \(TicketListQuery.defaultLimit)).", 50
            ),
            "cursor": (
                ["type": "string"],
                "Where the page starts: the previous page's next (opaque; only with that page's other parameters).",
                nil
            ),
        ]
        let fields: [TicketSlice.Field: (String, String)] = [
            .queue: (
                "The queue's name as the report shows it (else its key; (none) for neither).", "Billing & Payments"
            ),
            .priority: ("The priority (in any case).", "high"),
            .source: ("The primary source ((unknown) for none).", "Email"),
            .assignee: (
                "An assignedId, or the assignee's name as the report shows it (Unassigned for id 0).", "209807"
            ),
            .disposition: ("The contact reason (Orders), or the reason and its detail (Orders|Delivery).", "Orders"),
        ]
        for (field, (text, example)) in fields {
            p[field.rawValue] = (
                ["type": "array", "items": ["type": "string"]],
                "Only the tickets whose \(field.rawValue) is one of these (repeat the parameter for each value; "
                    + "AND across fields, OR within one). " + text, [example]
            )
        }
        return p
    }

    /// Each route: a summary, its query parameters, its answer's media types.
    static func operation(_ route: String) -> (summary: String, query: [String], media: [String]) {
        let period = ["period", "from", "to", "asOf", "timezone", "trendWeeks"]
        let slice = ["slice"] + TicketSlice.Field.allCases.map(\.rawValue)
        switch route {
        case "/": return ("The wall dashboard (the page takes the period and slice parameters).", [], ["text/html"])
        case "/healthz": return ("The process is up.", [], ["text/plain"])
        case "/readyz": return ("The store is readable and the pulls are on time.", [], ["application/json"])
        case "/metrics": return ("Prometheus metrics.", [], ["text/plain"])
        case "/v1/summary":
            return ("The summary of a period (summary.json).", period + slice, ["application/json"])
        case "/v1/rows/{table}":
            return (
                "One of the summary's tables as flat rows (Grafana).", period + slice + ["format"],
                ["application/json", "text/csv"]
            )
        case "/v1/tickets":
            return (
                "The tickets behind a figure, a page at a time (Link: rel=next has the next page).",
                period + slice + TicketListQuery.parameters + ["format"], ["application/json", "text/csv"]
            )
        case "/v1/report.html": return ("The email-safe HTML report.", period + slice, ["text/html"])
        case "/v1/report.xhtml": return ("The validated XHTML report.", period + slice, ["application/xhtml+xml"])
        case "/v1/report.txt": return ("The text report.", period + slice, ["text/plain"])
        case "/v1/schema/summary.json": return ("The JSON Schema of the summary.", [], ["application/schema+json"])
        case "/v1/openapi.json": return ("This document.", [], ["application/json"])
        default: return ("", [], [])
        }
    }

    /// The document, keys sorted.
    static func json() -> Data {
        var paths: Object = [:]
        let known = Self.parameters()
        for route in FeedServer.routes {
            let (summary, query, media) = operation(route)
            var parameters: [Object] = query.map { name in
                let p = known[name] ?? (["type": "string"], "", nil)
                var o: Object = [
                    "name": name, "in": "query", "required": false, "schema": p.schema, "description": p.description,
                ]
                if p.schema["type"] as? String == "array" { (o["style"], o["explode"]) = ("form", true) }
                if let example = p.example { o["example"] = example }
                return o
            }
            if route == "/v1/rows/{table}" {
                parameters.insert(
                    [
                        "name": "table", "in": "path", "required": true,
                        "schema": ["type": "string", "enum": RowTables.Name.allCases.map(\.rawValue)],
                        "description": "The table.", "example": "queues",
                    ], at: 0)
            }
            var responses: Object = [
                "200": [
                    "description": "OK",
                    "content": Dictionary(uniqueKeysWithValues: media.map { ($0, ["schema": schema(route, $0)]) }),
                ]
            ]
            if !query.isEmpty {
                responses["304"] = ["description": "Not modified (If-None-Match held the ETag)."]
                responses["400"] = problem("A parameter is unknown, repeated or has a bad value; detail names it.")
            }
            if route != "/healthz" { responses["401"] = problem("A feed token is needed (the server has tokens).") }
            if route.hasPrefix("/v1/rows") { responses["404"] = problem("No such table.") }
            if !query.isEmpty || route == "/readyz" { responses["503"] = problem("The store cannot be read.") }
            var operation: Object = [
                "summary": summary, "operationId": operationId(route), "responses": responses,
            ]
            if !parameters.isEmpty { operation["parameters"] = parameters }
            if route == "/healthz" { operation["security"] = [Object]() }
            paths[route] = ["get": operation]
        }
        let document: Object = [
            "openapi": "3.1.0",
            "info": [
                "title": "SLAReport feed", "version": ReportSummary.engineVersion,
                "description":
                    "The JSON feed, rows, reports and ticket lists of `slareport serve` (docs/SERVE.md). Every route answers GET and HEAD.",
            ],
            "paths": paths,
            "security": [["bearer": [String]()], ["token": [String]()]],
            "components": [
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer", "description": "A feed token (`slareport token new`).",
                    ],
                    "token": [
                        "type": "apiKey", "in": "query", "name": "token", "description": "The feed token as ?token=.",
                    ],
                ],
                "schemas": [
                    "Problem": [
                        "type": "object", "required": ["type", "title", "status", "detail", "instance"],
                        "properties": [
                            "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                            "detail": ["type": "string"], "instance": ["type": "string"],
                        ],
                    ],
                    "TicketPage": [
                        "type": "object", "required": ["rows", "next"],
                        "properties": [
                            "rows": [
                                "type": "array",
                                "items": [
                                    "type": "object", "required": TicketsCSV.listColumns,
                                    "properties": Dictionary(
                                        uniqueKeysWithValues: TicketsCSV.listColumns.map { ($0, Object()) }),
                                ],
                            ],
                            "next": [
                                "type": ["string", "null"], "description": "The next page's cursor; null on the last.",
                            ],
                        ],
                    ],
                ],
            ],
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return data + Data("\n".utf8)
    }

    static func schema(_ route: String, _ media: String) -> Object {
        switch (route, media) {
        case ("/v1/summary", _): ["$ref": "/v1/schema/summary.json"]
        case ("/v1/tickets", "application/json"): ["$ref": "#/components/schemas/TicketPage"]
        case (_, "application/json"), (_, "application/schema+json"): ["type": "object"]
        default: ["type": "string"]
        }
    }

    static func problem(_ text: String) -> Object {
        [
            "description": text,
            "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
        ]
    }

    static func operationId(_ route: String) -> String {
        let words = route.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let first = words.first else { return "dashboard" }
        return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
