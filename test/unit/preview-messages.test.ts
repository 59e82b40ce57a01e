import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview, sanitizePanelState } from '../../shared/src/preview/webviewMessages';

test('messages from the webview are validated (data-driven)', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ type: 'ready' }, { type: 'ready' }],
    [
      { type: 'whatIf', whatIf: { scenario: 'scale', replicas: 4, evil: '<script>' } },
      { type: 'whatIf', whatIf: { scenario: 'scale', replicas: 4 } },
    ],
    [
      { type: 'apply', whatIf: { scenario: 'nope', maxSurge: 3 } },
      { type: 'apply', whatIf: { scenario: 'update' } },
    ],
    [
      { type: 'copy', text: 'kubia-0' },
      { type: 'copy', text: 'kubia-0' },
    ],
    [{ type: 'copy', text: 42 }, undefined],
    [{ type: 'reveal', line: -1 }, undefined],
    [
      { type: 'reveal', line: 3 },
      { type: 'reveal', line: 3 },
    ],
    [
      { type: 'rendered', renderId: 1, ms: 2 },
      { type: 'rendered', renderId: 1, ms: 2 },
    ],
    [{ type: 'eval', code: 'x' }, undefined],
    [null, undefined],
    ['ready', undefined],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseFromWebview(input), want, JSON.stringify(input));
});

test('persisted panel state is sanitized', () => {
  assert.equal(sanitizePanelState({}), undefined);
  assert.deepEqual(
    sanitizePanelState({
      uri: 'file:///a.yaml',
      target: { kind: 'StatefulSet', docIndex: 0, name: 'kubia', x: 1 },
      whatIf: { scenario: 'fail' },
      row: 3,
    }),
    {
      uri: 'file:///a.yaml',
      target: { kind: 'StatefulSet', docIndex: 0, name: 'kubia' },
      whatIf: { scenario: 'fail' },
      row: 3,
    },
  );
});
