/**
 * Chart.js for the analysis tabs: only the controllers, elements, scales and plugins these charts use are
 * registered (tree-shaken), drawn without animation (a chart is complete as soon as it is made, for the
 * reader and for a PNG), on a white background (a PNG must not be transparent), in the app's font.
 *
 * The app's Content-Security-Policy has no 'unsafe-inline' for styles (style-src falls back to 'self').
 * Chart.js 4 injects no <style> element and sets no style attribute from markup: the sizes it gives the canvas
 * go through the CSSOM (canvas.style.width = …), which the CSP does not restrict, and responsive resizing uses
 * a ResizeObserver. The e2e test fails on any CSP report in the console.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  RadarController,
  RadialLinearScale,
  Title,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, RadarController, RadialLinearScale, PointElement, LineElement, Filler, Legend, Title, Tooltip);

/** The app's font (styles.css); Liberation Sans stands in for Arial on Debian and has every Vietnamese letter. */
export const CHART_FONT = "'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.font.family = CHART_FONT;
Chart.defaults.font.size = 12;
Chart.defaults.color = '#1f2933';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.plugins.title.font = { size: 14, weight: 'bold' };
Chart.defaults.plugins.title.padding = { top: 4, bottom: 8 };
Chart.defaults.plugins.legend.labels.boxWidth = 14;

/** Paints the canvas white before each drawing: exported images are not transparent. */
export const whiteBackground: Plugin = {
  id: 'nq57WhiteBackground',
  beforeDraw(chart) {
    const { ctx, canvas } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.restore();
  },
};

/** Colours of the compared years, the newest strongest (up to six years). */
const YEAR_COLOURS = ['#c7d2fe', '#a5b4fc', '#94a3b8', '#64748b', '#f59e0b', '#1d4ed8'];
export function yearColours(count: number): string[] {
  if (count === 1) return ['#1d4ed8'];
  if (count === 2) return ['#94a3b8', '#1d4ed8'];
  if (count === 3) return ['#cbd5e1', '#f59e0b', '#1d4ed8'];
  return YEAR_COLOURS.slice(-count);
}

export const UP = '#15803d';
export const DOWN = '#b91c1c';
export const FLAT = '#94a3b8';

/** Splits a label into lines of at most `width` characters at spaces (Chart.js draws an array as lines). */
export function wrapLabel(label: string, width = 18): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Makes a chart on a canvas (destroy it when done). */
export function makeChart<T extends ChartType>(canvas: HTMLCanvasElement, config: ChartConfiguration<T>): Chart<T> {
  return new Chart(canvas, { ...config, plugins: [...(config.plugins ?? []), whiteBackground as unknown as Plugin<T>] });
}

/**
 * The chart as a PNG at twice the size shown: drawn again on a canvas of its own (not responsive, no
 * animation, so it is complete at once), then encoded with canvas.toBlob.
 */
export async function chartPng<T extends ChartType>(config: ChartConfiguration<T>, width: number, height: number, scale = 2): Promise<Uint8Array> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const chart = new Chart(canvas, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: scale } as ChartConfiguration<T>['options'],
    plugins: [...(config.plugins ?? []), whiteBackground as unknown as Plugin<T>],
  });
  try {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('canvas.toBlob gave nothing');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    chart.destroy();
  }
}
