// Lints the in-repo corpus of real manifests (test/fixtures/corpus) and writes test/corpus-findings.md:
// every finding, grouped by rule, for review. Each top-level corpus folder is one workspace (as if
// it were a repository), so cross-file rules see that project's Services and workloads only. When the
// unlicensed Kubernetes in Action examples are present outside the repository (../shared/corpus, or
// $ROLLOUT_LENS_EXTRA_CORPUS; located by test/support/corpus.ts), their findings are listed too, marked "extra"; the
// script says whether that extra part ran.
// Needs the compiled tree: run `npx tsc -b` first. Usage: node scripts/corpus-findings.mjs [--out FILE] [--check]
// (--check: exit 1 when the file is stale). Exits 1 too when a rule's judgement does not state its current count.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { lintFile } = require(path.join(root, 'out/server/src/lint.js'));
const { WorkspaceIndex } = require(path.join(root, 'out/server/src/workspace.js'));
const { RULES } = require(path.join(root, 'out/server/src/rules/index.js'));

const corpus = path.join(root, 'test/fixtures/corpus');
// Where the optional extra corpus is, and which of its folders count: one definition, test/support/corpus.ts.
const { extraCorpus, EXTRA_CORPUS_DIRS } = require(path.join(root, 'out/test/support/corpus.js'));
const extra = extraCorpus();
console.log(
  extra.found
    ? `extra corpus: RAN over ${extra.root}`
    : `extra corpus: DID NOT RUN (${extra.reason}); its "extra" findings and the counts that include them are missing`,
);

