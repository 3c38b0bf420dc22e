// VR frame cost benchmark: the main-thread time of the app's frame callback (Bevy's update and
// the WebGL calls it issues) and the interval between frames. It measures the desktop path and
// then the immersive path in one headless Chromium with an emulated Meta Quest 3 (npm iwer),
// standing at the same booth looking the same way. Writes the figures into docs/benchmarks.md between
// the xr-benchmark markers. Not a test: SwiftShader renders on the CPU, so only the ratios
// between the paths mean something. A headset needs 72 frames a second or more.
// Usage: node bench/xr.mjs DIST_FOLDER [SECONDS] [BUILD_LABEL]
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { emulatedHeadsetScript, launchBrowser, openPage, repoRoot, serve, waitForStatus } from '../tests/e2e/harness.mjs';

const dist = process.argv[2];
const seconds = Number(process.argv[3] ?? 30);
const build = process.argv[4] ?? 'release';
if (!dist || !(seconds > 0)) {
  console.error('usage: node bench/xr.mjs DIST_FOLDER [SECONDS] [BUILD_LABEL]');
  process.exit(2);
}

const headset = await emulatedHeadsetScript();

/** Returns the median and 95th percentile of `values`. */
function percentiles(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
}

/** Collects `seconds` of app frames of one path from web/xr-frame.js: main-thread time of each
 * frame callback and the interval between frame starts. */
async function measure(page, path) {
  await page.evaluate((name) => {
    const frame = window.__EXPO_XR_FRAME__;
    frame.cpuMs[name].length = 0;
    frame.startMs[name].length = 0;
    window.__BENCH_SAMPLES__ = { cpu: [], start: [] };
    window.__BENCH_TIMER__ = setInterval(() => {
      window.__BENCH_SAMPLES__.cpu.push(...frame.cpuMs[name].splice(0));
      window.__BENCH_SAMPLES__.start.push(...frame.startMs[name].splice(0));
    }, 250);
  }, path);
  await page.waitForTimeout(seconds * 1000);
  const { cpu, start } = await page.evaluate(() => {
    clearInterval(window.__BENCH_TIMER__);
    return window.__BENCH_SAMPLES__;
  });
  const intervals = start.slice(1).map((time, index) => time - start[index]);
  return { frames: cpu.length, cpu: percentiles(cpu), interval: percentiles(intervals) };
}

const server = await serve({ '/': dist });
const browser = await launchBrowser();
// The same small window as the soak run keeps SwiftShader's frame rate up; each eye gets half.
const viewport = { width: 960, height: 540 };
const page = await openPage(browser, `${server.url}/?quality=low&booth=liugong-machinery`, viewport, headset);
await waitForStatus(page, (s) => s.stage === 'done' && s.xr.supported, 'every model and immersive-vr offered', 900_000);
// Continuous updates need the canvas to have focus; without it Bevy updates on timers.
await page.focus('#hall-canvas');
await page.waitForTimeout(3000);
const desktop = await measure(page, 'desktop');

await page.click('#xr-enter');
await waitForStatus(page, (s) => s.xr.mode === 'immersive' && s.xr.views === 2, 'the immersive session', 120_000);
await page.waitForTimeout(3000);
const immersive = await measure(page, 'immersive');
const problems = page.problems.slice();
await browser.close();
await server.close();

const ms = (value) => value.toFixed(1);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/xr.mjs\` on the ${build} build, ${cpus().length} cores (${cpus()[0].model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, headless Chromium with SwiftShader, \`?quality=low&booth=liugong-machinery\` at ${viewport.width}×${viewport.height}, ${seconds} s per path; page errors: ${problems.length}.`,
  '',
  '| Path | Frames | Main-thread ms per frame, median | 95th percentile | Frame interval ms, median | 95th percentile |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...[['Desktop (one camera)', desktop], ['Immersive VR (two eye cameras)', immersive]].map(
    ([name, path]) => `| ${name} | ${path.frames} | ${ms(path.cpu.median)} | ${ms(path.cpu.p95)} | ${ms(path.interval.median)} | ${ms(path.interval.p95)} |`,
  ),
  '',
  `Immersive over desktop: main-thread time ${(immersive.cpu.median / desktop.cpu.median).toFixed(2)}× (median), frame interval ${(immersive.interval.median / desktop.interval.median).toFixed(2)}× (median).`,
];
console.log(lines.join('\n'));
const file = join(repoRoot, 'docs/benchmarks.md');
const doc = await readFile(file, 'utf8');
const begin = '<!-- xr-benchmark:begin -->';
const end = '<!-- xr-benchmark:end -->';
const section = `${begin}\n${lines.join('\n')}\n${end}`;
const next = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), section)
  : `${doc.trimEnd()}\n\n## VR: frame cost of the immersive path\n\n\`node bench/xr.mjs DIST\` (also run by \`scripts/benchmark.sh\`) opens the hall in front of a booth with an emulated Meta Quest 3 (npm \`iwer\`), measures each app frame on the desktop path. It then enters VR and measures the same on the immersive path, which draws the scene once per eye. \`web/xr-frame.js\` times the frame callback on the main thread (Bevy's update and the WebGL calls it issues) and the interval between frames (which includes SwiftShader drawing in Chromium's GPU process). SwiftShader renders on the CPU, so the absolute times say nothing about a headset; the ratios say what the second eye and the XR frame handling cost. Run it on an otherwise idle machine.\n\n${section}\n`;
await writeFile(file, next);
console.log(`wrote ${file}`);
