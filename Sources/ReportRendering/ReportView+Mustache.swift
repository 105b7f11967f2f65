import Mustache

// Mustache looks names up through `MustacheParent` before falling back to `Mirror`, which
// boxes every stored property on every lookup; with hundreds of table rows that was most of
// the rendering time. Each view type answers its own names. A name missing here would render
// as empty text: `TemplateLookupTests` walks the views and fails on any property not answered,
// and on any name a template looks up that no view type has.

extension ReportView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "subject": subject
        case "periodText": periodText
        case "sliceText": sliceText
        case "hasSlice": hasSlice
        case "zone": zone
        case "asOfText": asOfText
        case "hasComparison": hasComparison
        case "comparisonText": comparisonText
        case "tiles": tiles
        case "slaSplit": slaSplit
        case "daily": daily
        case "dailyBreaches": dailyBreaches
        case "priorityTable": priorityTable
        case "queueTable": queueTable
        case "dispositionTable": dispositionTable
        case "targetTable": targetTable
        case "hasTargets": hasTargets
        case "sourceBars": sourceBars
        case "channelSwitchText": channelSwitchText
        case "ftrTable": ftrTable
        case "assigneeTable": assigneeTable
        case "dailyTable": dailyTable
        case "tatTable": tatTable
        case "csatBars": csatBars
        case "csatText": csatText
        case "backlogBars": backlogBars
        case "attention": attention
        case "hasAttention": hasAttention
        case "dueNext": dueNext
        case "completenessLines": completenessLines
        case "isIncomplete": isIncomplete
        case "footer": footer
        case "dailyChart": dailyChart
        case "sourceChart": sourceChart
        case "insights": insights
        case "textSections": textSections
        default: nil
        }
    }
}

extension ReportView.Tile: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "detail": detail
        case "hasDelta": hasDelta
        case "delta": delta
        case "deltaColor": deltaColor
        default: nil
        }
    }
}

extension ReportView.Bar: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "detail": detail
        case "hasDetail": hasDetail
        case "percent": percent
        case "rest": rest
        case "color": color
        default: nil
        }
    }
}

extension ReportView.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "cells": cells
        case "bar": bar
        case "hasBar": hasBar
        default: nil
        }
    }
}

extension ReportView.Cell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        case "align": align
        default: nil
        }
    }
}

extension ReportView.Table: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "caption": caption
        case "headers": headers
        case "rows": rows
        case "hasRows": hasRows
        case "hasMore": hasMore
        case "moreText": moreText
        case "columnCount": columnCount
        default: nil
        }
    }
}

extension ReportView.Attention: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "ticketId": ticketId
        case "title": title
        case "hasLink": hasLink
        case "link": link
        case "urlText": urlText
        case "hasURLText": hasURLText
        case "assignee": assignee
        case "priority": priority
        case "queue": queue
        case "age": age
        default: nil
        }
    }
}

extension ReportView.SVGBar: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "width": width
        case "height": height
        case "color": color
        case "title": title
        default: nil
        }
    }
}

extension ReportView.SVGLabel: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "x": x
        case "y": y
        case "text": text
        case "anchor": anchor
        default: nil
        }
    }
}

extension ReportView.SVGChart: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "width": width
        case "height": height
        case "viewBox": viewBox
        case "title": title
        case "bars": bars
        case "labels": labels
        case "gridLines": gridLines
        case "lines": lines
        default: nil
        }
    }
}

extension ReportView.TextSections: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "slaSplit": slaSplit
        case "daily": daily
        case "priority": priority
        case "queue": queue
        case "dispositions": dispositions
        case "targets": targets
        case "hasTargets": hasTargets
        case "channels": channels
        case "ftr": ftr
        case "assignees": assignees
        case "backlog": backlog
        case "tat": tat
        case "csat": csat
        case "attention": attention
        case "dueNext": dueNext
        case "trend": trend
        case "unusual": unusual
        case "anomalies": anomalies
        case "provenance": provenance
        default: nil
        }
    }
}

extension ReportView.SVGLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "points": points
        case "color": color
        default: nil
        }
    }
}

extension ReportView.Insights: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "trendBars": trendBars
        case "trendTable": trendTable
        case "trendChart": trendChart
        case "trendRateChart": trendRateChart
        case "hasTrend": hasTrend
        case "unusualTitle": unusualTitle
        case "unusual": unusual
        case "hasUnusual": hasUnusual
        case "unusualShort": unusualShort
        case "hasUnusualMore": hasUnusualMore
        case "unusualMoreText": unusualMoreText
        case "anomalyTable": anomalyTable
        case "moverTable": moverTable
        case "anomalyNote": anomalyNote
        case "provenanceLines": provenanceLines
        default: nil
        }
    }
}

extension ReportView.DueNextView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "dueSoon": dueSoon
        case "hasDueSoon": hasDueSoon
        case "overdue": overdue
        case "hasOverdue": hasOverdue
        case "lines": lines
        default: nil
        }
    }
}
