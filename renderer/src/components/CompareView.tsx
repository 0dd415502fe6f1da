/**
 * "So sánh năm": two or more years of the file compared (renderer/src/worker/analysis.ts over
 * shared/results/compare.ts). Opens on the question analysts ask first — which communes improved most, and on
 * which indicators: the communes (khối XA) sorted by score change, the first selected, its indicators sorted by
 * change beside them. Above everything, what changed in the criteria between the years, so that nobody compares
 * apples with oranges. Sub-views: units, indicators, charts, criteria changes; every table exports as .xlsx,
 * every chart as .png.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useWorkerAnswer } from './use-worker-answer';
import { AgGridReact } from 'ag-grid-react';
import {
  type CellFocusedEvent,
  type ColDef,
  type ColGroupDef,
  type GridApi,
  type ICellRendererParams,
  type SortDirection,
} from 'ag-grid-community';
import { gridLocaleText } from './grid-modules';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';
import type { ChartConfiguration } from 'chart.js';
import type { Host } from '../../../shared/host/contract';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import type { EngineClient } from '../worker/client';
import type { CompareIndicator, CompareTable, CompareUnit, CompareUnitDetail, CompareViewData, CriteriaChangeSet } from '../worker/analysis';
import { fileSafe } from '../../../shared/i18n/text';
import { ChartFigure } from './ChartFigure';
import { DOWN, FLAT, UP, wrapLabel, yearColours } from './charts';
import './analysis.css';

/** Both comparison tables: every column sortable and resizable, headers wrapped, no column menu. */
const COLUMN_DEFAULTS = { sortable: true, resizable: true, suppressHeaderMenuButton: true, wrapHeaderText: true, autoHeaderHeight: true };

type SubView = 'units' | 'indicators' | 'charts' | 'changes';

interface Props {
  engine: EngineClient;
  host: Host;
  /** The file's years. */
  years: readonly number[];
  /** Bumped on every change of the file. */
  version: number;
  onFailure: (e: unknown) => void;
  /** Show a unit in the evidence-entry tab, in a year. */
  onOpenUnit: (year: number, unit: string) => void;
}

/** The unit group the tab opens on: the communes, if the file has them. */
const DEFAULT_GROUP = 'XA';

/** Lower bounds of the distribution's bins (analysis.ts SCORE_BINS, kept here so the UI bundle stays light). */
const BINS = [0, 40, 50, 60, 70, 80, 90];

/** Sorts nulls last whichever way the column is sorted. */
function nullsLast(a: number | null | undefined, b: number | null | undefined, _na?: unknown, _nb?: unknown, descending?: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an && bn) return 0;
  if (an) return descending ? -1 : 1;
  if (bn) return descending ? 1 : -1;
  return a - b;
}

const byChangeDesc = (a: { scoreChange: number | null }, b: { scoreChange: number | null }) => nullsLast(b.scoreChange, a.scoreChange);

const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');
const signed = (i18n: I18n, x: number, decimals = 2) => `${sign(x)}${i18n.num(Math.abs(x), decimals)}`;
const percent = (i18n: I18n, share: number | null | undefined, decimals = 2) => (share === null || share === undefined ? '' : `${i18n.num(share * 100, decimals)}%`);

/** A file name part, lower case (the comparison's exports are named like the charts' PNGs). */
export function fileSafeName(s: string): string {
  return fileSafe(s, 'bang').toLowerCase();
}

