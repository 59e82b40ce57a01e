/** The timeline chart: pods per revision and available pods over time, as an SVG step chart. */
import type { Chart } from '../../shared/src/preview/viewModel';
import { svg } from './dom';

const W = 640;
const H = 220;
const PAD = { left: 36, right: 12, top: 10, bottom: 28 };

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

export function renderChart(chart: Chart, title: string): ChartView {
  const x = (t: number): number => PAD.left + (t / chart.tMax) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / chart.yMax) * (H - PAD.top - PAD.bottom);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', class: 'chart', preserveAspectRatio: 'none' });
  root.appendChild(svg('title', { id: 'chart-title' }, title));
  root.appendChild(svg('desc', { id: 'chart-desc' }, `Step chart of ${chart.series.map((s) => s.label).join(', ')} over ${Math.round(chart.tMax)} seconds. The step table below lists the same values.`));
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const v of niceTicks(chart.yMax, 5)) {
    grid.appendChild(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    grid.appendChild(svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  for (const t of niceTicks(chart.tMax, 6)) {
    grid.appendChild(svg('text', { x: x(t), y: H - 8, 'text-anchor': 'middle' }, `${t}s`));
  }
  root.appendChild(grid);
  chart.series.forEach((s, i) => {
    const points = s.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    root.appendChild(svg('polyline', { points, class: `series series-${i}`, 'data-key': `s${i}` }, svg('title', {}, s.label)));
  });
  const cursor = svg('line', { class: 'cursor', x1: x(0), x2: x(0), y1: PAD.top, y2: H - PAD.bottom, 'aria-hidden': 'true' });
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
