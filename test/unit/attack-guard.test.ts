/**
 * The top-level guard (server/src/lsp/guard.ts): a handler that throws or rejects — request,
 * notification or document event — is logged once with its stack, a request is answered with an
 * LSP error, and the connection keeps serving. Over a real connection pair.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  createConnection,
  StreamMessageReader as ServerReader,
  StreamMessageWriter as ServerWriter,
  TextDocuments,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { guarded, guardRegistrations, onceLogger } from '../../server/src/lsp/guard';
import { startTestServer } from '../support/lspPair';
import { assertAlive, PROBE, PROBE_URI } from '../support/attack';

function pair() {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new ServerReader(up), new ServerWriter(down));
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return { server, client, dispose: () => (client.dispose(), server.dispose(), up.destroy(), down.destroy()) };
}

test('guarded handlers: a throwing request is an LSP error, a rejecting notification and document event are logged once', async () => {
  const { server, client, dispose } = pair();
  const logged: string[] = [];
  const report = onceLogger((m) => logged.push(m));
  const connection = guardRegistrations(server, report);
  const documents = guardRegistrations(new TextDocuments(TextDocument), report);
  let hovers = 0;
  connection.onHover(() => {
    hovers++;
    if (hovers <= 2) throw new TypeError('boom in hover');
    return { contents: 'fine' };
  });
  let closed!: () => void;
  const closedAll = new Promise<void>((resolve) => (closed = resolve));
  let closes = 0;
  documents.onDidClose(async () => {
    closes++;
    if (closes === 2) closed();
    throw new Error('boom in close');
  });
  connection.onNotification('custom/thing', async () => Promise.reject(new Error('boom in notification')));
  documents.listen(connection);
  server.listen();
  client.listen();
  try {
    const hover = () =>
      client.sendRequest(HoverRequest.type, {
        textDocument: { uri: 'file:///a.yaml' },
        position: { line: 0, character: 0 },
      });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        hover(),
        (e: unknown) => e instanceof ResponseError && /onHover failed: boom in hover/.test(e.message),
      );
    }
    assert.deepEqual((await hover())?.contents, 'fine');
    for (const uri of ['file:///a.yaml', 'file:///b.yaml']) {
      await client.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'yaml', version: 1, text: 'a: 1' },
      });
      await client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    }
    await client.sendNotification('custom/thing', {});
    await closedAll;
    assert.deepEqual((await hover())?.contents, 'fine', 'still serving');
    assert.equal(logged.filter((m) => m.includes('boom in hover')).length, 1, 'logged once');
    assert.match(
      logged.find((m) => m.includes('boom in hover')) ?? '',
      /TypeError: boom in hover\n\s+at /,
      'with its stack',
    );
    assert.equal(logged.filter((m) => m.includes('boom in close')).length, 1);
    assert.equal(logged.filter((m) => m.includes('onNotification(custom/thing)')).length, 1);
  } finally {
    dispose();
  }
});

test('guarded: sync results stay sync; a ResponseError passes through unchanged', async () => {
  const report = onceLogger(() => undefined);
  assert.equal(guarded('x', true, report, () => 42)(), 42);
  const own = new ResponseError(-32800, 'cancelled');
  assert.throws(
    () =>
      guarded('x', true, report, () => {
        throw own;
      })(),
    (e) => e === own,
  );
  assert.equal(
    guarded('x', false, report, () => {
      throw new Error('n');
    })(),
    undefined,
  );
  await guarded('x', false, report, async () => {
    throw new Error('n');
  })();
});

test('process guards: an uncaught exception and an unhandled rejection are logged, the process survives', () => {
  const guard = path.join(__dirname, '../../server/src/lsp/guard.js');
  const script = [
    `const { installProcessGuards } = require(${JSON.stringify(guard)});`,
    'installProcessGuards((m) => console.log(m.split("\\n")[0]));',
    'void Promise.reject(new Error("escaped rejection"));',
    'setTimeout(() => { throw new Error("escaped exception"); }, 0);',
    'setTimeout(() => console.log("still running"), 20);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /unhandled promise rejection failed.*escaped rejection/);
  assert.match(run.stdout, /uncaught exception failed.*escaped exception/);
  assert.match(run.stdout, /still running/);
});

test('the real server: malformed requests and notifications are logged once with a stack, answered, and the server stays up', async () => {
  const logged: string[] = [];
  const s = await startTestServer({ onLog: (type, message) => void (type === 1 && logged.push(message)) });
  try {
    await s.open(PROBE_URI, PROBE);
    // No `context`: the code-action handler throws a TypeError.
    const badAction = () =>
      s.client.sendRequest('textDocument/codeAction', {
        textDocument: { uri: PROBE_URI },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    for (let i = 0; i < 3; i++)
      await assert.rejects(
        badAction(),
        (e: unknown) => e instanceof ResponseError && /^Rollout Lens: onCodeAction failed/.test(e.message),
      );
    await s.client.sendNotification('workspace/didChangeWatchedFiles', { changes: null });
    await assertAlive(s);
    assert.equal(logged.filter((m) => /onCodeAction failed/.test(m)).length, 1, logged.join('\n'));
    assert.match(logged.find((m) => /onCodeAction failed/.test(m)) ?? '', /TypeError.*\n\s+at /);
    assert.equal(
      logged.filter((m) => /onNotification\(workspace\/didChangeWatchedFiles\) failed/.test(m)).length,
      1,
      logged.join('\n'),
    );
  } finally {
    s.dispose();
  }
});
