// Immersive VR in headless Chromium with an emulated Meta Quest 3 and its controllers. The
// emulator (npm iwer) is injected before the page's scripts. Covered: the Enter VR button,
// stereo rendering, headset, controller and hand input, the in-world booth panel, snap turn,
// teleport and leaving VR.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { emulatedHeadsetScript, openPage, repoRoot, screenshot, status, useServerAndBrowser, waitForStatus } from './harness.mjs';

const dist = process.env.EXPO_DIST ?? join(repoRoot, 'dist');
const headset = await emulatedHeadsetScript();
// A headset's layer has its own framebuffer, unlike the emulator's (null, draw to the canvas).
// This gives the emulated layer one, a renderbuffer of the canvas's size, so that the tests can
// read back what a headset would show.
const layerFramebuffer = `
;(() => {
  const framebuffers = new WeakMap();
  const create = (layer) => {
    const gl = layer.context;
    const width = gl.canvas.width;
    const height = gl.canvas.height;
    const previous = [gl.getParameter(gl.FRAMEBUFFER_BINDING), gl.getParameter(gl.RENDERBUFFER_BINDING)];
    const renderbuffer = gl.createRenderbuffer();
    gl.bindRenderbuffer(gl.RENDERBUFFER, renderbuffer);
    gl.renderbufferStorage(gl.RENDERBUFFER, gl.RGBA8, width, height);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, renderbuffer);
    gl.bindFramebuffer(gl.FRAMEBUFFER, previous[0]);
    gl.bindRenderbuffer(gl.RENDERBUFFER, previous[1]);
    const entry = { gl, framebuffer, width, height };
    framebuffers.set(layer, entry);
    window.__LAYER_FRAMEBUFFER__ = entry;
    return entry;
  };
  const entry = (layer) => framebuffers.get(layer) ?? create(layer);
  Object.defineProperty(XRWebGLLayer.prototype, 'framebuffer', { configurable: true, get() { return entry(this).framebuffer; } });
  Object.defineProperty(XRWebGLLayer.prototype, 'framebufferWidth', { configurable: true, get() { return entry(this).width; } });
  Object.defineProperty(XRWebGLLayer.prototype, 'framebufferHeight', { configurable: true, get() { return entry(this).height; } });
})();`;
const booth = 'liugong-machinery';

/**
 * Reads the layer framebuffer inside the next XR frame, after the app has drawn it, and returns
 * the average colour of the rows between `from` and `to` (fractions from the top) in the left eye.
 */
function readLayer(page, from, to) {
  return page.evaluate(
    ([top, bottom]) =>
      new Promise((done) => {
        const session = window.__IWER_DEVICE__.activeSession;
        const { gl, framebuffer, width, height } = window.__LAYER_FRAMEBUFFER__;
        // Registered now, this callback runs after the app's frame in the next XR frame.
        session.requestAnimationFrame(() => {
          const rows = Math.floor((bottom - top) * height);
          // WebGL rows start at the bottom.
          const y = height - Math.floor(bottom * height);
          const pixels = new Uint8Array((width / 2) * rows * 4);
          gl.bindFramebuffer(gl.READ_FRAMEBUFFER, framebuffer);
          gl.readPixels(0, y, width / 2, rows, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
          let [r, g, b] = [0, 0, 0];
          for (let i = 0; i < pixels.length; i += 4) {
            r += pixels[i];
            g += pixels[i + 1];
            b += pixels[i + 2];
          }
          const n = pixels.length / 4;
          done({ r: r / n, g: g / n, b: b / n, mean: (0.2126 * r + 0.7152 * g + 0.0722 * b) / n });
        });
      }),
    [from, to],
  );
}

/** Average luminance and its spread over a rectangle given in fractions of the image. */
function regionStats(png, x0, x1, y0, y1) {
  const values = [];
  let blue = 0;
  let red = 0;
  for (let y = Math.floor(png.height * y0); y < Math.floor(png.height * y1); y += 2) {
    for (let x = Math.floor(png.width * x0); x < Math.floor(png.width * x1); x += 2) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      red += r;
      blue += b;
      values.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
    }
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, spread, red: red / values.length, blue: blue / values.length };
}

