// A node:test reporter that counts: passed and failed tests (suites are not counted themselves; a file that fails to
// load counts as a failure), writes them to test-results/counts/$TEST_COUNTS_SUITE.json (default "unit") and prints
// `unit: N passed, N failed`. Used beside the spec reporter by `npm run test:unit`.
import { writeCounts } from './counts.mjs';

export default async function* countsReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else if (event.type === 'test:pass') passed++;
    else failed++;
  }
  const suite = process.env.TEST_COUNTS_SUITE || 'unit';
  writeCounts(suite, { passed, failed, skipped });
  yield `${suite}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
