/**
 * The units screen ("Đơn vị"): every unit of the file with its khối, the years it is evaluated, its
 * predecessors and its entries; add a unit, edit its name and khối, stop evaluating it from a year and
 * evaluate it again, record the units merged into it. The worker validates (every message names the field)
 * and the file audits each change.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import './units-merge.css';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { FileSummary, UnitField, UnitInput, UnitProblem, UnitRow, UnitsView as UnitsData } from '../worker/protocol';

interface Props {
  engine: EngineClient;
  /** Bumped when the file changes elsewhere. */
  version: number;
  /** Start with the form for a new unit (the empty file's "Thêm đơn vị…"). */
  startAdding?: boolean;
  onChanged: (summary: FileSummary) => void;
  onFailure: (e: unknown) => void;
}

interface Form {
  mode: 'add' | 'edit';
  code: string;
  name: string;
  group: string;
  activeFrom: string;
  activeTo: string;
  predecessors: string[];
  reason: string;
}

const EMPTY: Form = { mode: 'add', code: '', name: '', group: '', activeFrom: '', activeTo: '', predecessors: [], reason: '' };

const formOf = (u: UnitRow): Form => ({
  mode: 'edit',
  code: u.code,
  name: u.name,
  group: u.group,
  activeFrom: u.activeFrom === null ? '' : String(u.activeFrom),
  activeTo: u.activeTo === null ? '' : String(u.activeTo),
  predecessors: [...u.predecessors],
  reason: '',
});

const yearOf = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim()));

type Message = { kind: 'ok' | 'bad' | 'warn'; text: string; list?: string[] } | null;