export function CompareView({ engine, host, years, version, onFailure, onOpenUnit }: Props) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const [chosen, setChosen] = useState<number[]>(() => [...years]);
  const [data, setData] = useState<CompareViewData | null>(null);
  const [loading, setLoading] = useState(false);
  const [group, setGroup] = useState<string>(DEFAULT_GROUP);
  const [sub, setSub] = useState<SubView>('units');
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<CompareUnitDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const unitsApi = useRef<GridApi<CompareUnit> | null>(null);
  const indicatorsApi = useRef<GridApi<CompareIndicator> | null>(null);

  const yearsKey = [...chosen].sort((a, b) => a - b).join(',');
  const enough = chosen.length >= 2;

  useWorkerAnswer(
    () => {
      if (!enough) {
        setData(null);
        return null;
      }
      setLoading(true);
      return engine.compareView(yearsKey.split(',').map(Number));
    },
    (d) => {
      setData(d);
      setLoading(false);
      setGroup((g) => (g === '' || d.unitGroups.some((x) => x.code === g) ? g : ''));
    },
    (e) => {
      setLoading(false);
      onFailure(e);
    },
    [engine, yearsKey, enough, version, onFailure],
  );

  const rows = useMemo(() => (data ? data.units.filter((u) => !group || u.group === group) : []), [data, group]);

  // The unit shown beside the grid: kept while it is listed, else the one that improved most.
  useEffect(() => {
    if (!data) return;
    setSelected((s) => (s && rows.some((u) => u.unit === s) ? s : ([...rows].sort(byChangeDesc)[0]?.unit ?? null)));
  }, [data, rows]);

  useWorkerAnswer(
    () => {
      if (!data || !selected) {
        setDetail(null);
        return null;
      }
      return engine.compareUnit(data.years, selected);
    },
    setDetail,
    onFailure,
    [engine, data, selected, onFailure],
  );

  // Keep the grid's selection on the unit shown.
  useEffect(() => {
    const api = unitsApi.current;
    if (!api || !selected) return;
    const node = api.getRowNode(selected);
    if (node && !node.isSelected()) node.setSelected(true, true);
  }, [selected, rows]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 10_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const saveFile = useCallback(
    async (name: string, bytes: Uint8Array) => {
      try {
        const where = await host.exportFile(name, bytes);
        if (where) setNotice(where);
      } catch (e) {
        onFailure(e);
      }
    },
    [host, onFailure, t],
  );

  const span = data ? `${data.from}-${data.to}` : '';
  const groupSlug = group ? group.toLowerCase() : 'tat-ca';

  const exportTable = async (table: CompareTable) => {
    if (!data) return;
    try {
      const order: string[] = [];
      if (table === 'units') unitsApi.current?.forEachNodeAfterFilterAndSort((n) => n.data && order.push(n.data.unit));
      const bytes = await engine.compareXlsx(data.years, { table, group, order, unit: selected ?? undefined, lang });
      const base = table === 'unit' ? `so-sanh-${span}-${fileSafeName(detail?.name ?? selected ?? '')}` : `so-sanh-${span}-${table === 'units' ? 'don-vi' : table === 'indicators' ? 'chi-tieu' : 'thay-doi-bo-tieu-chi'}${table === 'changes' ? '' : `-${groupSlug}`}`;
      await saveFile(`${base}.xlsx`, bytes);
    } catch (e) {
      onFailure(e);
    }
  };

  const toggleYear = (y: number) => setChosen((c) => (c.includes(y) ? c.filter((x) => x !== y) : [...c, y].sort((a, b) => a - b)));

  const changeCount = data ? data.changes.reduce((n, c) => n + c.items.length, 0) : 0;

  return (
    <div className="analysis compare-view">
      <div className="analysis-toolbar">
        <h2>{t('compareTitle')}</h2>
        <fieldset className="year-picks">
          <legend>{t('compareYears')}</legend>
          {years.map((y) => (
            <label key={y} className="check">
              <input type="checkbox" checked={chosen.includes(y)} onChange={() => toggleYear(y)} />
              {y}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('colGroup')}</span>
          <select value={group} onChange={(e) => setGroup(e.target.value)} aria-label={t('compareGroupFilter')}>
            <option value="">{t('allGroups')}</option>
            {(data?.unitGroups ?? []).map((g) => (
              <option key={g.code} value={g.code}>
                {g.code} — {tx(g.name)} ({g.units})
              </option>
            ))}
          </select>
        </label>
        <div className="subtabs" role="tablist" aria-label={t('compareTitle')}>
          {(['units', 'indicators', 'charts', 'changes'] as const).map((v) => (
            <button key={v} type="button" role="tab" aria-selected={sub === v} className={`subtab${sub === v ? ' active' : ''}`} onClick={() => setSub(v)}>
              {v === 'changes' ? `${t('compareSubChanges')} (${changeCount})` : t(SUB_LABEL[v])}
            </button>
          ))}
        </div>
        {loading && <span className="muted small">{t('loading')}</span>}
      </div>
      {!enough ? (
        <p className="pad">{years.length < 2 ? t('compareNeedsTwoYearsInFile') : t('compareNeedsTwoYears')}</p>
      ) : !data ? null : (
        <>
          <CriteriaCallout data={data} onShow={() => setSub('changes')} />
          {notice && (
            <p className="analysis-notice" role="status">
              {t('anExportedTo', { name: notice })}{' '}
              <button type="button" className="link-button" onClick={() => setNotice(null)}>
                {t('close')}
              </button>
            </p>
          )}
          {sub === 'units' && (
            <div className="compare-units">
              <UnitsGrid
                data={data}
                rows={rows}
                showGroup={!group}
                apiRef={unitsApi}
                selected={selected}
                onSelect={setSelected}
                onExport={() => void exportTable('units')}
              />
              <UnitDetail
                data={data}
                detail={detail && detail.unit === selected ? detail : null}
                onOpenUnit={onOpenUnit}
                onExport={() => void exportTable('unit')}
              />
            </div>
          )}
          {sub === 'indicators' && <IndicatorsGrid data={data} group={group} apiRef={indicatorsApi} onExport={() => void exportTable('indicators')} />}
          {sub === 'charts' && <Charts data={data} group={group} rows={rows} selected={selected} onSelect={setSelected} onExport={saveFile} />}
          {sub === 'changes' && <ChangesList data={data} onExport={() => void exportTable('changes')} />}
        </>
      )}
    </div>
  );
}

const SUB_LABEL: Record<Exclude<SubView, 'changes'>, MessageKey> = {
  units: 'compareSubUnits',
  indicators: 'compareSubIndicators',
  charts: 'compareSubCharts',
};

// ── criteria changes: always in view ──────────────────────────────────────────────────────────────────

const SUBJECTS = ['scale', 'group', 'indicator', 'item', 'band'] as const;
const KINDS = ['added', 'removed', 'mapped', 'mapping_unresolved', 'renamed', 'regrouped', 'reweighted', 'applies_changed', 'rule_changed', 'threshold_changed'] as const;

const subjectKey = (s: string) => `cs_${s}` as MessageKey;
export const kindKey = (k: string) => `ck_${k}` as MessageKey;

/** "chỉ tiêu: 17 mới, 7 đổi điểm tối đa; nhóm tiêu chí: 2 mới, …" */
function changeSummary(set: CriteriaChangeSet, t: I18n['t']): string {
  return SUBJECTS.map((subject) => {
    const items = set.items.filter((x) => x.subject === subject);
    if (!items.length) return null;
    const parts = KINDS.map((k) => [k, items.filter((x) => x.kind === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${t(kindKey(k))}`);
    return `${t(subjectKey(subject))}: ${parts.join(', ')}`;
  })
    .filter((x): x is string => x !== null)
    .join('; ');
}

function CriteriaCallout({ data, onShow }: { data: CompareViewData; onShow: () => void }) {
  const { t } = useI18n();
  const changed = data.changes.filter((c) => !c.sameSet && c.items.length > 0);
  if (changed.length === 0) {
    return (
      <p className="criteria-callout same" role="note">
        {t('compareSameCriteria', { years: data.years.join(', ') })}
      </p>
    );
  }
  return (
    <div className="criteria-callout" role="note" aria-label={t('compareCriteriaChanged')}>
      <strong>{t('compareCriteriaChanged')}</strong>{' '}
      {changed.map((c) => (
        <span key={`${c.from}-${c.to}`} className="callout-pair">
          {t('compareChangesBetween', { from: c.from, to: c.to, n: c.items.length })} {changeSummary(c, t)}.{' '}
        </span>
      ))}
      <span>{t('compareSharesNote')}</span>{' '}
      <button type="button" className="link-button" onClick={onShow}>
        {t('compareShowChanges')}
      </button>
    </div>
  );
}

// ── units ─────────────────────────────────────────────────────────────────────────────────────────────

function ChangeCell({ value, kind }: { value: number | null | undefined; kind: 'score' | 'rank' | 'share' }) {
  const i18n = useI18n();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  // Up, down or flat as shown (two decimals): a change of 0,004 is "±0,00", not "+0,00".
  const shownValue = kind === 'share' ? value : Math.round(value * 100) / 100;
  const cls = shownValue > 0 ? 'up' : shownValue < 0 ? 'down' : 'flat';
  if (kind === 'rank') {
    const arrow = value > 0 ? '▲' : value < 0 ? '▼' : '=';
    return (
      <span className={`change ${cls}`} aria-label={value === 0 ? i18n.t('cmpRankSame') : i18n.t(value > 0 ? 'cmpRankUp' : 'cmpRankDown', { n: Math.abs(value) })}>
        {arrow}
        {value !== 0 ? ` ${Math.abs(value)}` : ''}
      </span>
    );
  }
  // A score change with two decimals, as the scores beside it ("+24,80", not "+24,8").
  const shown = kind === 'share' ? signed(i18n, value * 100, 1) : `${sign(shownValue)}${i18n.score(Math.abs(shownValue))}`;
  return <span className={`change ${cls}`}>{shown}</span>;
}

function BandBadge({ code, label }: { code: string; label: string }) {
  return <span className={`band band-${code}`}>{label}</span>;
}

function UnitNameCell(p: ICellRendererParams<CompareUnit>) {
  const { t } = useI18n();
  const u = p.data;
  if (!u) return null;
  const mergedYear = u.years.find((y) => y?.merged);
  const gone = !u.years[u.years.length - 1] && u.successors.length > 0;
  return (
    <span className="unit-name-cell">
      <span className="unit-name-text">{u.name}</span>
      {mergedYear && <span className="merge-note">{t('compareMergedFrom', { list: mergedYear.merged!.map((m) => `${m.name} (${m.unit})`).join(', ') })}</span>}
      {gone && <span className="merge-note">{t('compareMergedInto', { list: u.successors.join(', ') })}</span>}
    </span>
  );
}

function UnitsGrid({
  data,
  rows,
  showGroup,
  apiRef,
  selected,
  onSelect,
  onExport,
}: {
  data: CompareViewData;
  rows: CompareUnit[];
  showGroup: boolean;
  apiRef: React.MutableRefObject<GridApi<CompareUnit> | null>;
  selected: string | null;
  onSelect: (unit: string) => void;
  onExport: () => void;
}) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const [search, setSearch] = useState('');
  const columns = useMemo<(ColDef<CompareUnit> | ColGroupDef<CompareUnit>)[]>(() => {
    const yearGroups: ColGroupDef<CompareUnit>[] = data.years.map((y, k) => ({
      headerName: String(y),
      groupId: `y${y}`,
      marryChildren: true,
      children: [
        {
          colId: `score${y}`,
          headerName: t('cmpColScore'),
          headerTooltip: `${t('cmpColScore')} ${y}`,
          width: 70,
          type: 'numericColumn',
          valueGetter: (p) => p.data?.years[k]?.score ?? null,
          valueFormatter: (p) => (p.value === null || p.value === undefined ? '—' : i18n.score(p.value as number)),
          comparator: nullsLast,
          cellClass: (p) => (p.data?.years[k]?.merged ? 'merged-value' : ''),
          tooltipValueGetter: (p) => {
            const m = p.data?.years[k]?.merged;
            return m ? t('compareMeanOf', { list: m.map((x) => `${x.name} ${i18n.score(x.score)}`).join('; ') }) : undefined;
          },
        },
        {
          colId: `rank${y}`,
          headerName: t('cmpColRank'),
          headerTooltip: `${t('rank')} ${y}`,
          width: 66,
          valueGetter: (p) => p.data?.years[k]?.rank ?? null,
          valueFormatter: (p) => {
            const v = p.data?.years[k];
            return v ? `${v.rank}/${v.groupSize}` : '—';
          },
          comparator: nullsLast,
        },
        {
          colId: `band${y}`,
          headerName: t('band'),
          headerTooltip: `${t('band')} ${y}`,
          flex: 1,
          minWidth: 96,
          valueGetter: (p) => (p.data?.years[k] ? tx(p.data.years[k].band.label) : null),
          cellRenderer: (p: ICellRendererParams<CompareUnit>) => {
            const v = p.data?.years[k];
            return v ? <BandBadge code={v.band.code} label={tx(v.band.label)} /> : <span className="muted">—</span>;
          },
          comparator: (a: string | null, b: string | null, na, nb, desc) =>
            nullsLast(
              na.data?.years[k] ? -data.bands.findIndex((x) => x.code === na.data!.years[k]!.band.code) : null,
              nb.data?.years[k] ? -data.bands.findIndex((x) => x.code === nb.data!.years[k]!.band.code) : null,
              a,
              b,
              desc,
            ),
        },
      ],
    }));
    return [
      ...(showGroup ? [{ colId: 'group', field: 'group' as const, headerName: t('colGroup'), width: 72, pinned: 'left' as const }] : []),
      { colId: 'unit', field: 'unit', headerName: t('colCode'), width: 66, pinned: 'left' },
      {
        colId: 'name',
        field: 'name',
        headerName: t('fieldName'),
        width: 200,
        pinned: 'left',
        cellRenderer: UnitNameCell,
        autoHeight: true,
        wrapText: true,
        cellClass: 'name-cell',
        tooltipField: 'name',
      },
      {
        colId: 'scoreChange',
        field: 'scoreChange',
        headerName: t('cmpColScoreChange'),
        headerTooltip: t('cmpColScoreChangeHelp', { from: data.from, to: data.to }),
        width: 92,
        pinned: 'left',
        sort: 'desc' as SortDirection,
        comparator: nullsLast,
        cellRenderer: (p: ICellRendererParams<CompareUnit>) => <ChangeCell value={p.data?.scoreChange} kind="score" />,
        cellClass: 'num-cell',
      },
      {
        colId: 'rankChange',
        field: 'rankChange',
        headerName: t('cmpColRankChange'),
        headerTooltip: t('cmpColRankChangeHelp', { from: data.from, to: data.to }),
        width: 86,
        pinned: 'left',
        comparator: nullsLast,
        cellRenderer: (p: ICellRendererParams<CompareUnit>) => <ChangeCell value={p.data?.rankChange} kind="rank" />,
        cellClass: 'num-cell',
      },
      ...yearGroups,
    ];
  }, [data, showGroup, lang]);

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<CompareUnit>) => {
      if (e.rowIndex === null || e.rowPinned) return;
      const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
      if (node?.data) onSelect(node.data.unit);
    },
    [onSelect],
  );

  return (
    <section className="compare-grid-pane" aria-label={t('compareSubUnits')}>
      <PaneToolbar onExport={onExport}>
        <input type="search" placeholder={t('searchUnits')} aria-label={t('searchUnits')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="muted small">{t('compareSortHint')}</span>
      </PaneToolbar>
      <div className="ag-theme-quartz grid-host compare-grid">
        <AgGridReact<CompareUnit>
          theme="legacy"
          rowData={rows}
          columnDefs={columns}
          getRowId={(p) => p.data.unit}
          onGridReady={(e) => {
            apiRef.current = e.api;
            if (selected) e.api.getRowNode(selected)?.setSelected(true, true);
          }}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
          onSelectionChanged={(e) => {
            const row = e.api.getSelectedRows()[0];
            if (row) onSelect(row.unit);
          }}
          onCellFocused={onCellFocused}
          quickFilterText={search}
          rowHeight={34}
          tooltipShowDelay={400}
          defaultColDef={COLUMN_DEFAULTS}
          localeText={gridLocaleText(lang)}
        />
      </div>
    </section>
  );
}

function UnitDetail({
  data,
  detail,
  onOpenUnit,
  onExport,
}: {
  data: CompareViewData;
  detail: CompareUnitDetail | null;
  onOpenUnit: (year: number, unit: string) => void;
  onExport: () => void;
}) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  const [sort, setSort] = useState<{ key: 'change' | 'code'; desc: boolean }>({ key: 'change', desc: true });
  if (!detail) {
    return (
      <aside className="compare-detail" aria-label={t('compareDetailTitle')}>
        <p className="muted">{t('compareChooseUnit')}</p>
      </aside>
    );
  }
  const { row, years } = detail;
  const last = years.length - 1;
  const compared = detail.indicators.filter((i) => i.change !== null);
  const others = detail.indicators.filter((i) => i.change === null);
  const codeOrder = (a: string, b: string) => a.localeCompare(b, 'vi', { numeric: true });
  const sorted = [...compared].sort((a, b) =>
    sort.key === 'code' ? (sort.desc ? -1 : 1) * codeOrder(a.code, b.code) : sort.desc ? b.change! - a.change! || codeOrder(a.code, b.code) : a.change! - b.change! || codeOrder(a.code, b.code),
  );
  const header = (key: 'change' | 'code', label: string) => (
    <button
      type="button"
      className="sort-button"
      onClick={() => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key === 'change' }))}
      aria-label={t('cmpSortBy', { column: label })}
    >
      {label}
      {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </button>
  );
  const ariaSort = (key: 'change' | 'code') => (sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none');
  const lastYear = years[last]!;
  const existsLast = row.years[last] !== null;
  return (
    <aside className="compare-detail" aria-label={t('compareDetailTitle')}>
      <div className="detail-head">
        <h3 className="detail-title">{detail.name}</h3>
        <span className="muted small">
          {detail.unit} · {detail.group}
        </span>
      </div>
      <ul className="detail-years">
        {row.years.map((y, k) => (
          <li key={years[k]}>
            <strong>{years[k]}:</strong>{' '}
            {y ? (
              <>
                {i18n.score(y.score)} · {t('rankOf', { rank: y.rank, size: y.groupSize })} · <BandBadge code={y.band.code} label={tx(y.band.label)} />
                {y.merged && <span className="merge-note"> {t('compareMeanOf', { list: y.merged.map((m) => `${m.name} ${i18n.score(m.score)}`).join('; ') })}</span>}
              </>
            ) : (
              <span className="muted">{t('compareNoResult')}</span>
            )}
          </li>
        ))}
        <li className="detail-change">
          <strong>{t('compareChangeLabel', { from: data.from, to: data.to })}</strong> <ChangeCell value={row.scoreChange} kind="score" /> {t('cmpPointsWord')} ·{' '}
          <ChangeCell value={row.rankChange} kind="rank" />
        </li>
      </ul>
      <div className="detail-actions">
        {existsLast && (
          <button type="button" className="small-button" onClick={() => onOpenUnit(lastYear, detail.unit)}>
            {t('compareOpenInEntry', { year: lastYear })}
          </button>
        )}
        <button type="button" className="small-button" onClick={onExport}>
          {t('anExportXlsx')}
        </button>
      </div>
      <h4>{t('compareIndicatorsOfUnit')}</h4>
      <p className="muted small">{t('compareShareHelp')}</p>
      <table className="data detail-table">
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort('code')}>
              {header('code', t('colCode'))}
            </th>
            <th scope="col">{t('colIndicator')}</th>
            {years.map((y) => (
              <th key={y} scope="col" className="num">
                {y}
              </th>
            ))}
            <th scope="col" className="num" aria-sort={ariaSort('change')}>
              {header('change', t('cmpColChange'))}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((ind) => (
            <tr key={ind.code}>
              <td className="code-cell">{ind.code}</td>
              <td className="ind-name" title={tx(ind.name)}>
                {tx(ind.name)}
                {ind.changes.length > 0 && <ChangeBadges kinds={ind.changes} />}
              </td>
              {ind.years.map((y, k) => (
                <td key={years[k]} className="num" title={y && y.points !== null ? `${i18n.num(y.points)}/${i18n.num(y.max)}` : undefined}>
                  {y ? (y.share === null ? t('notApplicableShort') : percent(i18n, y.share, 0)) : '—'}
                </td>
              ))}
              <td className="num">
                <ChangeCell value={ind.change} kind="share" />
              </td>
            </tr>
          ))}
          {others.length > 0 && (
            <tr className="section-row">
              <th colSpan={years.length + 3} scope="rowgroup">
                {t('compareNotCompared')}
              </th>
            </tr>
          )}
          {others.map((ind) => (
            <tr key={ind.code} className="not-compared">
              <td className="code-cell">{ind.code}</td>
              <td className="ind-name" title={tx(ind.name)}>
                {tx(ind.name)}
                {ind.changes.length > 0 && <ChangeBadges kinds={ind.changes} />}
              </td>
              {ind.years.map((y, k) => (
                <td key={years[k]} className="num">
                  {y ? (y.share === null ? t('notApplicableShort') : percent(i18n, y.share, 0)) : '—'}
                </td>
              ))}
              <td className="num muted">—</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

function ChangeBadges({ kinds }: { kinds: readonly string[] }) {
  const { t } = useI18n();
  return (
    <span className="change-badges">
      {kinds.map((k) => (
        <span key={k} className={`badge criteria-badge ck-${k}`}>
          {t(kindKey(k))}
        </span>
      ))}
    </span>
  );
}

// ── indicators ────────────────────────────────────────────────────────────────────────────────────────

function IndicatorsGrid({
  data,
  group,
  apiRef,
  onExport,
}: {
  data: CompareViewData;
  group: string;
  apiRef: React.MutableRefObject<GridApi<CompareIndicator> | null>;
  onExport: () => void;
}) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const rows = data.indicators[group] ?? data.indicators['']!;
  const columns = useMemo<(ColDef<CompareIndicator> | ColGroupDef<CompareIndicator>)[]>(
    () => [
      { colId: 'code', field: 'code', headerName: t('colCode'), width: 76, pinned: 'left', cellClass: 'code-cell', comparator: (a: string, b: string) => a.localeCompare(b, 'vi', { numeric: true }) },
      {
        colId: 'name',
        headerName: t('colIndicator'),
        valueGetter: (p) => (p.data ? tx(p.data.name) : ''),
        minWidth: 260,
        flex: 1,
        wrapText: true,
        autoHeight: true,
        cellClass: 'name-cell',
        tooltipValueGetter: (p) => (p.data ? tx(p.data.name) : ''),
      },
      { colId: 'section', field: 'section', headerName: t('filterSection'), width: 90 },
      ...data.years.map(
        (y, k): ColGroupDef<CompareIndicator> => ({
          headerName: String(y),
          groupId: `iy${y}`,
          children: [
            {
              colId: `share${y}`,
              headerName: t('cmpColShare'),
              headerTooltip: t('cmpColShareHelp'),
              width: 96,
              type: 'numericColumn',
              valueGetter: (p) => p.data?.years[k]?.share ?? null,
              valueFormatter: (p) => {
                const v = p.data?.years[k];
                if (!v) return '—';
                return v.share === null ? t('notApplicableShort') : percent(i18n, v.share);
              },
              comparator: nullsLast,
              tooltipValueGetter: (p) => {
                const v = p.data?.years[k];
                return v ? t('compareIndicatorYearTip', { code: v.code, max: i18n.num(v.max), units: v.units }) : t('compareIndicatorAbsent', { year: y });
              },
            },
          ],
        }),
      ),
      {
        colId: 'change',
        field: 'change',
        headerName: t('cmpColChangePoints'),
        headerTooltip: t('cmpColChangePointsHelp', { from: data.from, to: data.to }),
        width: 128,
        sort: 'desc' as SortDirection,
        comparator: nullsLast,
        cellRenderer: (p: ICellRendererParams<CompareIndicator>) => <ChangeCell value={p.data?.change} kind="share" />,
        cellClass: 'num-cell',
      },
      {
        colId: 'changes',
        headerName: t('cmpColCriteriaChanges'),
        width: 230,
        valueGetter: (p) => (p.data ? p.data.changes.map((k) => t(kindKey(k))).join(', ') : ''),
        cellRenderer: (p: ICellRendererParams<CompareIndicator>) => (p.data && p.data.changes.length ? <ChangeBadges kinds={p.data.changes} /> : null),
        wrapText: true,
        autoHeight: true,
      },
    ],
    [data, lang],
  );
  const groupName = group ? tx(data.unitGroups.find((g) => g.code === group)?.name ?? { vi: group, en: group }) : t('allGroups');
  return (
    <section className="compare-indicators" aria-label={t('compareSubIndicators')}>
      <PaneToolbar onExport={onExport}>
        <span className="small">{t('compareIndicatorsLead', { group: groupName, from: data.from, to: data.to })}</span>
      </PaneToolbar>
      <div className="ag-theme-quartz grid-host compare-grid">
        <AgGridReact<CompareIndicator>
          theme="legacy"
          rowData={rows}
          columnDefs={columns}
          getRowId={(p) => p.data.code}
          onGridReady={(e) => {
            apiRef.current = e.api;
          }}
          tooltipShowDelay={400}
          defaultColDef={COLUMN_DEFAULTS}
          localeText={gridLocaleText(lang)}
        />
      </div>
    </section>
  );
}

// ── charts ────────────────────────────────────────────────────────────────────────────────────────────

function Charts({
  data,
  group,
  rows,
  selected,
  onSelect,
  onExport,
}: {
  data: CompareViewData;
  group: string;
  rows: CompareUnit[];
  selected: string | null;
  onSelect: (unit: string) => void;
  onExport: (name: string, bytes: Uint8Array) => Promise<void>;
}) {
  const i18n = useI18n();
  const { t, tx, lang } = i18n;
  const colours = yearColours(data.years.length);
  const span = `${data.from}-${data.to}`;
  const groupName = group ? tx(data.unitGroups.find((g) => g.code === group)?.name ?? { vi: group, en: group }) : t('allGroups');
  const slug = group ? group.toLowerCase() : 'tat-ca';
  const axisNumber = (v: number | string) => i18n.num(Number(v), 1);

  // 1. Mean score per unit group and year.
  const byGroup = useCallback((): ChartConfiguration<'bar'> => {
    const groups = data.unitGroups;
    return {
      type: 'bar',
      data: {
        labels: groups.map((g) => wrapLabel(tx(g.name), 20)),
        datasets: data.years.map((y, k) => ({
          label: String(y),
          data: groups.map((g) => data.stats[g.code]![k]!.mean),
          backgroundColor: colours[k],
        })),
      },
      options: {
        scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: t('chartMeanScore') }, ticks: { callback: axisNumber } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              title: (items) => tx(groups[items[0]!.dataIndex]!.name),
              label: (item) => {
                const s = data.stats[groups[item.dataIndex]!.code]![item.datasetIndex]!;
                return t('chartMeanTip', { year: s.year, mean: s.mean === null ? '—' : i18n.score(s.mean), median: s.median === null ? '—' : i18n.score(s.median), n: s.units });
              },
            },
          },
        },
      },
    };
  }, [data, lang]);

  // 2. Each criteria group's share of its maximum, for the unit group chosen.
  const bySection = useCallback((): ChartConfiguration<'bar'> => {
    const stats = data.stats[group] ?? data.stats['']!;
    return {
      type: 'bar',
      data: {
        labels: data.sections.map((s) => wrapLabel(`${s.code}. ${tx(s.name)}`, 18)),
        datasets: data.years.map((y, k) => ({
          label: String(y),
          data: data.sections.map((s) => {
            const v = stats[k]!.sections[s.code];
            return v === null || v === undefined ? null : Math.round(v * 10000) / 100;
          }),
          backgroundColor: colours[k],
        })),
      },
      options: {
        scales: {
          y: { beginAtZero: true, max: 100, title: { display: true, text: t('chartShareAxis') }, ticks: { callback: (v) => `${axisNumber(v)}%` } },
          x: { ticks: { autoSkip: false, maxRotation: 0 } },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : `${i18n.num(item.raw as number)}%`}` } },
        },
      },
    };
  }, [data, group, lang]);

  // 3. Distribution of the scores, per year, for the unit group chosen.
  const distribution = useCallback((): ChartConfiguration<'bar'> => {
    const stats = data.stats[group] ?? data.stats['']!;
    const labels = BINS.map((lo, i) => (i === 0 ? t('chartBinUnder', { n: BINS[1]! }) : i === BINS.length - 1 ? t('chartBinOver', { n: lo }) : `${lo}–<${BINS[i + 1]}`));
    return {
      type: 'bar',
      data: {
        labels,
        datasets: data.years.map((y, k) => ({ label: String(y), data: stats[k]!.bins, backgroundColor: colours[k] })),
      },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t('chartUnitsAxis') } },
          x: { title: { display: true, text: t('chartScoreAxis') } },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    };
  }, [data, group, lang]);

  // 4. Rank changes within the group, one bar per unit: up (positive) in green, down in red.
  const ranked = useMemo(
    () => rows.filter((u) => u.rankChange !== null).sort((a, b) => b.rankChange! - a.rankChange! || nullsLast(b.scoreChange, a.scoreChange) || a.name.localeCompare(b.name, 'vi')),
    [rows],
  );
  const rankChanges = useCallback((): ChartConfiguration<'bar'> => {
    // Symmetric around 0, so that up and down read at the same scale.
    const reach = Math.max(1, ...ranked.map((u) => Math.abs(u.rankChange!)));
    return {
      type: 'bar',
      data: {
        labels: ranked.map((u) => (group ? u.name : `${u.name} (${u.group})`)),
        datasets: [
          {
            label: t('cmpColRankChange'),
            data: ranked.map((u) => u.rankChange!),
            backgroundColor: ranked.map((u) => (u.rankChange! > 0 ? UP : u.rankChange! < 0 ? DOWN : FLAT)),
            barThickness: 12,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { min: -reach, max: reach, ticks: { precision: 0 }, title: { display: true, text: t('chartRankAxis', { from: data.from, to: data.to }) }, grid: { color: (c) => (c.tick?.value === 0 ? '#1f2933' : '#e5e7eb') } },
          y: { ticks: { autoSkip: false, font: { size: 11 } } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const u = ranked[item.dataIndex]!;
                const a = u.years[0];
                const b = u.years[u.years.length - 1];
                return t('chartRankTip', { from: a?.rank ?? '—', to: b?.rank ?? '—', change: signed(i18n, u.rankChange!, 0) });
              },
            },
          },
        },
      },
    };
  }, [ranked, data, group, lang]);

  // 5. Radar of the criteria groups for one unit across the years.
  const unit = rows.find((u) => u.unit === selected) ?? rows[0] ?? null;
  const radar = useCallback((): ChartConfiguration<'radar'> => {
    return {
      type: 'radar',
      data: {
        labels: data.sections.map((s) => wrapLabel(`${s.code}. ${tx(s.name)}`, 22)),
        datasets: data.years.map((y, k) => {
          const v = unit?.years[k];
          return {
            label: String(y),
            data: data.sections.map((s) => {
              const x = v?.groups[s.code];
              return x === null || x === undefined ? null : Math.round(x * 10000) / 100;
            }),
            borderColor: colours[k],
            backgroundColor: `${colours[k]}33`,
            pointBackgroundColor: colours[k],
            // Only the newest year filled: the earlier ones stay readable as outlines.
            fill: k === data.years.length - 1,
            spanGaps: false,
          };
        }),
      },
      options: {
        scales: { r: { min: 0, max: 100, ticks: { stepSize: 20, callback: (v) => `${v}%`, backdropColor: 'rgba(255,255,255,0.8)', z: 1 }, pointLabels: { font: { size: 11 } } } },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${item.raw === null ? '—' : `${i18n.num(item.raw as number)}%`}` } },
        },
      },
    };
  }, [data, unit, lang]);

  const meanLine = data.unitGroups
    .map((g) => `${tx(g.name)}: ${data.years.map((y, k) => `${y} ${data.stats[g.code]![k]!.mean === null ? '—' : i18n.num(data.stats[g.code]![k]!.mean!)}`).join(', ')}`)
    .join('; ');
  const up = ranked.filter((u) => u.rankChange! > 0).length;
  const down = ranked.filter((u) => u.rankChange! < 0).length;

  return (
    <div className="compare-charts">
      <ChartFigure
        id="chart-by-group"
        title={t('chartByGroupTitle', { years: data.years.join(', ') })}
        summary={t('chartByGroupSummary', { list: meanLine })}
        make={byGroup}
        height={300}
        fileName={`bieu-do-diem-theo-khoi-${span}.png`}
        onExport={onExport}
      />
      <ChartFigure
        id="chart-by-section"
        title={t('chartBySectionTitle', { group: groupName })}
        summary={t('chartBySectionSummary', { group: groupName })}
        make={bySection}
        height={300}
        fileName={`bieu-do-nhom-tieu-chi-${slug}-${span}.png`}
        onExport={onExport}
      />
      <ChartFigure
        id="chart-distribution"
        title={t('chartDistributionTitle', { group: groupName })}
        summary={t('chartDistributionSummary', { group: groupName })}
        make={distribution}
        height={300}
        fileName={`bieu-do-phan-bo-diem-${slug}-${span}.png`}
        onExport={onExport}
      />
      <ChartFigure
        id="chart-radar"
        title={t('chartRadarTitle', { unit: unit?.name ?? '' })}
        summary={t('chartRadarSummary', { unit: unit?.name ?? '' })}
        make={radar}
        height={300}
        fileName={`bieu-do-radar-${fileSafeName(unit?.name ?? 'don-vi')}-${span}.png`}
        onExport={onExport}
        controls={
          <select className="chart-unit" value={unit?.unit ?? ''} onChange={(e) => onSelect(e.target.value)} aria-label={t('chartRadarUnit')}>
            {[...rows]
              .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
              .map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.name}
                </option>
              ))}
          </select>
        }
      />
      <ChartFigure
        id="chart-rank-changes"
        className="wide"
        title={t('chartRankTitle', { group: groupName, from: data.from, to: data.to })}
        summary={t('chartRankSummary', { group: groupName, up, down, same: ranked.length - up - down })}
        make={rankChanges}
        height={Math.max(200, ranked.length * 17 + 70)}
        fileName={`bieu-do-thay-doi-thu-hang-${slug}-${span}.png`}
        onExport={onExport}
      />
    </div>
  );
}

// ── criteria changes ──────────────────────────────────────────────────────────────────────────────────

function ChangesList({ data, onExport }: { data: CompareViewData; onExport: () => void }) {
  const { t, tx } = useI18n();
  return (
    <div className="compare-changes">
      <PaneToolbar onExport={onExport}>
        <span className="small">{t('compareChangesLead')}</span>
      </PaneToolbar>
      <div className="changes-scroll" tabIndex={0} role="region" aria-label={t('compareSubChanges')}>
        {data.changes.map((set) => {
          const a = data.criteria.find((c) => c.year === set.from)!;
          const b = data.criteria.find((c) => c.year === set.to)!;
          return (
            <div key={`${set.from}-${set.to}`} className="change-set">
              <h3>
                {t('compareChangesHeading', { from: set.from, to: set.to, n: set.items.length })}{' '}
                <span className="muted small">
                  ({a.id} {a.version} → {b.id} {b.version})
                </span>
              </h3>
              {set.sameSet ? (
                <p>{t('compareSameSet')}</p>
              ) : (
                SUBJECTS.filter((s) => set.items.some((x) => x.subject === s)).map((subject) => (
                  <div key={subject} className="change-subject">
                    <h4>{t(subjectKey(subject))}</h4>
                    <ul>
                      {set.items
                        .filter((x) => x.subject === subject)
                        .map((x, i) => (
                          <li key={i}>
                            <span className={`badge criteria-badge ck-${x.kind}`}>{t(kindKey(x.kind))}</span> {tx(x.text)}
                          </li>
                        ))}
                    </ul>
                  </div>
                ))
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A table's toolbar: what the table is or how to search it, and its export to xlsx at the right. */
function PaneToolbar({ onExport, children }: { onExport: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="pane-toolbar">
      {children}
      <span className="spacer" />
      <button type="button" className="small-button" onClick={onExport}>
        {t('anExportXlsx')}
      </button>
    </div>
  );
}
