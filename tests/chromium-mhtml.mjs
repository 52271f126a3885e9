// chromium-mhtml.mjs: saves a page kept with its NAME_files/ folder as
// Chromium's "Webpage, Single File" does, with headless Chromium's own MHTML
// writer (DevTools Page.captureSnapshot), as though it had been opened at
// its address on the web: every request is answered from the page and its
// folder (a file of NAME_files/ by its name), never from the network, and
// scripts are off.
//
//   node --experimental-websocket tests/chromium-mhtml.mjs PAGE.html URL OUT
//
// It made examples/*.mhtml. It is a tool, not a test: the tests never need
// Chromium (`make bench-peers` installs it, or `apt-get install chromium`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { tmpdir } from 'node:os';

const [page, url, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: chromium-mhtml.mjs PAGE.html URL OUT');
  process.exit(2);
}
const folder = join(dirname(page), basename(page, extname(page)) + '_files');
const types = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.svg': 'image/svg+xml',
  '.css': 'text/css', '.js': 'text/javascript' };
const profile = mkdtempSync(join(tmpdir(), 'np-chromium-'));
const port = 9000 + (process.pid % 1000);
const chrome = spawn('chromium', ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=http://127.0.0.1:9',
  `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`,
  'about:blank'], { stdio: 'ignore' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The bytes that answer a request for u: the page itself, or a file of its
// folder of the same name; null for anything else.
function answer(u) {
  if (u.split('#')[0] === url) return { type: 'text/html', body: readFileSync(page) };
  const name = decodeURIComponent(new URL(u).pathname.split('/').pop() || '');
  const file = join(folder, name);
  if (name && existsSync(file))
    return { type: types[extname(name).toLowerCase()] || 'application/octet-stream',
      body: readFileSync(file) };
  return null;
}

let target;
for (let i = 0; i < 100 && !target; i++) {
  try {
    target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`,
      { method: 'PUT' })).json();
  } catch {
    await sleep(100);
  }
}
const ws = new WebSocket(target.webSocketDebuggerUrl);
const pending = new Map();
let next = 0;
let loaded;
const load = new Promise((resolve) => (loaded = resolve));
const send = (method, params = {}) => new Promise((resolve) => {
  const id = ++next;
  pending.set(id, resolve);
  ws.send(JSON.stringify({ id, method, params }));
});
ws.onmessage = (event) => {
  const m = JSON.parse(event.data);
  if (m.id && pending.has(m.id)) {
    pending.get(m.id)(m);
    pending.delete(m.id);
  } else if (m.method === 'Fetch.requestPaused') {
    const a = answer(m.params.request.url);
    if (a)
      send('Fetch.fulfillRequest', { requestId: m.params.requestId,
        responseCode: 200, body: a.body.toString('base64'),
        responseHeaders: [{ name: 'Content-Type', value: a.type }] });
    else
      send('Fetch.failRequest', { requestId: m.params.requestId,
        errorReason: 'BlockedByClient' });
  } else if (m.method === 'Page.loadEventFired') {
    loaded();
  }
};
await new Promise((resolve) => (ws.onopen = resolve));
await send('Emulation.setScriptExecutionDisabled', { value: true });
await send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
await send('Page.enable');
await send('Page.navigate', { url });
await Promise.race([load, sleep(20000)]);
const snap = await send('Page.captureSnapshot', { format: 'mhtml' });
writeFileSync(out, snap.result.data, 'binary');
ws.close();
chrome.kill();
await sleep(300);
rmSync(profile, { recursive: true, force: true });
process.exit(0);
