// End-to-end test of the desktop app in its real window (WebKitGTK), driven over W3C WebDriver.
//
//   cargo build -p braid-cli -p braid-app      # after `npm --prefix ui run build`
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
//
// It builds the demo study with the CLI into a temporary folder, starts tauri-driver (which starts
// WebKitWebDriver, which starts target/debug/braid-app with BRAID_PROJECT pointing at the demo),
// then searches, filters, opens a hit and checks the highlighted match, as a user would.
// It saves a screenshot to target/e2e/search.png. Any failure exits non-zero with a message.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = join(ROOT, 'target', 'debug', 'braid-app');
const CLI = join(ROOT, 'target', 'debug', 'braid');
const SHOT = join(ROOT, 'target', 'e2e', 'search.png');
const PORT = 4444;
const NATIVE_PORT = 4445;
const DRIVER = `http://127.0.0.1:${PORT}`;
const WAIT_MS = 20_000;
const OVERALL_MS = 180_000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (message) => console.log(`e2e: ${message}`);

/** Poll `probe` until it returns a truthy value or `ms` pass; then fail with `what`. */
async function waitFor(what, probe, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    await sleep(150);
  }
  fail(`timed out after ${ms / 1000} s waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

function portOpen(port) {
  return new Promise((resolvePort) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolvePort(true)));
    socket.once('error', () => resolvePort(false));
  });
}

function findOnPath(name) {
  const dirs = (process.env.PATH ?? '').split(':').concat(join(homedir(), '.cargo', 'bin'));
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

// --- A minimal W3C WebDriver client -----------------------------------------------------------

async function wd(method, path, body) {
  const res = await fetch(`${DRIVER}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS * 2),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${res.status} ${v.error ?? ''} ${v.message ?? ''}`.trim());
  }
  return json.value;
}

class Session {
  constructor(id) {
    this.id = id;
  }
  static async start(application) {
    const value = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application } } },
    });
    return new Session(value.sessionId);
  }
  cmd(method, path, body) {
    return wd(method, `/session/${this.id}${path}`, body);
  }
  async all(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.map((e) => new Element(this, e[ELEMENT]));
  }
  async one(css) {
    const [first] = await this.all(css);
    return first ?? null;
  }
  /** Wait until `css` matches at least one element; return the first. */
  find(css, ms) {
    return waitFor(`an element matching \`${css}\``, () => this.one(css), ms);
  }
  script(body, args = []) {
    return this.cmd('POST', '/execute/sync', { script: body, args });
  }
  async screenshot(file) {
    const b64 = await this.cmd('GET', '/screenshot');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.from(b64, 'base64'));
  }
  end() {
    return this.cmd('DELETE', '');
  }
}

class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }
  click() {
    return this.cmd('POST', '/click', {});
  }
  type(text) {
    return this.cmd('POST', '/value', { text });
  }
  text() {
    return this.cmd('GET', '/text');
  }
  async all(css) {
    const found = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return found.map((e) => new Element(this.session, e[ELEMENT]));
  }
}

// --- The test ---------------------------------------------------------------------------------

async function selectOption(session, selectTestId, value) {
  const css = `[data-testid="${selectTestId}"] option[value="${value}"]`;
  const option = await session.find(css);
  await option.click();
  // Clicking an <option> selects it in WebKitWebDriver; make sure the app saw the change.
  await waitFor(`${selectTestId} to read ${value}`, () =>
    session.script('return document.querySelector(arguments[0]).value === arguments[1];', [
      `[data-testid="${selectTestId}"]`,
      value,
    ]),
  );
}

