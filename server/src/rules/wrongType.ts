import { isMap, isScalar, isSeq } from 'yaml';
import type { Scalar } from 'yaml';
import { catalogFor, describeType, isObjectType, rootTypeOf, walk } from '../catalog';
import type { Catalog } from '../catalog';
import { spanOf } from '../../../shared/src/yamlPath';
import type { FixData } from './edits';
import type { Finding, Rule } from './types';

/** What a YAML node is, for messages. */
function shapeOf(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
    if (typeof v === 'number') return `the number ${String(v)}`;
    if (typeof v === 'boolean') return `the boolean ${String(v)}`;
  }
  return 'a value of another type';
}

const QUOTE = '\u0000quote';

/** Undefined when `node` fits `type`, else whether a scalar could be fixed by (un)quoting. */
function mismatch(node: unknown, type: string, catalog: Catalog): { fix?: string } | undefined {
  if (type === 'a') return undefined;
  if (type.startsWith('[]')) return isSeq(node) ? undefined : {};
  if (type.startsWith('{}') || isObjectType(type, catalog)) return isMap(node) ? undefined : {};
  if (!isScalar(node)) return {};
  const s = node as Scalar;
  const v = s.value;
  switch (type) {
    case 's':
      if (typeof v === 'string') return undefined;
      return { fix: QUOTE };
    case 'i':
      if (typeof v === 'number' && Number.isInteger(v)) return undefined;
      return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? { fix: v.trim() } : {};
    case 'b':
      if (typeof v === 'boolean') return undefined;
      return typeof v === 'string' && /^(true|false)$/i.test(v.trim()) ? { fix: v.trim().toLowerCase() } : {};
    case 'x':
      if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'string') return undefined; // the value itself: invalid-int-or-percent
      return {};
    case 'q':
      return typeof v === 'string' || typeof v === 'number' ? undefined : {};
    default:
      return undefined;
  }
}

export const wrongType: Rule = {
  id: 'wrong-type',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'],
  defaultSeverity: 'error',
  summary:
    'A value of the wrong type for its field: a quoted number where an integer goes, a number where a string goes, a scalar where a list goes.',
  docs: `The API server decodes each field into a typed structure and rejects a value of the wrong type before anything
else: \`periodSeconds: "5"\` ("cannot unmarshal string into Go struct field … of type int32"), an unquoted number or
\`true\` where a string goes (label and annotation values, \`env[].value\`), a single item where a list goes.
Types come from the field catalog of the target Kubernetes version (1.27–1.34, see \`unknown-field\`), generated from the
Kubernetes API types; Deployments, StatefulSets, DaemonSets, Services, HorizontalPodAutoscalers (\`autoscaling/v2\`) and
PodDisruptionBudgets (\`policy/v1\`) are checked. A string or number field that a version added after 1.30 is not
type-checked (the models it is read from do not tell a quantity from a string).

Values are read as kubectl reads them: YAML 1.1 (go-yaml v2, kubernetes/kubernetes#34146). Unquoted \`yes\`, \`no\`, \`on\`,
\`off\`, \`y\`, \`n\` are booleans — fine for \`hostNetwork: yes\`, rejected where a string goes (\`value: yes\` in an env var,
an annotation): quote them. An integer written \`010\` is octal (8) and \`1_000\` is 1000: accepted, but probably not
what was meant (**warning**; not for file modes such as \`defaultMode: 0644\`, where octal is the point).

**Quick fix:** unquote a quoted integer or boolean; quote a number or boolean where a string goes; write an octal
integer in decimal.`,
  check(object, ctx) {
    const root = rootTypeOf(object);
    if (!root || !isMap(object.node)) return [];
    const out: Finding[] = [];
    const catalog = catalogFor(ctx.kubernetesVersion);
    walk(
      object.node,
      root,
      () => undefined,
      (v) => {
        if (v.path === '') return;
        const found = mismatch(v.node, v.type, catalog);
        const span = spanOf(v.node);
        if (!span) return;
        const source = ctx.textBetween ? ctx.textBetween(span[0], span[1]) : ctx.fileText?.slice(span[0], span[1]);
        if (!found) {
          // YAML 1.1 integers that do not mean what they look like: 010 is 8, 1_000 is 1000.
          const n = isScalar(v.node) ? v.node.value : undefined;
          // File modes (`mode`, `defaultMode`) are meant to be octal: 0644 is the point there.
          const fileMode = /(^|\.)(mode|defaultMode)$/.test(v.path);
          if (
            !fileMode &&
            (v.type === 'i' || v.type === 'x') &&
            typeof n === 'number' &&
            source !== undefined &&
            /^[-+]?0[0-7_]+$|_/.test(source) &&
            !/^[-+]?0$/.test(source)
          ) {
            const octal = /^[-+]?0[0-7_]+$/.test(source);
            out.push({
              rule: 'wrong-type',
              span,
              severity: 'warning',
              message:
                `${v.path} is written ${source}, which kubectl reads as ${n} (YAML 1.1${octal ? ': a leading 0 means octal' : ': "_" separates digits'}). ` +
                `Write ${n}${octal ? ` if ${n} is meant, or ${source.replace(/^([-+]?)0+(?=\d)/, '$1').replace(/_/g, '')} without the leading 0` : ''}.`,
              data: {
                fixes: [
                  { title: `Change to ${n}`, edits: [{ span, newText: String(n) }], fixAll: true, preferred: true },
                ],
              },
            });
          }
          return;
        }
        const yaml11 =
          isScalar(v.node) &&
          typeof v.node.value === 'boolean' &&
          v.type === 's' &&
          source !== undefined &&
          !/^(true|false)$/i.test(source);
        const m =
          found.fix === QUOTE ? (source !== undefined && !/["'\n]/.test(source) ? { fix: `"${source}"` } : {}) : found;
        const fixes: FixData[] =
          m.fix !== undefined
            ? [{ title: `Change to ${m.fix}`, edits: [{ span, newText: m.fix }], fixAll: true, preferred: true }]
            : [];
        out.push({
          rule: 'wrong-type',
          span,
          message:
            `${v.path} must be ${/^[aeiou]/.test(describeType(v.type)) ? 'an' : 'a'} ${describeType(v.type)}, but it is ${shapeOf(v.node)}` +
            (yaml11 ? ` (kubectl reads YAML 1.1, where unquoted ${source} is a boolean)` : '') +
            ': the API server rejects the object. ' +
            (m.fix !== undefined ? `${yaml11 ? 'Quote it: write' : 'Write'} ${m.fix}.` : 'Fix the value.'),
          data: { fixes },
        });
      },
      catalog,
    );
    return out;
  },
};
