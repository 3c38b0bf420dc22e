// The big-screen mode, the guided tour, the booth directory, the minimap and the page without
// WebGL2, on the bundled exhibition in headless Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeQr, launchBrowser, openPage, repoRoot, screenshot, serve, status, waitForStatus } from './harness.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const manifest = JSON.parse(await readFile(join(repoRoot, 'scenes/guangxi-2022/manifest.json'), 'utf8'));
const featured = manifest.booths.filter((b) => b.featured).map((b) => b.id);

/** Returns whether an element is laid out (not `display: none` through itself or an ancestor). */
function isShown(page, selector) {
  return page.locator(selector).first().isVisible();
}

describe('big screen', () => {
  let server;
  let browser;
  let page;
  let boothLink;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('kiosk tour starts with caption and QR code', async () => {
    // A long idle time, so that the tour stays paused while the operator keys are tested.
    page = await openPage(browser, `${server.url}/?mode=kiosk&quality=low&idle=600`);
    const first = await waitForStatus(page, (s) => s.ready && s.tour.atStop && s.shareUrl !== null, 'the tour at its first stop');
    assert.equal(first.mode, 'kiosk');
    assert.equal(first.tour.state, 'running');
    assert.equal(first.tour.stop, 0);
    assert.equal(first.tour.zone, 'preface');
    assert.equal(first.tour.stops, 5 + featured.length, 'a stop per zone and per featured booth');
    assert.equal(await isShown(page, '#hud nav'), false, 'visitor buttons are hidden on the big screen');
    assert.equal(await isShown(page, '#caption'), true);
    assert.match(await page.locator('#caption-title').innerText(), /序言区/);

    assert.equal(new URL(first.shareUrl).searchParams.get('zone'), 'preface');
    const decoded = await decodeQr(page, '#share-qr');
    assert.equal(decoded, first.shareUrl, 'the QR code encodes the deep link');
    await screenshot(page, 'kiosk-preface');
    assert.deepEqual(page.problems, []);
  });

  test('operator keys step through stops and QR code follows', async () => {
    await page.focus('#hall-canvas');
    await page.keyboard.press('Space');
    const paused = await waitForStatus(page, (s) => s.tour.state === 'paused', 'Space to pause the tour');
    // Next until the first featured booth (stop 2): the tour may already be on its way to stop 1.
    for (let presses = 0; presses < 3 && (await status(page)).tour.stop !== 2; presses++) {
      const from = (await status(page)).tour.stop;
      await page.keyboard.press('n');
      await waitForStatus(page, (s) => s.tour.stop === (from + 1) % paused.tour.stops, `N to go from stop ${from}`);
    }
    await page.keyboard.press('p');
    const industry = await waitForStatus(page, (s) => s.tour.stop === 1, 'P to go to the previous stop');
    assert.equal(industry.tour.zone, 'industry');
    assert.equal(industry.tour.state, 'paused', 'stepping keeps the tour paused');
    await page.keyboard.press('PageDown');
    const pausedAtBooth = await waitForStatus(page, (s) => s.tour.stop === 2 && s.tour.atStop, 'Page Down to go to the next stop');
    assert.equal(pausedAtBooth.tour.state, 'paused');
    assert.equal(await page.locator('#caption').getAttribute('data-booth'), pausedAtBooth.tour.booth, 'the caption stays while paused');
    assert.equal(pausedAtBooth.panel, null, 'no booth card opens by itself on the big screen');
    await page.keyboard.press('Space');
    const shown = await waitForStatus(
      page,
      (s) => s.tour.state === 'running' && s.tour.atStop && s.shareUrl?.includes('booth='),
      'the tour to resume at the booth',
    );
    assert.equal(shown.tour.stop, 2, 'resuming continues at the stop shown');
    assert.ok(featured.includes(shown.tour.booth), `${shown.tour.booth} is not featured`);
    assert.equal(await page.locator('#caption').getAttribute('data-booth'), shown.tour.booth);

    const decoded = await decodeQr(page, '#share-qr');
    assert.equal(new URL(decoded).searchParams.get('booth'), shown.tour.booth);
    assert.equal(new URL(decoded).searchParams.get('mode'), null, 'phones open the visitor mode');
    await screenshot(page, 'kiosk-booth');

    boothLink = decoded;
  });

  test('operator input pauses and idle time resumes', async () => {
    await page.goto(`${server.url}/?mode=kiosk&quality=low&idle=10`);
    await waitForStatus(page, (s) => s.ready && s.tour.state === 'running', 'the tour to run');
    await page.focus('#hall-canvas');
    await page.keyboard.down('w');
    const paused = await waitForStatus(page, (s) => s.tour.state === 'paused', 'the tour to pause', 30_000);
    await page.keyboard.up('w');
    assert.ok(paused.tour.stop !== null);
    const resumed = await waitForStatus(page, (s) => s.tour.state === 'running', 'the tour to resume', 120_000);
    // The app's own clock: the last input came after the first paused frame.
    const waited = resumed.seconds - paused.seconds;
    assert.ok(waited >= 10, `resumed ${waited.toFixed(1)} s after the pause, before the 10 s idle time`);
    assert.ok(resumed.tour.stop !== null);
    await page.close();
  });

  test('QR link opens the hall at that booth', async () => {
    assert.ok(boothLink, 'an earlier test decoded a booth link');
    const booth = new URL(boothLink).searchParams.get('booth');
    const phone = await openPage(browser, boothLink.replace('?', '?quality=low&'), { width: 480, height: 800 });
    const opened = await waitForStatus(phone, (s) => s.ready && s.panel?.kind === 'card', 'the booth card from the QR link');
    assert.equal(opened.mode, 'visitor');
    assert.equal(opened.booth, booth);
    assert.equal(opened.panel.booth, booth);
    assert.equal(opened.tour.state, 'off');
    assert.equal(opened.warnings.filter((w) => w.code === 'booth-not-found').length, 0);
    await phone.close();
  });
});

