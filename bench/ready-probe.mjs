// Times the first hall frame inside the page. Polling `window.__EXPO_HALL__.ready` from the
// benchmark is late by up to a whole frame (over a second with SwiftShader), because the poll
// waits for the page's main thread. The probe checks the flag at every animation frame instead.

/** Page script for `addInitScript`: records `performance.now()` at the first animation frame
 * that reads `ready` as true. The hall sets it in the frame that spawns the shell and draws
 * that frame before the next animation frame starts. */
export const READY_PROBE = `(() => {
  const probe = { readyAt: null };
  const tick = (now) => {
    if (window.__EXPO_HALL__?.ready) {
      probe.readyAt = now;
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__READY_PROBE__ = probe;
})();`;

/** Waits for the probe and returns { ms: since navigation started, epochMs: the same instant as Date.now() reads it }. */
export async function firstHallFrame(page, timeoutMs) {
  await page.waitForFunction(() => window.__READY_PROBE__?.readyAt != null, null, { timeout: timeoutMs, polling: 200 });
  return page.evaluate(() => ({ ms: window.__READY_PROBE__.readyAt, epochMs: performance.timeOrigin + window.__READY_PROBE__.readyAt }));
}
