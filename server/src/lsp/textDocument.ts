/**
 * The open documents' text, kept in a byte buffer that edits change in place (`TextDocuments`
 * configuration; same behaviour as vscode-languageserver-textdocument's `TextDocument`).
 *
 * Why: that implementation splices a new JS string per keystroke, and V8 then flattens it into a
 * fresh heap object as large as the file. For a 2 MB manifest that copy — a new large-object page
 * per version — was the largest single cost of a keystroke (10–20 ms on a busy VM, page faults
 * included). Here an edit is a `memmove` inside a buffer with slack, and the text is materialized
 * once per version, when asked, as a string whose bytes live outside the JS heap (Node makes large
 * Buffer → string conversions external strings, copied into reused malloc memory).
 *
 * Texts whose characters all fit in one byte (Latin-1: nearly every manifest) use one byte per
 * UTF-16 code unit, others two (UTF-16LE); offsets are always UTF-16 code units, as in LSP.
 */
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { EditedText } from '../../../shared/src/manifest';

/** A character that Latin-1 cannot hold. */
const WIDE = /[\u0100-\uffff]/;

export class BufferedTextDocument implements TextDocument {
  private buffer: Buffer;
  /** Bytes per UTF-16 code unit: 1 (Latin-1) or 2 (UTF-16LE). */
  private width: 1 | 2;
  private length: number;
  private text: string | undefined;
  private lineOffsets: number[] | undefined;
  /** Characters above U+007F (two UTF-8 bytes each) while the buffer is Latin-1. */
  private high = 0;
  /** UTF-8 size of a UTF-16 buffer, per version (undefined: not counted yet). */
  private wideBytes: number | undefined;
  /**
   * The text the workspace index last took (`markIndexed`) and the region changed since, as one
   * envelope in the current text (`all`: replaced whole), so that the index re-reads only that.
   */
  private indexedAs: object | undefined;
  private changed: { start: number; oldEnd: number; newEnd: number } | 'all' | undefined;
  /** Counts the changes applied: a text made from the buffer later is another version's. */
  private edits = 0;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string,
  ) {
    this.width = WIDE.test(content) ? 2 : 1;
    this.length = content.length;
    this.buffer = Buffer.allocUnsafe(content.length * this.width); // exact size (capacityFor)
    this.buffer.write(content, 0, this.encoding);
    this.text = content;
    this.high = this.width === 1 ? Buffer.byteLength(content, 'utf8') - content.length : 0;
    // Built while opening, not by the first keystroke (whose edit is given by line and character).
    this.getLineOffsets();
  }

  static create(uri: string, languageId: string, version: number, content: string): BufferedTextDocument {
    return new BufferedTextDocument(uri, languageId, version, content);
  }

  static update(
    document: BufferedTextDocument,
    changes: TextDocumentContentChangeEvent[],
    version: number,
  ): BufferedTextDocument {
    for (const change of changes) document.apply(change);
    document.version = version;
    return document;
  }

  /** Length of the text in UTF-16 code units. */
  get textLength(): number {
    return this.length;
  }

  /** UTF-8 size of the text, without making it (Latin-1 buffers: counted as edits arrive). */
  get utf8Length(): number {
    if (this.width === 1) return this.length + this.high;
    return (this.wideBytes ??= Buffer.byteLength(this.getText(), 'utf8'));
  }

  /** Records that the workspace index now holds this version as `indexed` (an opaque token). */
  markIndexed(indexed: object): void {
    this.indexedAs = indexed;
    this.changed = undefined;
  }

  /**
   * The edit since the index took `indexed` (markIndexed), as an `EditedText` over this buffer;
   * 'unchanged' when there was none; undefined when unknown (another token, a whole replacement).
   * The slices are read at once, while this version is current.
   */
  editedSince(indexed: object): EditedText | 'unchanged' | undefined {
    if (indexed !== this.indexedAs || this.changed === 'all') return undefined;
    if (!this.changed) return 'unchanged';
    const edits = this.edits;
    return {
      length: this.length,
      slice: (start: number, end: number) => this.slice(start, end),
      whole: () => (this.edits === edits ? this.getText() : undefined),
      change: this.changed,
    };
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (range) {
      const start = this.offsetAt(range.start);
      const end = this.offsetAt(range.end);
      return this.slice(start, Math.max(start, end));
    }
    return (this.text ??= this.slice(0, this.length));
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: at };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if ((lineOffsets[mid] as number) > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const start = lineOffsets[line] as number;
    return { line, character: this.beforeEol(at, start) - start };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.length;
    if (position.line < 0) return 0;
    const start = lineOffsets[position.line] as number;
    if (position.character <= 0) return start;
    const next = position.line + 1 < lineOffsets.length ? (lineOffsets[position.line + 1] as number) : this.length;
    return this.beforeEol(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return {
        start: { line: last, character: 0 },
        end: { line: last, character: this.length - (lineOffsets[last] as number) },
      };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line] as number;
    const next = line + 1 < lineOffsets.length ? (lineOffsets[line + 1] as number) : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEol(next, start) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const next = line + 1 < lineOffsets.length ? (lineOffsets[line + 1] as number) : this.length;
    return this.slice(this.beforeEol(next, lineOffsets[line] as number), next);
  }

  private get encoding(): BufferEncoding {
    return this.width === 1 ? 'latin1' : 'utf16le';
  }

  /**
   * Room for `units` plus slack, so that most edits after the first grow the text in place. Opened
   * documents get their exact size: a document that is never edited keeps no slack (100,000 open
   * one-line documents held 4,096 units each, ~410 MB).
   */
  private capacityFor(units: number): number {
    return (units + Math.max(4096, units >> 3)) * this.width;
  }

  private code(i: number): number {
    return this.width === 1 ? (this.buffer[i] as number) : this.buffer.readUInt16LE(2 * i);
  }

  private slice(start: number, end: number): string {
    return this.width === 1
      ? this.buffer.toString('latin1', start, end)
      : this.buffer.toString('utf16le', 2 * start, 2 * end);
  }

  private beforeEol(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isEol(this.code(at - 1))) at--;
    return at;
  }

  private getLineOffsets(): number[] {
    if (this.lineOffsets) return this.lineOffsets; // every positionAt/offsetAt asks: nothing else on that path
    const bytes = this.width === 1 ? this.buffer.subarray(0, this.length) : undefined;
    if (bytes && bytes.indexOf(13) === -1) {
      // No \r (nearly every file): line ends found by the buffer's native search, not one code
      // unit at a time (2 MB: the first keystroke after opening waited ~13 ms for that loop).
      const offsets = [0];
      for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) offsets.push(i + 1);
      this.lineOffsets = offsets;
    }
    if (!this.lineOffsets) {
      const offsets = [0];
      for (let i = 0; i < this.length; i++) {
        const c = this.code(i);
        if (!isEol(c)) continue;
        if (c === 13 && i + 1 < this.length && this.code(i + 1) === 10) i++;
        offsets.push(i + 1);
      }
      this.lineOffsets = offsets;
    }
    return this.lineOffsets;
  }

  private apply(change: TextDocumentContentChangeEvent): void {
    this.edits++;
    this.text = undefined;
    this.wideBytes = undefined;
    if (!('range' in change) || !change.range) {
      const content = change.text;
      this.width = WIDE.test(content) ? 2 : 1;
      this.length = content.length;
      this.buffer = Buffer.allocUnsafe(content.length * this.width); // exact size (capacityFor)
      this.buffer.write(content, 0, this.encoding);
      this.text = content;
      this.high = this.width === 1 ? Buffer.byteLength(content, 'utf8') - content.length : 0;
      this.lineOffsets = undefined;
      this.changed = 'all';
      return;
    }
    const range = wellFormed(change.range);
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const inserted = change.text;
    if (this.width === 1 && WIDE.test(inserted)) this.widen();
    if (this.width === 1) {
      for (let i = start; i < end; i++) if ((this.buffer[i] as number) > 0x7f) this.high--;
      this.high += Buffer.byteLength(inserted, 'utf8') - inserted.length;
    }
    this.splice(start, end, inserted);
    const insertedEnd = start + inserted.length;
    this.changed = envelope(this.changed, start, end, insertedEnd);
    // A CRLF pair across an edit boundary is not in the inserted text's line offsets.
    const crlfAt = (i: number) => i > 0 && i < this.length && this.code(i - 1) === 13 && this.code(i) === 10;
    if (!this.lineOffsets || crlfAt(start) || crlfAt(insertedEnd)) {
      this.lineOffsets = undefined;
      return;
    }
    const lineOffsets = this.lineOffsets;
    const startLine = Math.max(range.start.line, 0);
    const endLine = Math.max(range.end.line, 0);
    const added = lineStartsIn(inserted, start);
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i] as number;
    } else if (added.length < 10_000) {
      lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      this.lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
    }
    const diff = inserted.length - (end - start);
    if (diff !== 0) {
      const offsets = this.lineOffsets;
      for (let i = startLine + 1 + added.length; i < offsets.length; i++) offsets[i] = (offsets[i] as number) + diff;
    }
  }

  /** Replaces the code units [start, end) by `inserted`, moving the tail inside the buffer. */
  private splice(start: number, end: number, inserted: string): void {
    const w = this.width;
    const length = this.length - (end - start) + inserted.length;
    if (length * w > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.capacityFor(length));
      this.buffer.copy(grown, 0, 0, start * w);
      this.buffer.copy(grown, (start + inserted.length) * w, end * w, this.length * w);
      this.buffer = grown;
    } else {
      this.buffer.copyWithin((start + inserted.length) * w, end * w, this.length * w);
    }
    if (inserted.length > 0) this.buffer.write(inserted, start * w, inserted.length * w, this.encoding);
    this.length = length;
  }

  /** From one byte per code unit to two (a character above U+00FF arrived). */
  private widen(): void {
    const text = this.slice(0, this.length);
    this.width = 2;
    this.buffer = Buffer.allocUnsafe(this.capacityFor(this.length));
    this.buffer.write(text, 0, this.encoding);
  }
}