/** The reviewer's judgement of each rule's findings on the corpus (read one by one; update when counts change). */
const REVIEW = {
  'missing-min-ready-seconds':
    'Reviewed (42): all correct — every flagged workload has a container (or sidecar) with a readinessProbe, no minReadySeconds (or 0) and a RollingUpdate strategy: argo-cd 8, ingress-nginx 4 (one the exoscale DaemonSet), kube-prometheus 2, examples 2, website 3 StatefulSets, Kubernetes in Action 2nd edition 23 (5 DaemonSets). Recreate/OnDelete workloads are not flagged. Advisory by design.',
  'missing-service-name': 'Reviewed (0): every StatefulSet in the corpus sets serviceName.',
  'missing-volume-claim-templates':
    'Reviewed (8): correct — StatefulSets without volumeClaimTemplates (argo-cd application controller and redis-ha 3, a website example, 4 book examples). Information only; several are deliberately stateless.',
  'governing-service-not-headless':
    "Reviewed (1): correct — the website rabbitmq example's governing Service rabbitmq-service (same folder) has a cluster IP; per-pod DNS does not resolve through it. False positives fixed during review: kubernetes-in-action Chapter10 kubia StatefulSets (2) were resolved to Chapter05's non-headless kubia Service; the nearest Service (Chapter10's headless kubia, same folder) is now used.",
  'governing-service-missing':
    "Reviewed (2): correct — argo-cd's StatefulSet argocd-application-controller names serviceName argocd-application-controller, but no Service of that name exists in any argo-cd manifest (its metrics Service is argocd-metrics).",
  'removed-api-version':
    'Reviewed (20): correct — 15 apps/v1beta1, apps/v1beta2 and extensions/v1beta1 workloads of kubernetes-in-action (1st edition) and 2 extensions/v1beta1 DaemonSets of archived examples (none served since 1.16); the archived cockroachdb policy/v1beta1 PodDisruptionBudget and two batch/v1beta1 CronJobs (website cronjob.yaml, the book chapter 4), not served since 1.25.',
  'missing-selector':
    'Reviewed (0): the apps/v1 workloads all have selectors; the ones without are on removed API versions (reported there, and the migrate fix adds the selector).',
  'selector-mismatch': 'Reviewed (0): no workload in the corpus has a selector that misses its template.',
  'invalid-name': 'Reviewed (0): no invalid object, container, volume or port names in the checked kinds.',
  'invalid-value': 'Reviewed (0): no negative counts, enum typos or non-Always restartPolicy in workload templates.',
  'invalid-int-or-percent': 'Reviewed (0).',
  'rolling-update-all-zero':
    'Reviewed (0). (kubernetes-in-action Chapter09 kubia-deployment-v3-with-readinesscheck uses maxUnavailable 0 with a non-zero maxSurge: correctly not flagged.)',
  'recreate-with-rolling-update': 'Reviewed (0).',
  'progress-deadline-not-greater': 'Reviewed (0).',
  'headless-service-type': 'Reviewed (0).',
  'unknown-field':
    'Reviewed (3): correct — spec.publishNotReadyEndpoints (the field is publishNotReadyAddresses; suggested), and the website dual-stack examples dual-stack-ipv6-svc.yaml / dual-stack-ipv6-lb-svc.yaml write spec.ipFamily, which ServiceSpec has not had since 1.20 (ipFamilies/ipFamilyPolicy): strict field validation rejects it in every supported version (the 1.30-only catalog had hidden them for a 1.34 target).',
  'wrong-type':
    'Reviewed (0): DaemonSets, HPAs (averageUtilization, minReplicas) and PDBs are now checked too, with no finding. False positives fixed during review: 13 kiada Deployments write secret item mode 0600 (octal on purpose: file modes are exempt from the YAML 1.1 octal warning).',
  'volume-mount-undefined': 'Reviewed (0).',
  'claim-template-unmounted': 'Reviewed (0).',
  'service-selector-no-match':
    "Reviewed (13): 1 real bug — website application/guestbook/frontend-service selects app.kubernetes.io/name=guestbook but the frontend Deployment is labelled app: guestbook. 8 website snippets select the placeholder MyApp (correct for the workspace: nothing has that label; noise in a docs repo). kiada-0.5 quote/quiz, vitess vtgate and gpu-dcgm-exporter select pods defined outside the corpus (the Service's folder has other pods, so the rule judges). False positives fixed during review: controller-added labels (statefulset.kubernetes.io/pod-name for argocd-redis-ha-announce-N, job-name for the Chapter18 Job), operator custom resources (kube-prometheus Prometheus/Alertmanager), and Services whose folder defines no pods (now silent).",
  'target-port-mismatch':
    'Reviewed (1): correct — flocker-ghost Service forwards port 80 to targetPort 80, but the ghost container listens on 2368 (80 is its hostPort). False positives fixed during review: guestbook-go and ingress-nginx named ports that only some of the selected same-named templates expose (now reported only when no selected template exposes the port).',
  'governing-service-selector-mismatch': 'Reviewed (0).',
  'configmap-subpath-no-update':
    'Reviewed (0): the corpus mounts ConfigMaps with subPath only in Pods and Jobs, which are not checked.',
  'missing-readiness-probe':
    'Reviewed (130, opt-in rule): correct by definition — containers (and sidecars) without a readinessProbe in Deployments, StatefulSets and DaemonSets; many are controllers, agents and workers that take no traffic, which is why the rule is off by default.',
  'yaml-syntax':
    'Reviewed (5): all real — tab indentation in a website Job example and a deliberately broken book file (Chapter08/dummy-bad.yaml) are errors kubectl stops at; the duplicate selector keys in three archived openshift examples are warnings (kubectl apply -f keeps the last, identical selector; kustomize would refuse the files). Before review these 3 were errors, which kubectl apply -f does not make them (go-yaml v2 non-strict, kubernetes/kubernetes#89303).',
  'yaml-template':
    'Reviewed (8): Helm/Go template documents (5 ingress-nginx chart templates, 3 vitess templates), not checked; hints only.',
  'statefulset-max-unavailable-ignored':
    'Reviewed (0): no StatefulSet in the corpus sets rollingUpdate.maxUnavailable.',
  'wrong-api-version': 'Reviewed (0): every built-in kind in the corpus is under an apiVersion that served it.',
  'invalid-label':
    'Reviewed (0). False positive fixed during review: vitess vttablet-pod-template.yaml labels hold {{keyspace}} placeholders that a script fills in (placeholders are not judged).',
  'invalid-pod-template':
    'Reviewed (0): no duplicate container names, missing images, bad probes or mounts in the corpus (checked for every kind with a pod template).',
  'probe-port-not-exposed':
    'Reviewed (0). Before review the numeric check flagged the 8 ingress-nginx controller probes on 10254 (an undeclared health port of a container with three declared ports; nginx does listen there): numbers are now judged only on single-port containers.',
  'image-mutable-tag':
    'Reviewed (55): all correct — every flagged image is untagged (busybox, nginx, redis, luksa/kubia-pet, registry.k8s.io/pause …) or :latest (argo-cd install manifests at HEAD use quay.io/argoproj/argocd:latest, minio, alpine). Advisory: examples and development manifests do this on purpose.',
  'replicas-with-hpa':
    'Reviewed (2): correct — examples vllm-deployment writes replicas: 1 and two HPAs in hpa/ scale it; website controllers/frontend.yaml ReplicaSet writes replicas: 3 and hpa-rs.yaml scales it.',
  'pdb-blocks-eviction':
    'Reviewed (1): correct — archived cockroachdb: minAvailable 67% of 3 replicas is ceil(2.01) = 3, so no pod can ever be evicted (the zookeeper and kube-prometheus budgets allow one).',
  'pdb-selects-nothing':
    'Reviewed (0): the kube-prometheus budgets select the pods of Prometheus/Alertmanager custom resources (operator-owned: not judged); the others select their StatefulSet.',
  'hpa-target-missing': 'Reviewed (0): every HPA outside templates targets a workload of its folder.',
  'daemonset-surge-and-unavailable':
    'Reviewed (0): no DaemonSet in the corpus writes maxSurge without maxUnavailable: 0.',
  'daemonset-surge-host-port': 'Reviewed (0): no DaemonSet in the corpus uses a surge rollout.',
  'invalid-service-port':
    'Reviewed (0): every non-headless Service has ports, multi-port Services name them, no nodePort/externalTrafficPolicy on ClusterIP.',
};
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : path.join(root, 'test/corpus-findings.md');

