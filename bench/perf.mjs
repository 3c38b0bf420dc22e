// Load, frame-time, draw-call and memory benchmark of a built hall, for the bundled exhibition
// and a generated one with many booths. Serves DIST with nginx and deploy/nginx.conf, opens each
// exhibition in headless Chromium (SwiftShader WebGL2) with a cold cache and a throttled network,
// and writes the figures into docs/benchmarks.md between the perf-benchmark markers.
// Not a test: the figures depend on the machine. See docs/benchmarks.md for what each one means.
// Usage: node bench/perf.mjs DIST --build TEXT [options]; `--help` lists the options.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateExhibition } from './generate-exhibition.mjs';
import { precompress, startNginx } from './nginx.mjs';
import { renderReport } from './perf-report.mjs';
import { READY_PROBE, firstHallFrame } from './ready-probe.mjs';
import { launchBrowser, repoRoot } from '../tests/e2e/harness.mjs';

const HELP = `usage: node bench/perf.mjs DIST --build TEXT [options]
  DIST                 built hall folder (trunk's --dist); .br/.gz copies and
                       scenes/bench-<N>/manifest.json are written into it
  --build TEXT         how DIST was built, printed in the report, such as "release"
  --booths N           booths of the generated exhibition (default 500)
  --walk-seconds S     length of the scripted walk (default 30)
  --visit-timeout S    longest wait at one booth while visiting every booth (default 30)
  --models-timeout S   longest wait for every model, per exhibition, in seconds (default 1800)
  --down-mbit M        throttled download rate in Mbit/s (default 10)
  --rtt-ms MS          throttled round-trip time in ms (default 40)
  --json FILE          also write all figures as JSON to FILE
  --no-doc             do not change docs/benchmarks.md`;

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    build: { type: 'string' },
    booths: { type: 'string', default: '500' },
    'walk-seconds': { type: 'string', default: '30' },
    'visit-timeout': { type: 'string', default: '30' },
    'models-timeout': { type: 'string', default: '1800' },
    'down-mbit': { type: 'string', default: '10' },
    'rtt-ms': { type: 'string', default: '40' },
    json: { type: 'string' },
    'no-doc': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (options.help || positionals.length !== 1 || !options.build) {
  console.error(HELP);
  process.exit(options.help ? 0 : 2);
}
const dist = positionals[0];
const settings = {
  booths: Number(options.booths),
  walkSeconds: Number(options['walk-seconds']),
  visitTimeoutMs: Number(options['visit-timeout']) * 1000,
  modelsTimeoutMs: Number(options['models-timeout']) * 1000,
  downMbit: Number(options['down-mbit']),
  rttMs: Number(options['rtt-ms']),
};
for (const [name, value] of Object.entries(settings)) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`perf: --${name} must be a positive number, got ${value}`);
    process.exit(2);
  }
}

const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Runs in the page before any of its scripts: records wasm memories and animation frame times. */
function installProbes() {
  const memories = [];
  const remember = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result?.instance;
    const memory = instance?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) memories.push(memory);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(remember);
    };
  }

  const bench = { recording: false, intervals: [] };
  bench.wasmMemoryBytes = () => memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);
  let last = null;
  const tick = (now) => {
    if (bench.recording && last !== null) bench.intervals.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__BENCH__ = bench;
}

/** Returns the kind of a fetched URL for the bytes table. */
function kindOf(url) {
  const path = new URL(url).pathname.toLowerCase();
  const rules = [
    [/^\/api\//, 'api'],
    [/\.wasm$/, 'wasm'],
    [/\.m?js$/, 'js'],
    [/\.css$/, 'css'],
    [/(\.html|\/)$/, 'html'],
    [/\.(woff2?|ttf|otf)$/, 'font'],
    [/\.json$/, 'manifest'],
    [/\.(glb|gltf|bin)$/, 'models'],
    [/\.(png|jpe?g|webp|ktx2)$/, 'textures'],
    [/\.(mp4|m4v|m3u8|ts|flv|vtt)$/, 'media'],
  ];
  return rules.find(([pattern]) => pattern.test(path))?.[1] ?? 'other';
}

/** Records every response of a page over CDP: kind, decoded bytes, transferred bytes, finish time. */
async function recordNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: settings.rttMs,
    downloadThroughput: (settings.downMbit * 1e6) / 8,
    uploadThroughput: (settings.downMbit * 1e6) / 16,
  });
  const requests = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    if (!response.url.startsWith('http')) return;
    requests.set(requestId, { url: response.url, kind: kindOf(response.url), status: response.status, raw: 0, transferred: 0, finishedAt: null });
  });
  cdp.on('Network.dataReceived', ({ requestId, dataLength }) => {
    const request = requests.get(requestId);
    if (request) request.raw += dataLength;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const request = requests.get(requestId);
    if (!request) return;
    request.transferred = encodedDataLength;
    request.finishedAt = Date.now();
  });
  return { cdp, requests };
}

