#!/usr/bin/env node
'use strict';
// node tests/graphql-sandbox/server.js --port 0 [--api-key KEY] [--seed demo] [--ignore-stdin]
// Prints "LISTENING http://127.0.0.1:<port>/graphql" on stdout, then serves until killed or until stdin closes
// (so a crashed test runner leaves no orphan).
const { Sandbox } = require('./lib/http');

function args(argv) {
  const o = { port: 0, host: '127.0.0.1', apiKey: null, seed: null, ignoreStdin: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') o.port = Number(argv[++i]);
    else if (a === '--host') o.host = argv[++i];
    else if (a === '--api-key') o.apiKey = argv[++i];
    else if (a === '--seed') o.seed = argv[++i];
    else if (a === '--ignore-stdin') o.ignoreStdin = true;
    else { process.stderr.write(`unknown argument ${a}\n`); process.exit(2); }
  }
  return o;
}

async function main() {
  const o = args(process.argv.slice(2));
  const sandbox = new Sandbox({ apiKey: o.apiKey, seed: o.seed });
  const url = await sandbox.listen(o.port, o.host);
  process.stdout.write(`LISTENING ${url}\n`);
  if (!o.ignoreStdin) {
    process.stdin.on('data', () => {});
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('close', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
