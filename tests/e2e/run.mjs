// End-to-end test of the desktop app in its real window (WebKitGTK), driven over W3C WebDriver.
//
//   cargo build -p braid-cli -p braid-app      # after `npm --prefix ui run build`
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
//
// It builds the demo study with the CLI into a temporary folder, starts tauri-driver (which starts
// WebKitWebDriver, which starts target/debug/braid-app with BRAID_PROJECT pointing at the demo),
// and plays two scenarios as a user would:
//   1. search: search, filter, open a hit and check the highlighted match;
//   2. coding: select words in a respondent turn, code them through the palette, restart the
//      app and find the coding still there, undo it with Ctrl+Z, and compare two coders;
//   3. codebook and matrices: add a code, see it in the tree and in the Undo tooltip, open the
//      Matrices tab, check the codes × attribute heat-map and list the segments of one cell,
//      then retrieve a code's segments and open one; auto-code a search's hits and undo that; write a project memo;
//   4. survey: in the Survey tab, build Table 4 model 1 in the model builder on the saved models'
//      sample, fit it, and check the interaction term and N = 605; probe it; tick two saved models
//      for a publication table and export it; describe by group (Table 1); Cronbach's alpha;
//      cases: the survey linked to the interviewed children, the child Table 4 model 1 explains
//      worst picked and their transcript opened; the case-ordered display of the children;
//   5. triangulation: in the Triangulate tab, check the H3 Peer support row of the joint display
//      (the paper's coefficients, a Braid fit, an exemplar quote), set its fit to discordance in the
//      finding editor and save, restart the app and find it kept, open a quote's transcript, undo
//      the edit with Ctrl+Z; show statistics by theme and the framework matrix; link a search
//      hit to H3 as an exemplar and undo that;
//   6. keyword in context: a search's matches as a concordance sorted by the words after, and a
//      line opened at its match;
//   7. import: a missing transcript is refused whole with its name; a real one is imported and
//      listed;
//   8. writes by another process: `braid code` and `braid undo` run beside the open app, which
//      shows and then drops the script's stripe without being asked;
//   9. the local assist (its model installed, the demo embedded by `braid assist` first): similar
//      passages of a selection in 0602, the palette's code suggestions for it, a search by meaning.
// It saves screenshots to target/e2e/{search,coding,agreement,codebook,matrix,retrieve,autocode,memos,survey,survey-probe,
// survey-table,survey-table1,survey-cases,triangulate-cases,assist-similar,assist-suggest,triangulation-editor,
// triangulation,triangulation-themes,triangulation-framework,kwic,import}.png. Any failure exits
// non-zero.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// BRAID_E2E_APP and BRAID_E2E_CLI point the run at other binaries: the installed package's
// (tests/package/test-install.sh).
const APP = process.env.BRAID_E2E_APP ?? join(ROOT, 'target', 'debug', 'braid-app');
const CLI = process.env.BRAID_E2E_CLI ?? join(ROOT, 'target', 'debug', 'braid');
const INSTALLED = process.env.BRAID_E2E_ONLY === 'installed';
const SHOTS = join(ROOT, 'target', 'e2e');
const SHOT = join(SHOTS, 'search.png');
// BRAID_E2E_PORT lets two runs share a machine; the native driver takes the next port.
const PORT = Number(process.env.BRAID_E2E_PORT ?? 4444);
const NATIVE_PORT = PORT + 1;
const DRIVER = `http://127.0.0.1:${PORT}`;
const WAIT_MS = 20_000;
const OVERALL_MS = 420_000;
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
  /**
   * The text of the first element matching `css`, retried while the UI re-renders it (a
   * re-render between finding an element and reading it makes the reference stale).
   */
  textOf(css, ms) {
    return waitFor(`the text of \`${css}\``, async () => {
      const e = await this.one(css);
      return e ? { text: await e.text() } : null;
    }, ms).then((r) => r.text);
  }
  /** Wait until `css` matches at least one element; return the first. */
  find(css, ms) {
    return waitFor(`an element matching \`${css}\``, () => this.one(css), ms);
  }
  script(body, args = []) {
    return this.cmd('POST', '/execute/sync', { script: body, args });
  }
  /** Run `body` in the page; it finishes by calling its last argument with the result. */
  scriptAsync(body, args = []) {
    return this.cmd('POST', '/execute/async', { script: body, args });
  }
  /** Press a chord such as Ctrl+K: `keys` are held down in order, then released in reverse. */
  press(...keys) {
    const down = keys.map((value) => ({ type: 'keyDown', value }));
    const up = [...keys].reverse().map((value) => ({ type: 'keyUp', value }));
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
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
  await waitFor('the documents list', () => session.one('[data-testid="doc-count"]'));
  // The app times its cold start itself, from its start to the first documents list shown;
  // asked again, it returns that first figure.
  const ready = await session.scriptAsync(
    'const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke("app_ready").then(done, (e) => done(-1));',
  );
  if (typeof ready !== 'number' || ready < 0) fail(`app_ready answered ${JSON.stringify(ready)}`);
  log(`   cold start: the demo's documents listed ${ready} ms after the app started (debug build)`);

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
  const total = await session.textOf('[data-testid="total"]');
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

// WebDriver key codes.
const CTRL = '\uE009';
const ENTER = '\uE007';

const STRIPES = '[data-testid="coding-stripe"]';

/** Open a document from the documents list by its name and wait for its stripes to settle. */
async function openDocument(session, name, expected) {
  await waitFor(`document ${name} in the list`, async () => {
    for (const item of await session.all('[data-testid="doc-item"]')) {
      if ((await item.text()).includes(name)) {
        await item.click();
        return true;
      }
    }
    return false;
  });
  await waitFor(`the transcript of ${name}`, async () => {
    const title = await session.one('[data-testid="doc-title"]');
    return title && (await title.text()).includes(name);
  });
  return settledStripes(session, expected);
}

/**
 * The stripe count once it equals the number of codings the transcript says it shows (and
 * `expected`, when given: a change reloads the codings a moment after the action).
 */
async function settledStripes(session, expected) {
  let seen = '';
  return waitFor(`the stripes to match the codings shown${expected === undefined ? '' : ` (${expected})`}`, async () => {
    const state = await session.script(`
      const label = document.querySelector('[data-testid="coding-count"]');
      const shown = label ? parseInt(label.textContent, 10) : NaN;
      return { shown, stripes: document.querySelectorAll('${STRIPES}').length };`);
    seen = JSON.stringify(state);
    const settled = Number.isInteger(state.shown) && state.shown === state.stripes;
    // Before its codings arrive a document shows "0 of 0": with no expectation, wait for some.
    const wanted = expected === undefined ? state.stripes > 0 : state.stripes === expected;
    return settled && wanted ? { count: state.stripes } : null;
  }).then((r) => r.count, (e) => fail(`${e.message}; last seen ${seen}`));
}

/** Select the first few words of a long respondent turn, as a mouse drag would. */
function selectWords(session) {
  return session.script(`
    // A long respondent turn that others coded too, so that the new stripe gets a lane beside theirs.
    const long = (t) => [...t.querySelectorAll('.said [data-at]')].find((p) => p.textContent.length > 40);
    const turns = [...document.querySelectorAll('[data-testid="turn"][data-role="respondent"]')].filter(long);
    const coded = (t) => t.querySelectorAll('.said .coded').length;
    const turn = turns.sort((a, b) => coded(b) - coded(a))[0];
    if (!turn) return null;
    turn.scrollIntoView({ block: 'center' });
    const piece = long(turn);
    if (!piece) return null;
    const node = piece.firstChild;
    // End after the sixth word, on a word boundary.
    const words = [...node.data.matchAll(/\\S+/g)].slice(0, 6);
    const last = words[words.length - 1];
    const range = document.createRange();
    range.setStart(node, words[0].index);
    range.setEnd(node, last.index + last[0].length);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return { text: range.toString(), at: Number(piece.dataset.at) + [...node.data.slice(0, words[0].index)].length };`);
}

async function codingScenario(session, code) {
  log('7. opening document 0602 with every coder\'s stripes');
  await (await session.find('[data-testid="tab-codebook"]')).click();
  await session.find('[data-testid="code-item"]');
  const before = await openDocument(session, '0602');
  log(`   ${before} stripes`);

  log('8. selecting words in a respondent turn');
  const picked = await selectWords(session);
  if (!picked) fail('found no respondent turn with text to select in 0602');
  const bar = await session.find('[data-testid="selection"]');
  const barText = await bar.text();
  const quoted = picked.text.split(/\s+/).slice(0, 3).join(' ');
  if (!barText.includes(quoted)) fail(`the coding bar shows "${barText}", not the selection "${picked.text}"`);
  log(`   selected "${picked.text}" at code point ${picked.at}`);

  // The coder is $BRAID_USER (e2e-coder here) unless a name was typed in the app before.
  const coder = await session.script('return document.querySelector(\'[data-testid="coder"]\').value;');
  log(`9. applying "${code}" as ${coder} with the palette (Ctrl+K, type, Enter)`);
  await session.press(CTRL, 'k');
  const input = await session.find('[data-testid="palette-input"]');
  await input.type('companion');
  await waitFor(`the palette to offer ${code} first`, async () => {
    const first = await session.one('[data-testid="palette-item"]');
    return first && (await session.script('return document.querySelector(\'[data-testid="palette-item"]\').dataset.path;')) === code;
  });
  await input.type(ENTER);
  await waitFor('the palette to close', async () => (await session.one('[data-testid="palette"]')) === null);
  const error = await session.one('[data-testid="error"]');
  if (error) fail(`coding failed: ${await error.text()}`);
  const after = await settledStripes(session, before + 1);
  const mine = await session.script(
    `return [...document.querySelectorAll('${STRIPES}')].filter((s) => s.dataset.code === arguments[0] && s.dataset.coder === arguments[1]).length;`,
    [code, coder],
  );
  if (mine !== 1) fail(`expected one stripe of ${code} by ${coder}, found ${mine}`);
  log(`   ${after} stripes, one of them ${coder}'s ${code}`);

  log(`10. clicking the new stripe, checking its text and saving ${join(SHOTS, 'coding.png')}`);
  const [stripe] = await session.all(`${STRIPES}[data-coder="${coder}"]`);
  await session.cmd('POST', '/actions', {
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', origin: { [ELEMENT]: stripe.id }, x: 0, y: 0 }] }],
  });
  await stripe.click();
  const chosen = await session.textOf('[data-testid="chosen-coding"]');
  if (!chosen.includes(picked.text.split(/\s+/).slice(0, 3).join(' '))) {
    fail(`the new coding reads "${chosen}", not the selection "${picked.text}": the offsets are off`);
  }
  // Move the pointer off the stripe: the chosen coding stays tinted, the other stripes unfaded.
  await session.cmd('POST', '/actions', {
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', origin: 'viewport', x: 640, y: 780 }] }],
  });
  await sleep(300);
  await session.screenshot(join(SHOTS, 'coding.png'));
  return { before, coder };
}

async function afterRestart(session, { before, coder }, code) {
  log('11. after the restart: the coding is still there');
  await (await session.find('[data-testid="tab-codebook"]')).click();
  await openDocument(session, '0602', before + 1);
  const kept = await session.one(`${STRIPES}[data-coder="${coder}"][data-code="${code}"]`);
  if (!kept) fail(`${coder}'s ${code} stripe did not survive the restart`);

  log('12. Ctrl+Z undoes it');
  await session.script('document.activeElement?.blur();');
  await session.press(CTRL, 'z');
  await settledStripes(session, before);
  await session.find('[data-testid="status"]');
  const said = await session.script('return document.querySelector(\'[data-testid="status"]\').textContent;');
  if (!/^Undid coding/.test(said)) fail(`after Ctrl+Z the app says "${said}"`);
  log(`   ${before} stripes; the app says "${said}"`);

  log('13. comparing coder-a with coder-b');
  await (await session.find('[data-testid="tab-agreement"]')).click();
  await session.find('[data-testid="agreement-overall"]');
  const row = await session.script('return document.querySelector(\'[data-testid="agreement-overall"]\').textContent;');
  if (!/All codes/.test(row)) fail(`the overall agreement row reads "${row}"`);
  const rows = await session.all('[data-testid="agreement-row"]');
  if (rows.length < 5) fail(`expected a row per code in the agreement table, found ${rows.length}`);
  log(`   overall: ${row.replace(/\s+/g, ' ')}; ${rows.length} codes`);

  log(`14. listing the disagreements on ${code} and opening the first`);
  const all = await session.textOf('[data-testid="disagreement-count"]');
  const [codeRow] = await session.all(`[data-testid="agreement-row"] th[title="${code}"] button`);
  if (!codeRow) fail(`the agreement table has no row for ${code}`);
  // WebKitWebDriver does not scroll nested scroll areas to an element before clicking it.
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: codeRow.id }]);
  await codeRow.click();
  await waitFor(`the disagreements to narrow to ${code}`, async () => {
    const now = await session.textOf('[data-testid="disagreement-count"]');
    return now !== all && now.includes('for');
  });
  const [first] = await session.all('[data-testid="disagreement"]');
  if (!first) fail('the agreement view lists no disagreements');
  const label = await first.text();
  await first.click();
  const doc = label.trim().split(/\s+/)[0];
  await waitFor(`the transcript of ${doc} with the disputed turn in view`, () =>
    session.script(`
      const turn = document.querySelector('.turn.focused');
      if (!turn || !document.querySelector('[data-testid="doc-title"]').textContent.includes(arguments[0])) return false;
      const r = turn.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;`, [doc]),
  );
  await sleep(300);
  await session.screenshot(join(SHOTS, 'agreement.png'));
  log(`   opened "${label.replace(/\s+/g, ' ')}"; saved ${join(SHOTS, 'agreement.png')}`);
}

