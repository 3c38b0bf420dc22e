// Serving a built hall for benchmarks as deploy/nginx.conf serves it: precompressed .br and .gz
// copies, then Debian's nginx on 127.0.0.1 in the foreground, with its pid, logs and temporary
// files in a fresh folder.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const repoRoot = resolve(new URL('..', import.meta.url).pathname);

// The same files and size floor as `expo-service precompress` (crates/expo-service/src/precompress.rs).
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|glb|gltf|bin|svg|txt|vtt|xml|md)$/i;
const MIN_BYTES = 1024;

// Path of the module that Debian 12's libnginx-mod-http-brotli-static installs.
const BROTLI_STATIC_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';

async function listFiles(folder) {
  const files = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/**
 * Writes FILE.br (Brotli quality 11, 16 MiB window) and FILE.gz (gzip level 9) next to each
 * compressible file of 1 KiB or more under `folder`, with Node's zlib. A copy newer than its
 * file is kept, and one that would not be smaller is not written. Returns the number written.
 */
export async function precompress(folder) {
  let written = 0;
  for (const file of await listFiles(folder)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const info = await stat(file);
    if (info.size < MIN_BYTES) continue;
    for (const [suffix, compress] of [
      ['br', (data) => brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })],
      ['gz', (data) => gzipAsync(data, { level: 9 })],
    ]) {
      const target = `${file}.${suffix}`;
      if (existsSync(target) && (await stat(target)).mtimeMs >= info.mtimeMs) continue;
      const data = await readFile(file);
      const compressed = await compress(data);
      if (compressed.length >= data.length) {
        await rm(target, { force: true });
        continue;
      }
      await writeFile(target, compressed);
      written += 1;
    }
  }
  return written;
}

async function freePort() {
  const server = createServer();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  await new Promise((done) => server.close(done));
  return port;
}

/**
 * Returns deploy/nginx.conf with its `listen` and `root` lines replaced, plus a location that
 * returns 204 for `/api/`, as expo-service does for visit events. Without the Brotli module, the
 * `brotli_static` line is removed.
 */
export async function siteConfig({ root, port, brotli }) {
  let text = await readFile(join(repoRoot, 'deploy/nginx.conf'), 'utf8');
  const replaceOnce = (pattern, replacement, what) => {
    const matches = text.match(new RegExp(pattern.source, 'gm')) ?? [];
    if (matches.length !== 1) throw new Error(`deploy/nginx.conf must have exactly one ${what} line, found ${matches.length}`);
    text = text.replace(new RegExp(pattern.source, 'm'), replacement);
  };
  replaceOnce(/^(\s*)listen\s+[^;]+;/, `$1listen 127.0.0.1:${port};`, '`listen`');
  replaceOnce(/^(\s*)root\s+[^;]+;/, `$1root ${root};`, '`root`');
  if (!brotli) replaceOnce(/^\s*brotli_static\s+on;\n/, '', '`brotli_static on`');
  const lastBrace = text.lastIndexOf('}');
  return `${text.slice(0, lastBrace)}    location /api/ { return 204; }\n${text.slice(lastBrace)}`;
}

/**
 * Starts nginx in the foreground on a free port of 127.0.0.1, serving `root`. Returns
 * { url, brotli, prefix, stop }, where `brotli` is true when the Brotli static module was loaded.
 */
export async function startNginx(root) {
  const brotli = existsSync(BROTLI_STATIC_MODULE);
  const prefix = await mkdtemp(join(tmpdir(), 'expo-bench-nginx-'));
  const port = await freePort();
  await writeFile(join(prefix, 'site.conf'), await siteConfig({ root: resolve(root), port, brotli }));
  const main = [
    brotli ? `load_module ${BROTLI_STATIC_MODULE};` : '',
    'daemon off;',
    // Run as root, nginx's workers switch to `nobody`, which cannot read a bundle under /root.
    // The benchmark's own nginx serves only 127.0.0.1, so its workers keep the caller's user.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${prefix}/access.log;`,
    `  client_body_temp_path ${prefix}/client-body;`,
    `  proxy_temp_path ${prefix}/proxy;`,
    `  fastcgi_temp_path ${prefix}/fastcgi;`,
    `  uwsgi_temp_path ${prefix}/uwsgi;`,
    `  scgi_temp_path ${prefix}/scgi;`,
    `  include ${prefix}/site.conf;`,
    '}',
    '',
  ].join('\n');
  await writeFile(join(prefix, 'nginx.conf'), main);

  const child = spawn('nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const spawnFailed = new Promise((_, fail) => child.once('error', fail));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 10_000;
  let lastStatus = 'no answer';
  for (;;) {
    const early = await Promise.race([exited, spawnFailed, new Promise((done) => setTimeout(() => done(null), 100))]);
    if (early) {
      const log = await readFile(join(prefix, 'error.log'), 'utf8').catch(() => '');
      throw new Error(`nginx exited during start-up (${JSON.stringify(early)}); config in ${prefix}; error log:\n${log}`);
    }
    try {
      const response = await fetch(`${url}/index.html`);
      if (response.ok) break;
      lastStatus = `HTTP ${response.status}`;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      await exited;
      const log = await readFile(join(prefix, 'error.log'), 'utf8').catch(() => '');
      throw new Error(`nginx timed out serving ${url}/index.html after 10 s (${lastStatus}). Check that nginx's workers can read ${root}. Config: ${prefix}. Error log:\n${log}`);
    }
  }

  return {
    url,
    brotli,
    prefix,
    async stop() {
      child.kill('SIGQUIT');
      await exited;
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
