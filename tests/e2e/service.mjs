// Starts the real expo-service for browser tests: it serves the built hall and receives the
// hall's negotiation requests and visit events, so tests talk to the organizers' service
// instead of a stand-in. scripts/test.sh builds the binary and sets EXPO_SERVICE_BIN.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { repoRoot } from './harness.mjs';

const run = promisify(execFile);

/** Path of the expo-service binary: EXPO_SERVICE_BIN, or the debug build in the default target folder. */
export function serviceBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME ?? '', '.cache/expo-hall/target');
  return process.env.EXPO_SERVICE_BIN ?? join(target, 'debug/expo-service');
}

/**
 * Starts expo-service on 127.0.0.1 with a free port and a fresh SQLite database in a temporary
 * folder. `dist` is the built hall to serve at /. Returns
 * { url, log, close, createToken(...args), listNegotiations(token) }.
 */
export async function startService({ dist, manifest = join(repoRoot, 'scenes/guangxi-2022/manifest.json'), args = [] } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'expo-service-e2e-'));
  const common = ['--data-dir', dataDir, '--manifest', manifest];
  const serveArgs = ['--listen', '127.0.0.1:0', ...common, ...(dist ? ['--dist', dist] : []), ...args];
  const child = spawn(serviceBinary(), serveArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`expo-service did not start within 30 s; log:\n${log.join('\n')}`)), 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${serviceBinary()}: ${error.message}. Build it with cargo build -p expo-service.`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`expo-service exited with status ${code}; log:\n${log.join('\n')}`));
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      log.push(line);
      const match = /listening on (http:\/\/[^/\s]+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });

  return {
    url,
    log,
    /** Creates an access token with `expo-service token create` (for example '--organizer'). */
    async createToken(...tokenArgs) {
      const { stdout } = await run(serviceBinary(), ['token', 'create', ...common, ...tokenArgs]);
      return stdout.trim();
    },
    /** Returns the stored negotiation requests that `token` may read, newest first. */
    async listNegotiations(token) {
      const response = await fetch(`${url}/api/inbox/negotiations?limit=500`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`listing negotiations failed with HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()).requests;
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
