/**
 * Which of several same-named candidates in the workspace (Services named by a StatefulSet's serviceName, …) a file
 * means: the nearest one. Same file first, then the same folder, then the folder with the fewest path steps between
 * the two folders (up to their common ancestor, then down). Candidates equally near are a tie, which rules report.
 */

/** The folder segments of a file URI or path (without the file name). */
function folders(uri: string): string[] {
  const parts = uri.split('/');
  parts.pop();
  return parts;
}

/** 0 for the same file, else 1 + the folder steps between the two files' folders (same folder: 1). */
export function pathDistance(fromUri: string, toUri: string): number {
  if (fromUri === toUri) return 0;
  const a = folders(fromUri);
  const b = folders(toUri);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return 1 + (a.length - common) + (b.length - common);
}

/** `items` ordered nearest first (ties by URI, then as given). */
export function byNearness<T extends { readonly uri: string }>(fromUri: string, items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i, d: pathDistance(fromUri, item.uri) }))
    .sort((x, y) => x.d - y.d || (x.item.uri < y.item.uri ? -1 : x.item.uri > y.item.uri ? 1 : 0) || x.i - y.i)
    .map((x) => x.item);
}

/** The nearest of `items` (several when equally near; empty when there are none). */
export function nearest<T extends { readonly uri: string }>(fromUri: string, items: readonly T[]): T[] {
  const sorted = byNearness(fromUri, items);
  if (sorted.length === 0) return [];
  const d = pathDistance(fromUri, (sorted[0] as T).uri);
  return sorted.filter((s) => pathDistance(fromUri, s.uri) === d);
}

/** `toUri` as a path relative to the folder of `fromUri` (`../b/svc.yaml`), for messages. */
export function relativePath(fromUri: string, toUri: string): string {
  const a = folders(fromUri);
  const b = toUri.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  const up = a.length - common;
  return [...Array<string>(up).fill('..'), ...b.slice(common)].map(decodeURIComponent).join('/');
}
