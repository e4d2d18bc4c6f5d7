// Sums vitest and Playwright JSON reports into one closing line: "N passed, N failed, N skipped", and names
// every Playwright test that failed once and passed on its retry (flaky), so a retry never hides one.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  } else {
    const s = report.stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    console.log(`${file}: ${s.expected + s.flaky} passed (${s.flaky} flaky), ${s.unexpected} failed`);
    for (const title of flakyTitles(report.suites ?? []))
      console.log(`  flaky (failed, then passed on retry): ${title}`);
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

/** Titles of the Playwright tests whose outcome is "flaky" (a failed try, then a passed one). */
function flakyTitles(suites, trail = []) {
  const out = [];
  for (const suite of suites) {
    const path = suite.title && !suite.title.endsWith('.ts') ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? [])
      if ((spec.tests ?? []).some((t) => t.status === 'flaky'))
        out.push(`${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}`);
    out.push(...flakyTitles(suite.suites ?? [], path));
  }
  return out;
}