/** Reads the status object, the GL counters and the wasm memory in one round trip. */
function readPage(page) {
  return page.evaluate(() => {
    const status = window.__EXPO_HALL__ ?? null;
    const gl = window.__EXPO_GL_STATS__ ?? null;
    return {
      status,
      drawCalls: status?.renderer?.drawCalls ?? gl?.drawCalls ?? null,
      triangles: status?.renderer?.triangles ?? gl?.triangles ?? null,
      wasmMemoryBytes: window.__BENCH__?.wasmMemoryBytes() ?? null,
    };
  });
}

/** Polls the page until `predicate(reading)` is true or `deadline` passes; returns the reading or null. */
async function pollUntil(page, predicate, deadline) {
  while (Date.now() < deadline) {
    const reading = await readPage(page);
    if (reading.status?.errors?.length) {
      throw new Error(`the hall reported errors: ${JSON.stringify(reading.status.errors)}`);
    }
    if (predicate(reading)) return reading;
    await page.waitForTimeout(200);
  }
  return null;
}

/** Samples the draw counters for `ms` and returns the largest frame seen. */
async function sampleDraws(page, ms) {
  let densest = { drawCalls: 0, triangles: 0 };
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const { drawCalls, triangles } = await readPage(page);
    if (drawCalls > densest.drawCalls) densest = { drawCalls, triangles };
    await page.waitForTimeout(250);
  }
  return densest;
}

// Keys held in turn during the walk, as fractions of its length: forward, turn, forward, turn
// back, forward, back.
const WALK = [
  ['w', 0.2], ['ArrowLeft', 0.07], ['w', 0.2], ['ArrowRight', 0.13], ['w', 0.2], ['ArrowLeft', 0.07], ['s', 0.13],
];

/** Walks by keyboard for the configured time and returns animation frame intervals in ms. */
async function walk(page) {
  await page.focus('#hall-canvas');
  await page.evaluate(() => {
    window.__BENCH__.intervals = [];
    window.__BENCH__.recording = true;
  });
  for (const [key, share] of WALK) {
    await page.keyboard.down(key);
    await page.waitForTimeout(settings.walkSeconds * 1000 * share);
    await page.keyboard.up(key);
  }
  return page.evaluate(() => {
    window.__BENCH__.recording = false;
    return window.__BENCH__.intervals;
  });
}

const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
};

async function newPage(browser, injectGlStats) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(installProbes);
  await context.addInitScript({ content: READY_PROBE });
  if (injectGlStats) await context.addInitScript({ path: join(repoRoot, 'web/gl-stats.js') });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  return { context, page };
}

/**
 * Measures one exhibition in a fresh browser context (empty cache) on the throttled network:
 * load milestones, bytes, draw counts at the start, the walk, and memory once every model has
 * loaded. `query` is the page's URL query, without `?`.
 */
