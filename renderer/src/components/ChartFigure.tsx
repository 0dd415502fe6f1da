/**
 * One chart of the analysis tabs: its heading, the canvas (an image for screen readers, with a summary of what
 * it shows), and "Tải ảnh PNG", which draws the chart again at twice the size with its title and hands the
 * PNG to the host (host.exportFile: saved where the user picks).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChartConfiguration, ChartType } from 'chart.js';
import { useI18n } from '../i18n/i18n';
import { chartPng, makeChart } from './charts';

interface Props<T extends ChartType> {
  id: string;
  title: string;
  /** What the chart shows, in words (the canvas's accessible name). */
  summary: string;
  /** A fresh configuration each call (Chart.js keeps state in what it is given); memoise it in the caller. */
  make: () => ChartConfiguration<T>;
  height: number;
  fileName: string;
  onExport: (name: string, bytes: Uint8Array) => Promise<void>;
  /** Controls shown beside the heading (e.g. the unit of the radar). */
  controls?: ReactNode;
  className?: string;
}

export function ChartFigure<T extends ChartType>({ id, title, summary, make, height, fileName, onExport, controls, className }: Props<T>) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!canvas.current) return;
    const chart = makeChart(canvas.current, make());
    return () => chart.destroy();
  }, [make]);

  const exportPng = async () => {
    setBusy(true);
    try {
      const config = make();
      const options = (config.options ?? {}) as { plugins?: Record<string, unknown> };
      config.options = { ...options, plugins: { ...options.plugins, title: { display: true, text: title } } } as typeof config.options;
      const width = Math.max(480, box.current?.clientWidth ?? 800);
      const shown = box.current?.clientHeight ?? height;
      await onExport(fileName, await chartPng(config, width, shown + 36));
    } finally {
      setBusy(false);
    }
  };

  return (
    <figure className={`chart-card${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`} data-chart={id}>
      <figcaption className="chart-head">
        <h3 id={`${id}-title`}>{title}</h3>
        {controls}
        <button type="button" className="small-button" onClick={() => void exportPng()} disabled={busy}>
          {t('anExportPng')}
        </button>
      </figcaption>
      <div className="chart-box" ref={box} style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
    </figure>
  );
}
