/**
 * The evidence grid: one row per indicator (and bonus/deduction item) of the chosen unit, as the chosen
 * person entered it. Typed editors per rule (lists for choices and yes/no, dates typed day first, text for numbers),
 * nothing written by the grid itself (readOnlyEdit): every edit goes to the worker, which validates it and
 * answers with the new row or a message, so an invalid value is never stored. Keyboard first; a block
 * pasted from Excel is applied cell by cell. A finalised year is shown read only: a banner says why, no cell
 * opens an editor, and a try to edit or paste is answered with the evaluation file's own refusal.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  type CellEditRequestEvent,
  type CellDoubleClickedEvent,
  type CellFocusedEvent,
  type CellKeyDownEvent,
  type FullWidthCellKeyDownEvent,
  type ColDef,
  type GridApi,
  type GridReadyEvent,
  type ICellRendererParams,
  type RowHeightParams,
  type ValueFormatterParams,
} from 'ag-grid-community';
import { gridLocaleText } from './grid-modules';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';
import { formatIsoDate } from '../../../shared/i18n/text';
import { whenIdle } from '../idle';
import { useI18n, type I18n } from '../i18n/i18n';
import type { EditableField, InputInfo, SheetRow } from '../worker/protocol';


export interface EditRequest {
  unit: string;
  code: string;
  field: EditableField;
  value: string;
}

type EditOutcome = { ok: true } | { ok: false; message: { vi: string; en: string } };

interface Props {
  rows: SheetRow[];
  onEdit: (req: EditRequest) => Promise<EditOutcome>;
  onAttach: (row: SheetRow, files: File[]) => void;
  onOpenAttachment: (sha256: string, name: string) => void;
  onFocusRow?: (row: SheetRow) => void;
  /** The year is final: the banner to show, and the file's sentence refusing any change. */
  lock?: { banner: string; refusal: { vi: string; en: string } } | null;
}

interface Notice {
  id: number;
  where: string;
  message: string;
}

/** Document references and explanations can be long: the large editor's default cut at 200 characters would lose text. */
const LONG_TEXT = { cellEditor: 'agLargeTextCellEditor', cellEditorPopup: true, cellEditorParams: { maxLength: 4000, rows: 6, cols: 60 } } as const;

const EDITABLE: Record<string, EditableField> = {
  v1: 'v1',
  v2: 'v2',
  evidence: 'evidence',
  explanation: 'explanation',
  accepted: 'accepted',
  note: 'note',
};

/** A paste's refusals listed under its report; the rest are counted. */
const MAX_PASTE_REFUSALS = 8;

