/**
 * The messages between the Rollout Lens preview panel (webview) and the extension: one typed union
 * per direction, plus a guard for what arrives from the webview (never trusted blindly).
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { ChangeReport } from './changeClassifier';
import type { PreviewModel } from './viewModel';
import type { ScenarioParam, WhatIf, WhatIfField, WhatIfKey } from './whatIf';
import { sanitizeWhatIf } from './whatIf';
import type { ScenarioName } from '../sim/types';

/** Which object of a file the panel shows. */
export interface TargetRef {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name?: string;
  docIndex: number;
  listIndex?: number;
}

/** The kustomization or chart folder a file is previewed in (issue #13), as the overlay quick pick named it. */
export interface OverlayRef {
  uri: string;
  name: string;
}

/** Kept by the webview with setState (survives reloads; handed to the serializer). */
export interface PanelState {
  uri: string;
  target?: TargetRef;
  whatIf: WhatIf;
  row: number;
  /** The overlay or chart the file is previewed in (validated again on restore: a folder inside the workspace). */
  overlay?: OverlayRef;
}

/** A linter finding that matters for the rollout, with the scenario that shows the risk. */
export interface RolloutFinding {
  code: string;
  message: string;
  /** 0-based line in the document. */
  line: number;
  scenario?: ScenarioName;
}

/** The manifest's own values of the what-if fields, or the simulation's assumed ones (placeholders), as text. */
export type ManifestValues = Partial<Record<WhatIfField, string>>;

export type ToWebview =
  | {
      type: 'render';
      renderId: number;
      uri: string;
      /** File name shown in the header. */
      file: string;
      target: TargetRef;
      /** null when the simulator refused the input; `error` says why. */
      model: PreviewModel | null;
      error?: string;
      whatIf: WhatIf;
      /** Problems with typed what-if values. */
      whatIfErrors: string[];
      /** The same problems by control (shown inline next to it). */
      whatIfFieldErrors: Partial<Record<WhatIfKey, string>>;
      /** The value each parameter of the scenario has in this simulation (placeholders: the defaults). */
      scenarioParams: Partial<Record<ScenarioParam, string>>;
      manifest: ManifestValues;
      /** The what-if fields that apply to this workload, in table order (one control each). */
      fields: readonly WhatIfField[];
      change: ChangeReport;
      baseline: string;
      findings: RolloutFinding[];
      /** The overlay or chart the file is previewed in (the webview keeps it with setState). */
      overlay?: OverlayRef;
    }
  | { type: 'empty'; message: string }
  | { type: 'applied'; ok: boolean; message: string };

export type FromWebview =
  | { type: 'ready'; state?: PanelState }
  | { type: 'whatIf'; whatIf: WhatIf }
  | { type: 'apply'; whatIf: WhatIf }
  | { type: 'copy'; text: string }
  | { type: 'reveal'; line: number }
  | { type: 'rendered'; renderId: number; ms: number };

const MAX_COPY = 100_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function sanitizeTarget(v: unknown): TargetRef | undefined {
  const kinds: readonly unknown[] = ['Deployment', 'StatefulSet', 'DaemonSet'] satisfies TargetRef['kind'][];
  if (!isRecord(v) || !kinds.includes(v.kind) || typeof v.docIndex !== 'number') return undefined;
  return {
    kind: v.kind as TargetRef['kind'],
    docIndex: v.docIndex,
    ...(typeof v.name === 'string' ? { name: v.name } : {}),
    ...(typeof v.listIndex === 'number' ? { listIndex: v.listIndex } : {}),
  };
}

/** Longest overlay name kept (a folder path relative to the workspace, with a `chart ` prefix). */
const MAX_OVERLAY_NAME = 1_000;

function sanitizeOverlay(v: unknown): OverlayRef | undefined {
  if (!isRecord(v) || typeof v.uri !== 'string' || typeof v.name !== 'string') return undefined;
  if (v.name === '' || v.name.length > MAX_OVERLAY_NAME) return undefined;
  return { uri: v.uri, name: v.name };
}

export function sanitizePanelState(v: unknown): PanelState | undefined {
  if (!isRecord(v) || typeof v.uri !== 'string') return undefined;
  const target = sanitizeTarget(v.target);
  const overlay = sanitizeOverlay(v.overlay);
  return {
    uri: v.uri,
    ...(target ? { target } : {}),
    whatIf: sanitizeWhatIf(v.whatIf),
    row: typeof v.row === 'number' ? v.row : 0,
    ...(overlay ? { overlay } : {}),
  };
}

/**
 * Whether the panel may restore the document the webview persisted (`uri`, untrusted: the webview stored it): only
 * a document that is open, or a `file:` URI inside a workspace folder (no `..` segment). Anything else is
 * dropped and the panel starts from the active editor.
 */
export function isRestorableUri(uri: string, openUris: readonly string[], folderUris: readonly string[]): boolean {
  return openUris.includes(uri) || inWorkspace(uri, folderUris, false);
}

/** A plain `file:` URI (no `.`/`..` segment, no encoded separator, query or fragment) inside a workspace folder. */
function inWorkspace(uri: string, folderUris: readonly string[], orFolder: boolean): boolean {
  if (!uri.startsWith('file:') || /(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\|[?#]/i.test(uri.slice('file://'.length)))
    return false;
  return folderUris.some(
    (f) => (orFolder && uri === f.replace(/\/$/, '')) || uri.startsWith(f.endsWith('/') ? f : `${f}/`),
  );
}

/**
 * Whether the panel may restore the overlay folder the webview persisted (`uri`, untrusted): a `file:` URI inside a
 * workspace folder or the folder itself (no `..` segment, no encoded separators). The caller also checks that it is a
 * folder; the server renders it only if it holds a kustomization or a Chart.yaml.
 */
export function isRestorableFolder(uri: string, folderUris: readonly string[]): boolean {
  return inWorkspace(uri, folderUris, true);
}

/** Validates a message from the webview; returns a clean copy or undefined. */
export function parseFromWebview(v: unknown): FromWebview | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'ready': {
      const state = sanitizePanelState(v.state);
      return state ? { type: 'ready', state } : { type: 'ready' };
    }
    case 'whatIf':
    case 'apply':
      return { type: v.type, whatIf: sanitizeWhatIf(v.whatIf) };
    case 'copy':
      return typeof v.text === 'string' && v.text.length <= MAX_COPY ? { type: 'copy', text: v.text } : undefined;
    case 'reveal':
      return typeof v.line === 'number' && Number.isInteger(v.line) && v.line >= 0
        ? { type: 'reveal', line: v.line }
        : undefined;
    case 'rendered':
      return typeof v.renderId === 'number' && typeof v.ms === 'number'
        ? { type: 'rendered', renderId: v.renderId, ms: v.ms }
        : undefined;
    default:
      return undefined;
  }
}