function yamlFiles(dir) {
  const found = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...yamlFiles(full));
    else if (/\.ya?ml$/i.test(e.name)) found.push(full);
  }
  return found.sort();
}

// Every rule on, opt-in ones included, so the review covers them all.
const rules = Object.fromEntries(
  RULES.filter((r) => r.enabledByDefault === false).map((r) => [r.id, r.defaultSeverity]),
);
const byRule = new Map();
const count = { repo: 0, extra: 0 };
let crashes = 0;

/** Lints every project folder of `base` (one workspace each) and files the findings under their rule. */
function lintProjects(base, projects, where) {
  for (const project of projects) {
    const index = new WorkspaceIndex();
    const list = yamlFiles(path.join(base, project));
    for (const f of list) index.update(pathToFileURL(f).href, readFileSync(f, 'utf8'));
    for (const f of list) {
      count[where]++;
      const file = index.get(pathToFileURL(f).href);
      const findings = lintFile(file, index, {
        rules,
        onRuleError: (rule, e) => {
          crashes++;
          console.error(`${rule.id} crashed on ${f}: ${e?.stack ?? e}`);
        },
      });
      for (const x of findings) {
        const pos = file.lines.positionAt(x.span[0]);
        const entry = {
          where: `${path.relative(base, f)}:${pos.line + 1}:${pos.character + 1}`,
          extra: where === 'extra',
          object: x.object ?? '',
          severity: x.severity,
          text: file.text.slice(x.span[0], Math.min(x.span[1], x.span[0] + 60)).replace(/\s+/g, ' '),
          message: x.message,
        };
        if (!byRule.has(x.rule)) byRule.set(x.rule, []);
        byRule.get(x.rule).push(entry);
      }
    }
  }
}

lintProjects(
  corpus,
  readdirSync(corpus)
    .filter((d) => statSync(path.join(corpus, d)).isDirectory())
    .sort(),
  'repo',
);
const extraProjects = extra.found ? EXTRA_CORPUS_DIRS.filter((d) => existsSync(path.join(extra.root, d))) : [];
if (extra.found) lintProjects(extra.root, extraProjects, 'extra');
const files = count.repo + count.extra;

const errors = [...byRule.values()].flat().filter((e) => e.severity === 'error').length;
const ids = [...new Set([...RULES.map((r) => r.id), ...byRule.keys()])];
const lines = [
  '# Corpus findings',
  '',
  `Generated by \`node scripts/corpus-findings.mjs\` over the in-repo corpus \`test/fixtures/corpus\` (${count.repo} YAML files)` +
    (extraProjects.length
      ? ` and the extra corpus outside the repository (${extraProjects.join(', ')}: ${count.extra} files, unlicensed, findings marked *extra*)`
      : '; the extra corpus (Kubernetes in Action, outside the repository) was not present') +
    `. One workspace per top-level folder, every rule on (opt-in rules included). Rule crashes: ${crashes}. Error-severity findings: ${errors}.`,
  '',
  '| rule | in-repo corpus | extra |',
  '| --- | ---: | ---: |',
  ...ids.map((id) => {
    const list = byRule.get(id) ?? [];
    const extra = list.filter((e) => e.extra).length;
    return `| ${id} | ${list.length - extra} | ${extraProjects.length ? extra : '—'} |`;
  }),
  '',
];
for (const id of ids) {
  const list = byRule.get(id) ?? [];
  lines.push(`## ${id} (${list.length})`, '');
  if (REVIEW[id]) lines.push(`**Judgement:** ${REVIEW[id]}`, '');
  if (list.length === 0) lines.push('No findings.', '');
  for (const e of list)
    lines.push(
      `- ${e.extra ? '*extra* ' : ''}\`${e.where}\` ${e.severity} ${e.object} \`${e.text.replace(/`/g, "'")}\` — ${e.message}`,
    );
  if (list.length) lines.push('');
}
// Every rule's judgement must state the number of findings it judged: a stale count means an unreviewed change.
const stale = ids.filter((id) => {
  const stated = /\((\d+)/.exec(REVIEW[id] ?? '')?.[1];
  return stated === undefined || Number(stated) !== (byRule.get(id) ?? []).length;
});
for (const id of stale)
  console.error(
    `${id}: ${(byRule.get(id) ?? []).length} findings, but the judgement says ${REVIEW[id] ? 'otherwise' : 'nothing'}`,
  );
if (stale.length && extraProjects.length) process.exitCode = 1;
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== lines.join('\n')) {
    console.error(`${path.relative(root, out)} is stale: run node scripts/corpus-findings.mjs`);
    process.exitCode = 1;
  }
} else writeFileSync(out, lines.join('\n'));
console.log(
  `${out}: ${files} files, ${[...byRule.values()].reduce((n, l) => n + l.length, 0)} findings, ${crashes} crashes`,
);
if (crashes) process.exitCode = 1;
