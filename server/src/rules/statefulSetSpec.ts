/** Where StatefulSet-level findings point: the `spec` key, else the `kind` value. */
import type { StatefulSetObject, Span } from '../../../shared/src/manifest';
import { keySpan, valueSpan } from '../../../shared/src/yamlPath';

export function specKeySpan(sts: StatefulSetObject): Span {
  return keySpan(sts.node, 'spec') ?? valueSpan(sts.node, 'kind') ?? sts.span;
}
