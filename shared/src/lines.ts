/**
 * Offsets → line/character, the one conversion between the offsets used everywhere inside and
 * the positions shown at the edges (LSP: 0-based, UTF-16 code units; CLI: 1-based). Line breaks
 * are `\n`, `\r\n` and a lone `\r`, as in LSP.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** Line start offsets: a plain array, or a typed one (derived indexes: one block, copied with memcpy). */
export type LineStarts = ArrayLike<number>;

export class LineIndex {
  private readonly starts: LineStarts;
  /** Undefined for a text known to hold no `\r`: positions need only its length. */
  private readonly text: string | undefined;
  private readonly length: number;

  /**
   * `starts`: the line starts when already known (ascending, first 0), e.g. derived from a previous
   * version. `text` may be given as its length alone when it holds no `\r` and `starts` are known.
   */
  constructor(text: string | number, known?: LineStarts) {
    this.text = typeof text === 'string' ? text : undefined;
    this.length = typeof text === 'string' ? text.length : text;
    if (known || typeof text !== 'string') {
      this.starts = known ?? [0];
      return;
    }
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Only \n breaks: indexOf is several times faster over megabytes than a loop per character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** Offsets where lines start (first 0). */
  get lineStarts(): LineStarts {
    return this.starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    let clamped = Math.max(0, Math.min(offset, this.length));
    // Never between \r and \n: that is no position of a CRLF line (its end is before the \r).
    const text = this.text;
    if (text !== undefined && clamped > 0 && text.charCodeAt(clamped - 1) === 13 && text.charCodeAt(clamped) === 10)
      clamped--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - (this.starts[lo] as number) };
  }

  offsetAt(position: Position): number {
    const start = this.starts[Math.max(0, Math.min(position.line, this.starts.length - 1))] as number;
    return Math.min(start + position.character, this.length);
  }

  /** Offset of the start of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.starts[this.positionAt(offset).line] as number;
  }
}
