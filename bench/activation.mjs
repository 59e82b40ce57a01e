// Extension activation, outside VS Code: what it measures is the extension's own cost at activation,
// i.e. loading the bundle dist/extension.js and running activate() with a fake ExtensionContext.
// `vscode` is a stub (a Proxy that answers every property and call) installed with a
// Module._resolveFilename hook. LanguageClient.start() is called by activate() but not awaited by
// it; here it starts against the stub and its promise is ignored — its cost in real VS Code (spawning
// the server process) happens after activation, asynchronously. Each sample is a fresh Node process
// (require cache, JIT cold): `node activation.mjs --child <bundle>` prints the two times.
// Baseline in the same run: the same harness requiring the unbundled vscode-languageclient/node
// from node_modules (the floor of an extension that does not bundle).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figure, median, ms, printResult, ROOT } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function stubVscode() {
  const cache = new Map();
  const make = (name) => {
    if (cache.has(name)) return cache.get(name);
    const fn = function () {};
    const proxy = new Proxy(fn, {
      get(_t, prop) {
        if (prop === 'then') return undefined; // not a thenable
        if (prop === Symbol.toPrimitive) return () => name;
        if (prop === 'version') return '1.100.0';
        if (prop === Symbol.iterator) return function* () {};
        if (typeof prop === 'symbol') return undefined;
        return make(`${name}.${prop}`);
      },
      apply: () => make(`${name}()`),
      construct: () => make(`new ${name}`),
    });
    cache.set(name, proxy);
    return proxy;
  };
  // Bundlers copy the module's own properties (esbuild's __toESM): the API's names must be real keys.
  const api = { version: '1.100.0' };
  for (const key of API_NAMES) api[key] = make(`vscode.${key}`);
  return api;
}

const API_NAMES = (
  'window workspace languages commands env extensions debug tasks notebooks authentication tests comments scm l10n chat lm ' +
  'Uri ViewColumn EventEmitter Disposable Range Position Selection Location RelativePattern CodeLens CodeAction CodeActionKind ' +
  'CodeActionTriggerKind Diagnostic DiagnosticSeverity DiagnosticTag DiagnosticRelatedInformation StatusBarAlignment ThemeColor ThemeIcon ' +
  'TreeItem TreeItemCollapsibleState MarkdownString ProgressLocation ConfigurationTarget TextEdit WorkspaceEdit SnippetString ' +
  'CompletionItem CompletionItemKind CompletionList CompletionTriggerKind Hover SymbolKind SymbolInformation DocumentSymbol FileType ' +
  'ExtensionMode CancellationTokenSource CancellationError TextDocumentChangeReason DocumentLink SemanticTokensLegend SemanticTokens ' +
  'SemanticTokensBuilder SemanticTokensEdit SemanticTokensEdits FoldingRange FoldingRangeKind SelectionRange CallHierarchyItem ' +
  'TypeHierarchyItem InlayHint InlayHintKind InlayHintLabelPart InlineValueText InlineValueVariableLookup InlineValueEvaluatableExpression ' +
  'InlineCompletionItem InlineCompletionList ParameterInformation SignatureInformation SignatureHelp SignatureHelpTriggerKind ' +
  'DocumentHighlight DocumentHighlightKind Color ColorInformation ColorPresentation LinkedEditingRanges TextEditorRevealType ' +
  'EndOfLine UIKind LogLevel FileSystemError FileChangeType NotebookCellKind NotebookCellData NotebookData NotebookRange ' +
  'NotebookCellOutput NotebookCellOutputItem NotebookEdit WorkspaceSymbol CodeLensProvider DataTransfer DataTransferItem ' +
  'DocumentDropEdit TabInputText TabInputTextDiff QuickPickItemKind TextEditorCursorStyle OverviewRulerLane DecorationRangeBehavior ' +
  'ShellExecution ProcessExecution Task TaskScope TaskGroup TaskRevealKind TaskPanelKind CustomExecution'
).split(' ');

if (process.argv[2] === '--child') {
  const target = process.argv[3];
  process.on('unhandledRejection', () => undefined); // LanguageClient.start() against the stub
  const vscode = stubVscode();
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  Module._cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
  const context = {
    subscriptions: [],
    extensionPath: ROOT,
    extensionUri: vscode.Uri.file(ROOT),
    asAbsolutePath: (p) => path.join(ROOT, p),
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    storageUri: undefined,
    globalStorageUri: vscode.Uri.file('/tmp'),
    logUri: vscode.Uri.file('/tmp'),
    extensionMode: 1,
  };
  const start = performance.now();
  const ext = Module.createRequire(path.join(ROOT, 'package.json'))(target);
  const loaded = performance.now();
  if (typeof ext.activate === 'function') ext.activate(context);
  const activated = performance.now();
  // After activation: the lazy bundle (language client, preview) loads on the next turns of the event loop.
  const lazyFile = path.join(path.dirname(target), 'extension-lazy.js');
  let lazy;
  if (target.startsWith('/') && existsSync(lazyFile)) {
    const s = performance.now();
    Module.createRequire(lazyFile)(lazyFile);
    lazy = performance.now() - s;
  }
  console.log(JSON.stringify({ require: loaded - start, activate: activated - loaded, lazy }));
  process.exit(0);
}

function sample(target) {
  const r = spawnSync(process.execPath, [SELF, '--child', target], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line?.startsWith('{')) throw new Error(`activation child failed: ${r.stderr.slice(0, 800)}`);
  return JSON.parse(line);
}

// BENCH_DIST: the production build (run.mjs passes the one size.mjs made); else dist/ as built now.
const bundleDir = process.env.BENCH_DIST ?? path.join(ROOT, 'dist');
const bundle = path.join(bundleDir, 'extension.js');
const ours = Array.from({ length: RUNS }, () => sample(bundle));
const base = Array.from({ length: RUNS }, () => sample('vscode-languageclient/node'));
const total = ours.map((s) => s.require + s.activate);
console.log(
  `activation: ${bundle} (${(statSync(bundle).size / 1024).toFixed(0)} KB); ` +
    `require median ${ms(median(ours.map((s) => s.require)))}, activate() median ${ms(median(ours.map((s) => s.activate)))}; ${RUNS} fresh processes each`,
);
const lazy = ours.map((s) => s.lazy).filter((v) => v !== undefined);
if (lazy.length)
  console.log(
    `  then, after activation, loading extension-lazy.js (language client, preview): median ${ms(median(lazy))}`,
  );
printResult('activation', [
  figure('extension activation (require dist/extension.js + activate())', {
    value: median(total),
    unit: 'ms',
    baseline: median(base.map((s) => s.require)),
    baselineLabel: 'require of unbundled vscode-languageclient/node',
    target: 30,
    note: 'stub vscode, server start not awaited',
  }),
]);
