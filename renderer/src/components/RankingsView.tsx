/**
 * "Xếp hạng": a year's results per unit group, as the Emulation Board receives them. An AG Grid with rank
 * (ties shown "16=" with the units sharing it), unit, group I–V points, base, bonus, deductions, score, band,
 * reward proposal (an override with the computed proposal and the reason beside it), the self-assessed
 * score and the difference, completeness; sort and filter per column, and a search box. Above it the
 * finalisation bar (DỰ THẢO / ĐÃ CHỐT, the fingerprint, finalise, reopen, history) and the exports. A row
 * opens the unit's score with its explanations on the right (the score panel of the entry screen).
 */
import { asFailure } from '../failure';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useWorkerAnswer } from './use-worker-answer';
import { AgGridReact } from 'ag-grid-react';
import { type ColDef, type ColGroupDef, type ICellRendererParams, type ValueFormatterParams } from 'ag-grid-community';
import './grid-modules';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';
import type { Host } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { UnitScoreView } from '../worker/protocol';
import type { RankingRow, RankingsView as View } from '../worker/results-protocol';
import { ErrorBox } from './ErrorBox';
import { FinalisationBar } from './FinalisationBar';
import { OverrideDialog } from './OverrideDialog';
import { Progress } from './Progress';
import { ExportDialog, useResultsExport, type ExportChoice } from './ResultsExport';
import { ScorePanel } from './ScorePanel';
import './results.css';


interface Props {
  host: Host;
  engine: EngineClient;
  year: number;
  /** Bumped on every change of the file: the ranking is read again. */
  version: number;
  /** The workspace's tabs, shown at the top of this view's main pane. */
  tabs: ReactNode;
  /** Who uses the app (suggested as the person finalising when the panel has no chair). */
  actor: string;
  /** Bumped by the desktop menu's "Xuất…": opens the export list. */
  exportRequest?: number;
  /** An override, a finalisation or a reopening was written: save the file. */
  onChanged: () => void;
  /** Show the unit in the evidence grid. */
  onOpenUnit: (unit: string) => void;
  onFailure: (e: unknown) => void;
}

/** The unit group last shown: kept while the app runs, so that going to another tab and back keeps it. */
let lastGroup: string | null = null;

/** What a person types in a number filter, read in the current language ("85,5" in Vietnamese). */
function parseNumber(lang: string, text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const s = lang === 'vi' ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
}