/**
 * Another process writes while the app is open (a script running `braid code`, then `braid undo`):
 * the app notices within its polling interval, shows the new stripe and says it reloaded.
 */
async function externalWrites(session, project, code) {
  log('14b. a script codes 0602 from the command line while the app shows it');
  const shown = spawnSync(CLI, ['show', project, '0602', '--json'], { encoding: 'utf8' });
  if (shown.status !== 0) fail(`braid show failed: ${shown.stderr}`);
  const doc = JSON.parse(shown.stdout);
  const turn = doc.segments.find((s) => s.role === 'respondent' && s.end - s.start > 40);
  if (!turn) fail('0602 has no respondent turn to code from the script');
  // The agreement step left the disputed code (the one coded here) as the stripe filter, so
  // the stripes are counted by coder, not against the transcript's total.
  await (await session.find('[data-testid="tab-codebook"]')).click();
  await openDocument(session, '0602');
  if (await session.one(`${STRIPES}[data-coder="script"]`)) fail('0602 shows a stripe by "script" before the script ran');
  // The script runs as its own user, as a second coder's terminal would.
  const asScript = { encoding: 'utf8', env: { ...process.env, BRAID_USER: 'script' } };
  const coded = spawnSync(CLI, ['code', project, '0602', String(turn.start + 3), String(turn.start + 30), code, '--coder', 'script'], asScript);
  if (coded.status !== 0) fail(`braid code from a second process failed: ${coded.stderr}`);
  await waitFor('the script\'s coding to appear in the open app', () => session.one(`${STRIPES}[data-coder="script"]`), 10_000);
  let last = '';
  const said = await waitFor('the app to say it reloaded a change made elsewhere', async () => {
    last = await session.script('return [document.querySelector(\'[data-testid="status"]\')?.textContent ?? "", document.querySelector(\'[data-testid="error"]\')?.textContent ?? ""].join(" | error: ");');
    return /^Reloaded: 1 change made elsewhere by script /.test(last) ? last.split(' | ')[0] : null;
  }, 10_000).catch((e) => fail(`${e.message}; the status and error read "${last}"`));
  log(`   the stripe appeared; the app says "${said}"`);
  const undone = spawnSync(CLI, ['undo', project], asScript);
  if (undone.status !== 0) fail(`braid undo from a second process failed: ${undone.stderr}`);
  await waitFor('the script\'s coding to leave the open app after its undo', async () => (await session.one(`${STRIPES}[data-coder="script"]`)) === null, 10_000);
  log('   the script\'s undo took the stripe away again');
}

async function codebookAndMatrices(session) {
  const name = 'E2E theme';
  log(`15. adding the code "${name}" in the Codebook tab`);
  await (await session.find('[data-testid="tab-codebook"]')).click();
  const codes = (await session.all('[data-testid="code-item"]')).length;
  await (await session.find('[data-testid="new-code"]')).click();
  await (await session.find('[data-testid="new-code-name"]')).type(name);
  await (await session.find('[data-testid="new-code-submit"]')).click();
  await session.find(`[data-testid="code-item"][data-path="${name}"]`);
  const error = await session.one('[data-testid="error"]');
  if (error) fail(`adding a code failed: ${await error.text()}`);
  const now = (await session.all('[data-testid="code-item"]')).length;
  if (now !== codes + 1) fail(`the codebook went from ${codes} to ${now} codes, not one more`);
  const undo = await waitFor('the Undo tooltip to name the new code', async () => {
    const title = await session.script('return document.querySelector(\'[data-testid="undo"]\').title;');
    return title.includes(`adding code \u201c${name}\u201d`) ? title : null;
  });
  log(`   ${now} codes; Undo says "${undo}"`);
  const [info] = await session.all(`[data-testid="code-item"][data-path="${name}"] + [data-testid="code-info"]`);
  if (!info) fail(`the new code has no edit button`);
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: info.id }]);
  await info.click();
  const editor = await session.find('[data-testid="code-editor"]');
  await session.script('arguments[0].scrollIntoView({ block: "end" });', [{ [ELEMENT]: editor.id }]);
  await sleep(200);
  await session.screenshot(join(SHOTS, 'codebook.png'));

  log('16. opening the Matrices tab: codes \u00d7 an attribute as a heat-map');
  await (await session.find('[data-testid="tab-matrices"]')).click();
  const rows = await waitFor('29 or more crosstab rows', async () => {
    const found = await session.all('[data-testid="crosstab-row"]');
    return found.length >= 29 ? found.length : null;
  });
  const shaded = await session.script(
    'return [...document.querySelectorAll(\'[data-testid="crosstab"] td.heat\')].filter((td) => td.style.backgroundColor).length;',
  );
  if (shaded === 0) fail('no crosstab cell is shaded: the heat-map is blank');
  const cooc = await waitFor('the co-occurrence matrix', async () => (await session.all('[data-testid="cooc-row"]')).length || null);
  log(`   ${rows} code rows, ${shaded} shaded cells; co-occurrence of ${cooc} codes`);

  log('17. clicking a cell lists its segments');
  const [cell] = await session.all('[data-testid="crosstab-cell"]:not([disabled])');
  if (!cell) fail('every crosstab cell is empty');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: cell.id }]);
  await cell.click();
  const segments = await waitFor('the cell\'s segments', async () => (await session.all('[data-testid="cell-segment"]')).length || null);
  log(`   ${segments} segments`);
  await session.script('document.querySelector(\'[data-testid="matrices"] .matrix-scroll\').scrollTop = 0;');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'matrix.png'));
  log(`   saved ${join(SHOTS, 'matrix.png')}`);

  log('18. retrieving the segments coded "Peer support" in the Retrieve tab');
  await (await session.find('[data-testid="tab-retrieve"]')).click();
  // Picking a code adds it as a chip and resets the select, so wait for the chip.
  await (await session.find('[data-testid="retrieve-add-any"] option[value="Peer support"]')).click();
  await session.find('[data-testid="retrieve-chip-any"]');
  await (await session.find('[data-testid="retrieve-submit"]')).click();
  const found = await waitFor('retrieved segments', async () => (await session.all('[data-testid="segment"]')).length || null);
  const [first] = await session.all('[data-testid="segment"]');
  await first.click();
  await session.find('[data-testid="transcript"] .hit-match');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'retrieve.png'));
  log(`   ${found} segments; the first opened in the transcript; saved ${join(SHOTS, 'retrieve.png')}`);

  log(`19. auto-coding the hits of \`teacher\` as "${name}", then Ctrl+Z`);
  await (await session.find('[data-testid="tab-search"]')).click();
  await (await session.find('[data-testid="search-input"]')).type('teacher');
  await (await session.find('[data-testid="search-submit"]')).click();
  await (await session.find('[data-testid="autocode-open"]')).click();
  await selectOption(session, 'autocode-code', name);
  await (await session.find('[data-testid="autocode-unit-match"]')).click();
  await (await session.find('[data-testid="autocode-preview"]')).click();
  const summary = await session.textOf('[data-testid="autocode-summary"]');
  await sleep(200);
  await session.screenshot(join(SHOTS, 'autocode.png'));
  await (await session.find('[data-testid="autocode-apply"]')).click();
  await waitFor('the auto-code dialog to close', async () => (await session.one('[data-testid="autocode-dialog"]')) === null);
  const applied = await waitFor('the Undo tooltip to name the auto-coding', async () => {
    const title = await session.script('return document.querySelector(\'[data-testid="undo"]\').title;');
    return title.includes('auto-coding') ? title : null;
  });
  await session.script('document.activeElement?.blur();');
  await session.press(CTRL, 'z');
  const redo = await waitFor('the Redo tooltip to offer the auto-coding back', async () => {
    const title = await session.script('return document.querySelector(\'[data-testid="redo"]\').title;');
    return title.includes('auto-coding') ? title : null;
  });
  const said = await session.script('return document.querySelector(\'[data-testid="coding-context"]\')?.textContent.trim();');
  if (!said?.startsWith('Undid auto-coding')) fail(`after Ctrl+Z the app says "${said}"`);
  log(`   preview: ${summary}; Undo said "${applied}"; after Ctrl+Z, Redo says "${redo}"`);

  log('20. writing a project memo in the Memos tab');
  await (await session.find('[data-testid="tab-memos"]')).click();
  await (await session.find('[data-testid="memo-list"][data-target="project"] [data-testid="memo-add"]')).click();
  await (await session.find('[data-testid="memo-body"]')).type('Teachers come up in every school.');
  await (await session.find('[data-testid="memo-save"]')).click();
  const memo = await waitFor('the memo in the project list', async () => {
    const [m] = await session.all('[data-testid="memo-list"][data-target="project"] [data-testid="memo"]');
    return m ? m.text() : null;
  });
  if (!memo.includes('Teachers come up')) fail(`the project memo reads "${memo}"`);
  await sleep(200);
  await session.screenshot(join(SHOTS, 'memos.png'));
  log(`   saved ${join(SHOTS, 'memos.png')}`);
}

