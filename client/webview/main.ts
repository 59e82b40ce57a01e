/**
 * Rollout preview webview: renders the view model the extension posts (`ToWebview`), keeps the
 * what-if settings and the scrub position in getState/setState, and talks back with `FromWebview`.
 * Manifest-derived strings only ever reach the DOM as text (see dom.ts).
 */
import type { ChangeReport } from '../../shared/src/preview/changeClassifier';
import type { PreviewModel, Row } from '../../shared/src/preview/viewModel';
import { pvcStateAt } from '../../shared/src/preview/viewModel';
import { maxPods, moreText, namesAt, podGridAt, totalPoints, type PodState } from '../../shared/src/preview/podGrid';
import type { WhatIf, WhatIfKey } from '../../shared/src/preview/whatIf';
import {
  SCENARIO_KINDS,
  SCENARIO_LABELS,
  SCENARIO_PARAMS,
  SCENARIOS,
  WHAT_IF_FIELD_SPECS,
  changedFields,
  paramsOf,
  scenarioPart,
} from '../../shared/src/preview/whatIf';
import type { FromWebview, PanelState, ToWebview } from '../../shared/src/preview/webviewMessages';
import { renderChart, seriesSwatch, type ChartView } from './chart';
import { clear, h, setText } from './dom';

type Render = Extract<ToWebview, { type: 'render' }>;

const vscode = acquireVsCodeApi<PanelState>();
const app = document.getElementById('app') as HTMLElement;
const PLAY_INTERVAL_MS = 350;
/** Rows in the DOM at once (a window around the current step keeps big plans fast). */
const ROW_WINDOW = 120;
let windowStart = 0;

let current: Render | undefined;
let restored: PanelState | undefined = vscode.getState();
let row = typeof restored?.row === 'number' ? restored.row : 0;
let playing: number | undefined;
let chartView: ChartView | undefined;
let chartKey = '';
/** Stable parts of the page, created once and updated in place. */
const ui = {
  header: h('header'),
  empty: h('p', { class: 'muted empty', hidden: true }),
  status: h('p', { class: 'status', role: 'status' }),
  change: h('section', { class: 'verdict', 'aria-labelledby': 'h-change' }),
  timeline: h('section', { 'aria-labelledby': 'h-timeline' }),
  hypothetical: h('p', { class: 'note', hidden: true }),
  podGrid: h('div', { class: 'podgrid', role: 'group', 'aria-labelledby': 'h-pods' }),
  podCaption: h('p', { class: 'muted pod-caption' }),
  chartBox: h('div', { class: 'chart-box' }),
  legend: h('ul', { class: 'legend' }),
  scrubber: h('input', {
    type: 'range',
    min: 0,
    max: 0,
    value: 0,
    id: 'scrubber',
    'aria-label': 'Step',
  }) as HTMLInputElement,
  position: h('span', { class: 'position', 'aria-live': 'off' }),
  play: h('button', { type: 'button', id: 'play', 'aria-label': 'Play the rollout' }, 'Play'),
  table: h('table', { class: 'steps', 'aria-label': 'Rollout steps (the chart as a table)' }),
  thead: h('thead'),
  tbody: h('tbody'),
  rangeNote: h('p', { class: 'muted' }),
  whatIf: h('section', { 'aria-labelledby': 'h-whatif' }),
  summary: h('section', { 'aria-labelledby': 'h-summary' }),
  names: h('section', { 'aria-labelledby': 'h-names' }),
  /** The pods that exist at the current step (inside `names`, re-rendered when the step changes). */
  namesAtRow: h('div', { class: 'names-at-row' }),
};
/** Sections hidden by the empty state (the skeleton itself is built once and never cleared). */
const SECTIONS = [ui.header, ui.status, ui.change, ui.timeline, ui.whatIf, ui.summary, ui.names];

function post(m: FromWebview): void {
  vscode.postMessage(m);
}

function saveState(): void {
  if (!current) return;
  const { uri, target, whatIf, overlay } = current;
  vscode.setState({ uri, target, whatIf, row, ...(overlay ? { overlay } : {}) });
}

