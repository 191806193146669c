'use strict';
// A tiny block-style YAML reader: enough for hasura_metadata.yaml (maps, lists, plain scalars).
// graphql is the sandbox's only runtime dependency, so no YAML library.

function scalar(text) {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

function parseYaml(text) {
  const lines = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const indent = raw.match(/^ */)[0].length;
    lines.push({ indent, text: raw.slice(indent).replace(/\s+#.*$/, '') });
  }
  let i = 0;
  function block(indent) {
    if (i >= lines.length) return null;
    if (lines[i].text.startsWith('- ') || lines[i].text === '-') return list(lines[i].indent);
    return map(indent);
  }
  function list(indent) {
    const out = [];
    while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
      const rest = lines[i].text.slice(2);
      if (rest.trim() === '') { i++; out.push(block(lines[i] ? lines[i].indent : indent)); continue; }
      // "- key: value" starts a map whose keys are indented at indent+2
      lines[i] = { indent: indent + 2, text: rest };
      if (/^[^:]+:(\s|$)/.test(rest)) out.push(map(indent + 2));
      else { out.push(scalar(rest)); i++; }
    }
    return out;
  }
  function map(indent) {
    const out = {};
    while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
      const m = lines[i].text.match(/^([^:]+):\s*(.*)$/);
      if (!m) throw new Error(`yaml-lite: cannot read line "${lines[i].text}"`);
      i++;
      const key = m[1].trim();
      if (m[2] !== '') { out[key] = scalar(m[2]); continue; }
      if (i < lines.length && (lines[i].indent > indent || (lines[i].indent === indent && lines[i].text.startsWith('- ')))) {
        out[key] = block(lines[i].indent);
      } else out[key] = null;
    }
    return out;
  }
  return block(0);
}

module.exports = { parseYaml };
