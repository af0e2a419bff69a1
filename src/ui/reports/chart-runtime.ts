import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';
import type { ChartSpec } from './report-charts.ts';

/*
 * Chart.js, loaded with `import()` by the report screen only (docs/architecture.md#code-splitting): only
 * the controllers and scales the report's charts use are registered, so the chunk stays small. Charts are
 * drawn without animation, so what is printed is what is on screen.
 */

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
);

/**
 * A chart sizes itself to its box on screen; the printed page is narrower, so every chart is measured
 * again when printing starts and ends (Chromium applies the print styles before `matchMedia` reports it).
 */
function resizeAll(): void {
  for (const chart of Object.values(Chart.instances)) chart.resize();
}
window.addEventListener('beforeprint', resizeAll);
window.addEventListener('afterprint', resizeAll);
window.matchMedia('print').addEventListener('change', resizeAll);

/** Dark enough to read on white paper, and apart from each other in greyscale. */
const COLOURS = ['#0b4a6f', '#c25e00', '#4a5a66', '#1b7a3d', '#7a2e8c', '#9c7a00', '#a3241b', '#2f6f9f'];

export interface DrawnChart {
  destroy(): void;
}

export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec, locale: string): DrawnChart {
  return new Chart(canvas, {
    type: spec.kind,
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series, index) => {
        const colour = COLOURS[index % COLOURS.length]!;
        return {
          label: series.name,
          data: series.values,
          backgroundColor: colour,
          borderColor: colour,
          borderWidth: spec.kind === 'line' ? 2 : 0,
          maxBarThickness: 56,
          // A suppressed count leaves a gap in a line rather than a jump to 0.
          spanGaps: false,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      devicePixelRatio: Math.max(2, window.devicePixelRatio),
      locale,
      // The chart is an image to assistive technology; its data table beside it carries the numbers.
      events: [],
      plugins: {
        legend: { display: spec.series.length > 1, position: 'bottom', labels: { color: '#1c2b36' } },
        tooltip: { enabled: false },
      },
      scales: {
        x: { ticks: { color: '#1c2b36', autoSkip: false, maxRotation: 60 } },
        y: { beginAtZero: true, ticks: { color: '#1c2b36', precision: 0 } },
      },
    },
  });
}
