// The inbox page of expo-service in headless Chromium: an exhibitor signs in with a booth token,
// reads and marks only its booth's requests, and an organizer sees the statistics chart and
// switches to English. Console errors fail the tests, so a Content-Security-Policy violation does too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage } from './harness.mjs';
import { startService } from './service.mjs';

const BOOTH_A = 'liugong-machinery';
const BOOTH_B = 'yuchai-powertrains';

async function sendNegotiation(service, booth, topic, name) {
  const response = await fetch(`${service.url}/api/negotiations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({
      exhibition: 'guangxi-2022',
      booth,
      name,
      organization: '广西某公司',
      phone: '13800138000',
      email: null,
      topic,
      message: '<b>不是标记</b>\n第二行',
      time_slot: null,
      consent: true,
      lang: 'zh',
      created_at: new Date().toISOString(),
    }),
  });
  assert.equal(response.status, 201);
  return (await response.json()).receipt;
}

async function signIn(page, token) {
  await page.fill('#token', token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('#requests:not([hidden])');
}

describe('inbox page', () => {
  let service;
  let browser;
  let receiptA;

  before(async () => {
    service = await startService();
    receiptA = await sendNegotiation(service, BOOTH_A, '技术合作', '张三');
    await sendNegotiation(service, BOOTH_B, '成果转化', '李四');
    const events = await fetch(`${service.url}/api/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        exhibition: 'guangxi-2022',
        visit: crypto.randomUUID(),
        events: [
          { kind: 'visit_start', at: new Date().toISOString() },
          { kind: 'booth_viewed', at: new Date().toISOString(), booth: BOOTH_A },
        ],
      }),
    });
    assert.equal(events.status, 204);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await service?.close();
  });

  test('exhibitor reads and marks its own requests', async () => {
    const token = await service.createToken('--booth', BOOTH_A);
    const page = await openPage(browser, `${service.url}/inbox/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await signIn(page, token);
    await page.waitForSelector('.request');

    const items = await page.locator('.request').allTextContents();
    assert.equal(items.length, 1);
    assert.match(items[0], new RegExp(receiptA));
    assert.match(items[0], /张三/);
    assert.doesNotMatch(items[0], /李四/);
    // Visitor text stays text: the tags are shown, not parsed.
    assert.equal(await page.locator('.request dd.message b').count(), 0);
    assert.match(await page.locator('.request dd.message').textContent(), /<b>不是标记<\/b>/);
    assert.equal(await page.isHidden('#statistics'), true);

    await page.click('.request button');
    await page.waitForSelector('.request.handled');
    assert.match(await page.locator('.request .state').textContent(), /已处理/);

    // The token lasts for the tab: a reload stays signed in.
    await page.reload();
    await page.waitForSelector('.request.handled');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('organizer sees statistics in both languages', async () => {
    const token = await service.createToken('--organizer');
    const page = await openPage(browser, `${service.url}/inbox/`);
    await signIn(page, token);
    await page.waitForSelector('#statistics:not([hidden]) #chart svg rect.participants');
    assert.equal(await page.locator('.request').count(), 2);
    const dailyRow = await page.locator('#daily-table tbody tr').first().textContent();
    assert.match(dailyRow, /^\d{4}-\d{2}-\d{2}1/, 'one participating visit today');

    await page.click('#lang-switch');
    assert.equal(await page.textContent('h1'), 'Negotiation inbox');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.match(await page.textContent('#daily-table thead'), /Online participants/);
    await page.waitForSelector('.request');
    assert.match(await page.locator('.request').first().textContent(), /Mark handled|Mark open/);

    await page.click('#sign-out');
    assert.equal(await page.isVisible('#sign-in'), true);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('wrong token shows a message', async () => {
    const page = await openPage(browser, `${service.url}/inbox/`);
    await page.fill('#token', 'expo_not-a-real-token');
    await page.click('#token-form button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('sign-in-error').textContent !== '');
    assert.match(await page.textContent('#sign-in-error'), /令牌/);
    // The 401 itself is logged by the browser as a failed resource; nothing else may fail.
    assert.deepEqual(page.problems.filter((problem) => !/401/.test(problem)), []);
    await page.close();
  });
});
