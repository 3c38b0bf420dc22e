// The hall served by the organizers' service (expo-service) instead of the test server. The
// built page loads from it. A negotiation request sent from the page's origin, as
// docs/negotiation-api.md describes, is stored and shown to the booth's exhibitor.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchBrowser, openPage, repoRoot, waitForStatus } from './harness.mjs';
import { startService } from './service.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');

describe('hall behind expo-service', () => {
  let service;
  let browser;
  let page;

  before(async () => {
    service = await startService({ dist });
    browser = await launchBrowser();
    page = await openPage(browser, `${service.url}/?quality=low`, { width: 960, height: 540 });
  });

  after(async () => {
    await browser?.close();
    await service?.close();
  });

  test('hall loads from the service', async () => {
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall shell served by expo-service');
    assert.deepEqual(ready.errors, []);
    assert.deepEqual(page.problems, []);
  });

  test('negotiation request from the page gets a receipt', async () => {
    const booth = 'liugong-machinery';
    const exhibitorToken = await service.createToken('--booth', booth);
    const key = await page.evaluate(() => crypto.randomUUID());
    const send = (body) => page.evaluate(async ({ key, body }) => {
      const response = await fetch('/api/negotiations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, 'Accept-Language': 'zh' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    }, { key, body });
    const body = {
      exhibition: 'guangxi-2022',
      booth,
      name: '张三',
      organization: '广西某公司',
      phone: '13800138000',
      email: null,
      topic: '技术合作',
      message: '希望洽谈技术合作。',
      time_slot: null,
      consent: true,
      lang: 'zh',
      created_at: new Date().toISOString(),
    };

    const first = await send(body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.match(first.body.receipt, /^NG-\d{8}-[0-9A-Z]{6}$/);
    // A retry from the page's outbox reuses the key and gets the same receipt.
    const retry = await send(body);
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, first.body);

    const stored = await service.listNegotiations(exhibitorToken);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].receipt, first.body.receipt);
    assert.equal(stored[0].name, '张三');
  });
});
