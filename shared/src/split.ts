/**
 * Cuts a YAML stream into per-document chunks without parsing it. A line starting with `---`
 * followed by a blank or the end of the line is a document marker; YAML forbids such a line
 * inside any scalar, so this cut is exact. Each chunk starts at its marker line (or at 0).
 *
 * Also the cheap kind scan (`scanKind`): the `kind` and `apiVersion` of a chunk read from its
 * column-0 lines, without parsing, so that documents of kinds no rule checks need not be parsed.
 */
export interface Chunk {
  readonly start: number;
  readonly end: number;
}

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  for (const marker of markerCandidates(text)) {
    const next = text.charCodeAt(marker + 3);
    // `---` followed by a blank, a line break or the end of the text.
    if (!(Number.isNaN(next) || next === 32 || next === 9 || next === 13 || next === 10)) continue;
    if (marker > start) chunks.push({ start, end: marker });
    start = marker;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

/** Offsets of `---` at the start of a line, in order. */
function* markerCandidates(text: string): Generator<number> {
  if (text.indexOf('\r') < 0) {
    // indexOf is several times faster than a multiline regex over megabytes of text.
    if (text.startsWith('---')) yield 0;
    for (let at = text.indexOf('\n---'); at >= 0; at = text.indexOf('\n---', at + 1)) yield at + 1;
    return;
  }
  const re = /(?:^|(?<=[\r\n]))---/g; // \r\n and lone \r line breaks too
  for (let m = re.exec(text); m; m = re.exec(text)) yield m.index;
}

export interface KindScan {
  readonly kind: string;
  readonly apiVersion: string;
  /**
   * `metadata.name` / `metadata.namespace` when written as plain names in a block `metadata:`
   * (null: certainly absent); undefined when the scan cannot tell (the document must be parsed).
   */
  readonly name?: string | null;
  readonly namespace?: string | null;
}

const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*)[ \t]*:(?:[ \t]+(.*))?$/;
const KIND_VALUE = /^([A-Za-z][A-Za-z0-9]*)[ \t]*(?:#.*)?$/;
const API_VERSION_VALUE = /^([A-Za-z0-9][A-Za-z0-9./-]*)[ \t]*(?:#.*)?$/;
const MARKER_LINE = /^---[ \t]*(?:#.*)?$/;
const META_FIELD = /^( +)(name|namespace)[ \t]*:(?:[ \t]+(.*))?$/;
const PLAIN_NAME = /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?)[ \t]*(?:#.*)?$/;

/**
 * `kind` and `apiVersion` of a chunk whose shape is certain without parsing: one block mapping at
 * column 0 (every column-0 line is then one of its keys), a plain `kind:` key exactly once, no
 * directives, tabs at column 0 or `...` markers. Template markers (`{{`) at column 0 or in the
 * kind fail the scan; indented ones (Prometheus alert texts) do not. Anything else gives undefined:
 * the chunk is then parsed, so every doubtful case keeps the full parser's answer.
 */
export function scanKind(text: string): KindScan | undefined {
  let kind: string | undefined;
  let apiVersion: string | undefined;
  let first = true;
  // metadata: 'none' before the key, 'block' inside `metadata:` (indent of its keys once known), 'done' after.
  let metadata: 'none' | 'block' | 'done' | 'unknown' = 'none';
  let metaIndent = -1;
  const meta: { name?: string | null; namespace?: string | null } = {};
  for (let at = 0; at < text.length;) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const c = text.charCodeAt(at);
    // Indented lines, blank lines and comments say nothing about the top-level keys, nor do the
    // entries of a block sequence written at column 0 under a top-level key (`rules:\n- …`).
    const entry = c === 45 /* - */ && !first && isBlankOrEnd(text.charCodeAt(at + 1));
    if (c === 32 && metadata === 'block') {
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(at, end - 1) : text.slice(at, end);
      const m = META_FIELD.exec(line);
      const indent = m ? (m[1] as string).length : line.length - line.trimStart().length;
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) {
        if (metaIndent < 0) metaIndent = indent;
        if (indent < metaIndent) metadata = 'unknown';
        else if (m && indent === metaIndent) {
          const v = PLAIN_NAME.exec(m[3] ?? '');
          const field = m[2] as 'name' | 'namespace';
          if (!v || meta[field] !== undefined) metadata = 'unknown';
          else meta[field] = v[1] as string;
        }
      }
    }
    if (c !== 32 && c !== 10 && c !== 13 && c !== 35 /* # */ && !entry) {
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(at, end - 1) : text.slice(at, end);
      if (first && at === 0 && line.startsWith('---')) {
        if (!MARKER_LINE.test(line)) return undefined;
      } else {
        first = false;
        const m = PLAIN_KEY.exec(line);
        if (!m) return undefined;
        if (metadata === 'block') metadata = 'done';
        if (m[1] === 'metadata')
          metadata = metadata === 'none' && (m[2] ?? '').replace(/#.*/, '').trim() === '' ? 'block' : 'unknown';
        if (m[1] === 'kind') {
          const v = KIND_VALUE.exec(m[2] ?? '');
          if (!v || kind !== undefined) return undefined;
          kind = v[1];
        } else if (m[1] === 'apiVersion') {
          const v = API_VERSION_VALUE.exec(m[2] ?? '');
          if (!v || apiVersion !== undefined) return undefined;
          apiVersion = v[1];
        }
      }
    }
    at = end + 1;
  }
  if (kind === undefined) return undefined;
  if (metadata === 'block') metadata = 'done';
  if (metadata === 'unknown') return { kind, apiVersion: apiVersion ?? '' };
  return { kind, apiVersion: apiVersion ?? '', name: meta.name ?? null, namespace: meta.namespace ?? null };
}

function isBlankOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === 32 || c === 10 || c === 13;
}
