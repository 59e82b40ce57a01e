/**
 * The timeline chart: pods per revision, available pods and all pods over time, as an SVG step chart.
 * Series differ by dash pattern and marker shape, not only by color (equal lines stay visible, and
 * the chart reads in high contrast and for color-blind users).
 */
import type { Chart } from '../../shared/src/preview/viewModel';
import { svg } from './dom';

/** viewBox size: scaled to the panel's width with the aspect ratio kept (text is not stretched). */
const W = 400;
const H = 190;
const PAD = { left: 30, right: 8, top: 10, bottom: 24 };
/** Markers drawn per series at most (a 10,000-step plan draws a line, not 10,000 shapes). */
const MAX_MARKERS = 120;

/** Per series index: dash pattern, marker shape, stroke width. Series 0..2 are the model's, 3 is `all pods`. */
const STYLES: ReadonlyArray<{ dash?: string; marker: 'circle' | 'square' | 'triangle' | 'none'; width: number }> = [
  { marker: 'circle', width: 2.5 },
  { dash: '7 4', marker: 'square', width: 2.5 },
  { dash: '2 3', marker: 'triangle', width: 2.5 },
  { dash: '12 3 2 3', marker: 'none', width: 1.5 },
];

export interface ChartView {
  root: SVGElement;
  setCursor(t: number): void;
}

function niceTicks(max: number, count: number): number[] {
  const step = Math.max(1, Math.ceil(max / count));
  const out: number[] = [];
  for (let v = 0; v <= max; v += step) out.push(v);
  return out;
}

function marker(shape: string, x: number, y: number, cls: string): SVGElement | null {
  if (shape === 'circle') return svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 3, class: cls });
  if (shape === 'square')
    return svg('rect', { x: (x - 3).toFixed(1), y: (y - 3).toFixed(1), width: 6, height: 6, class: cls });
  if (shape === 'triangle')
    return svg('polygon', {
      points: `${x.toFixed(1)},${(y - 4).toFixed(1)} ${(x - 4).toFixed(1)},${(y + 3).toFixed(1)} ${(x + 4).toFixed(1)},${(y + 3).toFixed(1)}`,
      class: cls,
    });
  return null;
}

/** A legend swatch: a short line with the series' dash pattern and marker. */
export function seriesSwatch(i: number): SVGElement {
  const st = STYLES[i] ?? { marker: 'none', width: 2 };
  const root = svg('svg', { class: 'swatch', viewBox: '0 0 28 10', width: 28, height: 10, 'aria-hidden': 'true' });
  root.appendChild(
    svg('line', {
      x1: 1,
      x2: 27,
      y1: 5,
      y2: 5,
      class: `series series-${i}`,
      'stroke-dasharray': st.dash,
      'stroke-width': st.width,
    }),
  );
  const m = marker(st.marker, 14, 5, `marker series-${i}`);
  if (m) root.appendChild(m);
  return root;
}

export function renderChart(chart: Chart, title: string): ChartView {
  const x = (t: number): number => PAD.left + (t / chart.tMax) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / chart.yMax) * (H - PAD.top - PAD.bottom);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': 'chart-title chart-desc',
    class: 'chart',
  });
  root.appendChild(svg('title', { id: 'chart-title' }, title));
  root.appendChild(
    svg(
      'desc',
      { id: 'chart-desc' },
      `Step chart of ${chart.series.map((s) => s.label).join(', ')} over ${Math.round(chart.tMax)} seconds, up to ${chart.yMax} pods. The event table below lists the same values.`,
    ),
  );
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const v of niceTicks(chart.yMax, 5)) {
    grid.appendChild(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    grid.appendChild(svg('text', { x: PAD.left - 5, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  for (const t of niceTicks(chart.tMax, 5)) {
    grid.appendChild(svg('text', { x: x(t), y: H - 7, 'text-anchor': 'middle' }, `${t}s`));
  }
  root.appendChild(grid);
  chart.series.forEach((s, i) => {
    const st = STYLES[i] ?? { marker: 'none', width: 2 };
    const points = s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const g = svg('g', { class: `series-group series-${i}`, 'data-key': s.key });
    g.appendChild(
      svg(
        'polyline',
        { points, class: `series series-${i}`, 'stroke-dasharray': st.dash, 'stroke-width': st.width },
        svg('title', {}, s.label),
      ),
    );
    // A marker where the series changes value (and at its start), so equal lines still show both series.
    let drawn = 0;
    s.points.forEach(([t, v], k) => {
      if (drawn >= MAX_MARKERS) return;
      const prev = s.points[k - 1];
      if (k === 0 || (prev && prev[0] === t && prev[1] !== v)) {
        const m = marker(st.marker, x(t), y(v), `marker series-${i}`);
        if (m) {
          g.appendChild(m);
          drawn++;
        }
      }
    });
    root.appendChild(g);
  });
  const cursor = svg('line', {
    class: 'cursor',
    x1: x(0),
    x2: x(0),
    y1: PAD.top,
    y2: H - PAD.bottom,
    'aria-hidden': 'true',
  });
  root.appendChild(cursor);
  return {
    root,
    setCursor(t: number) {
      const cx = x(Math.min(Math.max(0, t), chart.tMax)).toFixed(1);
      cursor.setAttribute('x1', cx);
      cursor.setAttribute('x2', cx);
    },
  };
}