describe('guided tour and directory', () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser();
    page = await openPage(browser, `${server.url}/?quality=low`, { width: 960, height: 540 });
    await waitForStatus(page, (s) => s.ready, 'the hall shell');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('tour button lists stops and walking ends it', async () => {
    const idle = await status(page);
    assert.equal(idle.mode, 'visitor');
    assert.equal(idle.tour.state, 'off');
    assert.equal(await isShown(page, '#share'), false, 'the QR code is for the big screen');

    await page.click('#tour-toggle');
    await waitForStatus(page, (s) => s.tour.state === 'running', 'the tour to start');
    assert.equal(await page.locator('#tour-toggle').getAttribute('aria-pressed'), 'true');
    const stops = page.locator('#tour-stops button');
    assert.equal(await stops.count(), 5 + featured.length);

    const hezhou = manifest.booths.find((b) => b.id === 'hezhou-overview');
    await stops.filter({ hasText: hezhou.exhibitor.zh }).click();
    const atHezhou = await waitForStatus(page, (s) => s.tour.booth === 'hezhou-overview' && s.tour.atStop, 'the 贺州 stop');
    assert.equal(atHezhou.zone, 'regional');
    assert.match(await page.locator('#caption-title').innerText(), /贺州市人民政府/);
    assert.equal(await page.locator('#tour-stops button[aria-current="step"]').innerText(), hezhou.exhibitor.zh);
    await screenshot(page, 'tour-hezhou');

    await page.focus('#hall-canvas');
    await page.keyboard.down('s');
    await waitForStatus(page, (s) => s.tour.state === 'off', 'walking to end the tour', 30_000);
    await page.keyboard.up('s');
    assert.equal(await isShown(page, '#tour-panel'), false);
    assert.equal(await isShown(page, '#caption'), false);
  });

  test('directory search finds cities and English names', async () => {
    await page.click('#directory-open');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'directory-search', 'opening focuses the search field');
    const visible = page.locator('#directory-list .directory-booth:visible');
    assert.equal(await visible.count(), manifest.booths.length, 'an empty search lists every booth');

    await page.fill('#directory-search', '贺州');
    const hezhouIds = manifest.booths.filter((b) => b.city?.zh === '贺州').map((b) => b.id).sort();
    await page.waitForFunction((n) => document.querySelectorAll('#directory-list li:not(.hidden)').length === n, hezhouIds.length);
    const found = (await visible.evaluateAll((buttons) => buttons.map((b) => b.dataset.booth))).sort();
    assert.deepEqual(found, hezhouIds);
    assert.match(await page.locator('#directory-count').innerText(), new RegExp(`${hezhouIds.length}`));

    await page.fill('#directory-search', 'liuzhou hi-tech');
    await page.waitForFunction(() => document.querySelectorAll('#directory-list li:not(.hidden)').length === 1);
    assert.deepEqual(await visible.evaluateAll((buttons) => buttons.map((b) => b.dataset.booth)), ['liuzhou-hi-tech-zone']);

    await page.fill('#directory-search', 'no such exhibitor');
    await page.waitForFunction(() => document.querySelectorAll('#directory-list li:not(.hidden)').length === 0);
    assert.match(await page.locator('#directory-count').innerText(), /没有找到/);
  });

  test('choosing a result walks to the booth', async () => {
    const start = await status(page);
    await page.fill('#directory-search', 'guangxi liugong');
    await page.locator('#directory-list .directory-booth[data-booth="liugong-machinery"]').click();
    const walking = await waitForStatus(page, (s) => s.booth === 'liugong-machinery', 'the booth to be chosen', 30_000);
    assert.equal(await isShown(page, '#directory'), false, 'choosing closes the directory');
    const arrived = await waitForStatus(
      page,
      (s) => s.panel?.kind === 'card' && s.panel.booth === 'liugong-machinery',
      'arriving in front of the booth (its card opens)',
      180_000,
    );
    const walked = Math.hypot(arrived.camera.x - start.camera.x, arrived.camera.z - start.camera.z);
    assert.ok(walked > 10, `the visitor moved only ${walked.toFixed(1)} m`);
    assert.equal(arrived.zone, 'industry');
    assert.equal(walking.tour.state, 'off');
    await screenshot(page, 'directory-walked');
  });

  test('keyboard alone moves instantly to a booth', async () => {
    await page.focus('#directory-open');
    await page.keyboard.press('Enter');
    assert.equal(await isShown(page, '#directory'), true);
    await page.keyboard.press('Escape');
    assert.equal(await isShown(page, '#directory'), false, 'Esc closes the directory');
    await page.waitForTimeout(1500);
    const card = await status(page);
    assert.equal(card.panel?.booth, 'liugong-machinery', 'the same Esc does not also close the booth card');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'directory-open', 'the focus returns to the button');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'directory-search');
    // Typing replaces the previous query, which opening the directory selects.
    await page.keyboard.type('广西大学');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'directory-instant');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.dataset?.booth);
    assert.equal(focused, 'guangxi-university');
    await page.keyboard.press('Enter');
    const arrived = await waitForStatus(
      page,
      (s) => s.panel?.kind === 'card' && s.panel.booth === 'guangxi-university',
      'the card of the booth moved to',
      30_000,
    );
    assert.equal(arrived.zone, 'universities');
    assert.equal(await page.evaluate(() => localStorage.getItem('expo-hall.instant-move')), '1', 'the preference is saved');
  });

  test('minimap click walks there', async () => {
    const before = await status(page);
    const box = await page.locator('#minimap').boundingBox();
    // The middle of the map is the plaza, far from the universities pavilion.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const moved = await waitForStatus(
      page,
      (s) => Math.hypot(s.camera.x - before.camera.x, s.camera.z - before.camera.z) > 3,
      'walking towards the clicked place',
      60_000,
    );
    assert.notEqual(moved.zone, null);
    assert.deepEqual(page.problems, []);
  });

  test('zone link starts in that zone', async () => {
    const linked = await openPage(browser, `${server.url}/?quality=low&zone=regional`, { width: 640, height: 360 });
    const ready = await waitForStatus(linked, (s) => s.ready && s.zone === 'regional', 'the regional zone');
    assert.equal(ready.warnings.filter((w) => w.code === 'zone-not-found').length, 0);
    await linked.close();
  });
});