function copyButton(text: string, what: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${what}`, title: `Copy ${what}` }, 'Copy');
  b.addEventListener('click', () => post({ type: 'copy', text }));
  return b;
}

// ---------------------------------------------------------------- static skeleton

function buildSkeleton(): void {
  clear(app);
  const stepBack = h('button', { type: 'button', id: 'step-back', 'aria-label': 'Previous step' }, '◀ Step');
  const stepFwd = h('button', { type: 'button', id: 'step-forward', 'aria-label': 'Next step' }, 'Step ▶');
  stepBack.addEventListener('click', () => setRow(row - 1));
  stepFwd.addEventListener('click', () => setRow(row + 1));
  ui.play.addEventListener('click', togglePlay);
  ui.scrubber.addEventListener('input', () => setRow(Number(ui.scrubber.value)));
  ui.table.append(ui.thead, ui.tbody);
  ui.tbody.addEventListener('click', (e) => {
    const tr = (e.target as Element).closest('tr');
    if (tr && tr.parentElement === ui.tbody) setRow(windowStart + Array.prototype.indexOf.call(ui.tbody.children, tr));
  });
  ui.timeline.append(
    h('h2', { id: 'h-timeline' }, 'Timeline'),
    ui.hypothetical,
    h('div', { class: 'controls' }, ui.play, stepBack, stepFwd, ui.scrubber),
    h('p', { class: 'position-line' }, ui.position),
    h('h3', { id: 'h-pods' }, 'Pods at this step'),
    ui.podGrid,
    ui.podCaption,
    h('h3', {}, 'Pods over time'),
    ui.chartBox,
    ui.legend,
    h('h3', {}, 'Events'),
    ui.rangeNote,
    h('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': 'Step table' }, ui.table),
  );
  app.append(ui.empty, ...SECTIONS);
}

function showEmpty(message: string): void {
  stopPlaying();
  if (!app.contains(ui.header)) buildSkeleton();
  for (const s of SECTIONS) s.hidden = true;
  ui.empty.hidden = false;
  setText(ui.empty, message);
}

// ---------------------------------------------------------------- sections

function renderHeader(m: Render): void {
  clear(ui.header);
  const title = m.model ? `${m.model.kind} ${m.model.name}` : `${m.target.kind} ${m.target.name ?? ''}`;
  ui.header.append(
    h('h1', {}, title),
    h(
      'p',
      { class: 'muted' },
      `${m.file} · namespace ${m.model?.namespace ?? '?'} · scenario ${SCENARIO_LABELS[m.whatIf.scenario]}`,
    ),
  );
}

/** Outcome and "will this roll out?" first: what a reader of a narrow side panel needs at a glance. */
function renderChange(m: Render): void {
  const c: ChangeReport = m.change;
  clear(ui.change);
  ui.change.append(
    h('h2', { id: 'h-change' }, 'Will this change roll out?'),
    h(
      'p',
      { class: `change change-${c.kind}` },
      h('span', { class: 'glyph', 'aria-hidden': 'true' }, c.kind === 'rollout' ? '↻' : c.kind === 'scale' ? '⇅' : '='),
      ' ',
      c.headline,
    ),
  );
  ui.change.append(h('p', { class: 'muted' }, `Compared with ${m.baseline}.`));
  const model = m.model;
  if (model) {
    const s = model.summary;
    ui.change.append(
      h(
        'p',
        { class: `outcome ${s.complete ? 'ok' : 'bad'}` },
        h('span', { class: 'glyph', 'aria-hidden': 'true' }, s.complete ? '✓' : '✗'),
        ' ',
        h('strong', {}, `${SCENARIO_LABELS[m.whatIf.scenario]} → `),
        s.outcome,
      ),
      h('p', {}, s.duration),
      h('p', {}, `Pods during the rollout: ${s.bounds}.`),
    );
  } else {
    ui.change.append(
      h(
        'p',
        { class: 'outcome bad', role: 'alert' },
        h('span', { class: 'glyph', 'aria-hidden': 'true' }, '✗'),
        ' ',
        m.error ?? 'The simulator could not run this workload.',
      ),
    );
  }
  if (m.findings.length) {
    ui.change.append(h('h3', {}, 'Findings that matter for this rollout'));
    const ul = h('ul', { class: 'findings' });
    for (const f of m.findings) {
      const li = h('li', {}, h('code', {}, f.code), ' ', f.message, ' ');
      const go = h('button', { type: 'button', 'aria-label': `Go to line ${f.line + 1}` }, `line ${f.line + 1}`);
      go.addEventListener('click', () => post({ type: 'reveal', line: f.line }));
      li.append(go);
      if (f.scenario) {
        const scenario = f.scenario;
        const b = h(
          'button',
          { type: 'button', class: 'primary', 'aria-label': `Show the ${scenario} scenario` },
          `Show the risk: ${scenario}`,
        );
        b.addEventListener('click', () => changeWhatIf({ ...(current as Render).whatIf, scenario }));
        li.append(' ', b);
      }
      ul.append(li);
    }
    ui.change.append(ul);
  }
  // "No change" and an update rollout playing below it must not read as a contradiction.
  const hypothetical =
    m.whatIf.scenario === 'update' && (c.kind === 'none' || c.kind === 'no-rollout' || c.kind === 'scale');
  ui.hypothetical.hidden = !hypothetical;
  setText(
    ui.hypothetical,
    hypothetical
      ? 'Applying this file starts no rollout. The timeline shows the update scenario: what the controller does the next time the pod template changes.'
      : '',
  );
}

function list(items: readonly string[], cls?: string): HTMLUListElement {
  const ul = h('ul');
  for (const i of items) ul.appendChild(h('li', {}, cls ? h('code', {}, i) : i));
  return ul;
}

function renderSummary(m: Render): void {
  clear(ui.summary);
  ui.summary.append(h('h2', { id: 'h-summary' }, 'Details'));
  const c = m.change;
  if (c.templatePaths.length)
    ui.summary.append(h('p', {}, 'Changed in the pod template: '), list(c.templatePaths, 'code'));
  if (c.otherPaths.length)
    ui.summary.append(h('p', {}, 'Changed outside the pod template: '), list(c.otherPaths, 'code'));
  if (c.configAdvice) {
    ui.summary.append(
      h('p', { class: 'advice' }, c.configAdvice.text),
      h('pre', { class: 'snippet' }, c.configAdvice.snippet),
      copyButton(c.configAdvice.snippet, 'checksum annotation snippet'),
    );
  }
  if (!m.model) return;
  const s = m.model.summary;
  const dl = h('dl', { class: 'summary' });
  const add = (k: string, v: Node | string): void => void dl.append(h('dt', {}, k), h('dd', {}, v));
  add('Strategy', s.strategy);
  add('Resolved', list(s.arithmetic));
  add('Pods', s.bounds);
  add('Duration', s.duration);
  add('Outcome', s.outcome);
  ui.summary.append(dl);
  if (s.notes.length) ui.summary.append(h('details', {}, h('summary', {}, 'Notes'), list(s.notes)));
}

function changeWhatIf(w: WhatIf): void {
  if (!current) return;
  setText(ui.status, '');
  current = { ...current, whatIf: w };
  saveState();
  post({ type: 'whatIf', whatIf: w });
}

function renderWhatIf(m: Render): void {
  // Keep the focused control alive across re-renders: typing must lose neither focus, nor the text not yet
  // committed (an input commits on change), nor the caret.
  const active = document.activeElement;
  const focusedId = active instanceof HTMLElement && ui.whatIf.contains(active) ? active.id : '';
  const typing =
    active instanceof HTMLInputElement && focusedId
      ? { value: active.value, start: active.selectionStart, end: active.selectionEnd }
      : undefined;
  clear(ui.whatIf);
  const kind = m.target.kind;
  ui.whatIf.append(
    h('h2', { id: 'h-whatif' }, 'What if…'),
    h('p', { class: 'muted' }, 'These change the preview only, until you apply them to the manifest.'),
  );
  const form = h('form', { class: 'whatif', 'aria-label': 'What-if settings' });
  form.addEventListener('submit', (e) => e.preventDefault());
  const scenario = h('select', { id: 'wi-scenario', 'aria-label': 'Scenario' }) as HTMLSelectElement;
  for (const s of SCENARIOS) {
    if (!SCENARIO_KINDS[s].includes(kind)) continue;
    const o = h('option', { value: s }, SCENARIO_LABELS[s]);
    if (s === m.whatIf.scenario) o.selected = true;
    scenario.append(o);
  }
  scenario.addEventListener('change', () =>
    changeWhatIf({ ...(current as Render).whatIf, scenario: scenario.value as WhatIf['scenario'] }),
  );
  form.append(h('label', { for: 'wi-scenario' }, 'scenario'), scenario);
  /** The inline message of a control (linked with aria-describedby / aria-invalid). */
  const withError = (field: WhatIfKey, input: HTMLElement, hintId?: string): HTMLElement => {
    const message = m.whatIfFieldErrors?.[field];
    const describedBy = [hintId, message ? `${input.id}-error` : undefined].filter(Boolean).join(' ');
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    if (message) input.setAttribute('aria-invalid', 'true');
    return h(
      'div',
      { class: 'field' },
      input,
      message ? h('span', { class: 'error inline', id: `${input.id}-error`, role: 'alert' }, message) : null,
    );
  };
  // Parameters of the chosen scenario (never written to the manifest).
  for (const p of paramsOf(m.whatIf.scenario)) {
    const id = `wi-${p}`;
    const meta = SCENARIO_PARAMS[p];
    const input = h('input', {
      id,
      type: 'text',
      inputmode: 'numeric',
      class: 'param',
      'aria-label': `${meta.label} (${m.whatIf.scenario} scenario)`,
      placeholder: m.scenarioParams?.[p] ?? '',
      spellcheck: 'false',
      autocomplete: 'off',
      title: meta.hint,
    }) as HTMLInputElement;
    input.value = m.whatIf[p] ?? '';
    input.addEventListener('change', () => {
      const raw = input.value.trim();
      const next: WhatIf = { ...(current as Render).whatIf };
      if (raw === '') delete next[p];
      else next[p] = raw.slice(0, 16);
      changeWhatIf(next);
    });
    const hintId = `${id}-hint`;
    const field = withError(p, input, hintId);
    field.append(h('span', { class: 'muted hint', id: hintId }, meta.hint));
    form.append(h('label', { for: id }, meta.label), field);
  }
  // One control per what-if field of this workload (the field table, shared/src/preview/whatIf.ts), by its type.
  for (const field of m.fields ?? []) {
    const f = WHAT_IF_FIELD_SPECS[field];
    const id = `wi-${field}`;
    const manifestValue = m.manifest[field];
    const value = m.whatIf[field];
    let input: HTMLInputElement | HTMLSelectElement;
    if (f.type === 'choice') {
      const sel = h('select', { id, 'aria-label': f.label, title: f.hint }) as HTMLSelectElement;
      sel.append(h('option', { value: '' }, `(manifest: ${manifestValue ?? f.choices?.[0] ?? 'default'})`));
      for (const c of f.choices ?? []) sel.append(h('option', { value: c }, c));
      sel.value = value === undefined ? '' : String(value);
      input = sel;
    } else {
      input = h('input', {
        id,
        type: f.type === 'count' ? 'number' : 'text',
        min: f.type === 'count' ? 0 : undefined,
        'aria-label': f.label,
        title: f.hint,
        placeholder: manifestValue ?? 'default',
        spellcheck: 'false',
      }) as HTMLInputElement;
      input.value = value === undefined ? '' : String(value);
    }
    input.addEventListener('change', () => {
      const raw = input.value.trim();
      const next: WhatIf = { ...(current as Render).whatIf };
      const rec = next as unknown as Record<string, unknown>;
      if (raw === '') delete rec[field];
      else rec[field] = f.type === 'count' ? Number(raw) : raw;
      changeWhatIf(next);
    });
    form.append(h('label', { for: id }, f.label), withError(field, input));
  }
  ui.whatIf.append(form);
  const inline = new Set(Object.values(m.whatIfFieldErrors ?? {}));
  for (const e of m.whatIfErrors) if (!inline.has(e)) ui.whatIf.append(h('p', { class: 'error', role: 'alert' }, e));
  const changed = changedFields(m.whatIf);
  const apply = h(
    'button',
    { type: 'button', id: 'apply', class: 'primary', 'aria-label': 'Apply the what-if values to the manifest' },
    'Apply to manifest',
  ) as HTMLButtonElement;
  // aria-disabled, not disabled: a disabled button loses focus, and after Apply the focus must stay on it.
  apply.setAttribute('aria-disabled', String(changed.length === 0));
  apply.addEventListener('click', () => {
    if (apply.getAttribute('aria-disabled') !== 'true') post({ type: 'apply', whatIf: (current as Render).whatIf });
  });
  const reset = h(
    'button',
    { type: 'button', id: 'reset', 'aria-label': 'Reset the what-if values' },
    'Reset',
  ) as HTMLButtonElement;
  reset.setAttribute('aria-disabled', String(changed.length === 0));
  reset.addEventListener('click', () => {
    if (reset.getAttribute('aria-disabled') !== 'true') changeWhatIf(scenarioPart((current as Render).whatIf));
  });
  ui.whatIf.append(
    h(
      'div',
      { class: 'buttons' },
      apply,
      reset,
      changed.length ? h('span', { class: 'muted' }, `changed: ${changed.join(', ')}`) : null,
    ),
  );
  const again = focusedId ? (document.getElementById(focusedId) as HTMLElement | null) : null;
  again?.focus();
  if (typing && again instanceof HTMLInputElement && again.value !== typing.value) {
    again.value = typing.value;
    if (typing.start !== null && again.type === 'text') again.setSelectionRange(typing.start, typing.end);
  }
}

/** Short names of the chart series for the Pods column (`old 3`, `new 2`, `available 4`). */
function seriesKeys(model: PreviewModel): string[] {
  return model.chart.series.map((s) => s.key);
}

function renderTimeline(model: PreviewModel): void {
  const key =
    model.chart.series
      .map(
        (s) =>
          `${s.label}:${s.points.length}:${s.points[s.points.length - 1]?.join(',')}:${s.points.map((p) => p[1]).join(',')}`,
      )
      .join('|') + `|${model.chart.tMax}|${model.chart.yMax}`;
  if (key !== chartKey) {
    chartKey = key;
    // The all-pods line (old + new) shows the surge; the y-axis goes to the most pods at once.
    const series = [
      ...model.chart.series,
      { key: 'total', label: 'all pods (old + new)', points: totalPoints(model.rows, model.chart.tMax) },
    ];
    const chart = { ...model.chart, series, yMax: Math.max(model.chart.yMax, maxPods(model.rows)) };
    chartView = renderChart(chart, `Pods over time: ${model.kind} ${model.name}, scenario ${model.scenario}`);
    clear(ui.chartBox);
    ui.chartBox.append(chartView.root);
    clear(ui.legend);
    series.forEach((s, i) => ui.legend.append(h('li', {}, legendSwatch(i), s.label)));
  }
  // Three columns that fit a 400 px side panel: when (age, reason), the event, the pod counts.
  const headKey = 'When|Event|Pods';
  if (ui.thead.dataset.key !== headKey) {
    clear(ui.thead);
    ui.thead.append(
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Event'),
        h('th', { scope: 'col', class: 'counts' }, 'Pods'),
      ),
    );
    ui.thead.dataset.key = headKey;
  }
  updateRows(model.rows, seriesKeys(model));
  ui.scrubber.max = String(Math.max(0, model.rows.length - 1));
}

/** Reuses existing rows: a re-render after an edit only touches the cells whose text changed. */
function updateRows(all: readonly Row[], keys: readonly string[]): void {
  windowStart = Math.max(0, Math.min(row - Math.floor(ROW_WINDOW / 2), all.length - ROW_WINDOW));
  const rows = all.slice(windowStart, windowStart + ROW_WINDOW);
  setText(
    ui.rangeNote,
    all.length > rows.length
      ? `Showing steps ${windowStart + 1}–${windowStart + rows.length} of ${all.length}; move the scrubber to see the others.`
      : '',
  );
  const body = ui.tbody;
  while (body.children.length > rows.length) body.lastElementChild?.remove();
  const frag = document.createDocumentFragment();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Row;
    let tr = body.children[i] as HTMLTableRowElement | undefined;
    if (!tr) {
      tr = h(
        'tr',
        {},
        h('td', { class: 'when' }, h('span', { class: 'age' }), h('span', { class: 'reason' })),
        h('td', { class: 'event' }, h('span', { class: 'message' }), h('span', { class: 'from muted' })),
        h('td', { class: 'counts' }),
      );
      frag.appendChild(tr);
    }
    const [when, event, counts] = Array.from(tr.children) as HTMLElement[];
    setText((when as HTMLElement).firstElementChild as Node, r.age);
    setText((when as HTMLElement).lastElementChild as Node, r.type === 'Warning' ? `⚠ ${r.reason}` : r.reason);
    setText((event as HTMLElement).firstElementChild as Node, r.message);
    setText((event as HTMLElement).lastElementChild as Node, r.from);
    const countText = keys.map((k, c) => `${k} ${r.counts[c] ?? 0}`);
    const cell = counts as HTMLElement;
    if (cell.dataset.v !== countText.join('|')) {
      clear(cell);
      countText.forEach((t, c) => cell.append(h('span', { class: `count count-${c}` }, t)));
      cell.dataset.v = countText.join('|');
    }
    const cls = r.type === 'Warning' ? 'warning' : '';
    if (tr.className !== cls && !(tr.classList.contains('current') && cls === '')) tr.className = cls;
  }
  body.appendChild(frag);
}

function legendSwatch(i: number): SVGElement {
  return seriesSwatch(i);
}

const STATE_TEXT: Readonly<Record<PodState, string>> = {
  available: 'available',
  ready: 'ready',
  starting: 'starting (not yet available)',
  terminating: 'terminating',
  failed: 'failed (not Ready)',
};
const STATE_GLYPH: Readonly<Record<PodState, string>> = {
  available: '✓',
  ready: '✓',
  starting: '…',
  terminating: '–',
  failed: '✕',
};

/** Every pod of the current row as a small cell, grouped by ReplicaSet (Deployment) or by ordinal (StatefulSet). */
function renderPodGrid(model: PreviewModel): void {
  const groups = podGridAt(model.podGrid, model.rows, row);
  clear(ui.podGrid);
  const totals: Partial<Record<PodState, number>> = {};
  for (const g of groups) {
    const total = Object.values(g.counts).reduce((a, b) => a + (b ?? 0), 0);
    for (const [st, n] of Object.entries(g.counts)) totals[st as PodState] = (totals[st as PodState] ?? 0) + (n ?? 0);
    if (model.kind === 'Deployment' && total === 0) continue;
    const summary =
      (Object.entries(g.counts) as Array<[PodState, number]>).map(([st, n]) => `${n} ${st}`).join(', ') || 'no pods';
    const cells = h('ul', { class: 'cells', 'aria-label': `${g.label}: ${summary}` });
    for (const c of g.cells) {
      const text =
        model.kind === 'StatefulSet' ? (/-(\d+)$/.exec(c.name)?.[1] ?? STATE_GLYPH[c.state]) : STATE_GLYPH[c.state];
      const label = `${c.name}: ${STATE_TEXT[c.state]}, ${c.revision} revision`;
      cells.append(h('li', { class: `cell st-${c.state} rev-${c.revision}`, title: label, 'aria-label': label }, text));
    }
    if (g.more) cells.append(h('li', { class: 'more' }, `+${g.more.toLocaleString('en-US')}`));
    ui.podGrid.append(
      h(
        'div',
        { class: `pod-group rev-${g.revision}` },
        h('p', { class: 'group-label' }, g.label, h('span', { class: 'muted' }, ` · ${summary}`)),
        cells,
      ),
    );
  }
  const total = Object.values(totals).reduce((a, b) => a + (b ?? 0), 0);
  if (!total) ui.podGrid.append(h('p', { class: 'muted' }, 'No pods at this step.'));
}

function renderNames(m: PreviewModel): void {
  clear(ui.names);
  ui.names.append(h('h2', { id: 'h-names' }, 'Names'));
  const n = m.names;
  if (n.kind === 'Deployment') {
    const tree = h('ul', { class: 'tree' });
    const dep = h(
      'li',
      {},
      h('span', { class: 'kind' }, 'Deployment'),
      ' ',
      h('code', {}, n.deployment),
      copyButton(n.deployment, 'Deployment name'),
    );
    const rsList = h('ul');
    for (const rs of n.replicaSets) {
      rsList.append(
        h(
          'li',
          {},
          h(
            'span',
            { class: 'kind' },
            `ReplicaSet (${rs.role}, revision ${rs.revision}${rs.exists ? '' : ', cleaned up'})`,
          ),
          ' ',
          h('code', {}, rs.name),
          h('span', { class: 'muted' }, ' (simulated hash)'),
          copyButton(rs.name, `ReplicaSet name ${rs.name}`),
        ),
      );
    }
    dep.append(rsList);
    tree.append(dep);
    ui.names.append(tree, ui.namesAtRow);
    return;
  }
  if (n.kind === 'DaemonSet') {
    // A list per node, like the StatefulSet pods: each name gets the full width of a narrow panel.
    const list = h('ul', { class: 'pods', 'aria-label': 'DaemonSet pods by node' });
    for (const node of n.nodes) {
      const pods = h('ul');
      for (const p of node.pods)
        pods.append(
          h(
            'li',
            {},
            h('span', { class: 'kind' }, 'Pod'),
            ' ',
            h('code', {}, p.name),
            ` (${p.revision})`,
            copyButton(p.name, `pod name ${p.name}`),
          ),
        );
      list.append(h('li', {}, h('span', { class: 'kind' }, 'Node'), ' ', h('code', {}, node.name), pods));
    }
    const revisions = h('ul');
    for (const r of n.revisions)
      revisions.append(
        h(
          'li',
          {},
          h('span', { class: 'kind' }, `ControllerRevision (revision ${r.revision})`),
          ' ',
          h('code', {}, r.name),
          copyButton(r.name, `ControllerRevision name ${r.name}`),
        ),
      );
    ui.names.append(
      h('p', {}, `The pod ${n.placement} (simulated nodes).`),
      list,
      h('h3', {}, 'Controller revisions'),
      revisions,
      ui.namesAtRow,
    );
    return;
  }
  // A list, not a four-column table: each name gets the full width of a narrow panel.
  const table = h('ul', { class: 'pods', 'aria-label': 'StatefulSet pods' });
  for (const p of n.pods) {
    const pvcs = h('ul', { class: 'pvcs' });
    for (const pvc of p.pvcs)
      pvcs.append(
        h(
          'li',
          {},
          h('span', { class: 'kind' }, 'PVC'),
          ' ',
          h('span', { class: 'pvc', 'data-pvc': pvc }, h('code', {}, pvc), ' ', h('span', { class: 'pvc-state' })),
          copyButton(pvc, `PVC name ${pvc}`),
        ),
      );
    table.append(
      h(
        'li',
        {},
        h('span', { class: 'kind' }, 'Pod'),
        ' ',
        h('code', {}, p.name),
        copyButton(p.name, `pod name ${p.name}`),
        h(
          'ul',
          {},
          h('li', {}, h('span', { class: 'kind' }, 'hostname'), ' ', h('code', {}, p.hostname)),
          h(
            'li',
            {},
            h('span', { class: 'kind' }, 'FQDN'),
            ' ',
            h('code', {}, p.fqdn),
            copyButton(p.fqdn, `FQDN ${p.fqdn}`),
          ),
          pvcs,
        ),
      ),
    );
  }
  ui.names.append(h('p', {}, 'Governing Service: ', h('code', {}, n.serviceName)), table);
  if (n.srv.length) {
    ui.names.append(h('h3', {}, 'SRV records'));
    const ul = h('ul');
    for (const s of n.srv)
      ul.append(
        h(
          'li',
          {},
          h('code', {}, s.name),
          ` port ${s.port} → `,
          s.targets.join(', '),
          copyButton(s.name, `SRV record ${s.name}`),
        ),
      );
    ui.names.append(ul);
  }
  ui.names.append(ui.namesAtRow);
}

/** The pods that exist at the current step, by state, with what is simulated next to them and an exact `+N more`. */
function renderNamesAtRow(m: PreviewModel): void {
  clear(ui.namesAtRow);
  const r = m.rows[row];
  ui.namesAtRow.append(h('h3', {}, r ? `Pods at step ${row + 1} (${r.age})` : 'Pods'));
  for (const g of namesAt(m.podGrid, m.rows, row)) {
    const total = g.pods.length + g.more;
    if (m.kind === 'Deployment' && total === 0) continue;
    const list = h('ul', { 'aria-label': g.label });
    for (const p of g.pods)
      list.append(
        h(
          'li',
          {},
          h('span', { class: 'kind' }, 'Pod'),
          ' ',
          h('code', {}, p.name),
          ` ${p.state}`,
          // DaemonSet entries read `<pod> on <node>`: copy the pod name.
          copyButton(p.name.split(' ')[0] ?? p.name, `pod name ${p.name}`),
        ),
      );
    const more = moreText(g);
    if (more) list.append(h('li', { class: 'muted' }, more));
    if (total === 0) list.append(h('li', { class: 'muted' }, 'no pods'));
    ui.namesAtRow.append(h('p', {}, g.label, h('span', { class: 'muted' }, ` · ${g.caveat}`)), list);
  }
}

// ---------------------------------------------------------------- scrubbing

function setRow(next: number): void {
  const rows = current?.model?.rows ?? [];
  row = Math.max(0, Math.min(next, rows.length - 1));
  syncCursor();
  saveState();
}

function syncCursor(): void {
  const m = current?.model;
  if (!m) return;
  const rows = m.rows;
  if (row > rows.length - 1) row = Math.max(0, rows.length - 1);
  const r = rows[row];
  ui.scrubber.value = String(row);
  const text = r ? `step ${row + 1} of ${rows.length} · ${r.age} · ${r.reason}` : 'no steps';
  ui.scrubber.setAttribute('aria-valuetext', text);
  setText(ui.position, text);
  chartView?.setCursor(r?.t ?? 0);
  renderPodGrid(m);
  renderNamesAtRow(m);
  setText(
    ui.podCaption,
    '✓ available/ready · … starting · ✕ failed · – terminating; a bar under a cell: the new revision.',
  );
  const prev = ui.tbody.querySelector('tr.current');
  prev?.classList.remove('current');
  prev?.removeAttribute('aria-current');
  if (row < windowStart || row >= windowStart + ROW_WINDOW) updateRows(rows, seriesKeys(m));
  const tr = ui.tbody.children[row - windowStart] as HTMLElement | undefined;
  if (tr) {
    tr.classList.add('current');
    tr.setAttribute('aria-current', 'step');
    if (playing !== undefined) tr.scrollIntoView({ block: 'nearest' });
  }
  if (m.names.kind === 'StatefulSet') {
    const timeline = m.names.pvcTimeline;
    for (const el of Array.from(ui.names.querySelectorAll<HTMLElement>('[data-pvc]'))) {
      const state = pvcStateAt(timeline[el.dataset.pvc ?? ''], row) ?? 'not created yet';
      const label = el.querySelector('.pvc-state') as HTMLElement;
      setText(label, `(${state})`);
      label.className = `pvc-state pvc-${state.replace(/\W+/g, '-')}`;
    }
  }
}

function togglePlay(): void {
  if (playing !== undefined) {
    stopPlaying();
    return;
  }
  const rows = current?.model?.rows ?? [];
  if (row >= rows.length - 1) setRow(0);
  setText(ui.play, 'Pause');
  ui.play.setAttribute('aria-label', 'Pause the rollout');
  playing = window.setInterval(() => {
    const n = current?.model?.rows.length ?? 0;
    if (row >= n - 1) stopPlaying();
    else setRow(row + 1);
  }, PLAY_INTERVAL_MS);
}

function stopPlaying(): void {
  if (playing !== undefined) window.clearInterval(playing);
  playing = undefined;
  setText(ui.play, 'Play');
  ui.play.setAttribute('aria-label', 'Play the rollout');
}

// ---------------------------------------------------------------- messages

function render(m: Render): void {
  const t0 = performance.now();
  // After a window reload `current` is empty: the state saved with setState says which row was shown.
  const before = current ?? restored;
  restored = undefined;
  const sameObject =
    before && before.uri === m.uri && before.target?.kind === m.target.kind && before.target?.name === m.target.name;
  current = m;
  if (!sameObject) {
    row = 0;
    stopPlaying();
  }
  // Idempotent: the skeleton is built once; every render (also after the empty state) updates it in place.
  if (!app.contains(ui.header)) buildSkeleton();
  ui.empty.hidden = true;
  for (const s of SECTIONS) s.hidden = false;
  renderHeader(m);
  renderChange(m);
  renderWhatIf(m);
  renderSummary(m);
  if (m.model) {
    renderTimeline(m.model);
    renderNames(m.model);
    syncCursor();
  } else {
    ui.timeline.hidden = true;
    ui.names.hidden = true;
  }
  saveState();
  post({ type: 'rendered', renderId: m.renderId, ms: performance.now() - t0 });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'render':
      render(m);
      break;
    case 'empty':
      current = undefined;
      showEmpty(m.message);
      break;
    case 'applied':
      setText(ui.status, m.message);
      ui.status.className = m.ok ? 'status ok' : 'status bad';
      break;
  }
});

const saved = vscode.getState();
post(saved ? { type: 'ready', state: saved } : { type: 'ready' });