export function UnitsView({ engine, version, startAdding, onChanged, onFailure }: Props) {
  const { t, tx } = useI18n();
  const [data, setData] = useState<UnitsData | null>(null);
  const [form, setForm] = useState<Form | null>(startAdding ? EMPTY : null);
  const [problems, setProblems] = useState<UnitProblem[]>([]);
  const [warnings, setWarnings] = useState<UnitProblem[]>([]);
  /** What was last sent and came back with warnings: "Vẫn lưu" sends exactly that again. */
  const pending = useRef<{ input: UnitInput; mode: 'add' | 'edit' } | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [query, setQuery] = useState('');
  const [groupFilter, setGroupFilter] = useState('');
  const [predQuery, setPredQuery] = useState('');
  const [stopYear, setStopYear] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      setData(await engine.unitsView());
    } catch (e) {
      onFailure(e);
    }
  }, [engine, onFailure]);

  useEffect(() => {
    void load();
  }, [load, version]);

  /** Bumped each time a form opens: a new unit's form puts the cursor in its code. */
  const [opened, setOpened] = useState(startAdding ? 1 : 0);
  const addingNow = form?.mode === 'add';
  useEffect(() => {
    if (opened && addingNow) codeInput.current?.focus();
  }, [opened, addingNow]);

  const groupName = useMemo(() => new Map((data?.groups ?? []).map((g) => [g.code, tx(g.name)])), [data, tx]);
  const latestYear = data?.years.at(-1) ?? new Date().getFullYear();

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase('vi');
    return (data?.units ?? []).filter((u) => (!groupFilter || u.group === groupFilter) && (!q || u.code.toLocaleLowerCase('vi').includes(q) || u.name.toLocaleLowerCase('vi').includes(q)));
  }, [data, query, groupFilter]);

  const selectedRow = form?.mode === 'edit' ? data?.units.find((u) => u.code === form.code) : undefined;

  const open = (next: Form | null) => {
    setForm(next);
    setOpened((n) => n + 1);
    setProblems([]);
    setWarnings([]);
    setMessage(null);
    setPredQuery('');
    setStopYear(null);
    pending.current = null;
  };

  const submit = async (input: UnitInput, mode: 'add' | 'edit', confirmed: boolean) => {
    setBusy(true);
    try {
      const r = await engine.saveUnit(input, mode, confirmed);
      if (r.ok) {
        pending.current = null;
        setProblems([]);
        setWarnings([]);
        setMessage({ kind: 'ok', text: r.change === 'unchanged' ? t('unitUnchanged') : t(mode === 'add' ? 'unitAdded' : 'unitSaved', { code: r.unit.code }) });
        setForm(formOf(r.unit));
        if (r.change !== 'unchanged') onChanged(r.summary);
        await load();
      } else {
        setProblems(r.problems);
        setWarnings(r.problems.length ? [] : r.warnings);
        pending.current = r.problems.length ? null : { input, mode };
        // Refusals are said under their fields (the box above only counts them); warnings, with the button
        // that confirms them, in the box.
        setMessage(r.problems.length ? { kind: 'bad', text: t('unitRefused', { n: new Set(r.problems.map((p) => p.field)).size }) } : { kind: 'warn', text: t('unitWarnings'), list: r.warnings.map((p) => tx(p.message)) });
        const first = r.problems[0]?.field;
        if (first === 'code') codeInput.current?.focus();
        else if (first === 'name') nameInput.current?.focus();
      }
    } catch (e) {
      onFailure(e);
    } finally {
      setBusy(false);
    }
  };

  const inputOf = (f: Form, over: Partial<UnitInput> = {}): UnitInput => ({
    code: f.code,
    name: f.name,
    group: f.group,
    activeFrom: yearOf(f.activeFrom),
    activeTo: yearOf(f.activeTo),
    predecessors: f.predecessors,
    reason: f.reason,
    ...over,
  });

  const save = () => {
    if (form) void submit(inputOf(form), form.mode, false);
  };

  /** Deactivating and reactivating change only the years of the unit as saved (not unsaved edits in the form). */
  const setActiveTo = (activeTo: number | null) => {
    if (!selectedRow || !form) return;
    const saved = formOf(selectedRow);
    void submit(inputOf({ ...saved, reason: form.reason }, { activeTo }), 'edit', false);
  };

  const problemsOf = (field: UnitField) => problems.filter((p) => p.field === field);
  const fieldNotes = (field: UnitField) => (
    <>
      {problemsOf(field).map((p, i) => (
        <span key={`p${i}`} className="field-problem" id={i === 0 ? `unit-${field}-problem` : undefined}>
          {tx(p.message)}
        </span>
      ))}
    </>
  );
  const fieldClass = (field: UnitField) => `form-field${problemsOf(field).length ? ' has-problem' : warnings.some((w) => w.field === field) ? ' has-warning' : ''}`;
  const describedBy = (field: UnitField, help?: string) => [problemsOf(field).length ? `unit-${field}-problem` : '', help ?? ''].filter(Boolean).join(' ') || undefined;

  const status = (u: UnitRow) =>
    u.activeTo !== null && u.activeTo < latestYear + 1 ? (
      <span className="pill pill-inactive">{t('unitStoppedFrom', { year: u.activeTo + 1 })}</span>
    ) : u.activeFrom !== null && u.activeFrom > latestYear ? (
      <span className="pill pill-inactive">{t('unitStartsIn', { year: u.activeFrom })}</span>
    ) : (
      <span className="pill pill-active">{t('unitActive')}</span>
    );

  const predChoices = useMemo(() => {
    const q = predQuery.trim().toLocaleLowerCase('vi');
    return (data?.units ?? []).filter((u) => u.code !== form?.code && (!q || u.code.toLocaleLowerCase('vi').includes(q) || u.name.toLocaleLowerCase('vi').includes(q)));
  }, [data, predQuery, form?.code]);
  const nameOfUnit = useMemo(() => new Map((data?.units ?? []).map((u) => [u.code, u.name])), [data]);

  const stopChoices = useMemo(() => {
    if (!selectedRow) return [];
    const years = new Set([...(data?.years ?? []), latestYear + 1]);
    return [...years].filter((y) => selectedRow.activeFrom === null || y > selectedRow.activeFrom).sort((a, b) => a - b);
  }, [selectedRow, data, latestYear]);

  return (
    <div className="units-view">
      <section className="units-table-pane" aria-label={t('unitsTitle')}>
        <div className="units-toolbar">
          <h2>
            {t('unitsTitle')}
            <span className="count">{t('unitsCount', { n: data?.units.length ?? 0 })}</span>
          </h2>
          <div className="spacer" />
          <select value={groupFilter} onChange={(e) => setGroupFilter(e.target.value)} aria-label={t('allGroups')}>
            <option value="">{t('allGroups')}</option>
            {(data?.groups ?? []).map((g) => (
              <option key={g.code} value={g.code}>
                {tx(g.name)}
              </option>
            ))}
          </select>
          <input type="search" placeholder={t('searchUnits')} aria-label={t('searchUnits')} value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="button" className="primary" onClick={() => open({ ...EMPTY })}>
            {t('addUnit')}
          </button>
        </div>
        <div className="table-scroll">
          <table className="data units-table">
            <thead>
              <tr>
                <th>{t('colCode')}</th>
                <th>{t('fieldName')}</th>
                <th>{t('colGroup')}</th>
                <th className="num">{t('colFrom')}</th>
                <th className="num">{t('colTo')}</th>
                <th>{t('colPredecessors')}</th>
                <th>{t('colEntries')}</th>
                <th>{t('colUnitStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => {
                const inactive = u.activeTo !== null && u.activeTo < latestYear + 1;
                return (
                  <tr
                    key={u.code}
                    data-code={u.code}
                    className={`${form?.mode === 'edit' && form.code === u.code ? 'selected' : ''}${inactive ? ' inactive' : ''}`}
                    onClick={() => open(formOf(u))}
                  >
                    <td className="code">
                      <button type="button" className="row-button" aria-label={t('editUnitNamed', { code: u.code, name: u.name })} onClick={(e) => (e.stopPropagation(), open(formOf(u)))}>
                        {u.code}
                      </button>
                    </td>
                    <td>{u.name}</td>
                    <td title={u.group}>{groupName.get(u.group) ?? u.group}</td>
                    <td className="num">{u.activeFrom ?? '—'}</td>
                    <td className="num">{u.activeTo ?? '—'}</td>
                    <td>{u.predecessors.length ? u.predecessors.join(', ') : '—'}</td>
                    <td className="small">{u.entries.length ? u.entries.map((e) => `${e.year}: ${e.count}`).join(' · ') : <span className="muted">{t('entriesNone')}</span>}</td>
                    <td>{status(u)}</td>
                  </tr>
                );
              })}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">
                    {data && data.units.length === 0 ? t('noUnitsInFile') : t('noUnitsMatch')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <aside className="unit-editor" aria-label={form ? (form.mode === 'add' ? t('unitFormAdd') : t('unitFormEdit', { code: form.code })) : t('unitsTitle')}>
        {!form ? (
          <p className="muted">{t('selectUnitToEdit')}</p>
        ) : (
          <>
            <section>
              <h3>{form.mode === 'add' ? t('unitFormAdd') : t('unitFormEdit', { code: form.code })}</h3>
              {selectedRow && (
                <div className="unit-status" role="group" aria-label={t('deactivateTitle')}>
                  {selectedRow.activeTo === null ? (
                    <>
                      {status(selectedRow)}
                      <label htmlFor="unit-stop-year">{t('deactivateFrom')}</label>
                      <select id="unit-stop-year" value={stopYear ?? stopChoices.at(-1) ?? ''} onChange={(e) => setStopYear(Number(e.target.value))}>
                        {stopChoices.map((y) => (
                          <option key={y} value={y}>
                            {y}
                          </option>
                        ))}
                      </select>
                      <button type="button" disabled={busy || stopChoices.length === 0} onClick={() => setActiveTo((stopYear ?? stopChoices.at(-1) ?? latestYear + 1) - 1)}>
                        {t('deactivate')}
                      </button>
                    </>
                  ) : (
                    <>
                      {status(selectedRow)}
                      <span>{t('inactiveNote', { year: selectedRow.activeTo + 1 })}</span>
                      <button type="button" disabled={busy} onClick={() => setActiveTo(null)}>
                        {t('reactivate')}
                      </button>
                    </>
                  )}
                  {selectedRow.successors.length > 0 && <span className="muted small successors">{t('successorsNote', { list: selectedRow.successors.join(', ') })}</span>}
                </div>
              )}
              {message && (
                <div className={`form-message ${message.kind}`} role={message.kind === 'ok' ? 'status' : 'alert'}>
                  {message.text}
                  {message.list && (
                    <ul>
                      {message.list.map((m, i) => (
                        <li key={i}>{m}</li>
                      ))}
                    </ul>
                  )}
                  {message.kind === 'warn' && pending.current && (
                    <div className="form-actions">
                      <button type="button" className="primary" disabled={busy} onClick={() => pending.current && void submit(pending.current.input, pending.current.mode, true)}>
                        {t('confirmSave')}
                      </button>
                      <button type="button" onClick={() => (setMessage(null), setWarnings([]), (pending.current = null))}>
                        {t('cancel')}
                      </button>
                    </div>
                  )}
                </div>
              )}
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  save();
                }}
              >
                <div className={fieldClass('code')}>
                  <label htmlFor="unit-code">{t('fieldCode')}</label>
                  <input
                    id="unit-code"
                    ref={codeInput}
                    type="text"
                    value={form.code}
                    disabled={form.mode === 'edit'}
                    aria-invalid={problemsOf('code').length > 0}
                    aria-describedby={describedBy('code', form.mode === 'edit' ? 'unit-code-help' : undefined)}
                    onChange={(e) => setForm({ ...form, code: e.target.value })}
                    autoComplete="off"
                  />
                  {form.mode === 'edit' && <span id="unit-code-help">{t('codeFixedHelp')}</span>}
                  {fieldNotes('code')}
                </div>
                <div className={fieldClass('name')}>
                  <label htmlFor="unit-name">{t('fieldName')}</label>
                  <input id="unit-name" ref={nameInput} type="text" value={form.name} aria-invalid={problemsOf('name').length > 0} aria-describedby={describedBy('name')} onChange={(e) => setForm({ ...form, name: e.target.value })} autoComplete="off" />
                  {fieldNotes('name')}
                </div>
                <div className={fieldClass('group')}>
                  <label htmlFor="unit-group">{t('fieldGroup')}</label>
                  <select id="unit-group" value={form.group} aria-invalid={problemsOf('group').length > 0} aria-describedby={describedBy('group')} onChange={(e) => setForm({ ...form, group: e.target.value })}>
                    <option value="">{t('chooseGroup')}</option>
                    {(data?.groups ?? []).map((g) => (
                      <option key={g.code} value={g.code}>
                        {tx(g.name)} ({g.code})
                      </option>
                    ))}
                    {form.group && !groupName.has(form.group) && <option value={form.group}>{form.group}</option>}
                  </select>
                  {fieldNotes('group')}
                </div>
                <div className="form-row">
                  <div className={fieldClass('activeFrom')}>
                    <label htmlFor="unit-from">{t('fieldFrom')}</label>
                    <input id="unit-from" type="number" inputMode="numeric" min={2000} max={2100} placeholder={t('yearOpenStart')} value={form.activeFrom} aria-invalid={problemsOf('activeFrom').length > 0} aria-describedby={describedBy('activeFrom')} onChange={(e) => setForm({ ...form, activeFrom: e.target.value })} />
                    {fieldNotes('activeFrom')}
                  </div>
                  <div className={fieldClass('activeTo')}>
                    <label htmlFor="unit-to">{t('fieldTo')}</label>
                    <input id="unit-to" type="number" inputMode="numeric" min={2000} max={2100} placeholder={t('yearOpenEnd')} value={form.activeTo} aria-invalid={problemsOf('activeTo').length > 0} aria-describedby={describedBy('activeTo')} onChange={(e) => setForm({ ...form, activeTo: e.target.value })} />
                    {fieldNotes('activeTo')}
                  </div>
                </div>
                <div className={fieldClass('predecessors')} role="group" aria-labelledby="unit-preds-label">
                  <span id="unit-preds-label">{t('fieldPredecessors')}</span>
                  <div className="chips" aria-live="polite">
                    {form.predecessors.length === 0 ? (
                      <span className="muted">{t('noPredecessors')}</span>
                    ) : (
                      form.predecessors.map((p) => (
                        <span key={p} className="pill" title={nameOfUnit.get(p) ?? p}>
                          {p}
                        </span>
                      ))
                    )}
                  </div>
                  <input type="search" placeholder={t('searchUnits')} aria-label={t('searchPredecessors')} value={predQuery} onChange={(e) => setPredQuery(e.target.value)} />
                  <div className="pick-list">
                    {predChoices.map((u) => (
                      <label key={u.code}>
                        <input
                          type="checkbox"
                          checked={form.predecessors.includes(u.code)}
                          onChange={(e) => setForm({ ...form, predecessors: e.target.checked ? [...form.predecessors, u.code] : form.predecessors.filter((x) => x !== u.code) })}
                        />
                        <span>
                          <strong>{u.code}</strong> {u.name}
                        </span>
                      </label>
                    ))}
                    {predChoices.length === 0 && <span className="muted">{t('noUnitsMatch')}</span>}
                  </div>
                  <span id="unit-preds-help">{t('predecessorsHelp')}</span>
                  {fieldNotes('predecessors')}
                </div>
                <div className="form-field">
                  <label htmlFor="unit-reason">{t('fieldReason')}</label>
                  <input id="unit-reason" type="text" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} autoComplete="off" />
                </div>
                <div className="form-actions">
                  <button type="submit" className="primary" disabled={busy}>
                    {form.mode === 'add' ? t('addUnit') : t('saveUnit')}
                  </button>
                  <button type="button" onClick={() => open(selectedRow ? formOf(selectedRow) : null)}>
                    {t('cancel')}
                  </button>
                </div>
              </form>
            </section>
          </>
        )}
      </aside>
    </div>
  );
}
