// Renders bench/perf.mjs's figures as the Markdown section of docs/benchmarks.md, with the
// targets the hall is held to and whether each is met.

const MB = 1e6;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const milliseconds = (ms) => `${ms.toFixed(0)} ms`;
const ratio = (a, b) => (a === null || b === null || !b ? '–' : `${(a / b).toFixed(2)}`);

/** Formats a milestone time, or how far loading got when the time limit ended the wait. */
function milestone(ms, exhibition, limitMs) {
  if (ms !== null) return seconds(ms);
  return `not within ${seconds(limitMs)} (${exhibition.modelsLoaded} of ${exhibition.modelsTotal} loaded)`;
}

function passFail(ok) {
  if (ok === null) return 'not measured';
  return ok ? 'pass' : '**fail**';
}

export function renderReport(results) {
  const { settings, machine, exhibitions } = results;
  const [base, large] = exhibitions;
  const limit = settings.modelsTimeoutMs;
  const total = (exhibition) => Object.values(exhibition.bytesByKind).reduce((sum, kind) => sum + kind.transferred, 0);

  const rows = [
    ['Booths / models', (e) => `${e.booths} / ${e.modelsTotal}`, null],
    ['Rendering quality (`quality`) at the first hall frame, after the walk', (e) => `${e.quality}, ${e.qualityAfterWalk ?? '–'}`, null],
    ['Transferred before the first hall frame', (e) => mib(e.bytesBeforeReady), (e) => e.bytesBeforeReady],
    ['First hall frame (`ready`)', (e) => seconds(e.readyMs), (e) => e.readyMs],
    ['Every model in the starting view settled (`modelsInView`)', (e) => `${milestone(e.viewModelsMs, e, limit)} (${e.viewModels ?? '?'} models)`, (e) => e.viewModelsMs],
    ['Longest frame while they appear', (e) => (e.appearingFrames.maxMs === null ? '–' : `${milliseconds(e.appearingFrames.maxMs)} (median ${milliseconds(e.appearingFrames.medianMs)}, ${e.appearingFrames.count} frames)`), (e) => e.appearingFrames.maxMs],
    ['Every model loaded (`stage = done`)', (e) => milestone(e.doneMs, e, limit), (e) => e.doneMs],
    [`Frame time during the ${settings.walkSeconds} s walk, median`, (e) => milliseconds(e.frames.medianMs), (e) => e.frames.medianMs],
    ['Frame time during the walk, 95th percentile', (e) => milliseconds(e.frames.p95Ms), (e) => e.frames.p95Ms],
    ['Frames during the walk', (e) => `${e.frames.count}`, (e) => e.frames.count],
    ['Draw calls, densest view', (e) => `${e.densest.drawCalls} (${e.densest.where})`, (e) => e.densest.drawCalls],
    ['Triangles, densest view', (e) => `${e.densest.triangles.toLocaleString('en')} (${e.densest.where})`, (e) => e.densest.triangles],
    ['Booths visited through the directory', (e) => `${e.visit.visited} of ${e.visit.booths} in ${seconds(e.visit.ms)}`, (e) => e.visit.ms],
    ['Wasm memory after visiting every booth', (e) => mib(e.wasmMemoryBytes), (e) => e.wasmMemoryBytes],
    ['Transferred in the whole run', (e) => mib(total(e)), (e) => total(e)],
  ];

  const kinds = [...new Set(exhibitions.flatMap((e) => Object.keys(e.bytesByKind)))].sort();
  const kindCell = (exhibition, kind) => {
    const entry = exhibition.bytesByKind[kind];
    return entry ? `${entry.requests} | ${mib(entry.raw)} | ${mib(entry.transferred)}` : '0 | – | –';
  };

  const viewRows = exhibitions.flatMap((e) => e.views.map((v) => `| ${e.name} | ${v.where} | ${v.drawCalls} | ${v.triangles.toLocaleString('en')} |`));

  // Memory over the limit fails even if some booth's wait timed out. Memory within the limit
  // passes only once every booth was visited, and is "not measured" otherwise.
  let memoryOk = null;
  if (exhibitions.some((e) => e.wasmMemoryBytes > 400 * MB)) {
    memoryOk = false;
  } else if (exhibitions.every((e) => e.wasmMemoryBytes !== null && e.visit.visited === e.visit.booths)) {
    memoryOk = true;
  }
  const frameRatio = large.frames.medianMs / base.frames.medianMs;
  const targets = [
    ['At most 4 MB (4,000,000 bytes) transferred before the first hall frame, bundled', `${(base.bytesBeforeReady / MB).toFixed(2)} MB`, base.bytesBeforeReady <= 4 * MB],
    [`First hall frame within 6 s at ${settings.downMbit} Mbit/s with a cold cache, bundled`, seconds(base.readyMs), base.readyMs <= 6000],
    ['Median frame time of the generated exhibition within 2x of the bundled one', `${frameRatio.toFixed(2)}x`, frameRatio <= 2],
    ['At most 150 draw calls in the densest view, bundled', `${base.densest.drawCalls}`, base.densest.drawCalls <= 150],
    [
      'At most 400 MB wasm memory after visiting every booth',
      exhibitions.map((e) => `${e.name} ${(e.wasmMemoryBytes / MB).toFixed(0)} MB${e.visit.visited < e.visit.booths ? ` (${e.visit.booths - e.visit.visited} visits timed out)` : ''}`).join(', '),
      memoryOk,
    ],
  ];

  const notes = [];
  const sources = [...new Set(exhibitions.map((e) => e.glStatsSource))].map((source) => `\`${source}\``).join(' and ');
  notes.push(`Draw calls and triangles come from ${sources}.`);
  if (results.glStatsInjected) notes.push('The build did not load `gl-stats.js`, so the benchmark injected `web/gl-stats.js` before the page scripts.');
  if (!results.brotli) notes.push('nginx ran without the Brotli static module, so browsers got the gzip copies.');
  const problems = exhibitions.filter((e) => e.pageProblems.length).map((e) => `${e.name}: ${e.pageProblems.length} page errors, first: ${e.pageProblems[0]}`);
  notes.push(...problems);
  for (const e of exhibitions.filter((e) => e.visit.timedOut.length)) {
    notes.push(`${e.name}: the wait at ${e.visit.timedOut.length} booths hit the ${seconds(settings.visitTimeoutMs)} limit, first: ${e.visit.timedOut.slice(0, 5).join(', ')}.`);
  }

  return [
    `Measured ${results.date} by \`bench/perf.mjs\` on a **${results.build}** build: ${machine.cores} cores (${machine.cpu}), ${machine.ramGiB} GiB RAM, ${machine.chromium} headless with SwiftShader WebGL2.`,
    `Network emulated by Chromium: ${settings.downMbit} Mbit/s down, ${settings.rttMs} ms round trip, empty cache. Served by nginx with \`deploy/nginx.conf\`${results.brotli ? ', Brotli and gzip copies' : ', gzip copies'} written by Node's zlib.`,
    ...notes.map((note) => `${note}`),
    '',
    `| Figure | ${base.name} | ${large.name} | Ratio |`,
    '| --- | ---: | ---: | ---: |',
    ...rows.map(([label, format, value]) => `| ${label} | ${format(base)} | ${format(large)} | ${value ? ratio(value(large), value(base)) : ''} |`),
    '',
    'Bytes by kind over the whole load run (requests | decoded | transferred):',
    '',
    `| Kind | ${base.name} requests | decoded | transferred | ${large.name} requests | decoded | transferred |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...kinds.map((kind) => `| ${kind} | ${kindCell(base, kind)} | ${kindCell(large, kind)} |`),
    '',
    'Draw calls and triangles per view (largest frame in 5 s):',
    '',
    '| Exhibition | View | Draw calls | Triangles |',
    '| --- | --- | ---: | ---: |',
    ...viewRows,
    '',
    'Targets:',
    '',
    '| Target | Measured | Result |',
    '| --- | --- | --- |',
    ...targets.map(([label, measured, ok]) => `| ${label} | ${measured} | ${passFail(ok)} |`),
  ].join('\n');
}
