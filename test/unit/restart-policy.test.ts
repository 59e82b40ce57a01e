import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/restartPolicy';

const cases: [name: string, crashesAt: number[], expected: boolean[]][] = [
  ['four quick crashes restart, the fifth does not', [0, 1, 2, 3, 4], [true, true, true, true, false]],
  [
    'crashes spread beyond the window keep restarting',
    [0, 60_000, 120_000, 180_000, 240_000, 300_000],
    [true, true, true, true, true, true],
  ],
  ['the window slides: old crashes stop counting', [0, 1, 2, 3, 180_001], [true, true, true, true, true]],
];
for (const [name, crashesAt, expected] of cases) {
  test(`restart policy: ${name}`, () => {
    const policy = new RestartPolicy(4, 180_000);
    assert.deepEqual(
      crashesAt.map((t) => policy.shouldRestart(t)),
      expected,
    );
  });
}
