/**
 * The what-if settings (scenario and values) per workload, shared by the panel and the CodeLens: a
 * scenario chosen for one object stays with that object, and the lens above it says the same as the
 * panel. Small and dependency-free: the CodeLens (loaded at activation) imports it.
 */
import * as vscode from 'vscode';
import type { TargetRef } from '../../../shared/src/preview/webviewMessages';
import type { WhatIf } from '../../../shared/src/preview/whatIf';

/** One key per object: the file and the object's kind + name (or its document position when unnamed). */
export function targetKey(uri: string, t: TargetRef): string {
  return `${uri}#${t.kind}/${t.name ?? `@${t.docIndex}${t.listIndex === undefined ? '' : `.${t.listIndex}`}`}`;
}

const store = new Map<string, WhatIf>();
const changed = new vscode.EventEmitter<void>();

export const whatIfStore = {
  get(uri: string, t: TargetRef): WhatIf | undefined {
    return store.get(targetKey(uri, t));
  },
  set(uri: string, t: TargetRef, w: WhatIf): void {
    const key = targetKey(uri, t);
    const before = store.get(key);
    store.set(key, w);
    if (before?.scenario !== w.scenario || JSON.stringify(before) !== JSON.stringify(w)) changed.fire();
  },
  has(uri: string, t: TargetRef): boolean {
    return store.has(targetKey(uri, t));
  },
  onDidChange: changed.event,
};