async function surveyScenario(session) {
  log('21. Survey tab: building the Table 4 model 1 formula in the model builder');
  await (await session.find('[data-testid="tab-survey"]')).click();
  await session.find('[data-testid="survey-dataset"] option[value="survey"]');
  await (await session.find('[data-testid="survey-view-model"]')).click();
  await selectOption(session, 'mb-outcome', 'depression');
  await selectOption(session, 'mb-focal', 'migration');
  await selectOption(session, 'mb-ref', 'none');
  await selectOption(session, 'mb-moderator', 'belonging');
  for (const c of ['girl', 'age', 'grade', 'siblings', 'korean', 'mother_edu', 'father_edu']) {
    const box = await session.find(`[data-testid="mb-control-${c}"]`);
    await box.click();
  }
  const sameSample = await session.find('[data-testid="mb-same-sample"]');
  await waitFor('the same-sample checkbox to be enabled', () =>
    session.script('return !document.querySelector(\'[data-testid="mb-same-sample"]\').disabled;'),
  );
  await sameSample.click();
  // The survey also holds the interviewed children's own rows (sample=interview): the paper's
  // models are fitted on the questionnaires alone.
  await (await session.find('[data-testid="mb-subset"]')).type('sample=questionnaire');
  const expected = 'depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu';
  const formula = await waitFor('the builder to show the Table 4 model 1 formula', async () => {
    const f = await session.script('return document.querySelector(\'[data-testid="mb-formula"]\').value;');
    return f === expected ? f : null;
  });
  log(`   formula: ${formula}`);

  log('22. fitting it: the interaction term is shown and N = 605');
  await (await session.find('[data-testid="mb-fit"]')).click();
  const terms = await waitFor('the coefficient table', async () => {
    const found = await session.script(
      'return [...document.querySelectorAll(\'[data-testid="coef-term"]\')].map((td) => td.textContent.trim());',
    );
    return found.length ? found : null;
  });
  if (!terms.includes('migration[mother]:belonging')) fail(`no migration[mother]:belonging row among ${terms.join(', ')}`);
  const n = (await session.textOf('[data-testid="fit-n"]')).trim();
  if (n !== '605') fail(`the fit reports N = ${n}, not 605`);
  await session.find('[data-testid="probe-plot"] svg');
  const jn = await session.textOf('[data-testid="probe-jn"]');
  log(`   ${terms.length} terms, N = ${n}; ${jn}`);
  await selectOption(session, 'probe-level', 'mother');
  const jnMother = await waitFor('the probe of migration[mother]', async () => {
    const text = await session.textOf('[data-testid="probe-jn"]');
    return text.includes('migration[mother]') ? text : null;
  });
  log(`   ${jnMother}`);
  // Show the results: the coefficient table, N and R² below it.
  await session.script('document.querySelector(\'[data-testid="fit-result"]\').scrollIntoView({ block: "start" });');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'survey.png'));
  await session.script('document.querySelector(\'[data-testid="probe"]\').scrollIntoView({ block: "start" });');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'survey-probe.png'));
  log(`   saved ${join(SHOTS, 'survey.png')} and survey-probe.png`);

  log('23. saved models: tick two, see the publication table, export it as Markdown');
  await (await session.find('[data-testid="survey-view-saved"]')).click();
  const checks = await waitFor('14 saved models', async () => {
    const found = await session.all('[data-testid="saved-model-check"]');
    return found.length >= 14 ? found : null;
  });
  for (const box of checks.slice(0, 2)) {
    await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: box.id }]);
    await box.click();
  }
  const table = await session.textOf('[data-testid="models-table"] table');
  if (!table.includes('Table 2 model 1')) fail('the publication table does not name Table 2 model 1');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'survey-table.png'));
  await (await session.find('[data-testid="table-export-markdown"]')).click();
  const md = await waitFor('the Markdown export', () =>
    session.script('return document.querySelector(\'[data-testid="text-modal-text"]\')?.value;'),
  );
  if (!md.includes('|')) fail('the Markdown export has no table');
  await session.press('\uE00C');
  await waitFor('the export modal to close', async () => (await session.one('[data-testid="text-modal"]')) === null);
  log(`   table of two models; Markdown export of ${md.split('\n').length} lines; saved survey-table.png`);

  log('24. Table 1 by migration and Cronbach\'s alpha of dep1..dep6');
  await (await session.find('[data-testid="survey-view-table1"]')).click();
  await selectOption(session, 'describe-group', 'migration');
  await (await session.find('[data-testid="describe-subset"]')).type('sample=questionnaire');
  for (const v of ['depression', 'girl']) await (await session.find(`[data-testid="describe-var-${v}"]`)).click();
  await (await session.find('[data-testid="describe-run"]')).click();
  await session.find('[data-testid="describe-table"] table');
  await sleep(200);
  await session.screenshot(join(SHOTS, 'survey-table1.png'));
  await (await session.find('[data-testid="survey-view-alpha"]')).click();
  for (const v of ['dep1', 'dep2', 'dep3', 'dep4', 'dep5', 'dep6']) await (await session.find(`[data-testid="alpha-item-${v}"]`)).click();
  await (await session.find('[data-testid="alpha-subset"]')).type('sample=questionnaire');
  await (await session.find('[data-testid="alpha-run"]')).click();
  const alpha = await session.textOf('[data-testid="alpha-value"]');
  log(`   Table 1 shown; ${alpha}`);
}

/**
 * Select `phrase` in the open transcript, as a mouse drag would, with its turn in view. The phrase
 * may run over several pieces of a turn (codings cut the text into pieces).
 */
function selectPhrase(session, phrase) {
  return session.script(`
    const phrase = arguments[0];
    for (const said of document.querySelectorAll('[data-testid="turn"] .said')) {
      const walker = document.createTreeWalker(said, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, from: text.length });
        text += n.data;
      }
      const at = text.indexOf(phrase);
      if (at < 0) continue;
      said.closest('[data-testid="turn"]').scrollIntoView({ block: 'center' });
      // The text node holding a boundary: the start's node begins at or before it, the end's before it.
      const start = [...nodes].reverse().find((n) => n.from <= at);
      const end = nodes.find((n) => n.from < at + phrase.length && at + phrase.length <= n.from + n.node.data.length);
      const range = document.createRange();
      range.setStart(start.node, at - start.from);
      range.setEnd(end.node, at + phrase.length - end.from);
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return { text: range.toString(), turn: Number(said.closest('[data-testid="turn"]').dataset.start) };
    }
    return null;`, [phrase]);
}

/**
 * The local assist: similar passages of a selection, code suggestions in the palette (offered,
 * never applied), and a search by meaning. `braid assist` embedded the demo before the app started.
 */