/**
 * One change region for a sequence of edits (each in the coordinates of the text after the ones
 * before): `start`/`newEnd` in the current text, `oldEnd` in the text before the first edit.
 */
function envelope(
  was: { start: number; oldEnd: number; newEnd: number } | 'all' | undefined,
  start: number,
  end: number,
  insertedEnd: number,
): { start: number; oldEnd: number; newEnd: number } | 'all' {
  if (was === 'all') return 'all';
  if (!was) return { start, oldEnd: end, newEnd: insertedEnd };
  const grow = Math.max(0, end - was.newEnd); // text after the envelope that this edit replaced
  const newEnd = Math.max(was.newEnd, end) + insertedEnd - end;
  return { start: Math.min(was.start, start), oldEnd: was.oldEnd + grow, newEnd };
}

function isEol(c: number): boolean {
  return c === 13 || c === 10;
}

function lineStartsIn(text: string, offset: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isEol(c)) continue;
    if (c === 13 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
    out.push(offset + i + 1);
  }
  return out;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character)
    ? { start: end, end: start }
    : range;
}

/** The `TextDocuments` configuration of the server: documents are `BufferedTextDocument`s. */
export const BUFFERED_DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => BufferedTextDocument.create(uri, languageId, version, content),
  update: (document, changes, version) =>
    BufferedTextDocument.update(document as BufferedTextDocument, changes, version),
};
