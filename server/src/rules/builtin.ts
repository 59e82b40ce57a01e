/**
 * The registry entries of finding codes that are not rules: reported by the YAML parser
 * (shared/src/manifest.ts `SyntaxIssue.code`), by the suppressions (suppression.ts) and by the
 * language server (the file size limit). Configured, documented and listed like rules.
 */
import type { BuiltinCode } from './types';

export const BUILTIN_CODES: readonly BuiltinCode[] = [
  {
    id: 'unused-suppression',
    reportedBy: 'suppressions',
    defaultSeverity: 'information',
    summary: 'A rollout-lens suppression comment that silences nothing.',
    docs: 'A `# rollout-lens-disable-next-line <rule>` or `# rollout-lens-disable <rule>` comment whose rule does not fire where it applies (or names no known rule). Stale suppressions hide the next real finding: remove them.\n\n**Quick fix:** remove the comment.',
  },
  {
    id: 'yaml-syntax',
    reportedBy: 'parser',
    defaultSeverity: 'error',
    summary: 'The file is not valid YAML.',
    docs: 'The YAML parser stopped at this point (one finding per document: the first error; later ones usually follow from it). Nothing in the document is checked until it parses: `kubectl apply` would fail the same way.\n\n**Versions:** kubectl parses the file before anything reaches the API server, so this is the same for every Kubernetes version. A repeated key of a map is a **warning**: `kubectl apply -f` reads YAML with go-yaml v2 in non-strict mode (`sigs.k8s.io/yaml` `YAMLToJSON`), which keeps the last value and drops the earlier one without a word (kubernetes/kubernetes#89303, #125885); kustomize (kyaml) and Flux refuse the file. The document is not checked further either way.',
  },
  {
    id: 'yaml-alias-limit',
    reportedBy: 'parser',
    // A limit of this tool, not a promise that kubectl refuses the file (a plain document with 101 aliases parses).
    defaultSeverity: 'warning',
    summary: 'YAML aliases expand to too much data; the object is not checked.',
    docs: 'More than 100 aliases (`*name`) in one document, aliases that expand exponentially ("billion laughs"), or an alias that refers to a node containing it (`spec: &s {x: *s}`, a cycle no JSON can hold). The object is skipped to keep the editor responsive.\n\n**Versions:** a limit of Rollout Lens, not of the API server, hence a warning: kubectl (go-yaml) refuses an alias cycle and "excessive aliasing", but may accept a plain document with more than 100 aliases, in every version.',
  },
  {
    id: 'yaml-template',
    reportedBy: 'parser',
    defaultSeverity: 'hint',
    summary: 'The document contains Helm/Go template markers and is not checked.',
    docs: 'A document with `{{ … }}` markers is a template, not YAML: it is checked only once rendered (`helm template … | rollout-lens lint -`).\n\n**Versions:** not a Kubernetes matter: the rendered objects are checked against the target version.',
  },
  {
    id: 'file-too-large',
    reportedBy: 'server',
    defaultSeverity: 'information',
    summary: 'The file is larger than rolloutLens.maxFileSize and is not checked (editor only).',
    docs: 'Files larger than the `rolloutLens.maxFileSize` setting (in MB, default 5) are neither indexed nor checked, so that a huge generated file cannot stall the editor; an open one gets this single finding at its first line. Raise the setting to check the file. The CLI applies the same limit (`--max-file-size MB`, default 5) and skips such a file with one line on stderr.',
  },
];