async function assistScenario(session) {
  const phrase = "I don't tell my friends how much I miss my mom";
  log(`24d. Similar passages on 0602's “I don't tell my friends…” lists another child's turn about keeping the mother's absence from friends among its first five hits`);
  await (await session.find('[data-testid="tab-codebook"]')).click();
  const stripes = await openDocument(session, '0602');
  // The Search tab is hidden: read the note's text, not what is rendered.
  let note = '';
  await waitFor('the assist note in the Search tab', async () => {
    note = await session.script('return document.querySelector(\'[data-testid="assist-note"]\')?.textContent.trim() ?? "";');
    return note.startsWith('Assist: runs on this machine');
  }).catch((e) => fail(`${e.message}; the note reads "${note}"`));
  log(`   the Search tab says: ${note}`);
  const picked = await selectPhrase(session, phrase);
  if (!picked) fail(`0602 has no turn with "${phrase}"`);
  const bar = await session.textOf('[data-testid="selection"]');
  if (!bar.includes('tell my friends') || !bar.includes(`${[...phrase].length} characters`)) fail(`the coding bar shows "${bar}", not the selection "${picked.text}"`);
  const asked = Date.now();
  await (await session.find('[data-testid="similar-passages"]')).click();
  const head = await session.textOf('[data-testid="similar-results"] .similar-title');
  if (!head.startsWith('Passages like “I don')) fail(`the similar results are headed "${head}"`);
  // The app embeds the project in the background when it opens; `braid assist` made that instant.
  const hits = await waitFor('similar passages', () =>
    session.script(`
      const error = document.querySelector('[data-testid="similar-error"]');
      if (error) return { error: error.textContent };
      const hits = [...document.querySelectorAll('[data-testid="similar-hit"]')];
      return hits.length ? hits.map((h) => ({
        document: h.dataset.document,
        score: Number(h.dataset.score),
        attrs: h.querySelector('[data-testid="hit-attrs"]').textContent.replace(/\\s+/g, ' ').trim(),
      })) : null;`),
    120_000,
  );
  if (hits.error) fail(`Similar passages failed: ${hits.error}`);
  const five = hits.slice(0, 5);
  log(`   ${hits.length} hits in ${Date.now() - asked} ms; the first five: ${five.map((h) => `${h.document} ${h.score.toFixed(3)}`).join(', ')}`);
  if (five.some((h) => h.document === '0602' && h.score > 0.999)) fail('the passage found its own turn');
  const child = five.find((h) => h.document !== '0602' && /\btype:?\s+child\b/i.test(h.attrs));
  if (!child) fail(`no other child's turn among the first five: ${JSON.stringify(five)}`);
  if (!five.some((h) => h.document === '0605')) fail(`0605 ("it's not something you talk about with friends") is not among the first five: ${five.map((h) => h.document).join(', ')}`);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'assist-similar.png'));
  log(`   0605 among them, and ${child.document} (${child.attrs}); saved assist-similar.png`);

  log('24e. the palette on that selection suggests codes, Peer support/Selective sharing among them; closed without coding');
  await session.press(CTRL, 'k');
  await session.find('[data-testid="palette-input"]');
  const suggested = await waitFor('the palette\'s suggestions', () =>
    session.script(`
      const found = [...document.querySelectorAll('[data-testid="palette-suggestion"]')];
      return found.length ? found.map((s) => ({ code: s.dataset.code, title: s.title })) : null;`),
    60_000,
  );
  log(`   suggested: ${suggested.map((s) => s.code).join(' · ')}`);
  const selective = suggested.find((s) => s.code === 'Peer support/Selective sharing');
  if (!selective) fail(`Peer support/Selective sharing is not among the suggestions: ${suggested.map((s) => s.code).join(', ')}`);
  if (!/\(\d{4}, coded by /.test(selective.title)) fail(`the suggestion's evidence does not name its codings: ${JSON.stringify(selective.title)}`);
  log(`   its evidence: ${selective.title.split('\n').slice(1).join(' | ')}`);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'assist-suggest.png'));
  await session.press('\uE00C');
  await waitFor('the palette to close', async () => (await session.one('[data-testid="palette"]')) === null);
  await settledStripes(session, stripes);
  log(`   closed with Escape; 0602 still shows ${stripes} stripes; saved assist-suggest.png`);

  log('24f. a search by meaning for `keep it to myself`');
  await (await session.find('[data-testid="tab-search"]')).click();
  const input = await session.find('[data-testid="search-input"]');
  await session.script('arguments[0].value = ""; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));', [{ [ELEMENT]: input.id }]);
  await input.type('keep it to myself');
  const box = await session.find('[data-testid="search-semantic"]');
  if (await session.script('return document.querySelector(\'[data-testid="search-semantic"]\').disabled;')) fail('the "By meaning" checkbox is disabled');
  await box.click();
  await (await session.find('[data-testid="search-submit"]')).click();
  const first = await waitFor('the hits of the search by meaning', () =>
    session.script(`
      const error = document.querySelector('[data-testid="search-error"]');
      if (error) return { error: error.textContent };
      const head = document.querySelector('[data-testid="total"]');
      const hit = document.querySelector('[data-testid="hit"]');
      if (!head || !head.textContent.includes('by words and meaning') || !hit) return null;
      return { total: head.textContent.replace(/\\s+/g, ' ').trim(), hits: document.querySelectorAll('[data-testid="hit"]').length, text: hit.querySelector('.snippet').textContent.trim(), who: hit.querySelector('.hit-informant').textContent };`),
    60_000,
  );
  if (first.error) fail(`the search by meaning failed: ${first.error}`);
  log(`   ${first.hits} hits (${first.total}); the first, ${first.who}: ${first.text.slice(0, 100)}…`);
  // Leave the pane as the later steps expect it: a search by words.
  await box.click();
  await session.script('arguments[0].value = ""; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));', [{ [ELEMENT]: input.id }]);
}

async function casesScenario(session) {
  log('24a. Survey tab: the survey is linked to 18 interviewed children; pick the worst-explained linked case of Table 4 model 1 and open its transcript');
  await (await session.find('[data-testid="tab-survey"]')).click();
  await session.find('[data-testid="survey-dataset"] option[value="survey"]');
  await selectOption(session, 'survey-dataset', 'survey');
  await (await session.find('[data-testid="survey-view-cases"]')).click();
  const status = await waitFor('the link status to count 18 linked informants', async () => {
    const text = await session.textOf('[data-testid="link-status"]');
    return /\b18 informants linked\b/.test(text) ? text.replace(/\s+/g, ' ').trim() : null;
  });
  log(`   ${status}`);
  await selectOption(session, 'cases-model', 'Table 4 model 1');
  await selectOption(session, 'cases-by', 'residual');
  const interviewed = await session.find('[data-testid="cases-interviewed"]');
  if (!(await session.script('return document.querySelector(\'[data-testid="cases-interviewed"]\').checked;'))) await interviewed.click();
  await (await session.find('[data-testid="cases-run"]')).click();
  const cases = await waitFor('the picked cases', () =>
    session.script(`
      const rows = [...document.querySelectorAll('[data-testid="case-row"]')];
      return rows.length ? rows.map((r) => ({ informant: r.dataset.informant, extreme: r.dataset.extreme, residual: r.querySelector('.residual').textContent.trim() })) : null;`),
  );
  const error = await session.one('[data-testid="cases-error"]');
  if (error) fail(`picking cases failed: ${await error.text()}`);
  const worst = cases[0];
  if (worst.extreme !== 'high' || !worst.informant) fail(`the first case is not an interviewed high-end case: ${JSON.stringify(worst)}`);
  const lone = cases.find((c) => !c.informant);
  if (lone) fail(`"interviewed only" listed a respondent who was not interviewed: ${JSON.stringify(lone)}`);
  const high = cases.filter((c) => c.extreme === 'high').length;
  log(`   ${cases.length} cases (${high} above the prediction, ${cases.length - high} below); the worst explained is ${worst.informant}, residual ${worst.residual}`);
  const open = await session.find('[data-testid="case-row"][data-extreme="high"] [data-testid="case-open"]');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: open.id }]);
  await open.click();
  await waitFor(`the transcript of ${worst.informant}`, async () => {
    const title = await session.one('[data-testid="doc-title"]');
    return title && (await title.text()).includes(worst.informant);
  });
  await session.script('document.querySelector(\'[data-testid="survey-cases"]\').scrollIntoView({ block: "start" });');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'survey-cases.png'));
  log(`   the transcript of ${worst.informant} is open; saved ${join(SHOTS, 'survey-cases.png')}`);

  log('24b. codes as variables: Peer distraction becomes a column of the survey, offered in the model builder, and is removed again');
  const code = 'Peer support/Peer distraction';
  await (await session.find(`[data-testid="codevar-codes-add"] option[value="${code}"]`)).click();
  await waitFor(`the chip of ${code}`, async () => (await session.all('[data-testid="codevar-codes-chip"]')).length === 1);
  await selectOption(session, 'codevar-measure', 'presence');
  await (await session.find('[data-testid="codevar-add"]')).click();
  const column = await waitFor('the new code variable', () =>
    session.script('return document.querySelector(\'[data-testid="codevar-row"] code\')?.textContent ?? null;'),
  );
  await session.find(`[data-testid="mb-control-${column}"]`);
  await (await session.find('[data-testid="codevar-remove"]')).click();
  await waitFor(`${column} to be gone from the list and the model builder`, async () =>
    !(await session.one('[data-testid="codevar-row"]')) && !(await session.one(`[data-testid="mb-control-${column}"]`)),
  );
  log(`   ${code} became the column ${column} (a control in the model builder), then was removed`);

  log('24c. Triangulate tab: the case-ordered display of the children by depression');
  await (await session.find('[data-testid="tab-triangulate"]')).click();
  await (await session.find('[data-testid="tri-view-cases"]')).click();
  const rows = await waitFor('18 case rows', () =>
    session.script(`
      const rows = [...document.querySelectorAll('[data-testid="case-display-row"]')];
      if (rows.length !== 18) return null;
      // The sorted column's value in each row: its header is marked \`sorted\`.
      const at = [...document.querySelectorAll('[data-testid="case-display"] thead th')].findIndex((th) => th.classList.contains('sorted'));
      return rows.map((r) => ({ informant: r.dataset.informant, value: at < 0 ? null : r.children[at].textContent.trim(), quotes: r.querySelectorAll('[data-testid="case-quote"]').length }));`),
  );
  const sortedBy = await session.script('return document.querySelector(\'[data-testid="cases-sort"]\').value;');
  if (sortedBy !== 'depression') fail(`the case display is sorted by ${sortedBy}, not depression`);
  if (rows[0].informant !== '0602' || rows[0].value !== '24') fail(`the first case is ${rows[0].informant} (depression ${rows[0].value}), not 0602 (24)`);
  const quoted = rows.reduce((n, r) => n + r.quotes, 0);
  if (!quoted) fail('the case display shows no quotes');
  await sleep(300);
  await session.screenshot(join(SHOTS, 'triangulate-cases.png'));
  const quote = await session.find('[data-testid="case-display-row"][data-informant="0602"] [data-testid="case-quote"]');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: quote.id }]);
  await quote.click();
  await waitFor('the transcript of 0602 with the quote highlighted', () =>
    session.script(`
      const mark = document.querySelector('[data-testid="transcript"] .hit-match');
      return !!mark && document.querySelector('[data-testid="doc-title"]')?.textContent.includes('0602');`),
  );
  log(`   ${rows.length} children, ${rows.map((r) => `${r.informant} ${r.value}`).slice(0, 4).join(', ')}, …; ${quoted} quotes; a quote of 0602 opened; saved triangulate-cases.png`);
}