/** Re-rendered only when its rows, lock or callbacks change, not on every render of the workspace (saving state, unit list, score). */
export const EntryGrid = memo(function EntryGrid({ rows, onEdit, onAttach, onOpenAttachment, onFocusRow, lock = null }: Props) {
  const readOnly = lock !== null;
  const i18n = useI18n();
  const { t, lang } = i18n;
  const api = useRef<GridApi<SheetRow> | null>(null);
  const [section, setSection] = useState('');
  // The grid's first paint draws the rows in view only; the rows just beyond (AG Grid's usual buffer, ready
  // for scrolling) follow once the page is idle. Drawing them with the first paint cost ~90 ms of the start
  // on two cores (npm run bench:ui, start: autoHeight measures every cell of every row drawn).
  const [rowBuffer, setRowBuffer] = useState(0);
  useEffect(() => {
    const later = whenIdle(() => setRowBuffer(ROW_BUFFER), ROW_BUFFER_WITHIN_MS);
    return () => later.cancel();
  }, []);
  const [status, setStatus] = useState('');
  const [notices, setNotices] = useState<Notice[]>([]);
  const noticeId = useRef(0);

  const notify = useCallback((where: string, message: string) => {
    const id = ++noticeId.current;
    setNotices((n) => [...n.slice(-4), { id, where, message }]);
  }, []);

  const visible = useMemo(
    () =>
      rows.filter(
        (r) =>
          (!section || r.section === section) &&
          (!status || (status === 'disagreement' ? r.disagreement : r.status === status)),
      ),
    [rows, section, status],
  );

  /** One cell's value to the worker; a refusal goes to `report` (a paste's own list) or straight to the notices. */
  const submit = useCallback(
    async (row: SheetRow, colId: string, raw: unknown, report: (where: string, message: string) => void = notify) => {
      const field = EDITABLE[colId];
      if (!field) return false;
      const value = toRaw(row, field, raw, i18n);
      const r = await onEdit({ unit: row.unit, code: row.code, field, value });
      if (!r.ok) report(`${row.code} · ${headerOf(colId, t)}`, `${t('refused')} “${String(raw ?? '')}”: ${r.message[lang]}`);
      return r.ok;
    },
    [onEdit, notify, i18n, t, lang],
  );

  const onCellEditRequest = useCallback(
    (e: CellEditRequestEvent<SheetRow>) => {
      if (e.data) void submit(e.data, e.colDef.colId ?? e.colDef.field ?? '', e.newValue);
    },
    [submit],
  );

  /** A rectangular block copied from Excel (tab-separated), applied from the focused cell, each cell validated. */
  const onPaste = useCallback(
    async (e: React.ClipboardEvent) => {
      const grid = api.current;
      const focused = grid?.getFocusedCell();
      if (!grid || !focused || grid.getEditingCells().length > 0) return;
      const data = e.clipboardData.getData('text/plain');
      if (!data) return;
      e.preventDefault();
      if (lock) {
        notify(t('pasteReport', { applied: 0, refused: data.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').reduce((n, l) => n + l.split('\t').length, 0) }), lock.refusal[lang]);
        return;
      }
      const lines = data.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').map((l) => l.split('\t'));
      const columns = grid.getAllDisplayedColumns();
      const startCol = columns.findIndex((c) => c.getColId() === focused.column.getColId());
      let applied = 0;
      let refused = 0;
      // This paste's refusals, shown together under its report when it ends (another paste or a typed edit
      // meanwhile reports its own).
      const listed: Notice[] = [];
      const report = (where: string, message: string) => listed.push({ id: ++noticeId.current, where, message });
      try {
        for (let r = 0; r < lines.length; r++) {
          const node = grid.getDisplayedRowAtIndex(focused.rowIndex + r);
          if (!node?.data) break;
          for (let c = 0; c < lines[r]!.length; c++) {
            const col = columns[startCol + c];
            if (!col) break;
            const colId = col.getColId();
            const def = col.getColDef();
            const editable = typeof def.editable === 'function' ? def.editable({ data: node.data } as never) : def.editable;
            const value = lines[r]![c]!;
            if (!editable || !EDITABLE[colId]) {
              // A blank copied over a computed column (ratio, points, status) changes nothing and is no refusal.
              if (value.trim() !== '') {
                refused++;
                report(`${node.data.code} · ${col.getColDef().headerName ?? colId}`, t('notEditable'));
              }
              continue;
            }
            // Each cell against the row as it is now (an earlier cell of the block may have changed it).
            const current = grid.getRowNode(node.data.id)?.data ?? node.data;
            if (await submit(current, colId, value, report)) applied++;
            else refused++;
          }
        }
      } finally {
        // The report first, then what it counts as refused (the first few, and how many more).
        const shown = listed.slice(0, MAX_PASTE_REFUSALS);
        const more = listed.length - shown.length;
        const id = () => ++noticeId.current;
        setNotices([
          { id: id(), where: '', message: t('pasteReport', { applied, refused }) },
          ...shown,
          ...(more > 0 ? [{ id: id(), where: '', message: t('pasteMore', { n: more }) }] : []),
        ]);
      }
    },
    [submit, notify, t, lock, lang],
  );

  const columnDefs = useMemo<ColDef<SheetRow>[]>(
    () => [
      { colId: 'code', field: 'code', headerName: t('colCode'), width: 72, pinned: 'left', cellClass: 'code-cell' },
      {
        colId: 'name',
        headerName: t('colIndicator'),
        valueGetter: (p) => (p.data ? p.data.name[lang] : ''),
        width: 196,
        pinned: 'left',
        wrapText: true,
        autoHeight: true,
        cellClass: 'name-cell',
        tooltipValueGetter: (p) => (p.data ? p.data.name[lang] : ''),
      },
      valueColumn(0, 'v1', t('colValue1'), i18n, readOnly),
      valueColumn(1, 'v2', t('colValue2'), i18n, readOnly),
      {
        colId: 'ratio',
        headerName: t('colRatio'),
        width: 84,
        type: 'rightAligned',
        valueGetter: (p) => p.data?.ratio ?? null,
        valueFormatter: (p: ValueFormatterParams<SheetRow, number | null>) => (p.value === null || p.value === undefined ? '' : `${i18n.num(p.value)}%`),
      },
      {
        colId: 'points',
        headerName: t('colPoints'),
        width: 96,
        type: 'rightAligned',
        valueGetter: (p) => p.data?.points ?? 0,
        valueFormatter: (p) => (p.data ? `${i18n.num(p.data.points)}/${i18n.num(p.data.max)}` : ''),
        tooltipValueGetter: (p) => (p.data ? p.data.explanationText[lang] : ''),
        cellClass: 'points-cell',
      },
      {
        colId: 'status',
        headerName: t('colStatus'),
        width: 130,
        cellRenderer: StatusCell,
        tooltipValueGetter: (p) => (p.data ? p.data.explanationText[lang] : ''),
      },
      { colId: 'evidence', field: 'evidence', headerName: t('colEvidence'), width: 180, editable: !readOnly, ...LONG_TEXT, tooltipField: 'evidence' },
      {
        colId: 'attachments',
        headerName: t('colAttachments'),
        width: 170,
        cellRenderer: AttachmentsCell,
        cellRendererParams: { onAttach, onOpenAttachment, readOnly },
        autoHeight: true,
      },
      { colId: 'explanation', field: 'explanation', headerName: t('colExplanation'), width: 160, editable: !readOnly, ...LONG_TEXT, tooltipField: 'explanation' },
      {
        colId: 'accepted',
        headerName: t('colAccepted'),
        width: 96,
        editable: !readOnly,
        valueGetter: (p) => (p.data?.accepted ? t('yes') : t('no')),
        cellEditor: 'agSelectCellEditor',
        cellEditorParams: { values: [t('yes'), t('no')] },
      },
      { colId: 'note', field: 'note', headerName: t('colNote'), width: 140, editable: !readOnly, ...LONG_TEXT, tooltipField: 'note' },
    ],
    [t, lang, i18n, onAttach, onOpenAttachment, readOnly],
  );

  /** A try to edit a final year (typing, Enter, F2, Delete, a double click): the file's refusal, at once. */
  const refuseLocked = useCallback(
    (row: SheetRow | undefined, colId: string | undefined) => {
      if (!lock || !row || !colId || (!EDITABLE[colId] && colId !== 'attachments')) return;
      notify(`${row.code} · ${colId === 'attachments' ? t('colAttachments') : headerOf(colId, t)}`, `${t('refused')}: ${lock.refusal[lang]}`);
    },
    [lock, notify, t, lang],
  );

  const onGridReady = useCallback((e: GridReadyEvent<SheetRow>) => {
    api.current = e.api;
  }, []);

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<SheetRow>) => {
      if (e.rowIndex === null || e.rowIndex === undefined) return;
      const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
      if (node?.data && onFocusRow) onFocusRow(node.data);
    },
    [onFocusRow],
  );

  const onCellDoubleClicked = useCallback((e: CellDoubleClickedEvent<SheetRow>) => refuseLocked(e.data, e.colDef.colId), [refuseLocked]);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<SheetRow> | FullWidthCellKeyDownEvent<SheetRow>) => {
      const ev = e.event as KeyboardEvent | null | undefined;
      const key = ev?.key;
      if (readOnly && 'colDef' in e && key && !ev?.ctrlKey && !ev?.metaKey && !ev?.altKey && (key.length === 1 || ['Enter', 'F2', 'Delete', 'Backspace'].includes(key))) {
        refuseLocked(e.data, e.colDef.colId);
        return;
      }
      if ('colDef' in e && e.colDef.colId === 'attachments' && (key === 'Enter' || key === ' ')) {
        // Keyboard first: the attachments cell opens the file picker like its button does.
        const input = (e.event?.target as HTMLElement | null)?.querySelector<HTMLInputElement>('input[type=file]');
        input?.click();
      }
    },
    [readOnly, refuseLocked],
  );


  const sections = useMemo(() => [...new Set(rows.map((r) => r.section))], [rows]);

  return (
    <div className="entry-grid">
      <div className="grid-filters">
        <label className="field">
          <span>{t('filterSection')}</span>
          <select value={section} onChange={(e) => setSection(e.target.value)}>
            <option value="">{t('allSections')}</option>
            {sections.map((s) => (
              <option key={s} value={s}>
                {s === '+' ? t('bonusSection') : s === '−' ? t('deductionSection') : s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('filterStatus')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('allStatuses')}</option>
            {(['missing', 'no_evidence', 'not_applicable', 'ok', 'disagreement'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {lock && (
        <div className="readonly-banner" role="status">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
            <path d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4zm1.5 0h5V5a2.5 2.5 0 0 0-5 0v2z" fill="currentColor" />
          </svg>
          <span>{lock.banner}</span>
        </div>
      )}
      {notices.length > 0 && (
        // The alert role on a wrapper, not on the list: a list keeps its items (axe: listitem).
        <div role="alert">
          <ul className="notices">
            {notices.map((n) => (
              <li key={n.id}>
                {n.where && <strong>{n.where}: </strong>}
                {n.message}
              </li>
            ))}
            <li>
              <button type="button" className="link-button" onClick={() => setNotices([])}>
                {t('close')}
              </button>
            </li>
          </ul>
        </div>
      )}
      <div className="ag-theme-quartz grid-host" data-row-buffer={rowBuffer} onPaste={(e) => void onPaste(e)}>
        <AgGridReact<SheetRow>
          theme="legacy"
          rowData={visible}
          columnDefs={columnDefs}
          getRowId={rowIdOf}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          onGridReady={onGridReady}
          onCellFocused={onCellFocused}
          onCellDoubleClicked={onCellDoubleClicked}
          onCellKeyDown={onCellKeyDown}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVerticallyAfterEdit
          tooltipShowDelay={400}
          rowClassRules={ROW_CLASS_RULES}
          getRowHeight={lang === 'vi' ? ROW_HEIGHT_VI : ROW_HEIGHT_EN}
          localeText={gridLocaleText(lang)}
          rowBuffer={rowBuffer}
        />
      </div>
    </div>
  );
});

/** Rows drawn beyond the visible ones once the first paint is done (AG Grid's default), and how long that may wait. */
const ROW_BUFFER = 10;
const ROW_BUFFER_WITHIN_MS = 700;

/**
 * A row's height until AG Grid has measured it (the name and a choice's label size it, autoHeight): the
 * indicator's name wrapped word by word as the browser will, measured in the grid's font across the name
 * column's text width, 18 px a line. A close guess keeps the first paint from jumping when the measured
 * heights arrive (with AG Grid's default of 42 px every row grew by one to three lines at once).
 */
const NAME_TEXT_WIDTH = 196 - 2 * 16 - 2;
let measure: CanvasRenderingContext2D | null | undefined;
/** Lines per name, measured once: the grid asks again for every row it updates (each edit). */
const linesOf = new Map<string, number>();
function nameLines(name: string): number {
  let lines = linesOf.get(name);
  if (lines === undefined) {
    lines = wrappedLines(name);
    linesOf.set(name, lines);
  }
  return lines;
}
function wrappedLines(name: string): number {
  if (measure === undefined) {
    measure = document.createElement('canvas').getContext('2d');
    if (measure) measure.font = `14px ${getComputedStyle(document.body).fontFamily}`;
  }
  if (!measure) return Math.max(1, Math.ceil(name.length / 22));
  const space = measure.measureText(' ').width;
  let lines = 1;
  let used = 0;
  for (const word of name.split(/\s+/)) {
    const w = measure.measureText(word).width;
    if (used > 0 && used + space + w > NAME_TEXT_WIDTH) {
      lines++;
      used = w;
    } else used += (used > 0 ? space : 0) + w;
  }
  return lines;
}
const estimatedRowHeight = (lang: 'vi' | 'en') => (p: RowHeightParams<SheetRow>) => (p.data ? nameLines(p.data.name[lang]) * 18 + 11 : undefined);
const ROW_HEIGHT_VI = estimatedRowHeight('vi');
const ROW_HEIGHT_EN = estimatedRowHeight('en');

// The grid's options that do not depend on the component's state, defined once: AgGridReact compares its
// props on every render and applies each one that changed (a new function or object literal counts), and a
// new columnDefs rebuilds every column and cell.
const rowIdOf = (p: { data: SheetRow }): string => p.data.id;
const ROW_CLASS_RULES = {
  'row-disagreement': (p: { data?: SheetRow }) => !!p.data?.disagreement,
  'row-section-bonus': (p: { data?: SheetRow }) => p.data?.section === '+' || p.data?.section === '−',
};

function headerOf(colId: string, t: I18n['t']): string {
  const map: Record<string, Parameters<I18n['t']>[0]> = {
    v1: 'colValue1',
    v2: 'colValue2',
    evidence: 'colEvidence',
    explanation: 'colExplanation',
    accepted: 'colAccepted',
    note: 'colNote',
  };
  return map[colId] ? t(map[colId]!) : colId;
}

/** A value column for the n-th input of each row, with the editor its kind needs. */
function valueColumn(index: number, colId: 'v1' | 'v2', header: string, i18n: I18n, readOnly = false): ColDef<SheetRow> {
  const input = (row: SheetRow | undefined): InputInfo | undefined => row?.inputs[index];
  return {
    colId,
    headerName: header,
    width: index === 0 ? 118 : 104,
    // A choice's label in full ("Đã gửi kế hoạch và dự toán"), on as many lines as the row has (the indicator's
    // name sets its height), rather than cut to "Đã gửi kế …".
    wrapText: true,
    // A choice (always the first input) may need more lines than the indicator's name: the row grows to it.
    autoHeight: index === 0,
    editable: (p) => !readOnly && !!input(p.data),
    valueGetter: (p) => (p.data ? displayValue(p.data, index, i18n) : ''),
    valueFormatter: (p) => {
      // A list editor formats its options without row data: show them as they are.
      if (!p.data) return String(p.value ?? '');
      const inp = input(p.data);
      if (!inp) return '';
      const v = String(p.value ?? '');
      if ((inp.kind === 'count' || inp.kind === 'scale') && v !== '') return i18n.num(Number(v));
      return v;
    },
    cellClassRules: { 'cell-empty-input': (p) => !!input(p.data) && (p.value === '' || p.value === null), 'cell-no-input': (p) => !input(p.data) },
    tooltipValueGetter: (p) => {
      const inp = input(p.data);
      if (!inp) return '';
      const what = inp.label ? i18n.tx(inp.label) : inputHint(inp, i18n);
      const chosen = p.data && inp.kind === 'choice' ? displayValue(p.data, index, i18n) : '';
      return chosen ? `${what}: ${chosen}` : what;
    },
    cellEditorSelector: (p) => {
      const inp = input(p.data);
      if (!inp) return undefined;
      if (inp.kind === 'yesno') return { component: 'agSelectCellEditor', params: { values: ['', i18n.t('yes'), i18n.t('no')] } };
      if (inp.kind === 'choice') {
        const labels = inp.options.map((o) => i18n.tx(o.label));
        // The list as wide as its longest option (AG Grid makes it as wide as the cell, cutting the options).
        const width = Math.min(420, Math.max(index === 0 ? 118 : 104, Math.ceil(Math.max(...labels.map((l) => l.length)) * 7.5) + 28));
        return { component: 'agSelectCellEditor', params: { values: ['', ...labels], valueListMaxWidth: width } };
      }
      // Dates are typed as text, day first: the browser's own date input follows the system's locale (often
      // month first on an English Windows) and could store 03/04 as 4 March. The worker reads dd/mm/yyyy.
      if (inp.kind === 'date') return { component: 'agTextCellEditor', params: { maxLength: 10 } };
      return { component: 'agTextCellEditor' };
    },
  };
}

function inputHint(inp: InputInfo, i18n: I18n): string {
  return inp.kind === 'scale' ? `0–${i18n.num(inp.max ?? 0)}` : inp.kind;
}

/** What the cell shows and what its editor starts from: labels for yes/no and choices, dd/mm/yyyy for dates, the number as typed. */
function displayValue(row: SheetRow, index: number, i18n: I18n): string {
  const inp = row.inputs[index];
  const raw = index === 0 ? row.v1 : row.v2;
  if (!inp || raw === '') return '';
  if (inp.kind === 'yesno') return raw === '1' ? i18n.t('yes') : i18n.t('no');
  if (inp.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(raw)) return formatIsoDate(raw);
  if (inp.kind === 'choice') {
    const o = inp.options.find((x) => x.code === raw);
    return o ? i18n.tx(o.label) : raw;
  }
  return raw;
}

/** An editor's or a paste's value back to the raw form the worker validates (labels → codes). */
function toRaw(row: SheetRow, field: EditableField, value: unknown, i18n: I18n): string {
  const s = value === null || value === undefined ? '' : String(value).trim();
  if (field === 'accepted') return s === i18n.t('yes') || /^(1|có|yes|x|true)$/i.test(s) ? '1' : '0';
  if (field !== 'v1' && field !== 'v2') return s;
  const inp = row.inputs[field === 'v1' ? 0 : 1];
  if (!inp) return s;
  if (inp.kind === 'yesno') {
    if (s === i18n.t('yes')) return '1';
    if (s === i18n.t('no')) return '0';
  }
  if (inp.kind === 'choice') {
    const o = inp.options.find((x) => x.label.vi === s || x.label.en === s || x.code === s);
    if (o) return o.code;
  }
  return s;
}

function StatusCell(p: ICellRendererParams<SheetRow>) {
  const { t } = useI18n();
  if (!p.data) return null;
  return (
    <span className="status-cell">
      <span className={`badge badge-${p.data.status}`}>{t(`status_${p.data.status}`)}</span>
      {p.data.disagreement && <span className="badge badge-disagreement">{t('status_disagreement')}</span>}
    </span>
  );
}

function AttachmentsCell(
  p: ICellRendererParams<SheetRow> & { onAttach: Props['onAttach']; onOpenAttachment: Props['onOpenAttachment']; readOnly?: boolean },
) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const row = p.data;
  if (!row) return null;
  return (
    <div
      className={`attachments-cell${over ? ' drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!p.readOnly) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length && !p.readOnly) p.onAttach(row, files);
      }}
      title={p.readOnly ? undefined : t('dropHere')}
    >
      {row.attachments.map((a) => (
        <button key={a.sha256} type="button" className="chip" onClick={() => p.onOpenAttachment(a.sha256, a.name)}>
          {a.name}
        </button>
      ))}
      {!p.readOnly && (
        <button type="button" className="link-button small" onClick={() => input.current?.click()}>
          {t('attach')}
        </button>
      )}
      <input
        ref={input}
        type="file"
        hidden
        multiple
        accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods"
        aria-label={t('attach')}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) p.onAttach(row, files);
        }}
      />
    </div>
  );
}
