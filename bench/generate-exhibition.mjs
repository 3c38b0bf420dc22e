// Writes a large exhibition manifest for benchmarks: the bundled exhibition's header, plaza and
// preface boards, ZONES pavilions and BOOTHS booths whose texts, tags, models and media are
// copied in turn from the bundled booths. Relative URLs are rewritten to point back into the
// bundled exhibition's folder (the path from --out's folder to --source's folder, or
// --url-prefix), so the output needs no files of its own. bench/perf.mjs writes it into the
// served folder as scenes/bench-500/manifest.json, next to scenes/guangxi-2022/.
// Usage: node bench/generate-exhibition.mjs --out FILE [--booths N] [--zones N] [--source MANIFEST]
//        [--url-prefix PREFIX]
// Example: node bench/generate-exhibition.mjs --out dist/scenes/bench-500/manifest.json
//          --source dist/scenes/guangxi-2022/manifest.json
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const repoRoot = resolve(new URL('..', import.meta.url).pathname);

// Manifest limits from crates/expo-manifest/src/limits.rs (MAX_BOOTHS, MAX_ZONES; one zone is
// the plaza).
const MAX_BOOTHS = 2000;
const MAX_PAVILIONS = 199;

// Keys whose string values are URLs (docs/manifest.md, "URLs").
const URL_KEYS = new Set(['url', 'poster', 'captions', 'replay_url', 'meeting_url', 'wechat_qr', 'image', 'website']);

const COLORS = ['#2F5D8A', '#3E7D5A', '#6B4C8A', '#C0673A', '#8A6D2F', '#2F7F86', '#9C3D54', '#4F6B2E'];

/** Returns whether `url` is resolved against the manifest's own URL (not absolute, not site-root). */
function isManifestRelative(url) {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/');
}

/** Returns a deep copy of `value` with every manifest-relative URL prefixed by `prefix`. */
function rebaseUrls(value, prefix) {
  if (Array.isArray(value)) return value.map((item) => rebaseUrls(item, prefix));
  if (value === null || typeof value !== 'object') return value;
  const copy = {};
  for (const [key, item] of Object.entries(value)) {
    if (URL_KEYS.has(key) && typeof item === 'string' && isManifestRelative(item)) {
      copy[key] = `${prefix}/${item}`;
    } else {
      copy[key] = rebaseUrls(item, prefix);
    }
  }
  return copy;
}

/** Appends ` N` to a text's zh and en parts, so copied booths stay distinguishable on signs. */
function numbered(text, number) {
  const suffix = ` ${number}`;
  const copy = { zh: `${text.zh.slice(0, 80 - suffix.length)}${suffix}` };
  if (text.en !== undefined) copy.en = `${text.en.slice(0, 80 - suffix.length)}${suffix}`;
  return copy;
}

/** Builds the manifest object: `booths` booths spread evenly over `zones` pavilions. */
export function generateExhibition(source, { booths, zones, urlPrefix }) {
  const plaza = source.zones.find((zone) => zone.kind === 'plaza');
  const pavilions = Array.from({ length: zones }, (_, i) => ({
    id: `hall-${i + 1}`,
    name: { zh: `测试展区 ${i + 1}`, en: `Benchmark pavilion ${i + 1}` },
    kind: 'pavilion',
    color: COLORS[i % COLORS.length],
    order: i + 2,
  }));

  const sourceBooths = source.booths;
  const generated = [];
  for (let i = 0; i < booths; i++) {
    const original = rebaseUrls(sourceBooths[i % sourceBooths.length], urlPrefix);
    // Sub-areas and fixed positions belong to the source zones; booths here are laid out
    // automatically.
    delete original.sub_area;
    delete original.position;
    generated.push({
      ...original,
      id: `booth-${String(i + 1).padStart(4, '0')}`,
      zone: pavilions[i % zones].id,
      exhibitor: numbered(original.exhibitor, i + 1),
    });
  }

  const exhibition = rebaseUrls(source.exhibition, urlPrefix);
  exhibition.id = `bench-${booths}`;
  exhibition.title = {
    zh: `基准测试展览（${booths} 个展位）`,
    en: `Benchmark exhibition (${booths} booths)`,
  };
  // Visit events and negotiation requests would go to the benchmark's static server.
  delete exhibition.statistics_endpoint;
  delete exhibition.negotiation_endpoint;
  for (const booth of generated) {
    if (booth.media) booth.media = booth.media.filter((entry) => entry.kind !== 'negotiation');
    if (booth.media?.length === 0) delete booth.media;
  }

  return {
    format: source.format,
    exhibition,
    zones: [...(plaza ? [plaza] : []), ...pavilions],
    booths: generated,
    preface_boards: rebaseUrls(source.preface_boards ?? [], urlPrefix),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      booths: { type: 'string', default: '500' },
      zones: { type: 'string', default: '5' },
      source: { type: 'string', default: join(repoRoot, 'scenes/guangxi-2022/manifest.json') },
      out: { type: 'string' },
      'url-prefix': { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out FILE is required');
  const booths = Number(values.booths);
  const zones = Number(values.zones);
  if (!Number.isInteger(booths) || booths < 1 || booths > MAX_BOOTHS) {
    throw new Error(`--booths must be a whole number from 1 to ${MAX_BOOTHS}, got ${values.booths}`);
  }
  if (!Number.isInteger(zones) || zones < 1 || zones > MAX_PAVILIONS) {
    throw new Error(`--zones must be a whole number from 1 to ${MAX_PAVILIONS}, got ${values.zones}`);
  }

  const source = JSON.parse(await readFile(values.source, 'utf8'));
  const urlPrefix = values['url-prefix'] ?? (relative(dirname(resolve(values.out)), dirname(resolve(values.source))) || '.');
  const manifest = generateExhibition(source, { booths, zones, urlPrefix });
  await mkdir(dirname(resolve(values.out)), { recursive: true });
  await writeFile(values.out, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${values.out}: ${booths} booths in ${zones} pavilions, URLs relative to ${urlPrefix}/`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`generate-exhibition: ${error.message}`);
    process.exit(1);
  });
}