const H3 = '[data-testid="display-row"][data-title="H3 Peer support"]';

/** The H3 row's fit label as the display shows it (its `data-fit`), once the row is there. */
function h3Fit(session) {
  return session.script(`return document.querySelector('${H3} [data-testid="fit-label"]')?.dataset.fit ?? null;`);
}

/** Open the Triangulate tab on its side-by-side display and wait for the H3 row. */
async function openBoard(session) {
  await (await session.find('[data-testid="tab-triangulate"]')).click();
  await (await session.find('[data-testid="tri-view-display"]')).click();
  await session.find(H3);
}

async function triangulationScenario(session) {
  log('25. Triangulate tab: the side-by-side joint display has a row for H3 Peer support');
  await openBoard(session);
  const row = await waitFor('the H3 row with its cells and quotes', () =>
    session.script(`
      const row = document.querySelector('${H3}');
      const norm = (t) => t.replace(/\u2212/g, '-').replace(/[\u2018\u2019]/g, "'").replace(/\\s+/g, ' ').trim();
      const cells = [...row.querySelectorAll('[data-testid="quant-cell"]')].map((c) => ({
        source: c.dataset.source,
        text: norm(c.textContent),
        value: norm(c.querySelector('[data-testid="quant-value"]').textContent),
      }));
      const quotes = [...row.querySelectorAll('[data-testid="quote"]')].map((q) => ({ informant: q.dataset.informant, text: norm(q.textContent) }));
      const fit = row.querySelector('[data-testid="fit-label"]').dataset.fit;
      return cells.length && quotes.length ? { cells, quotes, fit } : null;`),
  );
  const printed = row.cells.filter((c) => c.source === 'published').map((c) => c.value);
  for (const want of ['-4.383**', '-3.645**', '-1.975*']) {
    if (!printed.some((v) => v.startsWith(`${want} (`))) fail(`no published cell of H3 reads ${want}; the published cells read ${JSON.stringify(printed)}`);
  }
  const fits = row.cells.filter((c) => c.source === 'fit');
  if (!fits.some((c) => c.text.startsWith('Braid fit'))) fail(`H3 has no Braid fit cell; its cells read ${JSON.stringify(row.cells.map((c) => c.text))}`);
  const exemplar = row.quotes.find(
    (q) => (q.informant === '0803' && q.text.includes("I miss my mom is showing them I'm weak")) || q.informant === '0602',
  );
  if (!exemplar) fail(`H3 has no exemplar quote of 0803 or 0602; its quotes are by ${row.quotes.map((q) => q.informant).join(', ')}`);
  if (row.fit !== 'expansion') fail(`H3's fit label is "${row.fit}", not the paper's expansion`);
  log(`   published ${printed.join(', ')}; ${fits.length} Braid fit cells; quote of ${exemplar.informant}: ${exemplar.text.slice(0, 60)}…`);

  log('26. editing H3: fit label discordance, saved');
  const edit = await session.find(`${H3} [data-testid="display-row-edit"]`);
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: edit.id }]);
  await edit.click();
  await waitFor('the editor of H3', () =>
    session.script('return document.querySelector(\'[data-testid="finding-title"]\')?.value === "H3 Peer support";'),
  );
  // WebKitWebDriver does not scroll nested scroll areas to an element before clicking it.
  await session.script('document.querySelector(\'[data-testid="fit-picker"]\').scrollIntoView({ block: "center" });');
  await selectOption(session, 'fit-picker', 'discordance');
  await waitFor('the editor to see an unsaved change', async () => (await session.textOf('[data-testid="finding-state"]')) === 'Unsaved changes');
  await (await session.find('[data-testid="finding-save"]')).click();
  await waitFor('the editor to say Saved', async () => (await session.textOf('[data-testid="finding-state"]')) === 'Saved');
  const error = await session.one('[data-testid="tri-error"]');
  if (error) fail(`saving H3 failed: ${await error.text()}`);
  // The save is one undo step, named in the Undo button's tooltip.
  const undo = await waitFor('the Undo tooltip to name the edit', async () => {
    const title = await session.script('return document.querySelector(\'[data-testid="undo"]\').title;');
    return title.includes('finding “H3 Peer support”') ? title : null;
  });
  await sleep(300);
  await session.screenshot(join(SHOTS, 'triangulation-editor.png'));
  log(`   Undo says "${undo}"; saved ${join(SHOTS, 'triangulation-editor.png')}`);
}

async function triangulationAfterRestart(session) {
  log('27. after the restart: H3 is still discordance; Ctrl+Z brings back expansion');
  await openBoard(session);
  const kept = await waitFor('the H3 fit label', () => h3Fit(session));
  if (kept !== 'discordance') fail(`after the restart H3's fit label is "${kept}", not discordance`);

  log('28. clicking an H3 quote opens its transcript at the excerpt');
  const [quote] = await session.all(`${H3} [data-testid="quote"]`);
  const informant = await session.script('return arguments[0].dataset.informant;', [{ [ELEMENT]: quote.id }]);
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: quote.id }]);
  await quote.click();
  await waitFor(`the transcript of ${informant} with the quote highlighted in view`, () =>
    session.script(`
      const mark = document.querySelector('[data-testid="transcript"] .hit-match');
      if (!mark || !document.querySelector('[data-testid="doc-title"]')?.textContent.includes(arguments[0])) return false;
      const r = mark.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;`, [informant]),
  );

  log('29. Ctrl+Z undoes the edit: H3 is expansion again');
  await session.script('document.activeElement?.blur();');
  await session.press(CTRL, 'z');
  await waitFor('H3 to read expansion again', async () => (await h3Fit(session)) === 'expansion');
  let said = '';
  await waitFor('the app to say what it undid', async () => {
    said = await session.script('return document.querySelector(\'[data-testid="status"]\')?.textContent ?? "";');
    return /^Undid editing finding “H3 Peer support”/.test(said);
  }).catch((e) => fail(`${e.message}; after Ctrl+Z the app says "${said}"`));
  const label = await session.textOf(`${H3} [data-testid="fit-label"]`);
  log(`   H3 reads ${label}; the app says "${said}"`);

  log(`30. saving a screenshot of the board to ${join(SHOTS, 'triangulation.png')}`);
  await session.script(`document.querySelector('${H3}').scrollIntoView({ block: 'start' });`);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'triangulation.png'));

  log('31. the other displays: statistics by theme and the framework matrix of the findings\' codes');
  await (await session.find('[data-testid="tri-view-themes"]')).click();
  const themes = await waitFor('theme rows', async () => (await session.all('[data-testid="theme-stats"] [data-testid="theme-row"]')).length || null);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'triangulation-themes.png'));
  await (await session.find('[data-testid="tri-view-framework"]')).click();
  const rows = await waitFor('framework rows', async () => (await session.all('[data-testid="framework-matrix"] [data-testid="framework-row"]')).length || null);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'triangulation-framework.png'));
  log(`   ${themes} codes by migration; ${rows} framework rows by type; saved triangulation-themes.png and triangulation-framework.png`);

  log('32. Link… on a search hit: its first match becomes an H3 exemplar (coded with H3\'s first theme), then Ctrl+Z');
  await (await session.find('[data-testid="tri-view-display"]')).click();
  const before = await session.script(`return document.querySelectorAll('${H3} [data-testid="quote"]').length;`);
  const uuid = await session.script(`return document.querySelector('${H3}').dataset.finding;`);
  await (await session.find('[data-testid="tab-search"]')).click();
  const query = await session.find('[data-testid="search-input"]');
  await query.type('"best friend"');
  await (await session.find('[data-testid="search-submit"]')).click();
  const link = await waitFor('a hit with a Link… button', () => session.one('[data-testid="hit-link"]'));
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: link.id }]);
  await link.click();
  const radio = await session.find(`[data-testid="link-finding"][value="${uuid}"]`);
  await radio.click();
  const code = await waitFor('the code offered for H3', async () => {
    const value = await session.script('return document.querySelector(\'[data-testid="link-code"]\')?.value;');
    return value || null;
  });
  await (await session.find('[data-testid="link-submit"]')).click();
  await waitFor('the Link button to say Linked', async () => (await session.textOf('[data-testid="hit-link"]')).includes('Linked'));
  await (await session.find('[data-testid="tab-triangulate"]')).click();
  await waitFor(`H3 to show ${before + 1} quotes`, () =>
    session.script(`return document.querySelectorAll('${H3} [data-testid="quote"]').length === arguments[0];`, [before + 1]),
  );
  await session.script('document.activeElement?.blur();');
  await session.press(CTRL, 'z');
  await waitFor(`H3 to be back to ${before} quotes`, () =>
    session.script(`return document.querySelectorAll('${H3} [data-testid="quote"]').length === arguments[0];`, [before]),
  );
  log(`   linked as ${code}: H3 had ${before + 1} quotes, ${before} again after Ctrl+Z`);
}

