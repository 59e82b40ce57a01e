/**
 * The what-if settings (scenario and values) per workload, shared by the panel and the CodeLens: a
 * scenario chosen for one object stays with that object, and the lens above it says the same as the
 * panel. Created once in register.ts (the activation bundle) and handed to the lazily loaded panel:
 * a module-level store would exist twice, once per bundle.
 */
import * as vscode from 'vscode';
import type { TargetRef } from '../../../shared/src/preview/webviewMessages';
import type { WhatIf } from '../../../shared/src/preview/whatIf';

/** One key per object: the file and the object's kind + name (or its document position when unnamed). */
export function targetKey(uri: string, t: TargetRef): string {
  return `${uri}#${t.kind}/${t.name ?? `@${t.docIndex}${t.listIndex === undefined ? '' : `.${t.listIndex}`}`}`;
}

export interface WhatIfStore {
  get(uri: string, t: TargetRef): WhatIf | undefined;
  set(uri: string, t: TargetRef, w: WhatIf): void;
  has(uri: string, t: TargetRef): boolean;
  /** Every object of the file with its what-if (the CodeLens asks the server with these). */
  entries(uri: string): { target: TargetRef; whatIf: WhatIf }[];
  readonly onDidChange: vscode.Event<void>;
}

export function createWhatIfStore(): WhatIfStore & vscode.Disposable {
  const store = new Map<string, { uri: string; target: TargetRef; whatIf: WhatIf }>();
  const changed = new vscode.EventEmitter<void>();
  return {
    get: (uri, t) => store.get(targetKey(uri, t))?.whatIf,
    set(uri, t, w) {
      const key = targetKey(uri, t);
      const before = store.get(key)?.whatIf;
      store.set(key, { uri, target: t, whatIf: w });
      if (JSON.stringify(before) !== JSON.stringify(w)) changed.fire();
    },
    has: (uri, t) => store.has(targetKey(uri, t)),
    entries: (uri) =>
      [...store.values()].filter((e) => e.uri === uri).map(({ target, whatIf }) => ({ target, whatIf })),
    onDidChange: changed.event,
    dispose: () => changed.dispose(),
  };
}
