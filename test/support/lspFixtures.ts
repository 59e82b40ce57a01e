/** Fixtures shared by the in-process LSP tests. */
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { y } from './lint';

/** The kubia StatefulSet: serviceName kubia, a probed container, a mounted claim template, no minReadySeconds. */
export const KUBIA_STS = y(
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata:',
  '  name: kubia',
  'spec:',
  '  serviceName: kubia',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: kubia',
  '          readinessProbe: {httpGet: {port: 8080}}',
  '          volumeMounts: [{name: data, mountPath: /data}]',
  '          image: luksa/kubia:v1',
  '    metadata: {labels: {app: kubia}}',
  '  selector: {matchLabels: {app: kubia}}',
  '  volumeClaimTemplates:',
  '    - metadata: {name: data}',
);

/** Diagnostic codes, sorted: what most server tests compare. */
export const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code).sort();
