/**
 * The secretary's view of the panel: per unit and indicator every evaluator's points, the mean, max − min
 * and the standard deviation, disagreements beyond the threshold highlighted, the history of a cell, and
 * the consensus value (giá trị thống nhất) the secretary sets, with a reason, in place of the mean.
 */
import { asFailure } from '../failure';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, RowClickedEvent } from 'ag-grid-community';
import { gridLocaleText } from './grid-modules';
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
  /** A consensus value was set or cleared: the file changed. */
  onChanged: () => void;
}

export function PanelView({ engine, year, unit, evaluators, version, onChanged }: Props) {
  const { t, num, tx, lang } = useI18n();
  const [rows, setRows] = useState<PanelRow[]>([]);
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const [picked, setPicked] = useState<PanelRow | null>(null);
  const [history, setHistory] = useState<{ who: string; rows: HistoryRow[] }[]>([]);

  useEffect(() => {
    engine.panel(year, unit).then(
      (r) => {
        setRows(r);
        // Keep the picked row's figures current (its consensus, its points) after a change.
        setPicked((p) => (p ? (r.find((x) => x.id === p.id) ?? null) : null));
      },
      () => setRows([]),
    );
  }, [engine, year, unit, version]);

  useEffect(() => {
    if (!picked) return;
    const whos = [SELF, ...evaluators.map((e) => e.id)];
    Promise.all([
      ...whos.map(async (w) => ({ who: w, rows: await engine.history(year, picked.unit, picked.code, w) })),
      engine.consensusHistory(year, picked.unit, picked.code).then((rows) => ({ who: CONSENSUS, rows })),
    ]).then(
      (h) => setHistory(h.filter((x) => x.rows.length > 0)),
      () => setHistory([]),
    );
  }, [engine, year, picked?.id, picked?.consensus?.points, evaluators, version]);

  const columns = useMemo<ColDef<PanelRow>[]>(() => {
    const cell = (v: number | null | undefined) => (v === undefined ? '' : v === null ? t('notApplicableShort') : num(v));
    // Narrow number columns (their headers wrap) and an indicator name that takes what is left: with a panel
    // of three, every member's points, the mean, the spread and the outcome are in sight side by side on a
    // 1366×768 laptop, without scrolling sideways (e2e 6). A larger panel scrolls; the outcome stays pinned.
    return [
      ...(unit === null ? [{ colId: 'unit', headerName: t('colUnit'), field: 'unitName' as const, width: 180, pinned: 'left' as const }] : []),
      { colId: 'code', headerName: t('colCode'), field: 'code', width: 52, pinned: 'left' },
      { colId: 'name', headerName: t('colIndicator'), valueGetter: (p) => (p.data ? tx(p.data.name) : ''), flex: 1, minWidth: 140, wrapText: true, autoHeight: true, cellClass: 'name-cell' },
      { colId: 'self', headerName: t('colSelf'), width: 64, type: 'rightAligned', valueGetter: (p) => cell(p.data?.self) },
      ...evaluators.map<ColDef<PanelRow>>((e) => ({
        colId: `ev:${e.id}`,
        headerName: e.name,
        width: 74,
        type: 'rightAligned',
        valueGetter: (p) => cell(p.data?.evaluators[e.id]),
      })),
      { colId: 'mean', headerName: t('colMean'), width: 64, type: 'rightAligned', valueGetter: (p) => cell(p.data?.mean) },
      { colId: 'range', headerName: t('colRange'), width: 70, type: 'rightAligned', valueGetter: (p) => cell(p.data?.range) },
      { colId: 'sd', headerName: t('colSd'), width: 60, type: 'rightAligned', valueGetter: (p) => cell(p.data?.sd) },
      {
        colId: 'consensus',
        headerName: t('colConsensus'),
        // The outcome columns stay in sight however many members the panel has.
        pinned: 'right',
        width: 80,
        type: 'rightAligned',
        valueGetter: (p) => (p.data?.consensus ? num(Number(p.data.consensus.points)) : ''),
        tooltipValueGetter: (p) => p.data?.consensus?.reason ?? '',
      },
      { colId: 'points', headerName: t('colPoints'), width: 72, pinned: 'right', type: 'rightAligned', valueGetter: (p) => (p.data ? `${num(p.data.points)}/${num(p.data.max)}` : '') },
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
          localeText={gridLocaleText(lang)}
        />
      </div>
      {picked && <ConsensusForm key={picked.id} engine={engine} year={year} row={picked} onChanged={onChanged} />}
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
                    <strong>{new Date(r.at).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</strong> · {r.actor} ·{' '}
                    {h.who === CONSENSUS ? t('colConsensus') : h.who === SELF ? t('colSelf') : (evaluators.find((e) => e.id === h.who)?.name ?? h.who)}:{' '}
                    {r.before ? tx(r.before) : t('historyNothing')} → {r.after ? tx(r.after) : t('historyNothing')}
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

/** The history's key for the consensus value's own lines (not a person). */
const CONSENSUS = '#consensus';

/**
 * Set or clear the consensus value of the picked unit and indicator. The reason is required and kept in the
 * history; the file checks the range and refuses a final year, and its message is shown as it is.
 */
function ConsensusForm({ engine, year, row, onChanged }: { engine: EngineClient; year: number; row: PanelRow; onChanged: () => void }) {
  const { t, num, tx } = useI18n();
  const [points, setPoints] = useState(row.consensus ? num(Number(row.consensus.points)) : row.mean === null ? '' : num(row.mean));
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (value: string | null) => {
    setBusy(true);
    setMessage(null);
    try {
      await engine.setConsensus({ year, unit: row.unit, code: row.code, points: value, reason });
      setMessage({ kind: 'ok', text: value === null ? t('consensusCleared') : t('consensusSaved') });
      onChanged();
    } catch (e) {
      const text = tx(asFailure(e).text);
      setMessage({ kind: 'error', text });
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(points.trim());
  };

  return (
    <form className="consensus-form" onSubmit={submit} aria-label={t('consensusTitle')}>
      <h3>{t('consensusTitle')}</h3>
      <p className="muted small">
        {row.consensus
          ? t('consensusCurrent', { points: num(Number(row.consensus.points)), max: num(row.max), by: row.consensus.by, reason: row.consensus.reason })
          : t('consensusNone', { mean: row.mean === null ? '—' : num(row.mean), max: num(row.max) })}
      </p>
      <div className="consensus-fields">
        <label className="field">
          <span>{t('consensusPointsOf', { max: num(row.max) })}</span>
          <input value={points} onChange={(e) => setPoints(e.target.value)} inputMode="decimal" size={6} required />
        </label>
        <label className="field grow">
          <span>{t('consensusReasonRequired')}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} required placeholder={t('consensusReasonHint')} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('consensusSet')}
        </button>
        {row.consensus && (
          <button type="button" disabled={busy || !reason.trim()} onClick={() => void run(null)}>
            {t('consensusClear')}
          </button>
        )}
      </div>
      {message && (
        <p className={message.kind === 'ok' ? 'consensus-ok' : 'consensus-error'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