describe('phone layout', () => {
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

  test('top buttons stay readable and tappable', async () => {
    const page = await openPage(browser, `${server.url}/?quality=low&lang=en`, { width: 390, height: 844 });
    await waitForStatus(page, (s) => s.ready, 'the hall shell');
    for (const id of ['tour-toggle', 'directory-open', 'help-toggle', 'lang-toggle']) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box.height < 48, `#${id} is ${box.height} px tall: its label wraps`);
      assert.ok(box.x >= 0, `#${id} starts left of the screen`);
      assert.ok(box.x + box.width <= 390, `#${id} runs off the right edge`);
    }
    // Playwright's click fails when another element covers the button.
    await page.click('#tour-toggle', { timeout: 10_000 });
    await waitForStatus(page, (s) => s.tour.state === 'running', 'the tour to start');
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});

describe('no WebGL2', () => {
  let server;
  let browser;

  before(async () => {
    server = await serve({ '/': dist });
    browser = await launchBrowser(['--disable-3d-apis']);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('directory lists every booth with its hand-offs', async () => {
    const page = await openPage(browser, `${server.url}/?lang=en`);
    assert.equal(await page.evaluate(() => !!document.createElement('canvas').getContext('webgl2')), false, 'WebGL2 is off');
    const ready = await waitForStatus(page, (s) => s.ready && s.mode === 'fallback', 'the directory page', 60_000);
    assert.equal(ready.booths, manifest.booths.length);
    assert.equal(await isShown(page, '#directory-fallback'), true);
    assert.equal(await page.locator('#directory-list .directory-booth:visible').count(), manifest.booths.length);
    await screenshot(page, 'fallback-directory');

    await page.focus('#directory-search');
    await page.keyboard.press('Escape');
    assert.equal(await isShown(page, '#directory'), true, 'Esc does not hide the directory page');

    await page.focus('.directory-booth[data-booth="liugong-machinery"]');
    await page.keyboard.press('Enter');
    await waitForStatus(page, (s) => s.panel?.kind === 'card' && s.panel.booth === 'liugong-machinery', 'the booth card');
    await page.waitForFunction(() => document.getElementById('panel-root').contains(document.activeElement));
    await page.keyboard.press('Escape');
    await waitForStatus(page, (s) => s.panel === null, 'the card to close');
    await page.waitForFunction(() => document.activeElement?.dataset?.booth === 'liugong-machinery');
    await page.locator('.directory-booth[data-booth="liugong-machinery"]').click();
    await waitForStatus(page, (s) => s.panel?.kind === 'card', 'the booth card again');
    await page.locator('[data-action="video"]').click();
    const video = await waitForStatus(page, (s) => s.panel?.kind === 'video' && s.media !== null, 'the video panel');
    assert.equal(video.media.format, 'mp4');
    await page.locator('#panel-root .panel-close').first().click();
    await page.locator('[data-action="negotiate"]').click();
    await waitForStatus(page, (s) => s.panel?.kind === 'negotiate', 'the negotiation form');
    assert.equal(await page.locator('form.negotiate-form').count(), 1);
    await page.waitForFunction(() => document.activeElement?.closest('form.negotiate-form') !== null);
    assert.deepEqual(page.problems, []);
  });
});