/**
 * Keyword in context: a search's matches as a concordance, sorted by the word after, and a line
 * opened in its transcript with the match highlighted.
 */
async function kwicScenario(session) {
  log('33. Search `mother` and show the hits "In context"');
  await (await session.find('[data-testid="tab-search"]')).click();
  const input = await session.find('[data-testid="search-input"]');
  await session.script('arguments[0].value = ""; arguments[0].dispatchEvent(new Event("input", { bubbles: true }));', [{ [ELEMENT]: input.id }]);
  const before = await session.script('return document.querySelector(\'[data-testid="total"]\')?.textContent ?? "";');
  await input.type('mother');
  await (await session.find('[data-testid="search-submit"]')).click();
  await waitFor('the results of the new search', async () =>
    session.script('return (document.querySelector(\'[data-testid="total"]\')?.textContent ?? "") !== arguments[0];', [before]),
  );
  const toggle = await session.find('[data-testid="view-kwic"]');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: toggle.id }]);
  await toggle.click();
  await session.find('[data-testid="kwic"]');
  await selectOption(session, 'kwic-sort', 'right');
  // The lines re-sort when the answer for the new order arrives: wait for it, not the first answer.
  await session.find('[data-testid="kwic"] ol[data-sort="right"]');
  const lines = await session.script(
    `return [...document.querySelectorAll('[data-testid="kwic-line"]')].map((l) => [l.querySelector('.kwic-key').textContent, l.querySelector('.kwic-right').textContent]);`,
  );
  if (lines.length <= 5) fail(`only ${lines.length} concordance lines for "mother"`);
  if (!lines.every(([key]) => key.toLowerCase() === 'mother')) fail(`a concordance line's match is not "mother": ${JSON.stringify(lines.slice(0, 5))}`);
  // As the core sorts: from the first word on, ignoring the punctuation right after the match.
  const rights = lines.map(([, r]) => r.replace(/^[^\p{L}\p{N}]+/u, '').toLowerCase());
  if (!rights.every((r, i) => i === 0 || rights[i - 1] <= r)) fail(`the lines are not sorted by the words after: ${JSON.stringify(rights.slice(0, 8))}`);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'kwic.png'));
  log(`   ${lines.length} lines, sorted by the words after; saved kwic.png`);

  log('34. opening a line highlights its match in the transcript');
  const line = (await session.all('[data-testid="kwic-line"]'))[3];
  await line.click();
  const marked = await waitFor('the match highlighted', async () => {
    const marks = await session.all('[data-testid="transcript"] .hit-match');
    return marks.length ? (await marks[0].text()).trim() : null;
  });
  if (marked.toLowerCase() !== 'mother') fail(`the transcript highlights "${marked}", not the match`);
  await (await session.find('[data-testid="view-turns"]')).click();
}

/**
 * Import: from the documents pane, add a transcript by path (the native file dialog cannot be
 * driven), first a file that does not exist, which is refused whole with its name, then a real
 * one; the new document appears in the list and the header's counts.
 */
async function importScenario(session) {
  const good = join(ROOT, 'tests', 'data', 'mini', 'A01.md');
  const missing = join(ROOT, 'tests', 'data', 'mini', 'no-such-transcript.md');
  log('35. Import transcripts…: a missing file is refused with its name, and nothing is imported');
  const opener = await session.find('[data-testid="import-open"]');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: opener.id }]);
  await opener.click();
  const path = await session.find('[data-testid="import-path"]');
  await path.type(missing);
  await (await session.find('[data-testid="import-add"]')).click();
  await (await session.find('[data-testid="import-run"]')).click();
  const refused = await session.textOf('[data-testid="import-error"]');
  if (!refused.includes('no-such-transcript.md')) fail(`the import error does not name the file: ${refused}`);
  if (!(await session.textOf('[data-testid="doc-count"]')).includes('of 41')) fail('a refused import changed the documents');
  log(`   refused: ${refused.slice(0, 120)}`);

  log('36. remove it, add a real transcript with front matter, import it');
  await (await session.find('[aria-label="Remove no-such-transcript.md"]')).click();
  await (await session.find('[data-testid="import-path"]')).type(good);
  await (await session.find('[data-testid="import-add"]')).click();
  await (await session.find('[data-testid="import-run"]')).click();
  const report = await session.textOf('[data-testid="import-report"]');
  if (!report.startsWith('1 transcript imported')) fail(`unexpected import report: ${report}`);
  await sleep(300);
  await session.screenshot(join(SHOTS, 'import.png'));
  await (await session.find('[data-testid="import-done"]')).click();
  await waitFor('42 documents in the list', async () => (await session.textOf('[data-testid="doc-count"]')).includes('42 of 42'));
  await waitFor('the new document A01 in the list', async () =>
    session.script('return [...document.querySelectorAll(\'[data-testid="doc-item"]\')].some((e) => e.textContent.includes("A01"));'),
  );
  const header = await session.textOf('[data-testid="project"]');
  if (!header.includes('42 documents')) fail(`the header still shows the old counts: ${header}`);
  log(`   ${report}; the list and the header show 42 documents`);
}

async function refiScenario(session, tmp) {
  const archive = join(tmp, 'study.qdpx');
  const project = join(tmp, 'from-qdpx.braid');
  log('37. Export .qdpx…: the open project goes out as a REFI-QDA project');
  await (await session.find('[data-testid="refi-open"]')).click();
  await (await session.find('[data-testid="refi-archive"]')).type(archive);
  await (await session.find('[data-testid="refi-run"]')).click();
  const wrote = await waitFor('the export report', async () => {
    const r = await session.one('[data-testid="refi-report"]');
    return r ? r.text() : null;
  });
  if (!wrote.includes('42 documents') || !wrote.includes('Left out')) fail(`unexpected export report: ${wrote}`);
  if (!existsSync(archive)) fail(`${archive} was not written`);
  await session.screenshot(join(SHOTS, 'qdpx-export.png'));
  await (await session.find('[data-testid="refi-close"]')).click();
  log(`   ${wrote.slice(0, 140)}`);

  log('38. Import .qdpx…: it becomes a new project, opened, with its codings');
  await (await session.find('[data-testid="refi-open"]')).click();
  await (await session.find('[data-testid="refi-mode-import"]')).click();
  await (await session.find('[data-testid="refi-archive"]')).type(archive);
  await (await session.find('[data-testid="refi-project"]')).type(project);
  await (await session.find('[data-testid="refi-run"]')).click();
  const read = await waitFor('the import report', async () => {
    const r = await session.one('[data-testid="refi-report"]');
    return r ? r.text() : null;
  });
  if (!read.includes('42 documents')) fail(`unexpected import report: ${read}`);
  await (await session.find('[data-testid="refi-close"]')).click();
  await waitFor('the new project in the header', async () => (await session.textOf('[data-testid="project"]')).includes('from-qdpx'));
  const stripes = await openDocument(session, '0602');
  await session.screenshot(join(SHOTS, 'qdpx-import.png'));
  log(`   ${read.slice(0, 120)}; 0602 shows ${stripes} coding stripes in the new project`);
}

/** A mono 16-bit WAV of a 440 Hz tone, `seconds` long, made here so that no recording is committed. */
function toneWav(file, seconds, rate = 8000) {
  const n = seconds * rate;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 6000), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([head, data]));
}

