// Plays a video or live stream URL in a <video> element: MP4 directly, HLS natively where the
// browser can and through hls.js elsewhere, HTTP-FLV through mpegts.js. The libraries load on
// first use. A stream that fails or stalls is reconnected with back-off (1 s doubling to 30 s).
// State goes to the element's data attributes for the app and tests: data-stream-state
// (loading, playing, reconnecting, failed), data-engine, data-format, data-url, data-attempt.
(() => {
  'use strict';
  const LIBRARIES = { hls: 'vendor/hls.min.js', flv: 'vendor/mpegts.js' };
  // Seconds without progress after which a stream counts as stalled. Counted in timer ticks,
  // not clock readings, so a page whose clock is changed or frozen still detects stalls.
  const STALL_SECONDS = 10;
  const MAX_DELAY_MS = 30000;
  // Recorded videos give up after this many failed attempts; live streams never do.
  const MAX_RECORDED_ATTEMPTS = 5;
  const loading = {};
  const sessions = new WeakMap();

  function loadLibrary(format) {
    if (!loading[format]) {
      loading[format] = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = LIBRARIES[format];
        script.onload = resolve;
        script.onerror = () => { delete loading[format]; reject(new Error(`could not load ${LIBRARIES[format]}`)); };
        document.head.appendChild(script);
      });
    }
    return loading[format];
  }

  // Browsers reject playback with sound before the visitor has clicked on the page, which is the
  // case when a deep link opens the panel. The video then starts muted, and the visitor can unmute it.
  function startPlayback(video) {
    video.play().catch((error) => {
      if (error.name !== 'NotAllowedError') return;
      video.muted = true;
      video.play().catch(() => {});
    });
  }

  function setState(video, state) {
    video.dataset.streamState = state;
    const line = video.closest('.panel-body')?.querySelector('.stream-status');
    if (!line) return;
    const texts = {
      loading: ['正在加载…', 'Loading…'],
      playing: ['', ''],
      reconnecting: ['信号中断，正在重新连接…', 'The stream was interrupted; reconnecting…'],
      failed: ['无法播放，请稍后再试。', 'The video cannot be played; try again later.'],
    }[state];
    line.replaceChildren(...texts.map((text, i) => {
      const span = document.createElement('span');
      span.dataset.l = i === 0 ? 'zh' : 'en';
      span.textContent = text;
      return span;
    }));
  }

  function teardown(session) {
    clearTimeout(session.retryTimer);
    clearInterval(session.stallTimer);
    if (session.engine) {
      try { session.engine.destroy(); } catch (error) { console.warn('stream engine cleanup failed', error); }
      session.engine = null;
    }
  }

  function start(video, session) {
    teardown(session);
    setState(video, session.attempt === 0 ? 'loading' : 'reconnecting');
    const { url, format } = session;
    const nativeHls = format === 'hls' && video.canPlayType('application/vnd.apple.mpegurl') !== '';
    if (format === 'mp4' || nativeHls) {
      video.dataset.engine = format === 'mp4' ? 'file' : 'native';
      video.src = url;
      video.load();
      startPlayback(video);
    } else {
      video.dataset.engine = format === 'hls' ? 'hls.js' : 'mpegts.js';
      loadLibrary(format).then(() => {
        if (sessions.get(video) !== session || session.stopped) return;
        if (format === 'hls') {
          if (!window.Hls || !window.Hls.isSupported()) return fail(video, session, 'hls.js is not supported here');
          const hls = new window.Hls({ liveDurationInfinity: true, manifestLoadingMaxRetry: 0, levelLoadingMaxRetry: 0 });
          hls.on(window.Hls.Events.ERROR, (_, data) => { if (data.fatal) retry(video, session, `hls.js: ${data.details}`); });
          hls.loadSource(url);
          hls.attachMedia(video);
          session.engine = hls;
        } else {
          if (!window.mpegts || !window.mpegts.isSupported()) return fail(video, session, 'mpegts.js is not supported here');
          const player = window.mpegts.createPlayer({ type: 'flv', isLive: session.live, url });
          player.on(window.mpegts.Events.ERROR, (type, detail) => retry(video, session, `mpegts.js: ${type} ${detail}`));
          player.attachMediaElement(video);
          player.load();
          session.engine = { destroy: () => { player.pause(); player.unload(); player.detachMediaElement(); player.destroy(); } };
        }
        startPlayback(video);
      }, (error) => retry(video, session, error.message));
    }
    // A stream whose time stops moving while it should play counts as failed.
    session.lastTime = -1;
    session.stillSeconds = 0;
    session.stallTimer = setInterval(() => {
      if (video.paused && video.dataset.streamState === 'playing') return;
      if (video.currentTime !== session.lastTime) {
        session.lastTime = video.currentTime;
        session.stillSeconds = 0;
      } else if (++session.stillSeconds > STALL_SECONDS && !video.ended) {
        retry(video, session, 'stalled');
      }
    }, 1000);
  }

  function retry(video, session, reason) {
    if (session.stopped || session.retryPending) return;
    session.attempt += 1;
    video.dataset.attempt = String(session.attempt);
    if (!session.live && session.attempt >= MAX_RECORDED_ATTEMPTS) return fail(video, session, reason);
    const delay = Math.min(1000 * 2 ** (session.attempt - 1), MAX_DELAY_MS);
    console.warn(`stream ${session.url} failed (${reason}); reconnecting in ${delay} ms, attempt ${session.attempt}`);
    teardown(session);
    setState(video, 'reconnecting');
    session.retryPending = true;
    session.retryTimer = setTimeout(() => { session.retryPending = false; start(video, session); }, delay);
  }

  function fail(video, session, reason) {
    console.error(`stream ${session.url} failed for good: ${reason}`);
    teardown(session);
    setState(video, 'failed');
  }

  function play(video, url, format, live) {
    stop(video);
    const session = { url, format, live, attempt: 0, engine: null, stopped: false, retryPending: false };
    sessions.set(video, session);
    video.dataset.url = url;
    video.dataset.format = format;
    video.dataset.attempt = '0';
    session.onPlaying = () => { session.attempt = 0; video.dataset.attempt = '0'; setState(video, 'playing'); };
    session.onError = () => { if (!session.engine) retry(video, session, `media error ${video.error && video.error.code}`); };
    video.addEventListener('playing', session.onPlaying);
    video.addEventListener('error', session.onError);
    start(video, session);
  }

  function stop(video) {
    const session = sessions.get(video);
    if (!session) return;
    session.stopped = true;
    teardown(session);
    video.removeEventListener('playing', session.onPlaying);
    video.removeEventListener('error', session.onError);
    sessions.delete(video);
    video.pause();
    video.removeAttribute('src');
    video.load();
    video.dataset.streamState = 'stopped';
  }

  window.__EXPO_STREAM__ = Object.freeze({ play, stop });
})();
