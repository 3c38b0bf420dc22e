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

  test('negotiation form delivers to the service', async () => {
    const booth = 'liugong-machinery';
    const exhibitorToken = await service.createToken('--booth', booth);
    const organizerToken = await service.createToken('--organizer');
    const form = await openPage(browser, `${service.url}/?quality=low&booth=${booth}&panel=negotiate`, { width: 960, height: 540 });
    await form.waitForSelector('#nf-name', { timeout: 240_000 });
    await form.fill('#nf-name', '张三');
    await form.fill('#nf-organization', '广西某公司');
    await form.fill('#nf-phone', '13800138000');
    await form.selectOption('#nf-topic', '技术合作');
    await form.fill('#nf-message', '希望洽谈技术合作。');
    await form.check('#nf-consent');
    await form.click('#negotiate-form [data-action="submit"]');
    await form.waitForSelector('#negotiate-status[data-state="sent"]', { timeout: 60_000 });

    const stored = await service.listNegotiations(exhibitorToken);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].name, '张三');
    assert.equal(stored[0].topic, '技术合作');
    assert.match(await form.textContent('#negotiate-status'), new RegExp(stored[0].receipt));

    // The page's visit events (sent every 15 seconds) reach the statistics.
    const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    let unit = null;
    let total = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const response = await fetch(`${service.url}/api/statistics?from=${day(-1)}&to=${day(1)}`, { headers: { Authorization: `Bearer ${organizerToken}` } });
      assert.equal(response.status, 200);
      const statistics = await response.json();
      total = statistics.total;
      unit = statistics.units.find((u) => u.negotiation_senders > 0) ?? null;
      if (unit && total.participants > 0) break;
      await form.waitForTimeout(2000);
    }
    assert.ok(total.participants >= 1, JSON.stringify(total));
    // The link opened the negotiation panel directly, which counts as opening a panel.
    assert.ok(total.panel_openers >= 1, JSON.stringify(total));
    assert.ok(unit, 'no exhibiting unit reports the negotiation sent from the page');
    assert.equal(unit.negotiations, 1);
    assert.deepEqual(form.problems, []);
    await form.close();
  });
});
