// extensionTestsPath entry: VS Code's extension host calls run() after loading the extension under
// development. Runs every suite/*.test.js with mocha (tdd UI) and writes per-test results to
// $E2E_RESULT_FILE (read by test/e2e/lib/ext-host.mjs and run-test-electron.mjs).
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

function record(test, state, err) {
  return {
    title: test.title,
    fullTitle: test.fullTitle(),
    state,
    ms: test.duration,
    error: err ? String(err.stack || err.message || err) : undefined,
  };
}

exports.run = async function run() {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.E2E_MOCHA_TIMEOUT_MS || 60000),
    grep: process.env.E2E_MOCHA_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const tests = [];
  let setupError;
  let failures;
  try {
    failures = await new Promise((resolve) => {
      const runner = mocha.run(resolve);
      runner.on('pass', (t) => tests.push(record(t, 'passed')));
      runner.on('fail', (t, err) => tests.push(record(t, 'failed', err)));
      runner.on('pending', (t) => tests.push(record(t, 'pending')));
    });
  } catch (e) {
    setupError = String(e && e.stack ? e.stack : e); // e.g. a syntax error in a test file
    failures = 1;
  }
  const out = process.env.E2E_RESULT_FILE;
  if (out) {
    fs.writeFileSync(
      out,
      JSON.stringify({ failures, tests, error: setupError, at: new Date().toISOString() }, null, 2),
    );
  }
  if (failures) throw new Error(`${failures} test(s) failed`);
};
