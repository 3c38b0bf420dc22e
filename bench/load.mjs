// Measures the release web bundle: file sizes (raw, gzip, brotli) and the time from navigation
// until the hall shell is ready and until every model has loaded, in headless Chromium on
// SwiftShader. Writes the figures into docs/benchmarks.md between the generated-section markers.
// Usage: node bench/load.mjs DIST_FOLDER [RUNS]
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { launchBrowser, openPage, repoRoot, serve, waitForStatus } from '../tests/e2e/harness.mjs';
import { READY_PROBE, firstHallFrame } from './ready-probe.mjs';

const dist = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!dist) {
  console.error('usage: node bench/load.mjs DIST_FOLDER [RUNS]');
  process.exit(2);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

async function sizes() {
  const rows = [];
  for (const name of await readdir(dist)) {
    const path = join(dist, name);
    if (!(await stat(path)).isFile() || !/\.(wasm|js|css|html)$/.test(name)) continue;
    const raw = await readFile(path);
    const gzip = gzipSync(raw, { level: 9 }).length;
    const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
    rows.push({ name: name.replace(/-[0-9a-f]{16}(?=[._])/, '-<hash>'), raw: raw.length, gzip, brotli });
  }
  // The bundled exhibition: manifest and models, fetched after the page.
  const scene = { name: 'scenes/ (manifest and models, all)', raw: 0, gzip: 0, brotli: 0 };
  const walk = async (folder) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (/\.(json|glb|gltf|bin|png)$/.test(entry.name)) {
        const raw = await readFile(path);
        scene.raw += raw.length;
        scene.gzip += gzipSync(raw, { level: 9 }).length;
        scene.brotli += brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
      }
    }
  };
  await walk(join(dist, 'scenes'));
  rows.sort((a, b) => b.raw - a.raw);
  return { page: rows, scene };
}

async function timeToReady(browser, url) {
  const page = await openPage(browser, url, undefined, READY_PROBE);
  const ready = await firstHallFrame(page, 600_000);
  await waitForStatus(page, (s) => s.stage === 'done', 'all models', 600_000);
  const done = Date.now() - (ready.epochMs - ready.ms);
  await page.close();
  return { ready: ready.ms, done };
}

const { page: files, scene } = await sizes();
const server = await serve({ '/': dist });
const browser = await launchBrowser();
const timings = [];
for (let i = 0; i < runs; i++) timings.push(await timeToReady(browser, `${server.url}/`));
await browser.close();
await server.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const total = (key) => files.reduce((sum, f) => sum + f[key], 0);
const chromiumVersion = (await import('node:child_process')).execSync('/usr/bin/chromium --version').toString().trim();
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`scripts/benchmark.sh\` on ${cpus().length} cores (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${chromiumVersion} headless with SwiftShader WebGL2.`,
  '',
  '| File | Raw | gzip -9 | brotli -q 11 -w 24 |',
  '| --- | ---: | ---: | ---: |',
  ...files.map((f) => `| ${f.name} | ${kib(f.raw)} | ${kib(f.gzip)} | ${kib(f.brotli)} |`),
  `| **Page, all** (before the first hall frame) | **${mib(total('raw'))}** | **${mib(total('gzip'))}** | **${mib(total('brotli'))}** |`,
  `| ${scene.name} | ${mib(scene.raw)} | ${mib(scene.gzip)} | ${mib(scene.brotli)} |`,
  '',
  `Time from navigation, served from 127.0.0.1 without throttling, median of ${runs} runs (each run in a new page; the browser cache is disabled by the test server):`,
  '',
  '| Milestone | Median | Runs |',
  '| --- | ---: | --- |',
  `| First hall frame (\`ready\`, bench/ready-probe.mjs) | ${(median(timings.map((t) => t.ready)) / 1000).toFixed(1)} s | ${timings.map((t) => (t.ready / 1000).toFixed(1)).join(', ')} |`,
  `| Every model loaded (\`stage = done\`) | ${(median(timings.map((t) => t.done)) / 1000).toFixed(1)} s | ${timings.map((t) => (t.done / 1000).toFixed(1)).join(', ')} |`,
];

const docPath = join(repoRoot, 'docs/benchmarks.md');
const doc = await readFile(docPath, 'utf8');
const begin = '<!-- load-benchmark:begin -->';
const end = '<!-- load-benchmark:end -->';
const updated = doc.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${lines.join('\n')}\n${end}`);
await writeFile(docPath, updated);
console.log(lines.join('\n'));