async function mediaScenario(session, tmp) {
  const transcript = join(tmp, 'R99.txt');
  writeFileSync(
    transcript,
    '[00:00:01] I: Who do you talk to when you miss your mom?\n[00:00:05] R: My grandmother. She listens.\n\n' +
      '[00:00:12] I: And at school?\n[00:00:15] R: My deskmate. We play basketball after class.\n',
  );
  toneWav(join(tmp, 'R99.wav'), 30);
  log('39. import a timed transcript with its recording beside it; the dialog offers the recording and links it');
  const opener = await session.find('[data-testid="import-open"]');
  await session.script('arguments[0].scrollIntoView({ block: "center" });', [{ [ELEMENT]: opener.id }]);
  await opener.click();
  await (await session.find('[data-testid="import-path"]')).type(transcript);
  await (await session.find('[data-testid="import-add"]')).click();
  await (await session.find('[data-testid="import-run"]')).click();
  const offered = await session.textOf('[data-testid="import-recordings"]');
  if (!offered.includes('R99.wav')) fail(`the import did not offer R99.wav: ${offered}`);
  await (await session.find('[data-testid="import-link-recordings"]')).click();
  const linked = await session.textOf('[data-testid="import-linked"]');
  if (!linked.startsWith('Linked 1 recording')) fail(`unexpected link report: ${linked}`);
  await (await session.find('[data-testid="import-done"]')).click();
  log(`   ${linked}`);

  log('40. open R99: each turn shows its time; a click on 00:00:12 plays from there');
  await openDocument(session, 'R99', 0);
  await session.find('[data-testid="media-element"]');
  const times = await session.script('return [...document.querySelectorAll(\'[data-testid="turn-time"]\')].map((b) => b.textContent.trim());');
  if (times.join(' ') !== '00:00:01 00:00:05 00:00:12 00:00:15') fail(`unexpected turn times: ${times.join(' ')}`);
  const said = await session.textOf('[data-testid="turn"]:nth-child(1) .said');
  if (said.includes('[00:00:01]')) fail(`the timestamp was left in the text: ${said}`);
  await waitFor('the recording to load', () =>
    session.script('const m = document.querySelector(\'[data-testid="media-element"]\'); return m.readyState >= 1 && Math.abs(m.duration - 30) < 0.5;'),
  );
  const third = (await session.all('[data-testid="turn-time"]'))[2];
  await third.click();
  const at = await waitFor('the player to jump to 12 s', async () => {
    const t = await session.script('return document.querySelector(\'[data-testid="media-element"]\').currentTime;');
    return t >= 11.9 && t < 14 ? t : null;
  });
  await waitFor('the third turn highlighted as playing', () =>
    session.script('return document.querySelectorAll(\'[data-testid="turn"]\')[2].classList.contains("playing");'),
  );
  await sleep(300);
  await session.screenshot(join(SHOTS, 'media.png'));
  log(`   currentTime ${at.toFixed(2)} s after the click; the turn is highlighted`);

  log('41. F1 (back 5 s) with the transcript focused');
  await session.script('const m = document.querySelector(\'[data-testid="media-element"]\'); m.pause(); m.currentTime = 20;');
  await waitFor('the player at 20 s', () => session.script('return Math.abs(document.querySelector(\'[data-testid="media-element"]\').currentTime - 20) < 0.2;'));
  await session.script('document.querySelector(\'[data-testid="transcript"]\').focus();');
  await session.press('\uE031'); // F1
  await waitFor('the player back at 15 s', () =>
    session.script('return Math.abs(document.querySelector(\'[data-testid="media-element"]\').currentTime - 15) < 0.3;'),
  );
  log('   F1 took the player from 20 s back to 15 s');
}

/**
 * Frame-budget measurement (BRAID_E2E_FRAME=1; not part of the test run): a 20,000-word
 * transcript carrying 2,000 codings, opened in the real window. Reports the time from the
 * click to the frame in which the first screenful of text has its coding stripes, the longest
 * frame on the way, and the longest frame while the transcript is scrolled to its end.
 */
function buildBigProject(tmp) {
  const words = ['school', 'friends', 'teacher', 'phone', 'study', 'home', 'and', 'the', 'we', 'I'];
  const turns = [];
  let n = 0;
  let mothers = 0;
  while (n < 20_000) {
    const said = [];
    for (let i = 0; i < 100; i++, n++) {
      if (n % 10 === 5 && mothers < 2000) {
        said.push('mother');
        mothers++;
      } else if (n === 15_012) {
        // One word found nowhere else, three quarters in: the search hit that must be scrolled to.
        said.push('lighthouse');
      } else said.push(words[(n * 7) % words.length]);
    }
    turns.push(`I: ${said.slice(0, 10).join(' ')}?`, `R: ${said.slice(10).join(' ')}.`);
  }
  const file = join(tmp, 'big.md');
  writeFileSync(file, `---\nid: "B01"\ntype: child\n---\n\n${turns.join('\n\n')}\n`);
  const project = join(tmp, 'big.braid');
  for (const args of [
    ['new', project],
    ['import', project, file],
    ['codebook', 'add', project, 'Mother'],
    ['autocode', project, 'mother', '--code', 'Mother', '--unit', 'match', '--speaker', 'any', '--coder', 'bench', '--apply'],
  ]) {
    const r = spawnSync(CLI, args, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) fail(`braid ${args.join(' ')} failed: ${r.stderr}`);
  }
  return { project, codings: mothers, turns: turns.length };
}

// Page-side helpers for the frame budget, prepended to its scripts. `screenDrawn()` holds when
// every coded piece of text inside the transcript's viewport has a stripe beside it, i.e. the
// user sees the screen complete; `frames(until, ms)` records frame lengths with
// requestAnimationFrame until `until()` holds, and resolves with the longest and the count.
const FRAME_PROBE = `
  const pane = () => document.querySelector('[data-testid="transcript"]');
  const screenDrawn = () => {
    const el = pane();
    if (!el) return false;
    const view = el.getBoundingClientRect();
    const coded = [...el.querySelectorAll('.said .coded')]
      .map((p) => p.getBoundingClientRect())
      .filter((r) => r.bottom > view.top && r.top < view.bottom);
    if (coded.length === 0) return false;
    const stripes = [...el.querySelectorAll('${STRIPES}')].map((s) => s.getBoundingClientRect());
    return coded.every((r) => stripes.some((s) => s.top <= r.bottom + 1 && s.bottom >= r.top - 1));
  };
  const frames = (until, ms) => new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0, longest = 0, count = 0;
    const tick = (now) => {
      longest = Math.max(longest, now - last); last = now; count++;
      if (until()) resolve({ ms: now - t0, longest, frames: count });
      else if (now - t0 > 15000) resolve({ ms: -1, longest, frames: count });
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
`;

async function frameBudget(session, big) {
  // The codebook tab leaves the transcript its usual width (the survey tab squeezes it).
  await (await session.find('[data-testid="tab-codebook"]')).click();
  const input = await session.find('[data-testid="project-path"]');
  await input.type(big.project);
  await (await session.find('[data-testid="open-project"]')).click();
  await waitFor('the big project to open', async () => {
    const label = await session.one('[data-testid="project-path-label"]');
    return label && (await label.text()).includes('big.braid');
  });
  const open = await session.scriptAsync(
    `${FRAME_PROBE}
     const done = arguments[0];
     const item = [...document.querySelectorAll('[data-testid="doc-item"]')].find((e) => e.textContent.includes('B01'));
     const measuring = frames(() => document.querySelector('[data-testid="doc-title"]')?.textContent.includes('B01') && screenDrawn(), 15000);
     item.click();
     measuring.then((r) => done({ ...r, stripes: document.querySelectorAll('${STRIPES}').length, turns: document.querySelectorAll('[data-testid="turn"]').length }));`,
  );
  if (open.ms < 0) fail('the big transcript did not draw its first screen of stripes within 15 s');
  log(
    `frame budget: 20,000 words with ${big.codings} codings: first screen with stripes ${open.ms.toFixed(0)} ms after the click; ` +
      `longest frame ${open.longest.toFixed(0)} ms over ${open.frames} frames; ${open.turns} of ${big.turns} turns and ${open.stripes} stripes in the DOM`,
  );
  await session.screenshot(join(SHOTS, 'big-transcript.png'));

  // Scroll to the end in ten jumps, each waiting until the new screen has its stripes. The last
  // jump repeats while the scroll height changes under it (measured turns replacing estimates).
  const scroll = await session.scriptAsync(
    `${FRAME_PROBE}
     const done = arguments[0];
     const el = pane();
     const t0 = performance.now();
     let longest = 0, count = 0, step = 0;
     const atEnd = () => el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
     const next = () => {
       if (step >= 10 && atEnd()) {
         const turns = el.querySelectorAll('[data-testid="turn"]');
         const last = turns[turns.length - 1].getBoundingClientRect();
         done({ ms: performance.now() - t0, longest, frames: count, lastVisible: last.bottom <= el.getBoundingClientRect().bottom + 1, lastText: turns[turns.length - 1].textContent.trim().slice(-20) });
         return;
       }
       if (step > 30) { done({ ms: -1, longest, frames: count }); return; }
       step++;
       el.scrollTop = Math.min(1, step / 10) * (el.scrollHeight - el.clientHeight);
       frames(screenDrawn, 15000).then((r) => {
         longest = Math.max(longest, r.longest); count += r.frames;
         if (r.ms < 0) done({ ms: -1, longest, frames: count }); else next();
       });
     };
     next();`,
  );
  if (scroll.ms < 0) fail('scrolling the big transcript to its end did not draw the stripes within 15 s a step');
  if (!scroll.lastVisible) fail(`after scrolling to the end the last turn is not in view (it ends "${scroll.lastText}")`);
  log(`frame budget: scrolled to the end in ${scroll.ms.toFixed(0)} ms; longest frame ${scroll.longest.toFixed(0)} ms over ${scroll.frames} frames`);
  await session.screenshot(join(SHOTS, 'big-transcript-end.png'));

  // A selection waiting for a code survives its turn being scrolled out of the rendered window.
  const picked = await selectWords(session);
  if (!picked) fail('found no respondent turn with text to select in the big transcript');
  const quoted = picked.text.split(/\s+/).slice(0, 3).join(' ');
  await waitFor('the coding bar to show the selection', async () => (await session.textOf('[data-testid="selection"]')).includes(quoted));
  const selectedTurn = await session.script(`return document.getSelection().anchorNode.parentElement.closest('[data-testid="turn"]').dataset.index;`);
  await session.script(`const el = document.querySelector('[data-testid="transcript"]'); el.scrollTop -= 8 * el.clientHeight;`);
  await sleep(500);
  if (await session.one(`[data-testid="turn"][data-index="${selectedTurn}"]`)) fail('scrolling eight screens up left the selected turn rendered: the check proves nothing');
  const kept = await session.one('[data-testid="selection"]');
  const keptText = kept ? await kept.text() : '(no coding bar)';
  if (!keptText.includes(quoted)) fail(`after scrolling its turn away the coding bar shows "${keptText}", not "${picked.text}"`);
  log(`frame budget: the selection "${picked.text}" is kept while its turn is scrolled out of the window`);

  // What needs the DOM still works when most turns are not rendered: a stripe's title and click,
  // and opening a search hit in a turn far from the one on screen.
  const stripe = await session.script(
    `const el = document.querySelector('[data-testid="transcript"]');
     const view = el.getBoundingClientRect();
     const s = [...el.querySelectorAll('${STRIPES}')].find((s) => { const r = s.getBoundingClientRect(); return r.top > view.top && r.bottom < view.bottom; });
     if (!s) return null;
     s.click();
     return s.title;`,
  );
  if (!stripe || !/Mother/.test(stripe) || !/bench/.test(stripe)) fail(`a stripe at the end of the big transcript is titled ${JSON.stringify(stripe)}`);
  const chosen = await session.textOf('[data-testid="chosen-coding"]');
  if (!/mother/i.test(chosen)) fail(`clicking a stripe at the end of the big transcript shows "${chosen}"`);
  await session.script(`document.querySelector('[data-testid="transcript"]').scrollTop = 0;`);
  await (await session.find('[data-testid="tab-search"]')).click();
  await session.script(
    `const input = document.querySelector('[data-testid="search-input"]');
     input.value = '';
     input.dispatchEvent(new Event('input', { bubbles: true }));`,
  );
  await (await session.find('[data-testid="search-input"]')).type('lighthouse');
  await (await session.find('[data-testid="search-submit"]')).click();
  const hit = await waitFor('the hit for `lighthouse`', async () => (await session.all('[data-testid="hit"]'))[0] ?? null);
  await hit.click();
  const found = await waitFor('`lighthouse` highlighted in view', () =>
    session.script(
      `const m = document.querySelector('[data-testid="transcript"] .hit-match');
       if (!m || m.textContent !== 'lighthouse') return null;
       const r = m.getBoundingClientRect();
       const view = document.querySelector('[data-testid="transcript"]').getBoundingClientRect();
       if (r.top < view.top || r.bottom > view.bottom) return null;
       return { turn: Number(m.closest('[data-testid="turn"]').dataset.index), rendered: document.querySelectorAll('[data-testid="turn"]').length };`,
    ),
  );
  log(`frame budget: a stripe's title and click work; the hit in turn ${found.turn + 1} was scrolled into view with ${found.rendered} turns rendered`);
}

