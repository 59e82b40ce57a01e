/** Shape of the generated field catalog (see scripts/gen-catalog.mjs for the type encoding). */
export type FieldEntry = readonly [type: string, doc: string];

export interface CatalogData {
  /** The package and version the catalog was generated from. */
  readonly source: string;
  /** Kubernetes `major.minor` of the source. */
  readonly version: string;
  /** `apiVersion/kind` (core group: `v1/Kind`) → root type name. */
  readonly roots: Readonly<Record<string, string>>;
  readonly types: Readonly<Record<string, Readonly<Record<string, FieldEntry>>>>;
  /**
   * Other Kubernetes versions as changes to `types`: type → field → its entry (added or changed) or null (the field
   * does not exist in that version). A type missing from `types` is created by its entries.
   */
  readonly versions: Readonly<Record<string, CatalogDelta>>;
}

export interface CatalogDelta {
  /** Where the version's fields come from (`@kubernetes/client-node@1.4.0`). */
  readonly source: string;
  readonly types: Readonly<Record<string, Readonly<Record<string, FieldEntry | null>>>>;
}
