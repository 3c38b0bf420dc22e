// Test media made at test time with Debian's ffmpeg, and the HTTP servers on 127.0.0.1 that the
// panel tests use. The media server has a clock-driven live HLS playlist and an HTTP-FLV
// stream, and the negotiation endpoint can be set to fail, reject, hang or recover.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ffmpeg = (args) => run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 << 20 });

/** Test pattern and tone, `seconds` long, for ffmpeg's -i. */
function sources(seconds) {
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=15:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=660:sample_rate=44100:duration=${seconds}`,
  ];
}
const h264 = ['-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '15', '-c:a', 'aac', '-b:a', '48k'];

/**
 * Writes clip.mp4 (30 s), vod/index.m3u8 (30 s in 2 s segments), live/seg-N.ts (60 s of 2 s
 * segments for the live playlist), stream.flv (60 s), captions.vtt and poster.png into a
 * temporary folder. Returns its path.
 */
export async function makeMedia() {
  const root = join(tmpdir(), `expo-media-${process.pid}`);
  await mkdir(join(root, 'vod'), { recursive: true });
  await mkdir(join(root, 'live'), { recursive: true });
  await ffmpeg([...sources(30), ...h264, '-movflags', '+faststart', join(root, 'clip.mp4')]);
  await ffmpeg([...sources(30), ...h264, '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod',
    '-hls_segment_filename', join(root, 'vod', 'seg-%d.ts'), join(root, 'vod', 'index.m3u8')]);
  await ffmpeg([...sources(60), ...h264, '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0',
    '-hls_segment_filename', join(root, 'live', 'seg-%d.ts'), join(root, 'live', 'all.m3u8')]);
  await ffmpeg([...sources(60), ...h264, '-f', 'flv', join(root, 'stream.flv')]);
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=1:duration=1', '-frames:v', '1', join(root, 'poster.png')]);
  await writeFile(join(root, 'captions.vtt'), 'WEBVTT\n\n00:00:00.000 --> 00:00:30.000\n测试字幕\n');
  return root;
}

const types = {
  '.mp4': 'video/mp4', '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t',
  '.flv': 'video/x-flv', '.vtt': 'text/vtt; charset=utf-8', '.png': 'image/png',
};

/**
 * Serves the media folder with CORS (hls.js and mpegts.js fetch cross-origin). `/live/index.m3u8`
 * is a live playlist whose window of three 2-second segments moves with the wall clock, looping
 * over the 60 seconds of segments. Range requests are honoured for MP4 seeking.
 * `listen(port)` may be called again after `close()` to restart on the same port.
 */
export function mediaServer(root) {
  const started = Date.now();
  let server = null;
  let segments = null;
  const requests = [];

  async function livePlaylist() {
    segments ??= (await readdir(join(root, 'live'))).filter((name) => name.endsWith('.ts')).length;
    const sequence = Math.floor((Date.now() - started) / 2000);
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${sequence}`];
    for (let i = sequence; i < sequence + 3; i++) {
      if (i > sequence && i % segments === 0) lines.push('#EXT-X-DISCONTINUITY');
      lines.push('#EXTINF:2.000,', `seg-${i % segments}.ts`);
    }
    return `${lines.join('\n')}\n`;
  }

  async function handle(request, response) {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    requests.push(path);
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (path === '/live/index.m3u8') {
      response.writeHead(200, { ...headers, 'content-type': types['.m3u8'] }).end(await livePlaylist());
      return;
    }
    const file = join(root, path.replace(/\.\.+/g, ''));
    let info;
    try {
      info = await stat(file);
    } catch {
      response.writeHead(404, headers).end('not found');
      return;
    }
    const type = types[extname(file)] ?? 'application/octet-stream';
    const range = /bytes=(\d+)-(\d*)/.exec(request.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Number(range[2]) : info.size - 1;
      response.writeHead(206, { ...headers, 'content-type': type, 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${info.size}`, 'content-length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(response);
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': type, 'accept-ranges': 'bytes', 'content-length': info.size });
    createReadStream(file).pipe(response);
  }

  return {
    requests,
    async listen(port = 0) {
      server = createServer((request, response) => handle(request, response).catch(() => response.destroy()));
      await new Promise((done) => server.listen(port, '127.0.0.1', done));
      return server.address().port;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/**
 * A negotiation endpoint at `/api/negotiations` with idempotency: one row per key, a retry with
 * the same key returns the first receipt. `mode` is `ok`, `fail` (503), `reject` (400 with a
 * message naming the phone field) or `hang` (stores the row, then keeps the connection open
 * without a response). `requests` lists every POST that arrived, `rows` every stored one.
 */
export function negotiationServer() {
  let server = null;
  const state = { mode: 'ok', requests: [], rows: new Map(), hung: [] };

  function handle(request, response) {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type, idempotency-key, accept-language',
      'access-control-allow-methods': 'POST, OPTIONS',
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ key, body, language: request.headers['accept-language'], type: request.headers['content-type'] });
      const json = { ...cors, 'content-type': 'application/json; charset=utf-8' };
      if (state.mode === 'fail') {
        response.writeHead(503, json).end(JSON.stringify({ error: { code: 'unavailable', message: 'try later', field: null } }));
        return;
      }
      if (state.mode === 'reject') {
        const message = request.headers['accept-language'] === 'en' ? 'This phone number is not accepted.' : '该电话号码无法接收短信，请换一个号码。';
        response.writeHead(400, json).end(JSON.stringify({ error: { code: 'invalid_field', message, field: 'phone' } }));
        return;
      }
      if (!key) {
        response.writeHead(400, json).end(JSON.stringify({ error: { code: 'missing_key', message: 'Idempotency-Key is missing', field: null } }));
        return;
      }
      let row = state.rows.get(key);
      const replay = Boolean(row);
      if (!row) {
        row = { receipt: `NG-TEST-${state.rows.size + 1}`, body: JSON.parse(body) };
        state.rows.set(key, row);
      }
      if (state.mode === 'hang') {
        state.hung.push(response);
        return;
      }
      response.writeHead(replay ? 200 : 201, json).end(JSON.stringify({ receipt: row.receipt, received_at: new Date().toISOString() }));
    });
  }

  return {
    state,
    async listen(port = 0) {
      server = createServer(handle);
      await new Promise((done) => server.listen(port, '127.0.0.1', done));
      return server.address().port;
    },
    async close() {
      for (const response of state.hung.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
