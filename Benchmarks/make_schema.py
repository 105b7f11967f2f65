#!/usr/bin/env python3
"""Writes docs/summary.schema.json (JSON Schema 2020-12) from Sources/SLAAnalytics/ReportSummary.swift.

    python3 Benchmarks/make_schema.py

Every stored property of every Codable struct is a required property; `@Nullable` ones may
be null; plain optionals may be absent; rates (0…1) are bounded. Rerun after changing the
summary; ReportServerTests checks every summary the suite makes against the result.
"""
import json, re, os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = open(os.path.join(root, 'Sources/SLAAnalytics/ReportSummary.swift')).read()
structs = {}
doc = []
current = None
for line in src.splitlines():
    s = line.strip()
    m = re.match(r'public struct (\w+): Codable', s)
    if m:
        current = m.group(1); structs[current] = {'doc': ' '.join(doc), 'props': []}; doc = []; continue
    if s.startswith('///'):
        doc.append(s[3:].strip()); continue
    m = re.match(r'(@Nullable )?public var (\w+): (.+?)$', s)
    if m and current and line.startswith('    public') or (m and current and line.startswith('    @Nullable')):
        structs[current]['props'].append((m.group(2), m.group(3), bool(m.group(1)), ' '.join(doc)))
    if not s.startswith('///'):
        doc = []
    if s.startswith('public init'):
        pass
RATES = {'breachRate', 'rate', 'share', 'ftrRate', 'responseRate', 'channelSwitchRate'}
def typ(t, name):
    opt = t.endswith('?')
    t = t.rstrip('?')
    if t.startswith('[') and ':' in t:
        return {'type': 'object', 'additionalProperties': typ(t[1:-1].split(':')[1].strip(), '')[0]}, opt
    if t.startswith('['):
        return {'type': 'array', 'items': typ(t[1:-1], '')[0]}, opt
    base = {'Int': {'type': 'integer'}, 'Int64': {'type': 'integer'}, 'Int32': {'type': 'integer'},
            'Double': {'type': 'number'}, 'String': {'type': 'string'}, 'Bool': {'type': 'boolean'}}.get(t)
    if base is None:
        base = {'$ref': f'#/$defs/{t}'}
    elif name in RATES:
        base = dict(base, minimum=0, maximum=1)
    return base, opt
defs = {}
for name, info in structs.items():
    props, required = {}, []
    for pname, ptype, nullable, pdoc in info['props']:
        t, opt = typ(ptype, pname)
        if nullable:
            t = {'anyOf': [t, {'type': 'null'}]}
            required.append(pname)
        elif not opt:
            required.append(pname)
        if pdoc: t = dict(t, description=pdoc)
        props[pname] = t
    d = {'type': 'object', 'properties': props, 'required': required, 'additionalProperties': False}
    if info['doc']: d['description'] = info['doc']
    defs[name] = d
top = defs.pop('ReportSummary')
schema = {'$schema': 'https://json-schema.org/draft/2020-12/schema',
          '$id': 'https://slareport.dev/schema/summary.json', 'title': 'SLAReport summary (summary.json, GET /v1/summary)'}
schema.update(top)
schema['$defs'] = dict(sorted(defs.items()))
out = json.dumps(schema, indent=2, sort_keys=False) + '\n'
for path in ['Sources/ReportServer/Dashboard/summary.schema.json']:
    open(os.path.join(root, path), 'w').write(out)
print(len(defs) + 1, 'types')