export function RankingsView({ host, engine, year, version, tabs, actor, exportRequest = 0, onChanged, onOpenUnit, onFailure }: Props) {
  const i18n = useI18n();
  const { t, tx, lang, num } = i18n;
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [group, setGroupState] = useState<string | null>(lastGroup);
  const setGroup = useCallback((next: string | null | ((g: string | null) => string | null)) => {
    setGroupState((g) => (lastGroup = typeof next === 'function' ? next(g) : next));
  }, []);
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState<number | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [score, setScore] = useState<UnitScoreView | null>(null);
  const [overriding, setOverriding] = useState<RankingRow | null>(null);
  const [exporting, setExporting] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const exporter = useResultsExport(host, engine, year, onFailure);

  useWorkerAnswer(
    () => engine.rankings(year),
    (v) => {
      setView(v);
      setError(null);
      // The unit group shown: kept across years, else the first with units.
      setGroup((g) => (g !== null && (g === '' || v.unitGroups.some((x) => x.code === g && x.size > 0)) ? g : (v.unitGroups.find((x) => x.size > 0)?.code ?? '')));
    },
    setError,
    [engine, year, version, setGroup],
  );

  useWorkerAnswer(
    () => {
      if (!selected) {
        setScore(null);
        return null;
      }
      return engine.unitScore(year, selected);
    },
    setScore,
    onFailure,
    [engine, year, selected, view, onFailure],
  );

  useEffect(() => {
    if (exportRequest > 0) setExporting(true);
  }, [exportRequest]);

  const rows = useMemo(() => (view ? view.rows.filter((r) => !group || r.group === group) : []), [view, group]);
  const final = view?.finalisation ?? null;
  const lockedTitle = final ? t('rkOverrideLocked', { year }) : '';

  const changed = useCallback(
    (next: View, message: string) => {
      setView(next);
      setFlash(message);
      onChanged();
    },
    [onChanged],
  );

  const columnDefs = useMemo<(ColDef<RankingRow> | ColGroupDef<RankingRow>)[]>(() => {
    if (!view) return [];
    const n2 = (p: ValueFormatterParams<RankingRow, number | null>) => (p.value === null || p.value === undefined ? '' : i18n.score(p.value));
    const numberFilter = { filter: 'agNumberColumnFilter', filterParams: { allowedCharPattern: '\\d\\-\\,\\.', numberParser: (text: string | null) => parseNumber(lang, text) } };
    // Filters where people look for something (a name, a band, a proposal, a score range); the other numbers sort.
    const numeric = (colId: string, headerName: string, get: (r: RankingRow) => number | null, width: number, extra: ColDef<RankingRow> = {}): ColDef<RankingRow> => ({
      colId,
      headerName,
      width,
      type: 'rightAligned',
      valueGetter: (p) => (p.data ? get(p.data) : null),
      valueFormatter: n2,
      getQuickFilterText: () => '',
      ...extra,
    });
    const cols: (ColDef<RankingRow> | ColGroupDef<RankingRow>)[] = [
      {
        colId: 'rank',
        headerName: t('rkColRank'),
        width: 56,
        pinned: 'left',
        valueGetter: (p) => p.data?.rank ?? null,
        cellRenderer: RankCell,
        tooltipValueGetter: (p) =>
          p.data && p.data.tiedWith.length ? t('rkTie', { rank: p.data.rank, names: p.data.tiedWith.join(', '), score: i18n.score(p.data.score) }) : undefined,
        getQuickFilterText: () => '',
      },
      {
        colId: 'unit',
        headerName: t('colUnit'),
        width: 170,
        pinned: 'left',
        valueGetter: (p) => p.data?.name ?? '',
        cellClass: 'rk-unit',
        wrapText: true,
        autoHeight: true,
        tooltipValueGetter: (p) => (p.data ? `${p.data.unit} · ${p.data.name}` : ''),
        getQuickFilterText: (p) => (p.data ? `${p.data.name} ${p.data.unit}` : ''),
        filter: 'agTextColumnFilter',
      },
    ];
    if (!group) cols.push({ colId: 'group', headerName: t('colGroup'), width: 58, valueGetter: (p) => p.data?.group ?? '' });
    cols.push({
      headerName: t('rkColGroups'),
      groupId: 'groups',
      headerClass: 'rk-group-header',
      children: view.groups.map((g) =>
        numeric(`g${g.code}`, g.code, (r) => r.groups[g.code]?.points ?? 0, 52, {
          headerTooltip: `${t('rkColGroupN', { code: g.code })}. ${tx(g.name)}`,
          valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : num(p.value)),
          tooltipValueGetter: (p) =>
            p.data ? t('rkGroupPoints', { name: `${g.code}. ${tx(g.name)}`, points: num(p.data.groups[g.code]?.points ?? 0), max: num(p.data.groups[g.code]?.max ?? 0) }) : undefined,
        }),
      ),
    });
    cols.push(
      numeric('base', t('base'), (r) => r.base, 64),
      numeric('bonus', t('bonus'), (r) => r.bonus, 62),
      numeric('deduction', t('rkColDeduction'), (r) => r.deduction, 64, { headerTooltip: t('deduction') }),
      numeric('score', t('total'), (r) => r.score, 80, { cellClass: 'rk-score', ...numberFilter }),
      {
        colId: 'band',
        headerName: t('band'),
        width: 106,
        valueGetter: (p) => (p.data ? tx(p.data.band.label) : ''),
        cellRenderer: BandCell,
        tooltipValueGetter: (p) => (p.data?.bandNote ? tx(p.data.bandNote) : undefined),
        filter: 'agTextColumnFilter',
      },
      {
        colId: 'proposal',
        headerName: t('proposal'),
        width: 258,
        valueGetter: (p) => (p.data ? (p.data.proposal ? tx(p.data.proposal.label) : t('rkNoProposal')) : ''),
        cellRenderer: ProposalCell,
        cellRendererParams: { onOverride: (r: RankingRow) => setOverriding(r), lockedTitle },
        wrapText: true,
        autoHeight: true,
        tooltipValueGetter: (p) =>
          p.data?.override
            ? `${t('rkByRules', { proposal: p.data.computedProposal ? tx(p.data.computedProposal.label) : t('rkNoProposal') })} · ${t('rkReason', { reason: p.data.override.reason })}`
            : undefined,
        getQuickFilterText: (p) =>
          p.data ? [p.data.proposal ? tx(p.data.proposal.label) : '', p.data.override?.reason ?? '', p.data.override ? t('rkOverridden') : ''].join(' ') : '',
        filter: 'agTextColumnFilter',
      },
      numeric('self', t('colSelf'), (r) => r.selfScore, 66, { tooltipValueGetter: (p) => (p.data && p.data.selfScore === null ? t('rkNoSelf') : undefined) }),
      numeric('difference', t('rkColDiff'), (r) => r.difference, 68, {
        headerTooltip: t('rkDiffHelp'),
        valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : `${p.value > 0 ? '+' : ''}${i18n.score(p.value)}`),
        cellClassRules: { 'rk-diff-neg': (p) => (p.value ?? 0) < 0, 'rk-diff-pos': (p) => (p.value ?? 0) > 0 },
      }),
      numeric('completeness', t('rkColCompleteness'), (r) => Math.round(r.completeness.share * 100), 76, {
        valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : `${num(p.value, 0)}%`),
        tooltipValueGetter: (p) =>
          p.data ? t('completeness', { entered: p.data.completeness.entered, applicable: p.data.completeness.applicable, evidence: p.data.completeness.withEvidence }) : undefined,
      }),
    );
    return cols;
  }, [view, group, t, tx, num, lang, i18n, lockedTitle]);

  const localeText = useMemo(
    () => ({
      contains: t('agContains'),
      notContains: t('agNotContains'),
      equals: t('agEquals'),
      notEqual: t('agNotEqual'),
      startsWith: t('agStartsWith'),
      endsWith: t('agEndsWith'),
      blank: t('agBlank'),
      notBlank: t('agNotBlank'),
      lessThan: t('agLessThan'),
      greaterThan: t('agGreaterThan'),
      lessThanOrEqual: t('agLessThanOrEqual'),
      greaterThanOrEqual: t('agGreaterThanOrEqual'),
      inRange: t('agInRange'),
      inRangeStart: t('agInRangeStart'),
      inRangeEnd: t('agInRangeEnd'),
      andCondition: t('agAnd'),
      orCondition: t('agOr'),
      filterOoo: t('agFilterOoo'),
      noRowsToShow: t('agNoRows'),
    }),
    [t],
  );

  const selectedRow = view?.rows.find((r) => r.unit === selected) ?? null;

  const chooseExport = (choice: ExportChoice, label: string) => {
    setExporting(false);
    // One scorecard file per unit of the group shown (all groups: every unit).
    void exporter.run(
      choice,
      label,
      rows.map((r) => ({ code: r.unit, name: r.name })),
    );
  };

  if (error && !view) {
    return (
      <div className="panes panes-rankings">
        <main className="center" aria-label={t('tabRankings')}>
          {tabs}
          <div className="pad">
            <ErrorBox failure={asFailure(error)} />
          </div>
        </main>
      </div>
    );
  }

  return (
    <div className={`panes panes-rankings${selectedRow ? ' with-side' : ''}`}>
      <main className="center" aria-label={t('tabRankings')}>
        {tabs}
        {view && (
          <div className="rankings">
            <FinalisationBar
              view={view}
              person={view.chair ?? actor}
              onFinalise={async (by) => changed(await engine.finalise(year, by), t('fnDone', { year }))}
              onReopen={async (reason, by) => changed(await engine.reopen(year, reason, by), t('fnReopened', { year }))}
            >
              <button type="button" className="export-button" onClick={() => setExporting(true)}>
                {t('exExport')}
              </button>
            </FinalisationBar>
            <div className="rk-toolbar">
              <h2>{t('rkTitle', { year })}</h2>
              <label className="field">
                <span>{t('colGroup')}</span>
                <select value={group ?? ''} onChange={(e) => setGroup(e.target.value)}>
                  {view.unitGroups
                    .filter((g) => g.size > 0)
                    .map((g) => (
                      <option key={g.code} value={g.code}>
                        {g.code} – {tx(g.name)} ({g.size})
                      </option>
                    ))}
                  <option value="">{t('allGroups')}</option>
                </select>
              </label>
              <label className="field rk-search">
                <span>{t('searchUnits')}</span>
                <input type="search" value={search} placeholder={t('rkSearch')} onChange={(e) => setSearch(e.target.value)} />
              </label>
              <span className="muted small rk-count" aria-live="polite">
                {t('rkCount', { shown: shown ?? rows.length, total: rows.length })}
              </span>
              <span className="muted small rk-criteria" title={`SHA-256 ${view.criteria.sha256}`}>
                {t('fnCriteria', { id: view.criteria.id, version: view.criteria.version })}
              </span>
            </div>
            {(flash || exporter.message) && (
              <p className="form-message ok rk-flash" role="status">
                {flash ?? exporter.message}{' '}
                <button
                  type="button"
                  className="link-button small"
                  onClick={() => {
                    setFlash(null);
                    exporter.clearMessage();
                  }}
                >
                  {t('close')}
                </button>
              </p>
            )}
            {view.rows.length === 0 ? (
              <p className="muted pad">{t('rkEmpty', { year })}</p>
            ) : (
              <div className="ag-theme-quartz grid-host rk-grid">
                <AgGridReact<RankingRow>
                  theme="legacy"
                  rowData={rows}
                  columnDefs={columnDefs}
                  defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true }}
                  getRowId={(p) => p.data.unit}
                  quickFilterText={search}
                  onModelUpdated={(e) => setShown(e.api.getDisplayedRowCount())}
                  onRowClicked={(e) => e.data && setSelected(e.data.unit)}
                  onCellKeyDown={(e) => {
                    const key = (e.event as KeyboardEvent | null | undefined)?.key;
                    if (key === 'Enter' && e.data) setSelected(e.data.unit);
                  }}
                  rowClassRules={{ 'rk-tied': (p) => !!p.data && p.data.tiedWith.length > 0, 'rk-selected': (p) => p.data?.unit === selected, 'rk-overridden': (p) => !!p.data?.override }}
                  tooltipShowDelay={300}
                  animateRows={false}
                  localeText={localeText}
                />
              </div>
            )}
            <p className="keyboard-help muted small">
              {t('rkUnitHelp')}
              {rows.some((r) => r.bandNote) && <> {t('rkBandNoteLegend')}</>}
            </p>
          </div>
        )}
      </main>
      {selectedRow && view && (
        <div className="rk-side">
          <div className="rk-side-actions">
            <div className="rk-side-top">
              <button type="button" className="link-button small" onClick={() => onOpenUnit(selectedRow.unit)}>
                {t('rkOpenInEntry')}
              </button>
              <button type="button" className="rk-side-close" onClick={() => setSelected(null)} aria-label={t('rkClosePanel')} title={t('rkClosePanel')}>
                ✕
              </button>
            </div>
            <div className="rk-side-buttons">
              <button type="button" onClick={() => setOverriding(selectedRow)} disabled={final !== null} title={final ? lockedTitle : undefined}>
                {t('rkOverrideButton')}
              </button>
              <button type="button" onClick={() => chooseExport({ kind: 'scorecard-pdf', unit: selectedRow.unit }, t('exScorecardUnit', { name: selectedRow.name }))}>
                {t('rkScorecardPdf')}
              </button>
            </div>
          </div>
          <ScorePanel score={score} />
        </div>
      )}
      {overriding && view && (
        <OverrideDialog
          row={overriding}
          proposals={view.proposals}
          score={i18n.score(overriding.score)}
          onClose={() => setOverriding(null)}
          onSave={async (proposal, reason) => {
            changed(await engine.setProposalOverride(year, overriding.unit, proposal, reason), t('ovSaved', { name: overriding.name }));
            setOverriding(null);
          }}
          onClear={async (reason) => {
            changed(await engine.clearProposalOverride(year, overriding.unit, reason), t('ovCleared', { name: overriding.name }));
            setOverriding(null);
          }}
        />
      )}
      {exporting && view && (
        <ExportDialog
          view={view}
          unit={selectedRow ? { code: selectedRow.unit, name: selectedRow.name } : null}
          group={group ?? ''}
          groupSize={rows.length}
          onChoose={chooseExport}
          onClose={() => setExporting(false)}
        />
      )}
      {exporter.progress && <Progress state={exporter.progress.state} onCancel={exporter.progress.cancel} />}
    </div>
  );
}

