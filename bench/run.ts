/**
 * npm run bench [-- name …]: runs bench/<name>.bench.ts (all of them by default), each printing a table and
 * writing bench/results/<name>.json. Benchmarks are measured here, never asserted in tests.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

if (benches.length === 0) {
  console.error(`no bench matches ${wanted.join(', ')}`);
  process.exit(1);
}
for (const name of benches) {
  const module = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as {
    run(): Promise<void>;
  };
  await module.run();
}
