// Shared pieces of the browser tests: a static HTTP server on 127.0.0.1, headless Chromium with
// WebGL2 through SwiftShader, and helpers that read the hall's status object and screenshots.
import { after, before } from 'node:test';
import { createServer } from 'node:http';
import { readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const artifacts = join(repoRoot, 'tests/e2e/artifacts');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
};

/**
 * Serves `routes` (URL prefix -> folder) on 127.0.0.1 with a free port. Returns { url, close,
 * requests, events }. `requests` lists every path asked for, so tests can check what the page
 * fetched. `POST /api/events` (the bundled manifest's statistics endpoint) is stored in
 * `events` and gets a 204 response, as from expo-service.
 */
export async function serve(routes) {
  const requests = [];
  const events = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    requests.push(path);
    if (request.method === 'POST' && path === '/api/events') {
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
      return;
    }
    const prefix = Object.keys(routes)
      .filter((p) => path.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    const root = routes[prefix];
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events,
    close: () => new Promise((done) => server.close(done)),
  };
}

/**
 * Starts Debian's Chromium headless with WebGL2 on SwiftShader and no outside network.
 * `extraArgs` adds command-line switches, such as `--disable-3d-apis` to take WebGL away.
 */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/**
 * Opens a page that records console errors and uncaught exceptions in `page.problems`.
 * `initScript` runs in the page before any of its own scripts.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 720 }, initScript = null) {
  const page = await browser.newPage({ viewport });
  if (initScript) await page.addInitScript({ content: initScript });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return page;
}

/** Reads the current `window.__EXPO_HALL__` snapshot, or null before the app published one. */
export function status(page) {
  return page.evaluate(() => window.__EXPO_HALL__ ?? null);
}

/** Waits until `predicate(status)` holds; fails with the last status and page problems. */
export async function waitForStatus(page, predicate, description, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await status(page);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${description}; last status: ${JSON.stringify(last)}; page problems: ${page.problems.join(' | ')}`);
}

/** Takes a screenshot, saves it under tests/e2e/artifacts and returns the decoded PNG. */
export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  const buffer = await page.screenshot();
  await writeFile(join(artifacts, `${name}.png`), buffer);
  return PNG.sync.read(buffer);
}

/** Average colour and luminance spread of a band of rows (fractions of the height). */
export function bandStats(png, from, to) {
  let sum = [0, 0, 0];
  let lum = [];
  for (let y = Math.floor(png.height * from); y < Math.floor(png.height * to); y++) {
    for (let x = 0; x < png.width; x += 2) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      sum[0] += r; sum[1] += g; sum[2] += b;
      lum.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
    }
  }
  const n = lum.length;
  const mean = lum.reduce((a, b) => a + b, 0) / n;
  const spread = Math.sqrt(lum.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { r: sum[0] / n, g: sum[1] / n, b: sum[2] / n, mean, spread };
}

/** Screenshots `selector`'s element and decodes the QR code in it; returns its text or null. */
export async function decodeQr(page, selector) {
  const buffer = await page.locator(selector).screenshot();
  await mkdir(artifacts, { recursive: true });
  await writeFile(join(artifacts, 'qr-code.png'), buffer);
  const png = PNG.sync.read(buffer);
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
  return code?.data ?? null;
}

/**
 * Registers before and after hooks in the current suite that start a server for `routes` and a
 * browser, and close them. Returns an object whose `server` and `browser` the hooks fill in.
 */
export function useServerAndBrowser(routes, extraArgs = []) {
  const context = { server: null, browser: null };
  before(async () => {
    context.server = await serve(routes);
    context.browser = await launchBrowser(extraArgs);
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}

/**
 * Returns a script that installs an emulated Meta Quest 3 with stereo views (npm iwer) in place
 * of the browser's own `navigator.xr`, as `window.__IWER_DEVICE__`. Run it before the page's scripts.
 */
export async function emulatedHeadsetScript() {
  const iwer = await readFile(join(repoRoot, 'node_modules/iwer/build/iwer.min.js'), 'utf8');
  // Chromium has a native `navigator.xr` without devices, so the emulator must replace it.
  return `${iwer}
;(() => {
  const device = new IWER.XRDevice(IWER.metaQuest3);
  device.stereoEnabled = true;
  device.installRuntime({ forceInstall: true });
  window.__IWER_DEVICE__ = device;
})();`;
}
