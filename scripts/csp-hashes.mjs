// Trunk post-build hook: replaces CSP_INLINE_SCRIPT_HASHES in the staged index.html with the
// SHA-256 hashes of its inline scripts (the wasm loader trunk writes), so the page's
// Content-Security-Policy allows exactly those inline scripts and no others.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = 'CSP_INLINE_SCRIPT_HASHES';
const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('csp-hashes: TRUNK_STAGING_DIR is not set; run this as a trunk post_build hook');
  process.exit(1);
}
const file = join(staging, 'index.html');
const html = readFileSync(file, 'utf8');
if (!html.includes(PLACEHOLDER)) {
  console.error(`csp-hashes: ${file} has no ${PLACEHOLDER}; keep it in the Content-Security-Policy of web/index.html`);
  process.exit(1);
}
const hashes = [];
for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  const [, attributes, body] = match;
  if (/\bsrc\s*=/.test(attributes)) continue;
  hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}
writeFileSync(file, html.replaceAll(PLACEHOLDER, hashes.join(' ')));
console.log(`csp-hashes: ${hashes.length} inline script hashes written into ${file}`);
