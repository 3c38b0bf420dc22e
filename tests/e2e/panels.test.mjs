// Booth hand-offs in headless Chromium. Covered: the booth card, the video panel (MP4 and HLS),
// the live panel on a clock the test sets (HLS with a server restart, HTTP-FLV) and the
// in-world screens. The negotiation form runs against a real endpoint that fails, rejects, hangs
// and recovers, and manifest texts that try to inject HTML must show as text.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchBrowser, repoRoot, screenshot, serve, status, waitForStatus } from './harness.mjs';
import { makeMedia, mediaServer, negotiationServer } from './media.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const bundled = JSON.parse(await readFile(join(repoRoot, 'scenes/guangxi-2022/manifest.json'), 'utf8'));
const BOOTH = 'gxst-achievements';
const FLV_BOOTH = 'asean-tech-transfer';
// Booths without models keep SwiftShader's frames short.
const QUERY = 'quality=low&lang=zh';

/** Builds the bundled exhibition with test media on two booths and the test negotiation endpoint. */
function testManifest(mediaUrl, negotiationUrl) {
  const manifest = structuredClone(bundled);
  manifest.exhibition.negotiation_endpoint = `${negotiationUrl}/api/negotiations`;
  manifest.exhibition.plaza_screen = [];
  // No models, and videos only on the test booths, keep SwiftShader's frames short.
  for (const booth of manifest.booths) {
    delete booth.model;
    booth.media = (booth.media ?? []).filter((m) => m.kind !== 'video');
  }
  const booth = manifest.booths.find((b) => b.id === BOOTH);
  booth.poster = `${mediaUrl}/poster.png`;
  booth.media = [
    { kind: 'video', url: `${mediaUrl}/clip.mp4`, title: { zh: 'MP4 测试', en: 'MP4 test' }, poster: `${mediaUrl}/poster.png`, captions: `${mediaUrl}/captions.vtt` },
    { kind: 'video', url: `${mediaUrl}/vod/index.m3u8`, title: { zh: 'HLS 测试', en: 'HLS test' } },
    {
      kind: 'live', url: `${mediaUrl}/live/index.m3u8`, title: { zh: '启动仪式', en: 'Launch ceremony' },
      starts_at: '2022-05-21T09:30:00+08:00', ends_at: '2022-05-21T11:30:00+08:00', replay_url: `${mediaUrl}/clip.mp4`,
    },
    { kind: 'negotiation', topics: [{ zh: '技术合作', en: 'Technology cooperation' }, { zh: '投资合作', en: 'Investment cooperation' }] },
  ];
  const flv = manifest.booths.find((b) => b.id === FLV_BOOTH);
  flv.media = [{ kind: 'live', url: `${mediaUrl}/stream.flv`, starts_at: '2022-05-24T14:30:00+08:00', ends_at: '2022-05-24T17:00:00+08:00' }];
  return manifest;
}

