// Bad input in headless Chromium: invalid manifests show the validator's messages on the page,
// and broken booth models get placeholders and named errors while the rest of the hall loads.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, openPage, repoRoot, screenshot, serve, waitForStatus } from './harness.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const brokenModels = process.env.EXPO_BROKEN_MODELS;
const bundled = JSON.parse(await readFile(join(repoRoot, 'scenes/guangxi-2022/manifest.json'), 'utf8'));

let server;
let browser;
let fixtures;

before(async () => {
  assert.ok(brokenModels, 'EXPO_BROKEN_MODELS must name the folder written by `exhibit-gen --broken`');
  fixtures = await mkdtemp(join(tmpdir(), 'expo-hall-fixtures-'));
  for (const name of await readdir(brokenModels)) {
    await copyFile(join(brokenModels, name), join(fixtures, name));
  }
  server = await serve({ '/': dist, '/fixtures/': fixtures });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function writeFixture(name, content) {
  await writeFile(join(fixtures, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return `/fixtures/${name}`;
}

describe('invalid manifests', () => {
  test('content problems are all listed on the page', async () => {
    const bad = structuredClone(bundled);
    bad.booths[0].modle = bad.booths[0].model;
    bad.booths[2].id = bad.booths[1].id;
    bad.booths[3].zone = 'no-such-zone';
    bad.booths[4].poster = 'javascript:alert(1)';
    bad.booths[5].summary.zh = '<img src=x onerror="window.__pwned = true">';
    const url = await writeFixture('bad-content.json', bad);

    const page = await openPage(browser, `${server.url}/?manifest=${url}`);
    const failed = await waitForStatus(page, (s) => s.stage === 'failed', 'the failed stage');
    assert.equal(failed.ready, false);
    const messages = await page.$$eval('#messages-list li', (items) => items.map((item) => item.textContent));
    assert.ok(await page.isVisible('#messages'), 'the messages page is hidden');
    const expectations = [
      ['$.booths[0]', 'modle'],
      ['$.booths[2].id', bad.booths[1].id],
      ['$.booths[3].zone', 'no-such-zone'],
      ['$.booths[4].poster', 'javascript:'],
    ];
    for (const [path, detail] of expectations) {
      assert.ok(
        messages.some((m) => m.includes(path) && m.includes(detail) && m.includes(url)),
        `no message names ${path} and ${detail}: ${JSON.stringify(messages)}`,
      );
    }
    assert.equal(await page.evaluate(() => document.querySelectorAll('#messages img').length), 0);
    assert.equal(await page.evaluate(() => window.__pwned ?? false), false);
    await screenshot(page, 'invalid-manifest');
    await page.close();
  });

  test('syntax error shows line and column', async () => {
    const url = await writeFixture('bad-syntax.json', '{\n  "format": 1,\n  "exhibition": {,\n}\n');
    const page = await openPage(browser, `${server.url}/?manifest=${url}&lang=en`);
    await waitForStatus(page, (s) => s.stage === 'failed', 'the failed stage');
    const text = await page.textContent('#messages-list');
    assert.match(text, /line 3/i);
    assert.match(text, /column/i);
    await page.close();
  });

  test('missing manifest names its URL', async () => {
    const page = await openPage(browser, `${server.url}/?manifest=/fixtures/absent.json`);
    const failed = await waitForStatus(page, (s) => s.stage === 'failed', 'the failed stage');
    assert.equal(failed.errors[0].code, 'manifest-not-found');
    assert.match(await page.textContent('#messages-list'), /\/fixtures\/absent\.json/);
    await page.close();
  });
});

describe('broken booth models', () => {
  const cases = [
    ['/scenes/guangxi-2022/models/engine.glb', true],
    ['missing.glb', false],
    ['truncated.glb', false],
    ['not-gltf.glb', false],
    ['bad-version.glb', false],
    ['zero-length.glb', false],
    ['accessor-overflow.glb', false],
    ['deep-tree.gltf', false],
    ['node-cycle.gltf', false],
    ['unsupported-extension.gltf', false],
    ['valid-data-uri.gltf', true],
    ['valid-separate.gltf', true],
    // Skinned and morphed: shown still, in its bind pose, since the hall plays no animation.
    ['valid-skinned.gltf', true],
    // An absolute http URL; the server's address is filled in below.
    ['/scenes/guangxi-2022/models/train.glb', true, 'absolute'],
  ];

  test('each failure gets a placeholder and a named error; the rest loads', async () => {
    const manifest = structuredClone(bundled);
    // Industry booths first, then the next pavilion's, so the failures sit side by side.
    const zoneOrder = (booth) => (booth.zone === 'industry' ? 0 : 1);
    const withModels = manifest.booths.filter((b) => b.model).sort((a, b) => zoneOrder(a) - zoneOrder(b));
    const tested = withModels.slice(0, cases.length);
    const others = withModels.slice(cases.length, cases.length + 4);
    assert.equal(tested.length, cases.length, 'the bundled exhibition has too few booths for this test');
    tested.forEach((booth, i) => {
      const [file, , form] = cases[i];
      booth.model = { url: form === 'absolute' ? `${server.url}${file}` : file };
    });
    others.forEach((booth) => delete booth.model);
    manifest.booths = [...tested, ...others];
    const url = await writeFixture('models.json', manifest);

    const page = await openPage(browser, `${server.url}/?manifest=${url}&lang=en&quality=low`, { width: 960, height: 540 });
    const done = await waitForStatus(page, (s) => s.stage === 'done', 'all models settled');
    assert.equal(done.ready, true);
    const expectedLoaded = cases.filter(([, ok]) => ok).length;
    assert.equal(done.modelsLoaded, expectedLoaded, JSON.stringify(done.errors, null, 1));
    assert.equal(done.modelsFailed, cases.length - expectedLoaded);
    tested.forEach((booth, i) => {
      const [file, ok] = cases[i];
      const errors = done.errors.filter((e) => e.booth === booth.id);
      if (ok) {
        assert.deepEqual(errors, [], `${file} should load`);
      } else {
        assert.equal(errors.length, 1, `${file} should fail once: ${JSON.stringify(done.errors)}`);
        assert.ok(errors[0].url.endsWith(file), `error URL ${errors[0].url} does not name ${file}`);
        assert.ok(errors[0].en.includes(booth.id), `the English message does not name ${booth.id}`);
        assert.ok(errors[0].zh.includes(booth.id), `the Chinese message does not name ${booth.id}`);
      }
    });
    assert.ok(await page.isVisible('#notices'), 'the notices list is hidden');
    const notices = await page.$$eval('#notices-list li', (items) => items.map((item) => item.textContent));
    assert.ok(notices.some((n) => n.includes('missing.glb')), JSON.stringify(notices));
    assert.deepEqual(page.problems.filter((p) => p.startsWith('pageerror')), []);
    await screenshot(page, 'broken-models');
    await page.close();
  });
});
