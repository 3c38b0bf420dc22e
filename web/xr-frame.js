// Routes the app's animation frames and WebGL's default framebuffer to an immersive WebXR
// session while one runs (src/web/xr.rs starts and ends it).
//
// Bevy, through winit, draws in `window.requestAnimationFrame` callbacks and presents into
// framebuffer null. A headset delivers frames only through `XRSession.requestAnimationFrame`
// and shows only the `XRWebGLLayer`'s framebuffer, and the frame is only valid inside that
// callback. So while a session runs, the app's frame requests go to the session instead of the
// window, and binding framebuffer null binds the layer's framebuffer. Emulators without a layer
// framebuffer (null) keep drawing to the canvas, inside the session's frames too, after the
// emulator has cleared it.
(() => {
  'use strict';

  const nativeRequest = window.requestAnimationFrame.bind(window);
  const nativeCancel = window.cancelAnimationFrame.bind(window);
  /** Pending app frame requests: id -> { callback, nativeId, session, sessionId }. */
  const pending = new Map();
  let nextId = 1;
  let session = null;
  let redirect = null; // { gl, framebuffer } while the layer has a framebuffer

  // NOTE: only callbacks from the wasm app are routed, recognized by the property that
  // wasm-bindgen 0.2.130 puts on its closures. Page scripts and emulators that run their own
  // loop on window.requestAnimationFrame keep it, so an emulated session does not call itself.
  const fromApp = (callback) => typeof callback === 'function' && typeof callback._wbg_cb_unref === 'function';

  // Start times and main-thread durations of the app's last frames in each mode, in
  // milliseconds, for bench/xr.mjs.
  const SAMPLES = 300;
  const cpuMs = { desktop: [], immersive: [] };
  const startMs = { desktop: [], immersive: [] };

  function run(id, time) {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    const mode = session ? 'immersive' : 'desktop';
    const start = performance.now();
    request.callback(time);
    cpuMs[mode].push(performance.now() - start);
    startMs[mode].push(start);
    if (cpuMs[mode].length > SAMPLES) cpuMs[mode].shift();
    if (startMs[mode].length > SAMPLES) startMs[mode].shift();
  }

  /** Sends a pending request to the session, or to the window when no session runs. */
  function schedule(id, request) {
    if (session) {
      request.session = session;
      request.sessionId = session.requestAnimationFrame((time) => run(id, time));
    } else {
      request.session = null;
      request.nativeId = nativeRequest((time) => run(id, time));
    }
  }

  function unschedule(request) {
    if (request.session) request.session.cancelAnimationFrame(request.sessionId);
    else nativeCancel(request.nativeId);
  }

  window.requestAnimationFrame = function (callback) {
    if (!fromApp(callback)) return nativeRequest(callback);
    // Ids stay within an i32, as winit stores them, and far from the browser's own.
    const id = 0x40000000 + (nextId++ % 0x3fffffff);
    const request = { callback, nativeId: 0, session: null, sessionId: 0 };
    pending.set(id, request);
    schedule(id, request);
    return id;
  };

  window.cancelAnimationFrame = function (id) {
    const request = pending.get(id);
    if (!request) {
      nativeCancel(id);
      return;
    }
    pending.delete(id);
    unschedule(request);
  };

  const bindFramebuffer = WebGL2RenderingContext.prototype.bindFramebuffer;
  WebGL2RenderingContext.prototype.bindFramebuffer = function (target, framebuffer) {
    // wasm-bindgen passes Rust's `None` as undefined, so both mean the default framebuffer.
    if (framebuffer == null && redirect && redirect.gl === this) framebuffer = redirect.framebuffer;
    return bindFramebuffer.call(this, target, framebuffer);
  };
  // wgpu selects the default framebuffer's back buffer before presenting; a framebuffer object
  // has colour attachments instead.
  const drawBuffers = WebGL2RenderingContext.prototype.drawBuffers;
  WebGL2RenderingContext.prototype.drawBuffers = function (buffers) {
    if (redirect && redirect.gl === this && buffers.length === 1 && buffers[0] === this.BACK &&
        this.getParameter(this.DRAW_FRAMEBUFFER_BINDING) === redirect.framebuffer) {
      buffers = [this.COLOR_ATTACHMENT0];
    }
    return drawBuffers.call(this, buffers);
  };

  window.__EXPO_XR_FRAME__ = {
    cpuMs,
    startMs,
    /** Starts routing frames to `xrSession` and drawing into `layer` of context `gl`. */
    begin(xrSession, gl, layer) {
      session = xrSession;
      redirect = layer.framebuffer ? { gl, framebuffer: layer.framebuffer } : null;
      // A frame the app requested before the session started would never fire on a headset.
      for (const [id, request] of pending) {
        unschedule(request);
        schedule(id, request);
      }
    },
    /** Stops routing; the app's pending frames fire from the page again. */
    end() {
      session = null;
      redirect = null;
      for (const [id, request] of pending) schedule(id, request);
    },
  };
})();