function RankCell(p: ICellRendererParams<RankingRow>) {
  if (!p.data) return null;
  const tied = p.data.tiedWith.length > 0;
  return <span className={`rk-rank${tied ? ' tied' : ''}`}>{p.data.rankLabel}</span>;
}

function BandCell(p: ICellRendererParams<RankingRow>) {
  const { tx } = useI18n();
  if (!p.data) return null;
  return (
    <span className={`band band-${p.data.band.code}`}>
      {tx(p.data.band.label)}
      {p.data.bandNote && <span aria-hidden="true"> *</span>}
    </span>
  );
}

function ProposalCell(p: ICellRendererParams<RankingRow> & { onOverride: (r: RankingRow) => void; lockedTitle: string }) {
  const { t, tx } = useI18n();
  const r = p.data;
  if (!r) return null;
  const label = r.proposal ? tx(r.proposal.label) : t('rkNoProposal');
  return (
    <div className={`rk-proposal${r.proposal ? '' : ' none'}`}>
      <div className="rk-proposal-text">
        <div>
          <span className="rk-proposal-label">{label}</span>
          {r.override && <span className="ov-badge">{t('rkOverridden')}</span>}
        </div>
        {r.override && (
          <>
            <div className="ov-line">{t('rkByRules', { proposal: r.computedProposal ? tx(r.computedProposal.label) : t('rkNoProposal') })}</div>
            <div className="ov-line ov-reason">{t('rkReason', { reason: r.override.reason })}</div>
          </>
        )}
      </div>
      <button
        type="button"
        className="rk-override"
        disabled={p.lockedTitle !== ''}
        title={p.lockedTitle || t('rkOverrideButton')}
        aria-label={t('rkOverrideFor', { name: r.name })}
        onClick={(e) => {
          e.stopPropagation();
          p.onOverride(r);
        }}
      >
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
          <path d="M11.7 1.3a1 1 0 0 1 1.4 0l1.6 1.6a1 1 0 0 1 0 1.4l-8.6 8.6-3.6.9a.5.5 0 0 1-.6-.6l.9-3.6 8.9-8.3zM3.9 10.4l-.5 2.2 2.2-.5 7.6-7.6-1.7-1.7-7.6 7.6z" fill="currentColor" />
        </svg>
      </button>
    </div>
  );
}