async function scenario(session, project) {
  log('1. waiting for the app to show the project');
  let shown = '';
  await waitFor(`the header to show ${project}`, async () => {
    const label = await session.one('[data-testid="project-path-label"]');
    shown = label ? await label.text() : '(no project label)';
    return shown.includes(project);
  }).catch((e) => fail(`${e.message}; the header shows "${shown}"`));

  log('2. searching for `teacher` with the filter type=child');
  const input = await session.find('[data-testid="search-input"]');
  await input.type('teacher');
  await selectOption(session, 'filter-key', 'type');
  await selectOption(session, 'filter-value', 'child');
  await (await session.find('[data-testid="filter-add"]')).click();
  await waitFor('the filter chip type=child', async () => {
    const chip = await session.one('[data-testid="filter-chip"]');
    return chip && /type\s*=\s*child/.test(await chip.text());
  });
  await (await session.find('[data-testid="search-submit"]')).click();

  log('3. checking the hits');
  const hits = await waitFor('at least one hit', async () => {
    const found = await session.all('[data-testid="hit"]');
    return found.length > 0 ? found : null;
  });
  for (const [i, hit] of hits.entries()) {
    const [attrs] = await hit.all('[data-testid="hit-attrs"]');
    if (!attrs) fail(`hit ${i + 1} has no attribute line`);
    const line = await attrs.text();
    if (!/\btype:?\s+child\b/i.test(line)) {
      fail(`hit ${i + 1} of ${hits.length} is not from a child: its attribute line says "${line}"`);
    }
  }
  const total = await (await session.find('[data-testid="total"]')).text();
  log(`   ${hits.length} hits shown (${total.trim()}), all from children`);

  log('4. opening the first hit');
  await hits[0].click();

  log('5. checking the highlighted match in the transcript');
  const words = await waitFor('a .hit-match in the transcript', async () => {
    const marks = await session.all('[data-testid="transcript"] .hit-match');
    if (marks.length === 0) return null;
    const texts = await Promise.all(marks.map((m) => m.text()));
    return texts.every((t) => t.length > 0) ? texts : null;
  });
  if (!words.some((w) => w.trim().toLowerCase() === 'teacher')) {
    fail(`no highlighted match reads "teacher"; the transcript highlights ${JSON.stringify(words)}`);
  }
  const visible = await session.script(
    `const m = document.querySelector('[data-testid="transcript"] .hit-match');
     const r = m.getBoundingClientRect();
     return r.top >= 0 && r.bottom <= window.innerHeight;`,
  );
  if (!visible) fail('the transcript did not scroll the highlighted match into view');
  log(`   highlighted: ${JSON.stringify(words)}`);

  log(`6. saving a screenshot to ${SHOT}`);
  await sleep(300); // let the smooth layout settle before the picture
  await session.screenshot(SHOT);
}

async function main() {
  for (const [bin, how] of [
    [APP, 'cargo build -p braid-app (after `npm --prefix ui run build`)'],
    [CLI, 'cargo build -p braid-cli'],
  ]) {
    if (!existsSync(bin)) fail(`${bin} is missing: run \`${how}\` first`);
  }
  const tauriDriver = findOnPath('tauri-driver');
  if (!tauriDriver) fail('tauri-driver is not on PATH: run `cargo install tauri-driver --locked`');
  if (!findOnPath('WebKitWebDriver')) fail('WebKitWebDriver is not on PATH: apt-get install webkit2gtk-driver');
  if (!process.env.DISPLAY) fail('no DISPLAY: run under xvfb-run -a -s "-screen 0 1280x800x24"');
  if (await portOpen(PORT)) fail(`port ${PORT} is taken: is another tauri-driver running?`);

  const tmp = mkdtempSync(join(tmpdir(), 'braid-e2e-'));
  let driver;
  let session;
  const stderr = [];
  try {
    log(`building the demo study in ${tmp}`);
    const built = spawnSync(CLI, ['demo', '--out', tmp], { encoding: 'utf8', timeout: 120_000 });
    if (built.status !== 0) fail(`\`braid demo --out ${tmp}\` failed (${built.status ?? built.signal}):\n${built.stderr}`);
    const project = join(tmp, 'demo.braid');
    if (!existsSync(project)) fail(`\`braid demo\` did not create ${project}`);

    log('starting tauri-driver');
    // tauri-driver hands its environment to the app.
    driver = spawn(tauriDriver, ['--port', String(PORT), '--native-port', String(NATIVE_PORT)], {
      env: { ...process.env, BRAID_PROJECT: project, BRAID_DATA_DIR: join(tmp, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    driver.stdout.on('data', (d) => stderr.push(String(d)));
    driver.stderr.on('data', (d) => stderr.push(String(d)));
    const exited = new Promise((r) => driver.once('exit', r));
    await waitFor(`tauri-driver to listen on port ${PORT}`, () => portOpen(PORT));

    session = await Promise.race([
      Session.start(APP),
      sleep(WAIT_MS).then(() => fail('the WebDriver session did not start within 20 s')),
      exited.then((code) => fail(`tauri-driver exited early (${code})`)),
    ]);
    log(`session ${session.id} started`);
    await scenario(session, project);
    log('PASS: search, filter, open hit, highlighted match, screenshot');
  } catch (e) {
    if (session) await session.screenshot(join(ROOT, 'target', 'e2e', 'failure.png')).catch(() => {});
    const tail = stderr.join('').split('\n').slice(-30).join('\n');
    console.error(`e2e: FAIL: ${e instanceof Failure ? e.message : e.stack}`);
    if (tail.trim()) console.error(`e2e: tauri-driver and app output (last lines):\n${tail}`);
    process.exitCode = 1;
  } finally {
    if (session) await session.end().catch((e) => console.error(`e2e: closing the session: ${e.message}`));
    if (driver && driver.exitCode === null) {
      // tauri-driver was started in its own process group; end it and the drivers it spawned.
      try {
        process.kill(-driver.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  console.error(`e2e: FAIL: the whole run took longer than ${OVERALL_MS / 1000} s`);
  process.exit(1);
}, OVERALL_MS);
watchdog.unref();

main().catch((e) => {
  console.error(`e2e: FAIL: ${e instanceof Failure ? e.message : (e.stack ?? e)}`);
  process.exitCode = 1;
});