/** Rotation of yaw (left, about +y) then pitch (up, about +x), in degrees, as [x, y, z, w]. */
function quaternion(yawDegrees, pitchDegrees) {
  const yaw = (yawDegrees * Math.PI) / 360;
  const pitch = (pitchDegrees * Math.PI) / 360;
  const [sy, cy, sp, cp] = [Math.sin(yaw), Math.cos(yaw), Math.sin(pitch), Math.cos(pitch)];
  return [cy * sp, sy * cp, -sy * sp, cy * cp];
}

/** Places the right controller in the emulator's space, pointing by yaw and pitch. */
function aimRight(page, position, yawDegrees, pitchDegrees) {
  return aimRightInput(page, 'controller', position, yawDegrees, pitchDegrees);
}

/** Places the right hand (controller or tracked hand, by `kind`) in the emulator's space. */
function aimRightInput(page, kind, position, yawDegrees, pitchDegrees) {
  return page.evaluate(
    ([k, p, q]) => {
      const device = window.__IWER_DEVICE__;
      const input = k === 'hand' ? device.hands.right : device.controllers.right;
      input.position.set(p[0], p[1], p[2]);
      input.quaternion.set(q[0], q[1], q[2], q[3]);
    },
    [kind, position, quaternion(yawDegrees, pitchDegrees)],
  );
}

/**
 * Turns the right hand through `yaws` until the right pointer's target has `targetKind`.
 * Returns that target, or null when no direction reaches one.
 */
async function scanForTarget(page, kind, position, pitchDegrees, yaws, targetKind) {
  for (const yaw of yaws) {
    await aimRightInput(page, kind, position, yaw, pitchDegrees);
    await xrFrames(page, 3);
    const target = (await status(page)).xr.target;
    if (target?.kind === targetKind && target.hand === 'right') return target;
  }
  return null;
}

/** Waits until the app has seen `count` more XR frames. */
async function xrFrames(page, count) {
  const from = (await status(page)).xr.frames;
  return waitForStatus(page, (s) => s.xr.frames >= from + count, `${count} more XR frames`, 60_000);
}

/** Pulls and releases the right trigger; the release completes a select. */
async function pullTrigger(page) {
  await page.evaluate(() => window.__IWER_DEVICE__.controllers.right.updateButtonValue('trigger', 1));
  await xrFrames(page, 2);
  await page.evaluate(() => window.__IWER_DEVICE__.controllers.right.updateButtonValue('trigger', 0));
  await xrFrames(page, 2);
}

async function pushThumbstick(page, x) {
  await page.evaluate((value) => window.__IWER_DEVICE__.controllers.right.updateAxes('thumbstick', value, 0), x);
  await xrFrames(page, 3);
  await page.evaluate(() => window.__IWER_DEVICE__.controllers.right.updateAxes('thumbstick', 0, 0));
  await xrFrames(page, 3);
}

/** Returns the difference of two angles in degrees, wrapped to -180..180. */
function angleBetween(a, b) {
  return ((((a - b) % 360) + 540) % 360) - 180;
}

describe('browser without a headset', () => {
  const hall = useServerAndBrowser({ '/': dist });

  test('no Enter VR button', async () => {
    const page = await openPage(hall.browser, `${hall.server.url}/?quality=low`);
    const ready = await waitForStatus(page, (s) => s.ready, 'the hall to be shown');
    // Chromium's own `isSessionSupported` resolves quickly; give it a moment all the same.
    await page.waitForTimeout(1000);
    const after = await status(page);
    assert.equal(after.xr.supported, false);
    assert.equal(after.xr.mode, 'none');
    assert.equal(await page.locator('#xr-enter').isVisible(), false);
    assert.equal(ready.xr.views, 0);
    assert.deepEqual(page.problems, []);
  });
});

