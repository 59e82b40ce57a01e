/**
 * Cuts a YAML stream into per-document chunks without parsing it. A line starting with `---`
 * followed by a blank or the end of the line is a document marker; YAML forbids such a line
 * inside any scalar, so this cut is exact. Each chunk starts at its marker line (or at 0).
 */
export interface Chunk {
  readonly start: number;
  readonly end: number;
}

const MARKER = /^---(?=[ \t\r]|$)/gm;

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m.index > start) chunks.push({ start, end: m.index });
    start = m.index;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}