describe('booth hand-offs', () => {
  let site;
  let media;
  let mediaPort;
  let negotiation;
  let negotiationPort;
  let browser;
  let fixtures;

  before(async () => {
    const mediaRoot = await makeMedia();
    media = mediaServer(mediaRoot);
    mediaPort = await media.listen();
    negotiation = negotiationServer();
    negotiationPort = await negotiation.listen();
    fixtures = join(tmpdir(), `expo-panels-${process.pid}`);
    await mkdir(fixtures, { recursive: true });
    const manifest = testManifest(`http://127.0.0.1:${mediaPort}`, `http://127.0.0.1:${negotiationPort}`);
    await writeFile(join(fixtures, 'panels.json'), JSON.stringify(manifest));
    site = await serve({ '/': dist, '/fixtures/': fixtures, '/scenes/': join(repoRoot, 'scenes') });
    browser = await launchBrowser();
  });

  // Pages of a failed test would keep SwiftShader busy and slow the next tests down.
  const contexts = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => {});
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await media?.close().catch(() => {});
    await negotiation?.close().catch(() => {});
    await rm(fixtures, { recursive: true, force: true });
  });

  async function newContext() {
    const context = await browser.newContext({ viewport: { width: 960, height: 540 } });
    contexts.push(context);
    return context;
  }

  async function openTracked(url) {
    const page = await (await newContext()).newPage();
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
    await page.goto(url);
    return page;
  }

  async function open(extra, clockTime, initScript) {
    const context = await newContext();
    const page = await context.newPage();
    page.problems = [];
    page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
    if (clockTime) await page.clock.setFixedTime(new Date(clockTime));
    if (initScript) await page.addInitScript(initScript);
    await page.goto(`${site.url}/?manifest=/fixtures/panels.json&${QUERY}&${extra}`);
    await waitForStatus(page, (s) => s.ready, 'the hall shell');
    return page;
  }

  test('deep link opens booth card', async () => {
    const page = await open(`booth=${BOOTH}`);
    const shown = await waitForStatus(page, (s) => s.panel?.kind === 'card', 'the booth card');
    assert.equal(shown.panel.booth, BOOTH);
    const card = page.locator('#booth-card');
    assert.match(await card.textContent(), /广西壮族自治区科学技术厅/);
    for (const action of ['video', 'live', 'negotiate']) {
      assert.equal(await card.locator(`[data-action="${action}"]`).count(), 1, `no ${action} button`);
    }
    await screenshot(page, 'booth-card');
    await page.keyboard.press('Escape');
    await waitForStatus(page, (s) => s.panel === null, 'the card to close');
    await page.context().close();
  });

  test('video panel plays MP4 and stops on close', async () => {
    const page = await open(`booth=${BOOTH}`);
    await waitForStatus(page, (s) => s.panel?.kind === 'card', 'the booth card');
    await page.click('#booth-card [data-action="video"]');
    const first = await waitForStatus(page, (s) => s.media?.state === 'playing' && s.media.currentTime > 0.3, 'MP4 playback', 60_000);
    assert.equal(first.panel.kind, 'video');
    assert.equal(first.media.engine, 'file');
    await page.waitForTimeout(1500);
    const later = await status(page);
    assert.ok(later.media.currentTime > first.media.currentTime, `currentTime did not advance: ${first.media.currentTime} -> ${later.media.currentTime}`);
    assert.equal(await page.locator('#panel video track[kind="captions"]').count(), 1);
    const cues = await page.evaluate(() => {
      const track = document.querySelector('#panel video').textTracks[0];
      return { mode: track.mode, cues: track.cues?.length ?? 0 };
    });
    assert.deepEqual(cues, { mode: 'showing', cues: 1 });
    assert.match(await page.getAttribute('#panel video', 'poster'), /poster\.png$/);
    await screenshot(page, 'video-panel');

    // Keyboard: Tab stays inside the dialog, Escape goes back to the card.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.getElementById('panel').contains(document.activeElement)), true);
    await page.keyboard.press('Escape');
    await waitForStatus(page, (s) => s.panel?.kind === 'card', 'back to the card');
    assert.equal(await page.locator('#panel-root video').count(), 0);
    assert.equal((await status(page)).media, null);
    await page.context().close();
  });

  test('video panel plays HLS through hls.js', async () => {
    // Debian's Chromium plays HLS natively; this page reports no native HLS, as most desktop
    // browsers do, so the hls.js path runs.
    const withoutNativeHls = () => {
      const canPlayType = HTMLMediaElement.prototype.canPlayType;
      HTMLMediaElement.prototype.canPlayType = function (type) {
        return /mpegurl/i.test(type) ? '' : canPlayType.call(this, type);
      };
    };
    const page = await open(`booth=${BOOTH}&panel=video`, undefined, withoutNativeHls);
    await waitForStatus(page, (s) => s.panel?.kind === 'video', 'the video panel');
    await page.click('#panel .playlist li:nth-child(2) button');
    const playing = await waitForStatus(page, (s) => s.media?.format === 'hls' && s.media.state === 'playing' && s.media.currentTime > 0.3, 'HLS playback', 60_000);
    assert.equal(playing.media.engine, 'hls.js');
    await page.waitForTimeout(1500);
    assert.ok((await status(page)).media.currentTime > playing.media.currentTime);
    await page.context().close();
  });

  test('live panel follows clock and reconnects', async () => {
    const page = await open(`booth=${BOOTH}&panel=live`, '2022-05-21T09:00:00+08:00');
    const upcoming = await waitForStatus(page, (s) => s.panel?.liveState === 'upcoming', 'the upcoming state');
    assert.equal(upcoming.panel.kind, 'live');
    assert.match(await page.textContent('#live-countdown'), /00:30:00/);

    await page.clock.setFixedTime(new Date('2022-05-21T09:45:00+08:00'));
    await waitForStatus(page, (s) => s.panel?.liveState === 'live' && s.media?.state === 'playing' && s.media.currentTime > 0.3, 'live playback', 90_000);

    await media.close();
    try {
      await waitForStatus(page, (s) => s.media?.state === 'reconnecting', 'the reconnecting state', 90_000);
      assert.match(await page.textContent('#panel .stream-status'), /正在重新连接/);
    } finally {
      await media.listen(mediaPort);
    }
    const back = await waitForStatus(page, (s) => s.media?.state === 'playing', 'playback after the server restart', 120_000);
    // Playback may buffer for a moment after the reconnect; the stream must then move on.
    await waitForStatus(page, (s) => s.media?.currentTime > back.media.currentTime + 1, 'the stream to move after reconnecting', 60_000);

    await page.clock.setFixedTime(new Date('2022-05-21T12:00:00+08:00'));
    const ended = await waitForStatus(page, (s) => s.panel?.liveState === 'ended', 'the ended state');
    assert.match(ended.media?.src ?? '', /clip\.mp4$/);
    await page.context().close();
  });

  test('HTTP-FLV live plays through mpegts.js', async () => {
    const page = await open(`booth=${FLV_BOOTH}&panel=live`, '2022-05-24T15:00:00+08:00');
    const playing = await waitForStatus(page, (s) => s.media?.format === 'flv' && s.media.state === 'playing' && s.media.currentTime > 0.3, 'FLV playback', 90_000);
    assert.equal(playing.media.engine, 'mpegts.js');
    await page.context().close();
  });

  test('in-world screens play at most two videos', async () => {
    // Three neighbouring industry booths of the bundled exhibition have videos.
    const page = await openTracked(`${site.url}/?${QUERY}&booth=liugong-machinery`);
    const playing = await waitForStatus(page, (s) => s.screens?.framesCopied > 5, 'video frames on the in-world screens');
    assert.ok(playing.screens.decoders >= 1, JSON.stringify(playing.screens));
    assert.ok(playing.screens.decoders <= 2, JSON.stringify(playing.screens));
    assert.ok(await page.locator('video.screen-video').count() <= 2);
    // A panel that plays a video takes over from the screens.
    await page.click('#booth-card [data-action="video"]');
    await waitForStatus(page, (s) => s.media?.state === 'playing', 'the video panel', 60_000);
    await waitForStatus(page, (s) => s.screens.decoders === 0, 'the screens to stop while the panel plays');
    await page.close();
  });

  test('plaza screen button opens replay', async () => {
    // The bundled launch ceremony ended in 2022, so its replay plays.
    const page = await openTracked(`${site.url}/?${QUERY}`);
    await waitForStatus(page, (s) => s.ready, 'the hall shell');
    await page.click('#screen-open');
    const replay = await waitForStatus(page, (s) => s.panel?.liveState === 'ended' && s.media?.state === 'playing', 'the launch ceremony replay', 60_000);
    assert.equal(replay.panel.kind, 'live');
    assert.equal(replay.panel.booth, null);
    assert.match(replay.media.src, /sample-clip\.mp4$/);
    await screenshot(page, 'plaza-screen-replay');
    await page.keyboard.press('Escape');
    await waitForStatus(page, (s) => s.panel === null, 'the panel to close');
    await page.close();
  });

  async function fillForm(page, phone = '138 0013 8000') {
    await page.fill('#nf-name', '  张三 ');
    await page.fill('#nf-organization', '广西某科技公司');
    await page.fill('#nf-phone', phone);
    await page.selectOption('#nf-topic', '投资合作');
    await page.fill('#nf-message', '希望了解成果转化合作方式。');
    await page.check('#nf-consent');
  }

  test('negotiation succeeds with receipt', async () => {
    negotiation.state.mode = 'ok';
    const before = negotiation.state.rows.size;
    const page = await open(`booth=${BOOTH}&panel=negotiate`);
    await page.waitForSelector('#nf-name');
    await page.click('#negotiate-form [data-action="submit"]');
    await page.waitForSelector('#nf-name[aria-invalid="true"]');
    assert.equal(negotiation.state.rows.size, before, 'an invalid form was sent');

    await fillForm(page);
    await page.click('#negotiate-form [data-action="submit"]');
    await page.waitForSelector('#negotiate-status[data-state="sent"]', { timeout: 30_000 });
    assert.equal(negotiation.state.rows.size, before + 1);
    const arrived = negotiation.state.requests.at(-1);
    assert.match(arrived.key, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(arrived.type, 'application/json');
    const body = JSON.parse(arrived.body);
    assert.equal(body.name, '张三');
    assert.equal(body.booth, BOOTH);
    assert.equal(body.exhibition, 'guangxi-2022');
    assert.equal(body.topic, '投资合作');
    assert.equal(body.consent, true);
    assert.equal(body.email, null);
    const receipt = negotiation.state.rows.get(arrived.key).receipt;
    assert.match(await page.textContent('#negotiate-status'), new RegExp(receipt));
    assert.equal((await status(page)).outbox, 0);
    await screenshot(page, 'negotiation-sent');
    await page.context().close();
  });

  test('negotiation draft survives reopen and reload', async () => {
    const page = await open(`booth=${BOOTH}&panel=negotiate`);
    await page.waitForSelector('#nf-name');
    await page.fill('#nf-name', '李四');
    await page.fill('#nf-message', '草稿内容');
    await page.keyboard.press('Escape');
    await waitForStatus(page, (s) => s.panel?.kind === 'card', 'back to the card');
    await page.click('#booth-card [data-action="negotiate"]');
    await page.waitForSelector('#nf-name');
    assert.equal(await page.inputValue('#nf-name'), '李四');
    assert.equal(await page.inputValue('#nf-message'), '草稿内容');
    await page.reload();
    await page.waitForSelector('#nf-name', { timeout: 240_000 });
    assert.equal(await page.inputValue('#nf-name'), '李四');
    assert.equal(await page.inputValue('#nf-message'), '草稿内容');
    await page.context().close();
  });

  test('negotiation 400 keeps form filled', async () => {
    negotiation.state.mode = 'reject';
    const page = await open(`booth=${BOOTH}&panel=negotiate`);
    await page.waitForSelector('#nf-name');
    await fillForm(page);
    await page.click('#negotiate-form [data-action="submit"]');
    await page.waitForSelector('#negotiate-status[data-state="rejected"]', { timeout: 30_000 });
    assert.match(await page.textContent('#negotiate-status'), /该电话号码无法接收短信/);
    assert.equal(await page.inputValue('#nf-name'), '  张三 ');
    assert.equal(await page.inputValue('#nf-message'), '希望了解成果转化合作方式。');
    assert.equal(await page.getAttribute('#nf-phone', 'aria-invalid'), 'true');
    assert.equal((await status(page)).outbox, 0);
    negotiation.state.mode = 'ok';
    await page.context().close();
  });

  test('outbox survives reload and delivers once', async () => {
    negotiation.state.mode = 'ok';
    await negotiation.close();
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/?manifest=/fixtures/panels.json&${QUERY}&booth=${BOOTH}&panel=negotiate`);
    await page.waitForSelector('#nf-name', { timeout: 240_000 });
    await fillForm(page, '0771 1234567');
    await page.click('#negotiate-form [data-action="submit"]');
    await page.waitForSelector('#negotiate-status[data-state="pending"]', { timeout: 30_000 });
    assert.equal((await status(page)).outbox, 1);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('expo-hall.outbox.v1')));
    const key = stored.entries[0].key;

    await page.reload();
    await waitForStatus(page, (s) => s.ready && s.outbox === 1, 'the outbox after the reload');
    const before = negotiation.state.requests.length;
    await negotiation.listen(negotiationPort);
    await waitForStatus(page, (s) => s.outbox === 0, 'delivery after the server came back', 120_000);
    const arrived = negotiation.state.requests.slice(before);
    assert.equal(arrived.length, 1, `expected one request, got ${arrived.length}`);
    assert.equal(arrived[0].key, key);
    assert.equal([...negotiation.state.rows.keys()].filter((k) => k === key).length, 1);
    assert.equal(await page.evaluate(() => localStorage.getItem('expo-hall.draft.gxst-achievements')), null);
    await context.close();
  });

  test('hung request retried with same key', async () => {
    negotiation.state.mode = 'hang';
    const page = await open(`booth=${BOOTH}&panel=negotiate`);
    await page.waitForSelector('#nf-name');
    await fillForm(page);
    await page.click('#negotiate-form [data-action="submit"]');
    // The request times out after 20 seconds and waits in the outbox.
    await page.waitForSelector('#negotiate-status[data-state="pending"]', { timeout: 60_000 });
    const hungKey = negotiation.state.requests.at(-1).key;
    const rowsBefore = negotiation.state.rows.size;
    negotiation.state.mode = 'ok';
    await page.waitForSelector('#negotiate-status[data-state="sent"]', { timeout: 60_000 });
    const retries = negotiation.state.requests.filter((r) => r.key === hungKey);
    assert.ok(retries.length >= 2, 'the request was not retried');
    assert.equal(negotiation.state.rows.size, rowsBefore, 'the retry stored a second row');
    assert.match(await page.textContent('#negotiate-status'), new RegExp(negotiation.state.rows.get(hungKey).receipt));
    await page.context().close();
  });

  test('manifest HTML renders as text', async () => {
    const manifest = structuredClone(bundled);
    for (const booth of manifest.booths) delete booth.model;
    const booth = manifest.booths.find((b) => b.id === BOOTH);
    const payload = '<img src=x onerror="window.__pwned=1">';
    booth.exhibitor.zh = `展商${payload}`;
    booth.summary.zh = `介绍<script>window.__pwned=2</script>${payload}`;
    booth.tags = ['<b>标签</b>'];
    delete booth.poster;
    await writeFile(join(fixtures, 'html.json'), JSON.stringify(manifest));
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/?manifest=/fixtures/html.json&${QUERY}&booth=${BOOTH}`);
    await waitForStatus(page, (s) => s.panel?.kind === 'card', 'the booth card', 240_000);
    const text = await page.textContent('#booth-card');
    assert.ok(text.includes(payload), text);
    assert.ok(text.includes('<script>'), text);
    assert.equal(await page.locator('#panel-root img, #panel-root script, #panel-root b').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await context.close();
  });

  test('javascript URLs rejected with messages', async () => {
    const manifest = structuredClone(bundled);
    const booth = manifest.booths.find((b) => b.id === BOOTH);
    booth.media = [
      { kind: 'video', url: 'javascript:window.__pwned=3' },
      { kind: 'negotiation', topics: [{ zh: '合作' }], meeting_url: 'JaVaScRiPt:alert(1)', wechat_qr: 'data:image/png;base64,AAAA' },
    ];
    booth.poster = 'javascript:alert(2)';
    await writeFile(join(fixtures, 'urls.json'), JSON.stringify(manifest));
    const page = await openTracked(`${site.url}/?manifest=/fixtures/urls.json&lang=en`);
    await waitForStatus(page, (s) => s.stage === 'failed', 'the failed stage');
    const messages = await page.locator('#messages-list li').allTextContents();
    const index = manifest.booths.indexOf(booth);
    for (const path of [`$.booths[${index}].media[0].url`, `$.booths[${index}].media[1].meeting_url`, `$.booths[${index}].media[1].wechat_qr`, `$.booths[${index}].poster`]) {
      assert.ok(messages.some((m) => m.includes(path) && /not allowed/.test(m)), `no message for ${path}: ${JSON.stringify(messages)}`);
    }
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await page.close();
  });
});
