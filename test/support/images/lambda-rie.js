#!/usr/bin/node
// A small stand-in for AWS's runtime interface emulator (aws-lambda-rie), for
// the test image only: the same flags and invoke API, the same START/END/REPORT
// log lines, and a Node.js handler loaded from /var/task in-process.
'use strict';
const http = require('node:http');
const path = require('node:path');
const fs = require('node:fs');
const { randomUUID } = require('node:crypto');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
let address = '0.0.0.0:8080';
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runtime-interface-emulator-address') address = args[++i];
  else if (args[i] === '--runtime-api-address' || args[i] === '--log-level') i++;
  else rest.push(args[i]);
}
// The runtime command ends with the handler (/var/runtime/bootstrap index.handler, /lambda-entrypoint.sh index.handler).
const handlerName = rest[rest.length - 1] || process.env._HANDLER || '';
const taskRoot = process.env.LAMBDA_TASK_ROOT || '/var/task';
const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];

let loaded;
async function loadHandler() {
  if (loaded) return loaded;
  const dot = handlerName.lastIndexOf('.');
  const mod = handlerName.slice(0, dot);
  const fn = handlerName.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((e) => path.join(taskRoot, mod + e)).find((f) => fs.existsSync(f));
  if (dot <= 0 || !file) throw Object.assign(new Error(`Error: Cannot find module '${mod}'`), { name: 'Runtime.ImportModuleError' });
  const m = await import(pathToFileURL(file).href);
  const h = m[fn] ?? (m.default && m.default[fn]);
  if (typeof h !== 'function')
    throw Object.assign(new Error(`${handlerName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  loaded = h;
  return h;
}

let requestId = '';
for (const level of ['log', 'info', 'warn', 'error']) {
  const write = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
  console[level] = (...parts) =>
    write.write(
      `${new Date().toISOString()}\t${requestId}\t${level === 'log' ? 'INFO' : level.toUpperCase()}\t${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`,
    );
}

let queue = Promise.resolve();
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/2015-03-31/functions/function/invocations') {
    res.writeHead(404).end('not found');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    // One invocation at a time, as the RIE runs them.
    queue = queue.then(() => invoke(Buffer.concat(chunks).toString('utf8'), res));
  });
});

async function invoke(body, res) {
  requestId = randomUUID();
  const started = process.hrtime.bigint();
  process.stdout.write(`START RequestId: ${requestId} Version: $LATEST\n`);
  let out;
  try {
    const event = body.trim() === '' ? {} : JSON.parse(body);
    const h = await loadHandler();
    const context = { awsRequestId: requestId, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => 300000 };
    const result =
      h.length >= 3 ? await new Promise((ok, fail) => h(event, context, (e, r) => (e ? fail(e) : ok(r)))) : await h(event, context);
    out = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    out = JSON.stringify({ errorType: e.name || 'Error', errorMessage: e.message, trace: String(e.stack || '').split('\n') });
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${out}\n`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`END RequestId: ${requestId}\n`);
  process.stdout.write(
    `REPORT RequestId: ${requestId}\tDuration: ${ms.toFixed(2)} ms\tBilled Duration: ${Math.ceil(ms)} ms\tMemory Size: 128 MB\tMax Memory Used: ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`,
  );
  requestId = '';
  res.writeHead(200, { 'content-type': 'application/json' }).end(out);
}

server.listen(port, host, () => process.stdout.write(`rie: listening on ${address}, handler ${handlerName}\n`));
process.on('SIGTERM', () => process.exit(0));
