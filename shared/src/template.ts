/**
 * Helm/Go template detection. `{{ … }}` is legal inside YAML strings (Prometheus alert texts use
 * it), so a marker alone does not make a document a template: it is one when the marker breaks
 * the YAML, or when it stands unquoted, which YAML reads as a flow mapping whose key is itself a
 * mapping (`{{ .Values.x }}`) — something no real manifest contains.
 */
import { isMap, visit } from 'yaml';
import type { Document } from 'yaml';

export function findTemplateMarker(text: string): number | undefined {
  const at = text.indexOf('{{');
  return at < 0 ? undefined : at;
}

export function isTemplated(text: string, docs: readonly Document.Parsed[]): boolean {
  if (findTemplateMarker(text) === undefined) return false;
  if (docs.some((d) => d.errors.length > 0)) return true;
  let found = false;
  for (const d of docs) {
    visit(d, {
      Map(_key, node) {
        const first = node.items[0];
        if (node.flow && first && isMap(first.key)) {
          found = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found) break;
  }
  return found;
}
