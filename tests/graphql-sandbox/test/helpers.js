'use strict';
// Shared by the tests: an in-process sandbox on a free port and a GraphQL POST helper.
const { Sandbox } = require('../lib/http');
const { serializedFlow, cron, interval, dates } = require('../lib/seed');
const { DEFAULT_TENANT_ID } = require('../lib/prefect1');

async function startSandbox(options = {}) {
  const sandbox = new Sandbox({ log: () => {}, ...options });
  const url = await sandbox.listen(0);
  const base = url.replace(/\/graphql$/, '');
  async function gql(query, variables, headers = {}) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    let body; try { body = JSON.parse(text); } catch { body = text; }
    return { status: res.status, body, headers: res.headers };
  }
  async function ok(query, variables, headers) {
    const r = await gql(query, variables, headers);
    if (r.status !== 200 || r.body.errors) throw new Error(`GraphQL failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.data;
  }
  async function control(method, path, body) {
    const res = await fetch(`${base}/__sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }
  async function project(name = 'p') {
    return (await ok('mutation($t: UUID!, $n: String!){ create_project(input:{tenant_id:$t, name:$n}){ id } }', { t: DEFAULT_TENANT_ID, n: name })).create_project.id;
  }
  async function register(projectId, def, extra = {}) {
    return (await ok('mutation($i: create_flow_input!){ create_flow(input:$i){ id } }', { i: { project_id: projectId, serialized_flow: serializedFlow(def), ...extra } })).create_flow.id;
  }
  return { sandbox, url, gql, ok, control, project, register, close: () => sandbox.close() };
}

module.exports = { startSandbox, serializedFlow, cron, interval, dates, DEFAULT_TENANT_ID };