async function measureLoad(browser, server, query, injectGlStats) {
  const { context, page } = await newPage(browser, injectGlStats);
  const { requests } = await recordNetwork(context, page);
  const result = { query };

  const start = Date.now();
  const deadline = start + settings.modelsTimeoutMs;
  await page.goto(`${server.url}/${query ? `?${query}` : ''}`, { waitUntil: 'commit' });

  const firstFrame = await firstHallFrame(page, settings.modelsTimeoutMs).catch((error) => {
    throw new Error(`timed out after ${settings.modelsTimeoutMs / 1000} s waiting for the first hall frame (${error.message}): ${page.problems.join(' | ')}`);
  });
  const ready = await readPage(page);
  result.readyMs = firstFrame.ms;
  result.modelsTotal = ready.status.modelsTotal;
  result.booths = ready.status.booths;
  result.quality = ready.status.quality;
  result.bytesBeforeReady = [...requests.values()]
    .filter((r) => r.finishedAt !== null && r.finishedAt <= firstFrame.epochMs)
    .reduce((sum, r) => sum + r.transferred, 0);
  log(`ready after ${(result.readyMs / 1000).toFixed(1)} s, ${result.modelsTotal} models to load`);

  // A long frame while the starting view fills is a hitch when a model or material appears for
  // the first time.
  await page.evaluate(() => {
    window.__BENCH__.intervals = [];
    window.__BENCH__.recording = true;
  });
  // The count is right from the second frame on, once the camera's frustum follows its start.
  // A view with no model in it is complete then.
  const viewReading = await pollUntil(page, (r) => r.status.frames >= ready.status.frames + 2 && r.status.modelsInViewSettled >= r.status.modelsInView, deadline);
  // Milestones after the first frame are polled, so they may be late by one frame.
  const appearing = await page.evaluate(() => {
    window.__BENCH__.recording = false;
    return window.__BENCH__.intervals;
  });
  result.viewModels = viewReading?.status.modelsInView ?? null;
  result.viewModelsMs = viewReading ? Date.now() - start : null;
  result.appearingFrames = { count: appearing.length, medianMs: percentile(appearing, 0.5), maxMs: appearing.length ? Math.max(...appearing) : null };
  log(`${result.viewModels ?? '?'} models in the starting view after ${result.viewModelsMs === null ? 'timeout' : `${(result.viewModelsMs / 1000).toFixed(1)} s`}`);
  result.startView = await sampleDraws(page, 5000);

  const intervals = await walk(page);
  result.frames = { count: intervals.length, medianMs: percentile(intervals, 0.5), p95Ms: percentile(intervals, 0.95) };
  log(`walk: ${intervals.length} frames, median ${result.frames.medianMs?.toFixed(0)} ms`);

  const done = await pollUntil(page, (r) => r.status.stage === 'done', deadline);
  const final = await readPage(page);
  result.doneMs = done || final.status.stage === 'done' ? Date.now() - start : null;
  result.qualityAfterWalk = final.status.quality;
  result.modelsLoaded = final.status.modelsLoaded;
  result.modelsFailed = final.status.modelsFailed;
  result.glStatsSource = final.status.renderer ? '__EXPO_HALL__.renderer' : '__EXPO_GL_STATS__';
  result.endView = await sampleDraws(page, 5000);
  log(`every model: ${result.doneMs === null ? `not within the limit (${result.modelsLoaded}/${result.modelsTotal})` : `${(result.doneMs / 1000).toFixed(1)} s`}`);

  result.visit = await visitEveryBooth(page);
  result.wasmMemoryBytes = (await readPage(page)).wasmMemoryBytes;
  log(`visited ${result.visit.visited} of ${result.visit.booths} booths in ${(result.visit.ms / 1000).toFixed(0)} s (${result.visit.timedOut.length} waits timed out); wasm memory ${(result.wasmMemoryBytes / 2 ** 20).toFixed(0)} MiB`);

  const kinds = {};
  for (const request of requests.values()) {
    const entry = (kinds[request.kind] ??= { requests: 0, raw: 0, transferred: 0 });
    entry.requests += 1;
    entry.raw += request.raw;
    entry.transferred += request.transferred;
  }
  result.bytesByKind = kinds;
  result.pageProblems = page.problems;
  await context.close();
  return result;
}

/**
 * Visits every booth in the directory's order with its "move instantly" option, as a visitor
 * who clicks through the whole directory: at each booth it waits until the hall has drawn a
 * frame there and every model in view has settled. Returns counts, the booths whose wait hit
 * `--visit-timeout`, and the time it took.
 */
async function visitEveryBooth(page) {
  const booths = await page.evaluate(() => {
    document.querySelector('#directory-instant').checked = true;
    return [...document.querySelectorAll('#directory-list [data-booth]')].map((button) => button.dataset.booth);
  });
  const start = Date.now();
  const timedOut = [];
  let visited = 0;
  for (const [index, booth] of booths.entries()) {
    const { frames } = (await readPage(page)).status;
    await page.evaluate((id) => document.querySelector(`#directory-list [data-booth="${CSS.escape(id)}"]`).click(), booth);
    const arrived = await pollUntil(
      page,
      (r) => r.status.booth === booth && r.status.frames >= frames + 2 && r.status.modelsInViewSettled >= r.status.modelsInView,
      Date.now() + settings.visitTimeoutMs,
    );
    if (arrived) visited += 1;
    else timedOut.push(booth);
    if ((index + 1) % 50 === 0) log(`visited ${index + 1} of ${booths.length} booths`);
  }
  return { booths: booths.length, visited, timedOut, ms: Date.now() - start };
}