/**
 * The installed package: a new user's first start. The app asks who is coding, proposing the
 * account's name; the answer lands in the settings file; the demo's 41 documents are listed;
 * About shows the version `braid --version` gives.
 */
async function installedScenario(session, tmp) {
  log('1. first start: the app asks who is coding, proposing a name');
  await session.find('[data-testid="coder-dialog"]');
  const field = await session.find('[data-testid="coder-name"]');
  const proposed = await session.script('return document.querySelector(\'[data-testid="coder-name"]\').value;');
  if (!proposed) fail('the first-start dialog proposes no name');
  await field.cmd('POST', '/clear', {});
  await field.type('Installed Tester');
  await (await session.find('[data-testid="coder-save"]')).click();
  await waitFor('the dialog to close', async () => !(await session.one('[data-testid="coder-dialog"]')));
  const settings = join(tmp, 'config', 'settings.json');
  await waitFor(`the name in ${settings}`, () => existsSync(settings) && readFileSync(settings, 'utf8').includes('Installed Tester'));
  log(`   proposed "${proposed}"; "Installed Tester" remembered in ${settings}`);

  log('2. the demo study built by the installed braid is open with its 41 documents');
  await waitFor('41 documents in the list', async () => (await session.textOf('[data-testid="doc-count"]')).includes('of 41'));
  const shown = await session.script('return document.querySelector(\'[data-testid="coder"]\').value;');
  if (shown !== 'Installed Tester') fail(`the header codes as "${shown}"`);
  const ready = await session.scriptAsync(
    'const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke("app_ready").then(done, () => done(-1));',
  );
  log(`   cold start: the documents listed ${ready} ms after the installed (release) app started`);

  log('3. About shows the version');
  const version = spawnSync(CLI, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^braid /, '');
  await (await session.find('[data-testid="about"]')).click();
  const about = await session.textOf('[data-testid="about-version"]');
  if (about !== `Braid ${version}`) fail(`About says "${about}", braid --version says ${version}`);
  await session.screenshot(join(SHOTS, 'installed.png'));
  log(`   ${about}; saved installed.png`);
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
    // The local assist: embed the demo's turns and codings now, so that the app finds them cached
    // (the installed run checks the first start only, and the package test checks the assist).
    if (!INSTALLED) {
      const embedding = Date.now();
      const assisted = spawnSync(CLI, ['assist', project, '--json'], { encoding: 'utf8', timeout: 600_000 });
      if (assisted.status !== 0) fail(`\`braid assist\` failed (${assisted.status ?? assisted.signal}): ${assisted.stderr.trim()}`);
      const status = JSON.parse(assisted.stdout);
      if (!status.available) fail(`the assist's model is missing: ${status.message}`);
      const took = Date.now() - embedding;
      log(`braid assist: ${status.windows} turn windows embedded with ${status.model} in ${(took / 1000).toFixed(1)} s`);
      // The run's time limit is for the app: the model's first reading of the demo comes on top.
      rearmWatchdog(OVERALL_MS + took);
    }
    const big = process.env.BRAID_E2E_FRAME === '1' ? buildBigProject(tmp) : null;

    log('starting tauri-driver');
    // tauri-driver hands its environment to the app.
    driver = spawn(tauriDriver, ['--port', String(PORT), '--native-port', String(NATIVE_PORT)], {
      // The installed run starts as a new user would: no $BRAID_USER and no settings yet.
      env: {
        ...process.env,
        BRAID_PROJECT: project,
        BRAID_DATA_DIR: join(tmp, 'data'),
        BRAID_CONFIG_DIR: join(tmp, 'config'),
        ...(INSTALLED ? {} : { BRAID_USER: 'e2e-coder' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    driver.stdout.on('data', (d) => stderr.push(String(d)));
    driver.stderr.on('data', (d) => stderr.push(String(d)));
    const exited = new Promise((r) => driver.once('exit', r));
    await waitFor(`tauri-driver to listen on port ${PORT}`, () => portOpen(PORT));

    const start = async () => {
      const started = await Promise.race([
        Session.start(APP),
        sleep(WAIT_MS).then(() => fail('the WebDriver session did not start within 20 s')),
        exited.then((code) => fail(`tauri-driver exited early (${code})`)),
      ]);
      log(`session ${started.id} started`);
      return started;
    };
    const code = 'Peer support/Companionship';

    session = await start();
    // BRAID_E2E_ONLY=installed: the installed package's app on a demo built by the installed CLI.
    if (INSTALLED) {
      await installedScenario(session, tmp);
      log('PASS: the installed app asks who is coding, remembers it, shows the 41 documents and its version');
      return;
    }
    // BRAID_E2E_ONLY=cases runs only the case steps (the survey linked to the informants).
    if (process.env.BRAID_E2E_ONLY === 'cases') {
      await casesScenario(session);
      log('PASS: the case steps alone');
      return;
    }
    // BRAID_E2E_ONLY=assist runs only the assist's steps (similar passages, suggestions, by meaning).
    if (process.env.BRAID_E2E_ONLY === 'assist') {
      await assistScenario(session);
      log('PASS: the assist steps alone');
      return;
    }
    // BRAID_E2E_ONLY=media runs only the recording steps, on the demo (for work on the player).
    if (process.env.BRAID_E2E_ONLY === 'media') {
      await mediaScenario(session, tmp);
      log('PASS: the recording steps alone');
      return;
    }
    await scenario(session, project);
    log('PASS: search, filter, open hit, highlighted match, screenshot');
    const coded = await codingScenario(session, code);

    log('restarting the app (a new WebDriver session on the same project)');
    await session.end();
    session = null;
    session = await start();
    await afterRestart(session, coded, code);
    log('PASS: select, code by palette, restart, coding kept, undo, agreement, screenshots');
    await externalWrites(session, project, code);
    log('PASS: a coding and an undo made by another process show in the open app');
    await codebookAndMatrices(session);
    log('PASS: new code in the tree and the Undo tooltip, crosstab heat-map, cell segments, retrieval, auto-code and undo, memo');
    await surveyScenario(session);
    log('PASS: survey model builder, Table 4 model 1 on the analytic sample, probe, publication table and export, Table 1, alpha');
    await casesScenario(session);
    log('PASS: cases: the survey linked to 18 children, the worst-explained one picked and its transcript opened; the case-ordered display by depression');
    await assistScenario(session);
    log('PASS: assist: similar passages of a selection in 0602 (0605 among the first five), code suggestions in the palette (Selective sharing), a search by meaning');
    await triangulationScenario(session);
    log('restarting the app to check the finding edit survived');
    await session.end();
    session = null;
    session = await start();
    await triangulationAfterRestart(session);
    log('PASS: joint display of H3 (published and fitted cells, exemplar), fit label edited, kept over a restart, undone; theme and framework displays; search hit linked and undone');
    await kwicScenario(session);
    log('PASS: keyword in context: concordance lines of a search, sorted by the words after, one opened at its match');
    await importScenario(session);
    log('PASS: import dialog refuses a missing file whole and names it; a transcript imported by path appears in the list and the counts');
    await refiScenario(session, tmp);
    log('PASS: the project exported as .qdpx from the app and imported back as a new project, its codings on 0602');
    await mediaScenario(session, tmp);
    log('PASS: a timed transcript imported with its recording; a click on a turn\'s time plays from there, highlighted; F1 goes back 5 s');
    if (big) await frameBudget(session, big);
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

const started = Date.now();
let watchdog;
/** Fail the run if it is still going `ms` after it started. */
function rearmWatchdog(ms) {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    console.error(`e2e: FAIL: the whole run took longer than ${Math.round(ms / 1000)} s`);
    process.exit(1);
  }, Math.max(0, ms - (Date.now() - started)));
  watchdog.unref();
}
rearmWatchdog(OVERALL_MS);

main().catch((e) => {
  console.error(`e2e: FAIL: ${e instanceof Failure ? e.message : (e.stack ?? e)}`);
  process.exitCode = 1;
});
