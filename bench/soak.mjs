// Soak benchmark of the big-screen mode: runs the kiosk tour in headless Chromium for a number
// of minutes. It records JS heap, wasm memory, entity count and tour progress at the start,
// every five minutes and at the end, into docs/benchmarks.md between the soak-benchmark markers.
// Not a test: SwiftShader draws a few frames a second, so the tour advances slower than on a
// real screen, but growth in memory or entities shows all the same.
// Usage: node bench/soak.mjs DIST_FOLDER [MINUTES] [BUILD_LABEL]
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openPage, repoRoot, serve, status, waitForStatus } from '../tests/e2e/harness.mjs';

const dist = process.argv[2];
const minutes = Number(process.argv[3] ?? 30);
const build = process.argv[4] ?? 'release';
if (!dist || !(minutes > 0)) {
  console.error('usage: node bench/soak.mjs DIST_FOLDER [MINUTES] [BUILD_LABEL]');
  process.exit(2);
}

const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

const server = await serve({ '/': dist });
const browser = await launchBrowser(['--enable-precise-memory-info']);
// A small window keeps SwiftShader's frame rate, and so the tour's pace, up.
const page = await openPage(browser, `${server.url}/?mode=kiosk&quality=low`, { width: 800, height: 450 });
const cdp = await page.context().newCDPSession(page);

async function sample(label) {
  // A garbage collection first, so the heap figure is what stays alive.
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const s = await status(page);
  return {
    label,
    minute: ((Date.now() - started) / 60000).toFixed(1),
    heap: heap.usedSize,
    wasm: s.wasmMemoryBytes,
    entities: s.entities,
    frames: s.frames,
    stop: s.tour.stop,
    state: s.tour.state,
    loops,
  };
}

await waitForStatus(page, (s) => s.stage === 'done' && s.tour.state === 'running', 'every model and the running tour', 900_000);
const started = Date.now();
let loops = 0;
let lastStop = 0;
const rows = [await sample('start')];
console.log(rows[0]);
const deadline = started + minutes * 60_000;
let nextSample = started + 5 * 60_000;
while (Date.now() < deadline) {
  await page.waitForTimeout(2000);
  const s = await status(page);
  if (s.tour.stop !== null && s.tour.stop < lastStop) loops += 1;
  if (s.tour.stop !== null) lastStop = s.tour.stop;
  if (Date.now() >= nextSample) {
    rows.push(await sample('during'));
    console.log(rows.at(-1));
    nextSample += 5 * 60_000;
  }
}
rows.push(await sample('end'));
console.log(rows.at(-1));
const problems = page.problems.slice();
await browser.close();
await server.close();

const chromium = await browser.version?.() ?? '';
const first = rows[0];
const last = rows.at(-1);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/soak.mjs\` on the ${build} build, ${cpus().length} cores (${cpus()[0].model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, headless Chromium with SwiftShader, \`?mode=kiosk&quality=low\` at 800×450. The tour ran ${((Date.now() - started) / 60000).toFixed(0)} minutes and completed ${loops} ${loops === 1 ? 'loop' : 'loops'}; page errors: ${problems.length}.`,
  '',
  '| Sample | Minute | JS heap (MiB) | Wasm memory (MiB) | Entities | Frames | Tour stop |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.label} | ${r.minute} | ${mib(r.heap)} | ${mib(r.wasm)} | ${r.entities} | ${r.frames} | ${r.stop} |`),
  '',
  `Change from start to end: JS heap ${mib(last.heap - first.heap)} MiB, wasm memory ${mib(last.wasm - first.wasm)} MiB, entities ${last.entities - first.entities}.`,
];
void chromium;
const file = join(repoRoot, 'docs/benchmarks.md');
const doc = await readFile(file, 'utf8');
const begin = '<!-- soak-benchmark:begin -->';
const end = '<!-- soak-benchmark:end -->';
const section = `${begin}\n${lines.join('\n')}\n${end}`;
const next = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), section)
  : `${doc.trimEnd()}\n\n## Big screen: soak run of the kiosk tour\n\n\`scripts/soak.sh\` builds the web bundle and runs \`bench/soak.mjs\`: the kiosk tour loops in headless Chromium, and every five minutes the script forces a garbage collection and records the JS heap (CDP \`Runtime.getHeapUsage\`), the wasm linear memory and the entity count from \`window.__EXPO_HALL__\`. Wasm memory never shrinks, so a leak shows as steady growth from sample to sample.\n\n${section}\n`;
await writeFile(file, next);
console.log(`wrote ${file}`);