/** Opens the hall in front of `booth` (unthrottled) and returns the largest frame's draw counts. */
async function measureBoothView(browser, server, query, booth, injectGlStats) {
  const { context, page } = await newPage(browser, injectGlStats);
  const start = Date.now();
  await page.goto(`${server.url}/?${[query, `booth=${booth}`].filter(Boolean).join('&')}`, { waitUntil: 'commit' });
  const deadline = start + settings.modelsTimeoutMs;
  const ready = await pollUntil(page, (r) => r.status?.ready, deadline);
  if (!ready) throw new Error(`the hall at booth ${booth} was not ready within the limit`);
  await pollUntil(page, (r) => r.status.frames >= ready.status.frames + 2 && r.status.modelsInViewSettled >= r.status.modelsInView, deadline);
  const view = await sampleDraws(page, 5000);
  await context.close();
  return { booth, ...view };
}

/** Returns the middle booth (in manifest order) of the zone with the most booths. */
function centreBooth(manifest) {
  const byZone = new Map();
  for (const booth of manifest.booths) byZone.set(booth.zone, [...(byZone.get(booth.zone) ?? []), booth.id]);
  const largest = [...byZone.values()].sort((a, b) => b.length - a.length)[0];
  return largest[Math.floor(largest.length / 2)];
}

async function measureExhibition(browser, server, { name, query, manifestPath }, injectGlStats) {
  log(`${name}: load run`);
  const load = await measureLoad(browser, server, query, injectGlStats);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const booth = centreBooth(manifest);
  log(`${name}: view in front of booth ${booth}`);
  const boothView = await measureBoothView(browser, server, query, booth, injectGlStats);
  const views = [
    { where: 'start', ...load.startView },
    { where: 'end of the walk', ...load.endView },
    { where: `booth=${booth}`, drawCalls: boothView.drawCalls, triangles: boothView.triangles },
  ];
  const densest = views.reduce((a, b) => (b.drawCalls > a.drawCalls ? b : a));
  return { name, ...load, views, densest };
}

function machine(browserVersion) {
  const chromium = execFileSync(process.env.CHROMIUM ?? '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  return {
    cpu: cpus()[0].model,
    cores: cpus().length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    chromium: chromium || `Chromium ${browserVersion}`,
  };
}

async function main() {
  log(`precompressing ${dist} (Node zlib: Brotli 11, gzip 9)`);
  log(`${await precompress(dist)} compressed copies written`);

  const generatedPath = join(dist, `scenes/bench-${settings.booths}/manifest.json`);
  const source = JSON.parse(await readFile(join(dist, 'scenes/guangxi-2022/manifest.json'), 'utf8'));
  const generated = generateExhibition(source, { booths: settings.booths, zones: 5, urlPrefix: '../guangxi-2022' });
  await mkdir(join(dist, `scenes/bench-${settings.booths}`), { recursive: true });
  await writeFile(generatedPath, `${JSON.stringify(generated, null, 2)}\n`);
  await precompress(join(dist, 'scenes'));

  const server = await startNginx(dist);
  log(`nginx serving ${dist} on ${server.url} (Brotli static module: ${server.brotli ? 'loaded' : 'missing, gzip only'})`);
  const indexHtml = await (await fetch(`${server.url}/index.html`)).text();
  const injectGlStats = !/gl-stats/.test(indexHtml);
  if (injectGlStats) log('index.html does not load gl-stats.js; injecting web/gl-stats.js with the probes');

  const browser = await launchBrowser();
  let results;
  try {
    const exhibitions = [
      { name: 'bundled', query: '', manifestPath: join(dist, 'scenes/guangxi-2022/manifest.json') },
      { name: `generated-${settings.booths}`, query: `manifest=scenes/bench-${settings.booths}/manifest.json`, manifestPath: generatedPath },
    ];
    const measured = [];
    for (const exhibition of exhibitions) measured.push(await measureExhibition(browser, server, exhibition, injectGlStats));
    results = {
      date: new Date().toISOString().slice(0, 10),
      build: options.build,
      machine: machine(browser.version()),
      settings,
      brotli: server.brotli,
      glStatsInjected: injectGlStats,
      exhibitions: measured,
    };
  } finally {
    await browser.close();
    await server.stop();
  }

  if (options.json) await writeFile(options.json, `${JSON.stringify(results, null, 2)}\n`);
  const section = renderReport(results);
  console.log(section);
  if (!options['no-doc']) {
    const docPath = join(repoRoot, 'docs/benchmarks.md');
    const doc = await readFile(docPath, 'utf8');
    const begin = '<!-- perf-benchmark:begin -->';
    const end = '<!-- perf-benchmark:end -->';
    if (!doc.includes(begin) || !doc.includes(end)) throw new Error(`${docPath} lacks the ${begin} and ${end} markers`);
    await writeFile(docPath, doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${section}\n${end}`));
    log(`figures written into ${docPath}`);
  }
}

main().catch((error) => {
  console.error(`perf: ${error.stack ?? error}`);
  process.exit(1);
});
