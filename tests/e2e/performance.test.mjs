// Rendering cost of the bundled exhibition in headless Chromium: the densest views stay within
// the draw-call budget, and booths that show the same model file share one download.
// Draw calls are counted by web/gl-stats.js (shadow passes included), so the bound holds on any
// machine; frame times are left to the benchmark.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, openPage, repoRoot, serve, waitForStatus } from './harness.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const manifest = JSON.parse(await readFile(join(repoRoot, 'scenes/guangxi-2022/manifest.json'), 'utf8'));

/** Most draw calls per frame the densest view of the bundled exhibition may take. */
const MAX_DRAW_CALLS = 150;

/** Returns the largest per-frame draw count seen over `ms` milliseconds. */
async function maxDrawCalls(page, ms) {
  let max = 0;
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const calls = await page.evaluate(() => window.__EXPO_HALL__?.renderer?.drawCalls ?? 0);
    max = Math.max(max, calls);
    await page.waitForTimeout(250);
  }
  return max;
}

describe('rendering cost', () => {
  let server;
  let browser;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // The densest of the start view and every fifth booth's view, measured on this build (67 to
  // 106 draw calls), with bench/perf.mjs's view of the largest zone (beihai-hi-tech-zone). They
  // look along rows of loaded models with shadows on.
  const views = ['booth=beihai-hi-tech-zone', 'booth=nanning-railway', 'booth=nanning-hi-tech-zone'];
  for (const query of views) {
    test(`draw calls within budget at ${query}`, async () => {
      const page = await openPage(browser, `${server.url}/?quality=high&${query}`);
      const done = await waitForStatus(page, (s) => s.stage === 'done', 'every model', 600_000);
      assert.deepEqual(done.errors, []);
      assert.equal(done.quality, 'high', 'shadows and anti-aliasing are on');
      // The benchmark times "every model in the starting view" by these counts.
      assert.ok(done.modelsInView >= 1, `the booth in front of the visitor is not counted in view: ${done.modelsInView}`);
      assert.ok(done.modelsInView < done.modelsTotal, `${done.modelsInView} of ${done.modelsTotal} models counted in one view`);
      assert.equal(done.modelsInViewSettled, done.modelsInView, 'every model has settled, so every model in view has');
      const calls = await maxDrawCalls(page, 3000);
      assert.ok(calls > 0, 'gl-stats.js counted no draw calls');
      assert.ok(calls <= MAX_DRAW_CALLS, `${calls} draw calls in one frame; the budget is ${MAX_DRAW_CALLS}`);
      await page.close();
    });
  }

  test('shared model files are fetched once', async () => {
    const shared = new Map();
    for (const booth of manifest.booths) {
      if (booth.model) shared.set(booth.model.url, (shared.get(booth.model.url) ?? 0) + 1);
    }
    assert.ok([...shared.values()].some((count) => count > 1), 'the bundled exhibition repeats no model file');
    const page = await openPage(browser, `${server.url}/?quality=low`, { width: 480, height: 270 });
    const before = server.requests.length;
    const done = await waitForStatus(page, (s) => s.stage === 'done', 'every model', 600_000);
    assert.equal(done.modelsLoaded, done.modelsTotal);
    const fetched = server.requests.slice(before).filter((path) => path.endsWith('.glb'));
    for (const url of shared.keys()) {
      const count = fetched.filter((path) => path.endsWith(`/${url}`)).length;
      assert.equal(count, 1, `${url} was fetched ${count} times`);
    }
    await page.close();
  });
});