describe('VR headset with its own layer framebuffer', () => {
  const hall = useServerAndBrowser({ '/': dist });

  test('frames go to the layer framebuffer upright', async () => {
    const page = await openPage(hall.browser, `${hall.server.url}/?quality=low`, { width: 1280, height: 720 }, headset + layerFramebuffer);
    await waitForStatus(page, (s) => s.ready && s.xr.supported, 'the hall with immersive-vr offered');
    await page.click('#xr-enter');
    await waitForStatus(page, (s) => s.xr.mode === 'immersive' && s.xr.views === 2 && s.xr.frames >= 5, 'the immersive session');
    const sky = await readLayer(page, 0.0, 0.08);
    const floor = await readLayer(page, 0.92, 1.0);
    assert.ok(sky.b > sky.r + 15, `the top of the layer's left eye is sky (${JSON.stringify(sky)})`);
    assert.ok(floor.mean > 120, `the floor at the bottom is lit, so the output is sRGB-encoded (${JSON.stringify(floor)})`);
    assert.ok(Math.abs(floor.r - floor.b) < 40, `the floor is grey, not sky (${JSON.stringify(floor)})`);
    assert.deepEqual(page.problems, []);
  });
});

describe('VR headset', () => {
  const hall = useServerAndBrowser({ '/': dist });
  let page;

  test('Enter VR starts stereo rendering', async () => {
    // The visitor starts in front of a booth with a video and online negotiation.
    page = await openPage(hall.browser, `${hall.server.url}/?quality=low&booth=${booth}`, { width: 1280, height: 720 }, headset);
    const ready = await waitForStatus(page, (s) => s.ready && s.xr.supported, 'the hall with immersive-vr offered');
    assert.equal(await page.locator('#xr-enter').isVisible(), true);
    assert.equal((await page.locator('#xr-enter').innerText()).trim(), '进入VR');
    await page.click('#xr-enter');
    const immersive = await waitForStatus(page, (s) => s.xr.mode === 'immersive' && s.xr.views === 2 && s.xr.frames >= 5, 'the immersive session');
    assert.ok(Math.hypot(immersive.xr.head.x - ready.camera.x, immersive.xr.head.z - ready.camera.z) < 0.2, 'VR starts where the visitor stood');
    assert.ok(Math.abs(immersive.xr.head.y - 1.6) < 0.01, `the head is at the emulated headset's 1.6 m (${immersive.xr.head.y})`);

    const png = await screenshot(page, 'xr-stereo');
    const left = regionStats(png, 0.02, 0.48, 0.05, 0.95);
    const right = regionStats(png, 0.52, 0.98, 0.05, 0.95);
    for (const [name, eye] of [['left', left], ['right', right]]) {
      assert.ok(eye.spread > 12, `the ${name} eye shows a scene, not a flat colour (spread ${eye.spread.toFixed(1)})`);
    }
    // Both eyes see the same scene from 6 cm apart: each horizontal band looks alike in both.
    for (let band = 0; band < 8; band++) {
      const [top, bottom] = [0.05 + band * 0.1125, 0.05 + (band + 1) * 0.1125];
      const leftBand = regionStats(png, 0.02, 0.48, top, bottom);
      const rightBand = regionStats(png, 0.52, 0.98, top, bottom);
      assert.ok(
        Math.abs(leftBand.mean - rightBand.mean) < 20,
        `band ${band} is as bright in both eyes (${leftBand.mean.toFixed(0)} and ${rightBand.mean.toFixed(0)})`,
      );
      assert.ok(
        Math.abs(leftBand.spread - rightBand.spread) < 12,
        `band ${band} has as much detail in both eyes (${leftBand.spread.toFixed(1)} and ${rightBand.spread.toFixed(1)})`,
      );
    }
    // Upright and not too dark: the sky above the horizon is bluer than the floor below it.
    const sky = regionStats(png, 0.02, 0.48, 0.0, 0.08);
    const floor = regionStats(png, 0.02, 0.48, 0.9, 1.0);
    assert.ok(sky.blue > sky.red + 15, `the top of the left eye is sky (r ${sky.red.toFixed(0)}, b ${sky.blue.toFixed(0)})`);
    assert.ok(floor.mean > 120, `the floor is lit (${floor.mean.toFixed(0)})`);
    assert.equal((await page.evaluate(() => document.querySelector('#xr-enter').innerText)).trim(), '退出VR');
    assert.deepEqual(page.problems, []);
  });

  test('trigger on a booth opens its panel', async () => {
    await aimRight(page, [0.15, 1.3, -0.2], 0, 0);
    const aimed = await waitForStatus(page, (s) => s.xr.target?.kind === 'booth', 'the pointer on the booth', 60_000);
    assert.equal(aimed.xr.target.booth, booth);
    assert.equal(aimed.xr.target.hand, 'right');
    await pullTrigger(page);
    const opened = await waitForStatus(page, (s) => s.xr.panel === booth && s.xr.negotiationLink !== null, 'the booth panel', 30_000);
    const link = new URL(opened.xr.negotiationLink);
    assert.equal(link.searchParams.get('booth'), booth);
    assert.equal(link.searchParams.get('panel'), 'negotiate');
    // Lean towards the QR code at the panel's lower right, as a visitor reading it would.
    await page.evaluate(() => window.__IWER_DEVICE__.position.set(0.5, 1.25, -0.9));
    await xrFrames(page, 4);
    const png = await screenshot(page, 'xr-booth-panel');
    await page.evaluate(() => window.__IWER_DEVICE__.position.set(0, 1.6, 0));
    // The left eye's view of the panel: its QR code opens the negotiation form on a phone.
    const eye = new PNG({ width: png.width / 2, height: png.height });
    PNG.bitblt(png, eye, 0, 0, png.width / 2, png.height, 0, 0);
    const code = jsQR(new Uint8ClampedArray(eye.data.buffer, eye.data.byteOffset, eye.data.length), eye.width, eye.height);
    assert.equal(code?.data, opened.xr.negotiationLink, 'the QR code in the headset encodes the negotiation link');
  });

  test('trigger on the panel closes it', async () => {
    const aimed = await waitForStatus(page, (s) => s.xr.target?.kind === 'panel', 'the pointer on the panel', 30_000);
    assert.equal(aimed.xr.panel, booth);
    await pullTrigger(page);
    await waitForStatus(page, (s) => s.xr.panel === null, 'the panel to close', 30_000);
  });

  test('thumbstick snap turns by 30 degrees', async () => {
    const start = (await status(page)).xr.rig.yaw;
    await pushThumbstick(page, 1);
    const once = (await status(page)).xr.rig.yaw;
    assert.ok(Math.abs(angleBetween(once, start) + 30) < 0.5, `one push right turns 30 degrees right (${start} -> ${once})`);
    await xrFrames(page, 3);
    assert.equal((await status(page)).xr.rig.yaw, once, 'no turn without a push');
    await pushThumbstick(page, 1);
    const twice = (await status(page)).xr.rig.yaw;
    assert.ok(Math.abs(angleBetween(twice, start) + 60) < 0.5, `two pushes turn 60 degrees (${start} -> ${twice})`);
    await pushThumbstick(page, -1);
    await pushThumbstick(page, -1);
    const back = (await status(page)).xr.rig.yaw;
    assert.ok(Math.abs(angleBetween(back, start)) < 0.5, `two pushes left turn back (${start} -> ${back})`);
  });

  test('trigger on the floor teleports', async () => {
    // Behind the visitor is the aisle; try a few directions until the arc lands on floor.
    const floor = await scanForTarget(page, 'controller', [0.15, 1.2, -0.1], -20, [180, 150, -150, 120, -120, 90, -90], 'floor');
    assert.ok(floor, 'some direction from the booth reaches walkable floor');
    const target = floor.point;
    const before = (await status(page)).xr.head;
    assert.ok(Math.hypot(target.x - before.x, target.z - before.z) > 1, 'the landing point is away from the visitor');
    await pullTrigger(page);
    const moved = await waitForStatus(
      page,
      (s) => s.xr.head && Math.hypot(s.xr.head.x - target.x, s.xr.head.z - target.z) < 0.3,
      'the headset over the landing point',
      30_000,
    );
    assert.ok(Math.hypot(moved.camera.x - target.x, moved.camera.z - target.z) < 0.3, 'the visitor moved with the headset');
  });

  test('moving the headset moves the camera', async () => {
    const before = (await status(page)).xr;
    await page.evaluate(() => window.__IWER_DEVICE__.position.set(0.6, 1.6, 0));
    const moved = await waitForStatus(
      page,
      (s) => s.xr.head && Math.hypot(s.xr.head.x - before.head.x, s.xr.head.z - before.head.z) > 0.5,
      'the head to follow the headset',
      30_000,
    );
    const distance = Math.hypot(moved.xr.head.x - before.head.x, moved.xr.head.z - before.head.z);
    assert.ok(Math.abs(distance - 0.6) < 0.05, `the head moved ${distance.toFixed(2)} m for 0.6 m`);
    assert.ok(Math.abs(moved.xr.head.y - 1.6) < 0.01);
    assert.deepEqual(moved.xr.rig, before.rig, 'walking in the room does not move the rig');
  });

  test('hand pinch teleports like the trigger', async () => {
    await page.evaluate(() => {
      window.__IWER_DEVICE__.position.set(0, 1.6, 0);
      window.__IWER_DEVICE__.primaryInputMode = 'hand';
    });
    const floor = await scanForTarget(page, 'hand', [0.15, 1.2, -0.2], -25, [180, 150, -150, 120, -120, 90, -90, 0, 30, -30], 'floor');
    assert.ok(floor, 'the tracked hand points at walkable floor in some direction');
    const target = floor.point;
    await page.evaluate(() => window.__IWER_DEVICE__.hands.right.updatePinchValue(1));
    await xrFrames(page, 2);
    await page.evaluate(() => window.__IWER_DEVICE__.hands.right.updatePinchValue(0));
    await waitForStatus(
      page,
      (s) => s.xr.head && Math.hypot(s.xr.head.x - target.x, s.xr.head.z - target.z) < 0.3,
      'the pinch to teleport the headset',
      30_000,
    );
    await page.evaluate(() => {
      window.__IWER_DEVICE__.primaryInputMode = 'controller';
    });
    await xrFrames(page, 2);
  });

  test('leaving VR returns to the desktop view', async () => {
    await page.evaluate(() => window.__IWER_DEVICE__.position.set(0, 1.6, 0));
    // Open a booth's panel first: leaving VR hands that booth over to the page's card.
    const aimed = await scanForTarget(page, 'controller', [0.15, 1.3, -0.1], -3, [0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180], 'booth');
    const pointed = aimed?.booth;
    assert.ok(pointed, 'some direction points at a booth');
    await pullTrigger(page);
    await waitForStatus(page, (s) => s.xr.panel === pointed, 'the panel of the booth pointed at', 30_000);

    const last = (await status(page)).xr.head;
    await page.evaluate(() => window.__IWER_DEVICE__.activeSession.end());
    const desktop = await waitForStatus(page, (s) => s.xr.mode === 'none', 'the session to end', 30_000);
    assert.equal(desktop.xr.views, 0);
    assert.equal(desktop.xr.panel, null);
    const card = await waitForStatus(page, (s) => s.panel?.kind === 'card', 'the booth card on the page', 30_000);
    assert.equal(card.panel.booth, pointed);
    assert.ok(Math.hypot(desktop.camera.x - last.x, desktop.camera.z - last.z) < 0.3, 'the desktop view is where the headset was');
    // SwiftShader draws desktop frames slowly after a session, so the label may take a few.
    await page.waitForFunction(() => document.querySelector('#xr-enter').innerText.trim() === '进入VR', null, { timeout: 30_000 });
    assert.equal(await page.locator('#xr-enter').getAttribute('aria-pressed'), 'false');
    const buttonOnTop = await page.evaluate(() => {
      const box = document.querySelector('#xr-enter').getBoundingClientRect();
      return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)?.closest('#xr-enter') !== null;
    });
    assert.ok(buttonOnTop, 'the top bar is above the canvas again');
    const png = await screenshot(page, 'xr-left');
    const view = regionStats(png, 0.0, 1.0, 0.1, 0.9);
    assert.ok(view.spread > 12, `the desktop view renders again (spread ${view.spread.toFixed(1)})`);
    assert.deepEqual(page.problems, []);
  });
});
