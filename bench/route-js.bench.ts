/**
 * First-load JavaScript of a page route in the production build, gzipped: what a browser must download and run
 * before the page is interactive. Read from the build's own manifests (no server, no browser): the root main files
 * of the route's build manifest (runtime, React, Next's client) plus the `entryJSFiles` its client reference
 * manifest lists for every layout and the page itself. Chunks loaded later (next/dynamic, a dialog opened on
 * click) are not first-load and not counted. Each chunk is gzipped at level 9 (what `next build` used to print).
 *
 * Needs `npm run build` first. BENCH_ROUTES (default `/(app)/inbox/[view]`), comma-separated app routes as they
 * are named under `.next/server/app`; BENCH_NEXT_DIR (default `.next`). Goal (issue 21): < 350 KB gzip.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { type Row, report, round } from './harness';

const GOAL_KB = 350;
const NEXT_DIR = path.resolve(process.env.BENCH_NEXT_DIR ?? '.next');
const ROUTES = (process.env.BENCH_ROUTES ?? '/(app)/inbox/[view]').split(',').map((r) => r.trim());

type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

/** The chunks a route loads up front, in load order, and which segment (layout/page) first asks for each. */
export function firstLoadChunks(nextDir: string, route: string): { file: string; segment: string }[] {
  const dir = path.join(nextDir, 'server', 'app', ...route.split('/').filter(Boolean));
  const build = JSON.parse(readFileSync(path.join(dir, 'page', 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  };
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } };
  runInNewContext(readFileSync(path.join(dir, 'page_client-reference-manifest.js'), 'utf8'), sandbox);
  const manifest = Object.values(sandbox.globalThis.__RSC_MANIFEST ?? {})[0];
  if (!manifest?.entryJSFiles) throw new Error(`no client reference manifest for ${route}`);
  // The segments of this route, outermost first: the root layout, each group/folder layout, then the page.
  const parts = route.split('/').filter(Boolean);
  const segments = ['[project]/app/layout'];
  for (let i = 1; i <= parts.length; i++)
    segments.push(`[project]/app/${parts.slice(0, i).join('/')}/layout`);
  segments.push(`[project]/app/${parts.join('/')}/page`);
  const seen = new Set<string>();
  const chunks: { file: string; segment: string }[] = [];
  const add = (file: string, segment: string) => {
    if (!file.endsWith('.js') || seen.has(file)) return;
    seen.add(file);
    chunks.push({ file, segment });
  };
  for (const file of build.rootMainFiles) add(file, 'root main (runtime, React, Next client)');
  for (const segment of segments) {
    for (const file of manifest.entryJSFiles[segment] ?? []) add(file, segment.replace('[project]/', ''));
  }
  return chunks;
}

export async function run(): Promise<void> {
  if (!existsSync(path.join(NEXT_DIR, 'BUILD_ID'))) {
    console.log(`\nroute-js\nnot measured: no production build in ${NEXT_DIR} (run \`npm run build\` first)`);
    return;
  }
  const rows: Row[] = [];
  const chunksOf: Record<string, Row[]> = {};
  for (const route of ROUTES) {
    const chunks = firstLoadChunks(NEXT_DIR, route).map(({ file, segment }) => {
      const body = readFileSync(path.join(NEXT_DIR, file));
      return { file, segment, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
    const kb = (n: number) => round(n / 1024, 1);
    const gzip = chunks.reduce((sum, c) => sum + c.gzip, 0);
    const bySegment = new Map<string, number>();
    for (const c of chunks) bySegment.set(c.segment, (bySegment.get(c.segment) ?? 0) + c.gzip);
    rows.push({
      route,
      chunks: chunks.length,
      'raw KB': kb(chunks.reduce((sum, c) => sum + c.raw, 0)),
      'gzip KB': kb(gzip),
      ...Object.fromEntries([...bySegment].map(([segment, bytes]) => [`${segment} KB`, kb(bytes)])),
      goal: `< ${GOAL_KB} KB gzip: ${gzip / 1024 < GOAL_KB ? 'met' : 'missed'}`,
    });
    chunksOf[route] = chunks
      .sort((a, b) => b.gzip - a.gzip)
      .map((c) => ({ file: c.file, segment: c.segment, 'raw KB': kb(c.raw), 'gzip KB': kb(c.gzip) }));
  }
  for (const [route, chunks] of Object.entries(chunksOf)) {
    console.log(`\n${route}: chunks by gzip size`);
    for (const c of chunks.slice(0, 12)) console.log(`  ${c['gzip KB']} KB  ${c.file}  (${c.segment})`);
  }
  const buildId = readFileSync(path.join(NEXT_DIR, 'BUILD_ID'), 'utf8').trim();
  report('route-js', rows, { nextDir: NEXT_DIR, buildId, chunks: chunksOf });
}
