/**
 * The built UI in a real Chromium, against the real engine behind `medscribe serve`.
 * `npm run test:e2e` builds the renderer and the CLI first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, MedscribeApi } from '../src/shared/contract';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.MEDSCRIBE_CHROMIUM ?? '/usr/bin/chromium';
const RESULTS = join(root, 'test-results');
const UI_TIMEOUT = 20_000;
const TAMIL = 'வணக்கம் டாக்டர், மூணு நாளா காய்ச்சல், தலைவலி இருக்கு. தமிழ்';

let server: ChildProcess | undefined;
let serverLog = '';
let url = '';
let browser: Browser | undefined;
let page: Page;
const pageProblems: string[] = [];

/** Starts `medscribe serve` and resolves with the URL it prints. */
function startServer(): Promise<string> {
  const bin = join(root, 'bin', 'medscribe.mjs');
  if (!existsSync(join(root, 'out', 'cli', 'medscribe.mjs')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
    throw new Error('The app is not built. Run `npm run test:e2e` (it builds first), not vitest directly.');
  }
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`medscribe serve printed no URL within 30 s. Output:\n${serverLog}`)), 30_000);
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (t: string) => (serverLog += t));
    child.stdout?.on('data', (t: string) => {
      serverLog += t;
      const m = /MedScribe harness: (http:\/\/\S+)/.exec(serverLog);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start medscribe serve: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`medscribe serve exited early (code ${code}, signal ${signal}). Output:\n${serverLog}`));
    });
  });
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The few browser APIs the page-side callbacks use (this file is type-checked without the DOM library). */
interface BrowserGlobals {
  medscribe?: MedscribeApi;
  document: {
    fonts: Iterable<{ family: string; weight: string; status: string }> & { ready: Promise<unknown>; check(font: string, text: string): boolean };
    querySelector(selector: string): object | null;
  };
  getComputedStyle(element: object): { fontFamily: string };
  performance: { getEntriesByType(type: string): { name: string }[] };
}

/** Runs `window.medscribe.call` inside the page with an arbitrary (possibly invalid) input. */
function callInPage(method: string, input: unknown): Promise<CallResult<unknown>> {
  return page.evaluate(
    ([m, i]) => {
      const api = (globalThis as unknown as BrowserGlobals).medscribe;
      if (!api) throw new Error('window.medscribe is missing: the harness bridge did not load');
      return api.call(m as never, i as never) as Promise<CallResult<unknown>>;
    },
    [method, input] as const,
  );
}

async function openPage(name: 'Record' | 'Settings'): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click({ timeout: UI_TIMEOUT });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  mkdirSync(RESULTS, { recursive: true });
  url = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.setDefaultTimeout(UI_TIMEOUT);
  page.on('pageerror', (err) => pageProblems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // Failed loads are logged here without their address; the response listener reports them.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageProblems.push(`console error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => pageProblems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico') && !res.url().includes('/__medscribe/call')) {
      pageProblems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'New consultation' }).waitFor({ timeout: UI_TIMEOUT });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await stopServer();
});

describe('MedScribe in Chromium through the harness', () => {
  it('takes the token out of the address bar', () => {
    expect(new URL(page.url()).hash).toBe('');
  });

  it('shows the app info from the engine on Settings (a contract round trip)', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe('0.1.0');
    await openPage('Settings');
    const info = page.getByTestId('app-info');
    await info.waitFor();
    expect(await info.locator('dt:text-is("Version") + dd').textContent()).toBe(pkg.version);
    expect(await info.locator('dt:text-is("Running in") + dd').textContent()).toBe('harness');
  });

  it('writes a note from a sample consultation and opens the editor', async () => {
    await openPage('Record');
    const select = page.getByLabel('Sample consultation', { exact: true });
    await select.waitFor();
    const first = await select.locator('option:not([disabled])').first().getAttribute('value');
    expect(first, 'the sample list is empty').toBeTruthy();
    await select.selectOption(first ?? '');
    const transcript = await page.getByLabel('Transcript', { exact: true }).inputValue();
    expect(transcript.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Write note' }).click();
    const note = page.getByTestId('note');
    const alert = page.getByRole('alert');
    // Either the editor opens or the page shows why not: fail with that sentence, not a timeout.
    await Promise.race([note.waitFor({ state: 'visible' }), alert.waitFor({ state: 'visible' })]);
    if (await alert.isVisible()) {
      throw new Error(`Write note failed in the page: ${await alert.textContent()}\nServer output:\n${serverLog.slice(-2_000)}`);
    }
    expect(await note.getByRole('heading', { name: 'Note' }).isVisible()).toBe(true);
    expect(await page.getByRole('complementary', { name: 'Transcript' }).textContent()).toContain(transcript.slice(0, 30));
  });

  it('refuses an invalid call made from the page through window.medscribe', async () => {
    const r = await callInPage('note.generate', { transcript: 'x', language: 'hi' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-input');
    const ok = await callInPage('app.info', {});
    expect(ok.ok).toBe(true);
  });

  it('refuses an API call that does not carry the token', async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch('/__medscribe/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'app.info', input: {} }),
      });
      return res.status;
    });
    expect(status).toBe(401);
    const fromOutside = await fetch(new URL('/__medscribe/call', url), { method: 'POST', body: '{"method":"app.info","input":{}}' });
    expect(fromOutside.status).toBe(401);
  });

  it('renders Tamil with the bundled Noto Sans Tamil font', async () => {
    await openPage('Record');
    const box = page.getByLabel('Transcript', { exact: true });
    await box.fill(TAMIL);
    // Fonts load lazily: the bundled Tamil face loads only once Tamil text is laid out.
    await page.waitForFunction(
      () => [...(globalThis as unknown as BrowserGlobals).document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Sans Tamil' && f.status === 'loaded'),
      undefined,
      { timeout: UI_TIMEOUT },
    );
    const fonts = await page.evaluate(async () => {
      const g = globalThis as unknown as BrowserGlobals;
      await g.document.fonts.ready;
      const textarea = g.document.querySelector('textarea');
      return {
        check: g.document.fonts.check('16px "Noto Sans Tamil"', 'தமிழ்'),
        faces: [...g.document.fonts].map((f) => ({ family: f.family.replace(/["']/g, ''), weight: f.weight, status: f.status })),
        fetched: g.performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('NotoSansTamil')),
        used: textarea ? g.getComputedStyle(textarea).fontFamily : '',
      };
    });
    await page.screenshot({ path: join(RESULTS, 'harness-tamil.png'), fullPage: true });
    expect(fonts.check).toBe(true);
    expect(fonts.faces).toContainEqual({ family: 'Noto Sans Tamil', weight: '400', status: 'loaded' });
    expect(fonts.fetched.length, 'the bundled Tamil font was not downloaded from the app').toBeGreaterThan(0);
    expect(fonts.used).toContain('Noto Sans Tamil');
    expect(await box.inputValue()).toBe(TAMIL);
  });

  it('ran without page errors, console errors or failed requests', () => {
    expect(pageProblems).toEqual([]);
  });
});
