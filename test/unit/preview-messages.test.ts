import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRestorableFolder, parseFromWebview, sanitizePanelState } from '../../shared/src/preview/webviewMessages';

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
  // The overlay or chart survives a reload: uri and name strings; anything else is dropped.
  const state = (overlay: unknown) => sanitizePanelState({ uri: 'file:///a.yaml', whatIf: {}, overlay })?.overlay;
  const overlays: [input: unknown, want: unknown][] = [
    [
      { uri: 'file:///ws/overlays/prod', name: 'overlays/prod', x: 1 },
      { uri: 'file:///ws/overlays/prod', name: 'overlays/prod' },
    ],
    [
      { uri: 'file:///ws/shop', name: 'chart shop' },
      { uri: 'file:///ws/shop', name: 'chart shop' },
    ],
    [{ uri: 'file:///ws/shop', name: '' }, undefined],
    [{ uri: 'file:///ws/shop', name: 'x'.repeat(1001) }, undefined],
    [{ uri: 42, name: 'x' }, undefined],
    ['file:///ws/shop', undefined],
    [null, undefined],
  ];
  for (const [input, want] of overlays) assert.deepEqual(state(input), want, JSON.stringify(input).slice(0, 80));
});

test('panel restore: the persisted overlay must be a folder URI inside the workspace', () => {
  const folders = ['file:///ws', 'file:///other/'];
  const cases: [uri: string, restorable: boolean][] = [
    ['file:///ws/overlays/prod', true],
    ['file:///ws', true],
    ['file:///other', true],
    ['file:///other/helm/shop', true],
    ['file:///wsx/overlays/prod', false],
    ['file:///ws/../etc', false],
    ['file:///ws/overlays/%2e%2e/%2e%2e', false],
    ['file:///ws/a%2Fb', false],
    ['file:///ws/a?x', false],
    ['file:///elsewhere', false],
    ['vscode-vfs://github/x/ws/overlays/prod', false],
    ['command:workbench.action.quit', false],
    ['', false],
  ];
  for (const [uri, restorable] of cases) assert.equal(isRestorableFolder(uri, folders), restorable, uri);
});
