// Result bookkeeping shared by the runners: every phase returns { phase, passed, failed, skipped, tests: [...] }.
import { log } from './env.mjs';

/** Creates a sequential check runner. After the first failure, later checks are reported as skipped. */
export function createChecks(phase, { onFailure } = {}) {
  const result = { phase, passed: 0, failed: 0, skipped: 0, tests: [] };
  let broken = false;
  return {
    result,
    /** Runs fn unless an earlier check failed; records pass/fail with its duration. */
    async check(name, fn) {
      if (broken) {
        result.skipped++;
        result.tests.push({ title: name, state: 'skipped' });
        log(`SKIP ${phase}: ${name}`);
        return;
      }
      const t0 = Date.now();
      try {
        await fn();
        result.passed++;
        result.tests.push({ title: name, state: 'passed', ms: Date.now() - t0 });
        log(`PASS ${phase}: ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        broken = true;
        result.failed++;
        result.tests.push({ title: name, state: 'failed', ms: Date.now() - t0, error: String(e?.stack ?? e) });
        log(`FAIL ${phase}: ${name}\n${indent(String(e?.message ?? e))}`);
        await onFailure?.(name, e);
      }
    },
    /** Records a failure that happened outside a check (setup/teardown). */
    fail(name, e) {
      broken = true;
      result.failed++;
      result.tests.push({ title: name, state: 'failed', error: String(e?.stack ?? e) });
      log(`FAIL ${phase}: ${name}\n${indent(String(e?.message ?? e))}`);
    },
  };
}

export function indent(text, by = '        ') {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
