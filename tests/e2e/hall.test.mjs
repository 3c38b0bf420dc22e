// The bundled exhibition in headless Chromium: it loads without errors, renders a lit upright
// hall with readable Chinese signs, and the visitor can walk from the plaza into a pavilion.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bandStats, launchBrowser, openPage, repoRoot, screenshot, serve, status, waitForStatus } from './harness.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const manifest = JSON.parse(await readFile(join(repoRoot, 'scenes/guangxi-2022/manifest.json'), 'utf8'));

describe('bundled exhibition', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser();
    // Low quality (no shadows, no anti-aliasing) keeps SwiftShader fast enough to walk.
    page = await openPage(browser, `${server.url}/?quality=low`, { width: 960, height: 540 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('hall shell becomes ready with every zone and booth', async () => {
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell');
    assert.equal(ready.manifest, 'scenes/guangxi-2022/manifest.json');
    assert.equal(ready.quality, 'low');
    assert.equal(ready.sampleContent, true);
    assert.equal(ready.zones, manifest.zones.length);
    assert.equal(ready.booths, manifest.booths.length);
    assert.equal(ready.lang, 'zh');
    assert.equal(ready.zone, 'preface');
    assert.deepEqual(ready.errors, []);
  });

  test('every bundled model loads without errors', async () => {
    const done = await waitForStatus(page, (s) => s.stage === 'done', 'all models');
    assert.equal(done.modelsTotal, manifest.booths.filter((b) => b.model).length);
    assert.equal(done.modelsFailed, 0, JSON.stringify(done.errors));
    assert.equal(done.modelsLoaded, done.modelsTotal);
    assert.deepEqual(done.errors, []);
    assert.deepEqual(page.problems, []);
  });

  test('status object is read-only', async () => {
    const changed = await page.evaluate(() => {
      try {
        window.__EXPO_HALL__.ready = 'tampered';
      } catch {
        // Strict-mode pages throw; either way the value must not change.
      }
      return window.__EXPO_HALL__.ready;
    });
    assert.equal(changed, true);
  });

  test('hall renders lit and upright', async () => {
    await page.waitForTimeout(1500);
    const png = await screenshot(page, 'hall-start');
    const whole = bandStats(png, 0.1, 0.95);
    assert.ok(whole.spread > 12, `the view is nearly uniform (spread ${whole.spread.toFixed(1)})`);
    assert.ok(whole.mean > 60, `the view is too dark (mean ${whole.mean.toFixed(1)})`);
    const top = bandStats(png, 0.0, 0.06);
    const bottom = bandStats(png, 0.9, 1.0);
    // The sky is blue above; the warm floor is below.
    assert.ok(top.b > top.r + 10, `the top is not sky: ${JSON.stringify(top)}`);
    assert.ok(bottom.r >= bottom.b, `the bottom is not floor: ${JSON.stringify(bottom)}`);
  });

  test('Chinese sign text does not fall back to missing-glyph boxes', async () => {
    const s = await status(page);
    assert.ok(s.signsRendered > manifest.booths.length, `only ${s.signsRendered} signs drawn`);
    // The app draws two characters with its sign font stack and compares them.
    assert.equal(s.cjkFont, true, 'the hall found no CJK font for its signs');
    // Draw two different characters with the signs' font stack: missing glyphs draw the same box.
    const result = await page.evaluate(() => {
      const family = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif';
      const draw = (text) => {
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const context = canvas.getContext('2d');
        context.fillStyle = '#000';
        context.font = `48px ${family}`;
        context.textBaseline = 'top';
        context.fillText(text, 4, 4);
        return Array.from(context.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3));
      };
      const a = draw('贺');
      const b = draw('州');
      const same = a.every((value, i) => value === b[i]);
      const inked = a.filter((value) => value > 0).length;
      return { same, inked, fontReady: document.fonts.check(`48px ${family}`, '贺州') };
    });
    assert.ok(result.inked > 50, 'the character drew nothing');
    assert.equal(result.same, false, 'two different Chinese characters drew the same glyph (missing-glyph boxes)');
  });

  test('walking forward leaves the plaza and enters the first pavilion', async () => {
    const before = await status(page);
    await page.focus('#hall-canvas');
    await page.keyboard.down('Shift');
    await page.keyboard.down('w');
    let entered;
    try {
      entered = await waitForStatus(page, (s) => s.zone === 'industry', 'entering the industry pavilion', 120_000);
    } finally {
      await page.keyboard.up('w');
      await page.keyboard.up('Shift');
    }
    const moved = Math.hypot(entered.camera.x - before.camera.x, entered.camera.z - before.camera.z);
    assert.ok(moved > 20, `the camera moved only ${moved.toFixed(1)} m`);
    assert.ok(entered.camera.z < before.camera.z, 'the camera did not move north (towards -z)');
    assert.ok(Math.abs(entered.camera.y - 1.6) < 0.01, 'eye height changed');
    await screenshot(page, 'hall-industry');
  });

  test('clicking a booth walks up to it', async () => {
    const before = await status(page);
    assert.equal(before.booth, null);
    // Just inside the industry entrance, the first row's booths stand left and right of the aisle.
    await page.mouse.click(790, 330);
    const chosen = await waitForStatus(page, (s) => s.booth !== null, 'a booth to be chosen', 30_000);
    const booth = manifest.booths.find((b) => b.id === chosen.booth);
    assert.equal(booth?.zone, 'industry', `clicked booth ${chosen.booth} is not in the industry zone`);
    const arrived = await waitForStatus(
      page,
      (s) => Math.hypot(s.camera.x - before.camera.x, s.camera.z - before.camera.z) > 1,
      'walking towards the booth',
      60_000,
    );
    assert.equal(arrived.zone, 'industry');
    await page.waitForTimeout(4000);
    await screenshot(page, 'booth-clicked');
  });

  test('switching language updates the page and signs', async () => {
    const before = await status(page);
    await page.click('#lang-toggle');
    const english = await waitForStatus(page, (s) => s.lang === 'en', 'English');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.ok(english.signsRendered > before.signsRendered, 'signs were not redrawn');
    assert.match(page.url(), /lang=en/);
    const zoneText = await page.textContent('#zone-name');
    const zone = manifest.zones.find((z) => z.id === english.zone);
    assert.equal(zoneText, zone.name.en);
  });
  test('visit events reach statistics endpoint', async () => {
    const deadline = Date.now() + 60_000;
    while (server.events.length === 0 && Date.now() < deadline) await page.waitForTimeout(1000);
    assert.ok(server.events.length > 0, 'no batch of visit events arrived');
    const batch = server.events[0];
    assert.equal(batch.exhibition, 'guangxi-2022');
    assert.match(batch.visit, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const kinds = server.events.flatMap((b) => b.events.map((e) => e.kind));
    assert.ok(kinds.includes('visit_start'), JSON.stringify(kinds));
    assert.ok(kinds.includes('zone_entered'), JSON.stringify(kinds));
  });
});

describe('deep links', () => {
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

  test('booth and lang parameters start in front of that booth in English', async () => {
    const booth = manifest.booths.find((b) => b.zone === 'regional');
    const page = await openPage(browser, `${server.url}/?booth=${booth.id}&lang=en`);
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell');
    assert.equal(ready.quality, 'high');
    assert.equal(ready.lang, 'en');
    assert.equal(ready.booth, booth.id);
    assert.equal(ready.zone, 'regional');
    assert.deepEqual(ready.warnings.filter((w) => w.code === 'booth-not-found'), []);
    // At high quality the booth, its shadow and the English signs are drawn.
    await waitForStatus(page, (s) => s.modelsLoaded > 0, 'the first model');
    const png = await screenshot(page, 'deep-link-booth');
    const view = bandStats(png, 0.1, 0.9);
    assert.ok(view.spread > 12, `the booth view is nearly uniform (spread ${view.spread.toFixed(1)})`);
    await page.close();
  });

  test('automatic quality steps down on slow frames', async () => {
    // SwiftShader draws far slower than 25 frames a second, so the preset drops to low. A small
    // window keeps the frame rate, and so the measuring windows, short.
    const page = await openPage(browser, `${server.url}/`, { width: 320, height: 180 });
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell');
    assert.equal(ready.quality, 'high');
    assert.equal(ready.qualityForced, false);
    assert.equal(ready.resolutionScale, 1);
    const medium = await waitForStatus(page, (s) => s.quality !== 'high', 'the first step down', 300_000);
    assert.equal(medium.quality, 'medium');
    assert.ok(Math.abs(medium.resolutionScale - 0.8) < 1e-6, `medium renders at ${medium.resolutionScale}`);
    const low = await waitForStatus(page, (s) => s.quality === 'low', 'the second step down', 300_000);
    assert.ok(Math.abs(low.resolutionScale - 0.6) < 1e-6, `low renders at ${low.resolutionScale}`);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('forced quality never changes', async () => {
    const page = await openPage(browser, `${server.url}/?quality=medium`, { width: 320, height: 180 });
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell');
    assert.equal(ready.qualityForced, true);
    // Longer than the warm-up and one measuring window at this size.
    await waitForStatus(page, (s) => s.frames > ready.frames + 150, '150 more frames', 300_000);
    assert.equal((await status(page)).quality, 'medium');
    // Medium renders 80 % of the pixels on each axis, stretched over the whole page.
    const canvas = await page.evaluate(() => {
      const element = document.querySelector('#hall-canvas');
      const box = element.getBoundingClientRect();
      return { width: element.width, height: element.height, shownWidth: box.width, shownHeight: box.height };
    });
    assert.equal(canvas.width, 256);
    assert.equal(canvas.height, 144);
    assert.equal(canvas.shownWidth, 320);
    assert.equal(canvas.shownHeight, 180);
    await page.close();
  });

  test('unknown booth parameter warns and starts on the plaza', async () => {
    const page = await openPage(browser, `${server.url}/?booth=no-such-booth`);
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell');
    assert.equal(ready.zone, 'preface');
    assert.equal(ready.warnings.filter((w) => w.code === 'booth-not-found').length, 1);
    await page.close();
  });
});

describe('phone', () => {
  let server;
  let browser;
  let page;
  let touch;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 412, height: 860 }, hasTouch: true, isMobile: true });
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
    await page.goto(`${server.url}/?quality=low`);
    touch = await page.context().newCDPSession(page);
    await waitForStatus(page, (s) => s.ready, 'the hall shell');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Drags one finger from `from` to `to` (CSS pixels) in `steps` moves, then lifts it. */
  async function drag(from, to, steps = 8, holdMs = 0) {
    await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from[0], y: from[1] }] });
    for (let i = 1; i <= steps; i++) {
      const x = from[0] + ((to[0] - from[0]) * i) / steps;
      const y = from[1] + ((to[1] - from[1]) * i) / steps;
      await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
      await page.waitForTimeout(50);
    }
    if (holdMs) await page.waitForTimeout(holdMs);
    await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  test('joystick walks forward', async () => {
    assert.ok(await page.isVisible('#joystick'), 'the joystick is hidden on a touch screen');
    const box = await page.locator('#joystick').boundingBox();
    const center = [box.x + box.width / 2, box.y + box.height / 2];
    const before = await status(page);
    await drag(center, [center[0], center[1] - 45], 4, 3000);
    const after = await status(page);
    assert.ok(after.camera.z < before.camera.z - 1, `the camera did not walk forward: ${before.camera.z} -> ${after.camera.z}`);
  });

  test('one-finger drag turns the view', async () => {
    const before = await status(page);
    await drag([300, 300], [150, 300]);
    await page.waitForTimeout(300);
    const after = await status(page);
    assert.ok(Math.abs(after.camera.yaw - before.camera.yaw) > 5, `yaw stayed at ${after.camera.yaw}`);
  });

  test('tap on the floor walks there', async () => {
    const before = await status(page);
    await page.touchscreen.tap(206, 760);
    await page.waitForTimeout(3000);
    const after = await status(page);
    const moved = Math.hypot(after.camera.x - before.camera.x, after.camera.z - before.camera.z);
    assert.ok(moved > 0.5, `the camera moved only ${moved.toFixed(2)} m`);
    assert.deepEqual(page.problems, []);
  });
});
