/**
 * The secretary's view of the panel: per unit and indicator every evaluator's points, the mean, max − min
 * and the standard deviation, disagreements beyond the threshold highlighted, and the history of a cell.
 */
import { useEffect, useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, RowClickedEvent } from 'ag-grid-community';
import { SELF } from '../../../shared/file/evaluation-file';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { HistoryRow, PanelRow } from '../worker/protocol';

interface Props {
  engine: EngineClient;
  year: number;
  unit: string | null;
  evaluators: { id: string; name: string }[];
  /** Changes whenever the file changes, to refresh. */
  version: number;
}

export function PanelView({ engine, year, unit, evaluators, version }: Props) {
  const { t, num, tx, lang } = useI18n();
  const [rows, setRows] = useState<PanelRow[]>([]);
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const [picked, setPicked] = useState<PanelRow | null>(null);
  const [history, setHistory] = useState<{ who: string; rows: HistoryRow[] }[]>([]);

  useEffect(() => {
    engine.panel(year, unit).then(setRows, () => setRows([]));
  }, [engine, year, unit, version]);

  useEffect(() => {
    if (!picked) return;
    const whos = [SELF, ...evaluators.map((e) => e.id)];
    Promise.all(whos.map(async (w) => ({ who: w, rows: await engine.history(year, picked.unit, picked.code, w) }))).then(
      (h) => setHistory(h.filter((x) => x.rows.length > 0)),
      () => setHistory([]),
    );
  }, [engine, year, picked, evaluators, version]);

  const columns = useMemo<ColDef<PanelRow>[]>(() => {
    const cell = (v: number | null | undefined) => (v === undefined ? '' : v === null ? t('notApplicableShort') : num(v));
    return [
      ...(unit === null ? [{ colId: 'unit', headerName: t('colUnit'), field: 'unitName' as const, width: 180, pinned: 'left' as const }] : []),
      { colId: 'code', headerName: t('colCode'), field: 'code', width: 64, pinned: 'left' },
      { colId: 'name', headerName: t('colIndicator'), valueGetter: (p) => (p.data ? tx(p.data.name) : ''), width: 220, wrapText: true, autoHeight: true, cellClass: 'name-cell' },
      { colId: 'self', headerName: t('colSelf'), width: 90, type: 'rightAligned', valueGetter: (p) => cell(p.data?.self) },
      ...evaluators.map<ColDef<PanelRow>>((e) => ({
        colId: `ev:${e.id}`,
        headerName: e.name,
        width: 110,
        type: 'rightAligned',
        valueGetter: (p) => cell(p.data?.evaluators[e.id]),
      })),
      { colId: 'mean', headerName: t('colMean'), width: 90, type: 'rightAligned', valueGetter: (p) => cell(p.data?.mean) },
      { colId: 'range', headerName: t('colRange'), width: 90, type: 'rightAligned', valueGetter: (p) => cell(p.data?.range) },
      { colId: 'sd', headerName: t('colSd'), width: 96, type: 'rightAligned', valueGetter: (p) => cell(p.data?.sd) },
      { colId: 'points', headerName: t('colPoints'), width: 84, type: 'rightAligned', valueGetter: (p) => (p.data ? `${num(p.data.points)}/${num(p.data.max)}` : '') },
    ];
  }, [t, num, tx, evaluators, unit]);

  const shown = onlyFlagged ? rows.filter((r) => r.flagged) : rows;
  return (
    <div className="panel-view">
      <div className="grid-filters">
        <label className="check">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} /> {t('onlyDisagreements')}
        </label>
        <span className="muted small">{t('panelHelp', { share: 25 })}</span>
      </div>
      <div className="ag-theme-quartz grid-host">
        <AgGridReact<PanelRow>
          theme="legacy"
          rowData={shown}
          columnDefs={columns}
          defaultColDef={{ wrapHeaderText: true, autoHeaderHeight: true }}
          getRowId={(p) => p.data.id}
          rowClassRules={{ 'row-disagreement': (p) => !!p.data?.flagged }}
          onRowClicked={(e: RowClickedEvent<PanelRow>) => setPicked(e.data ?? null)}
          localeText={lang === 'vi' ? { noRowsToShow: 'Không có dòng nào' } : {}}
        />
      </div>
      {picked && (
        <section className="history" aria-live="polite">
          <h3>{t('historyOf', { unit: picked.unitName, code: picked.code })}</h3>
          {history.length === 0 ? (
            <p className="muted">{t('historyEmpty')}</p>
          ) : (
            <ul>
              {history.flatMap((h) =>
                h.rows.map((r, i) => (
                  <li key={`${h.who}-${i}`}>
                    <strong>{new Date(r.at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</strong> · {r.actor} · {describe(r.before)} → {describe(r.after)}
                    {r.reason && <em> — {r.reason}</em>}
                  </li>
                )),
              )}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function describe(content: unknown): string {
  if (!content || typeof content !== 'object' || !('values' in content)) return '∅';
  const values = (content as { values: Record<string, unknown> }).values;
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v === null ? '∅' : String(v)}`)
    .join(', ');
}
