/**
 * Shared by the attack tests (test/unit/attack-*.test.ts): after each attack the server must still
 * be up and answer a hover on a known document within a time box, and nothing it logged may be an
 * uncaught error.
 */
import * as assert from 'node:assert/strict';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import type { Hover } from 'vscode-languageserver-protocol/node';
import type { TestServer } from './lspPair';
import { y } from './lint';

export const PROBE_URI = 'file:///attack-probe/probe.yaml';
export const PROBE = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: probe}',
  'spec:',
  '  replicas: 2',
  '  selector: {matchLabels: {app: probe}}',
  '  template:',
  '    metadata: {labels: {app: probe}}',
  '    spec: {containers: [{name: c, image: nginx:1.27}]}',
);

/** Rejects after `ms` (a time box around one awaited answer, not a sleep). */
export async function within<T>(ms: number, what: string, answer: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The server answers a hover on the probe document (opened on first use) within 2 s, with content. */
export async function assertAlive(s: TestServer, opened: Set<TestServer> = probed): Promise<void> {
  if (!opened.has(s)) {
    await s.open(PROBE_URI, PROBE);
    opened.add(s);
  }
  const hover = await within(
    2000,
    'hover after the attack',
    s.client.sendRequest(HoverRequest.type, { textDocument: { uri: PROBE_URI }, position: { line: 4, character: 4 } }),
  );
  assert.match(JSON.stringify((hover as Hover | null)?.contents ?? ''), /replicas/i, 'the probe hover has content');
}
const probed = new Set<TestServer>();

export function hover(s: TestServer, uri: string, line: number, character: number): Promise<Hover | null> {
  return s.client.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line, character },
  }) as Promise<Hover | null>;
}
