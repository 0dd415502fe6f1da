/**
 * "Biểu mẫu…": the self-assessment templates the panel sends to the units. The user picks the year, a unit
 * group or all of them, optionally one unit, and whether each unit gets its own workbook (the default: what
 * is e-mailed to each unit) or each group one workbook with a sheet per unit; the dialog says beforehand how
 * many files and under which name. The workbooks are made in the worker one at a time with progress per unit
 * (or group) and Cancel (template-run.ts), then saved where the user picks (host.exportFile): one .xlsx, or a
 * .zip of several. Nothing in the evaluation file changes; Cancel saves nothing.
 */
import './templates.css';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Host } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';
import { makeTemplates, templateFileName, templateJobs, type TemplateLayout, type TemplateRequest } from '../template-run';
import type { EngineClient } from '../worker/client';
import type { TemplatePlan } from '../worker/templates';
import { Dialog } from './Dialog';
import { Modal } from './Modal';
import { Progress, type ProgressState } from './Progress';

interface Props {
  host: Host;
  engine: EngineClient;
  /** The file's years, and the one shown in the workspace (the dialog starts on it). */
  years: readonly number[];
  year: number;
  onFailure: (e: unknown) => void;
  onClose: () => void;
}

type Phase =
  | { kind: 'choose' }
  | { kind: 'running'; state: ProgressState; cancellable: boolean }
  | { kind: 'done'; text: string };

export function TemplateExport({ host, engine, years, year: startYear, onFailure, onClose }: Props) {
  const { t, tx } = useI18n();
  const [year, setYear] = useState(startYear);
  const [plan, setPlan] = useState<TemplatePlan | null>(null);
  /** '' = every unit group. */
  const [group, setGroup] = useState('');
  /** '' = every unit of the scope. */
  const [unit, setUnit] = useState('');
  const [layout, setLayout] = useState<TemplateLayout>('per-unit');
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const run = useRef<{ cancelled: boolean } | null>(null);
  const id = useId();
  // The parent's callbacks may be new on every render: read through a ref, so they never restart the loading.
  const parent = useRef({ onFailure, onClose });
  parent.current = { onFailure, onClose };
  const fail = useCallback((e: unknown) => {
    parent.current.onFailure(e);
    parent.current.onClose();
  }, []);

  useEffect(() => {
    let stale = false;
    setPlan(null);
    engine.templatePlan(year).then(
      (p) => {
        if (stale) return;
        setPlan(p);
        // Keep the choice where the new year still has it.
        setGroup((g) => (g && p.groups.some((x) => x.code === g) ? g : ''));
        setUnit((u) => (u && p.groups.some((x) => x.units.some((y) => y.code === u)) ? u : ''));
      },
      (e) => {
        if (!stale) fail(e);
      },
    );
    return () => {
      stale = true;
    };
  }, [engine, year, fail]);

  const request = useMemo<TemplateRequest>(() => ({ year, group: group || null, unit: unit || null, layout }), [year, group, unit, layout]);
  const jobs = useMemo(() => (plan ? templateJobs(plan, request) : []), [plan, request]);
  const unitCount = jobs.reduce((n, j) => n + j.units.length, 0);
  const fileName = plan ? templateFileName(plan, request) : null;
  const scopeGroups = plan ? plan.groups.filter((g) => (group === '' || g.code === group) && g.units.length > 0) : [];
  const total = plan ? plan.groups.reduce((n, g) => n + g.units.length, 0) : 0;

  /** Cancel: the run stops before the next workbook and comes back with nothing; nothing is saved. */
  const cancel = useCallback(() => {
    if (run.current) run.current.cancelled = true;
    run.current = null;
    setPhase({ kind: 'done', text: t('tmCancelled') });
  }, [t]);

  const start = useCallback(async () => {
    if (!plan || run.current || jobs.length === 0) return;
    const r = { cancelled: false };
    run.current = r;
    const title = t('tmProgressTitle');
    const note = t('tmCancelNote');
    const groupName = (code: string) => plan.groups.find((g) => g.code === code);
    try {
      const made = await makeTemplates(engine, plan, request, {
        cancelled: () => r.cancelled,
        step: ({ job, done, total: of }) => {
          const step =
            job.units.length === 1 && (request.unit !== null || request.layout === 'per-unit')
              ? t('tmMakingUnit', { name: job.label, group: job.group })
              : t('tmMakingGroup', { group: `${job.group} – ${tx(groupName(job.group)?.name ?? { vi: '', en: '' })}`, n: job.units.length });
          setPhase({ kind: 'running', state: { title, step, done, total: of, note }, cancellable: true });
        },
      });
      if (!made || r.cancelled) return;
      setPhase({ kind: 'running', state: { title, step: t('tmSaving', { name: made.name }), done: made.workbooks, total: made.workbooks, note }, cancellable: false });
      const path = await host.exportFile(made.name, made.bytes);
      run.current = null;
      setPhase({ kind: 'done', text: path ? t('tmDone', { files: made.workbooks, units: made.units, path }) : t('tmCancelled') });
    } catch (e) {
      run.current = null;
      if (!r.cancelled) fail(e);
    }
  }, [plan, jobs, request, engine, host, t, tx, fail]);

  if (phase.kind === 'running') return <Progress state={phase.state} onCancel={phase.cancellable ? cancel : null} />;
  if (phase.kind === 'done') {
    return (
      <Dialog title={t('tmTitle')} onClose={onClose}>
        <p className="tm-result">{phase.text}</p>
      </Dialog>
    );
  }

  const oneUnit = unit !== '';
  return (
    <Modal
      title={t('tmTitle')}
      className="template-dialog"
      onEscape={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            {t('cancel')}
          </button>
          <button type="button" className="primary" disabled={jobs.length === 0} onClick={() => void start()}>
            {t('tmMake')}
          </button>
        </>
      }
    >
      {plan && <p className="muted tm-intro">{t('tmIntro', { criteria: `${plan.criteria.id} ${plan.criteria.version}` })}</p>}
      <div className="tm-fields">
        <div className="tm-field">
          <label htmlFor={`${id}-year`}>{t('tmYear')}</label>
          <select id={`${id}-year`} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="tm-field">
          <label htmlFor={`${id}-group`}>{t('tmGroup')}</label>
          <select
            id={`${id}-group`}
            value={group}
            disabled={!plan}
            onChange={(e) => {
              setGroup(e.target.value);
              setUnit('');
            }}
          >
            <option value="">{t('tmAllGroups', { n: total })}</option>
            {plan?.groups.map((g) => (
              <option key={g.code} value={g.code} disabled={g.units.length === 0}>
                {t('tmGroupOption', { code: g.code, name: tx(g.name), n: g.units.length })}
              </option>
            ))}
          </select>
        </div>
        <div className="tm-field">
          <label htmlFor={`${id}-unit`}>{t('tmUnit')}</label>
          <select id={`${id}-unit`} value={unit} disabled={!plan} onChange={(e) => setUnit(e.target.value)}>
            <option value="">{t('tmAllUnits', { n: scopeGroups.reduce((n, g) => n + g.units.length, 0) })}</option>
            {scopeGroups.map((g) =>
              group === '' ? (
                <optgroup key={g.code} label={`${g.code} – ${tx(g.name)}`}>
                  {g.units.map((u) => (
                    <option key={u.code} value={u.code}>
                      {u.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                g.units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}
                  </option>
                ))
              ),
            )}
          </select>
        </div>
      </div>
      <fieldset className="tm-layout" disabled={oneUnit || !plan}>
        <legend>{t('tmLayout')}</legend>
        {oneUnit ? (
          <p className="muted small">{t('tmOneUnit')}</p>
        ) : (
          <>
            <label>
              <input type="radio" name="tm-layout" value="per-unit" checked={layout === 'per-unit'} onChange={() => setLayout('per-unit')} />
              <span>
                <strong>{t('tmPerUnit')}</strong>
                <span className="muted small">{t('tmPerUnitHelp')}</span>
              </span>
            </label>
            <label>
              <input type="radio" name="tm-layout" value="per-group" checked={layout === 'per-group'} onChange={() => setLayout('per-group')} />
              <span>
                <strong>{t('tmPerGroup')}</strong>
                <span className="muted small">{t('tmPerGroupHelp')}</span>
              </span>
            </label>
          </>
        )}
      </fieldset>
      {plan && plan.outside.length > 0 && (
        <p className="form-message warn">
          {t('tmOutside', { n: plan.outside.length, year, list: plan.outside.map((u) => `${u.name} (${u.group})`).join(', ') })}
        </p>
      )}
      {plan && (
        <p className={`form-message ${jobs.length ? 'ok' : 'warn'} tm-summary`} role="status">
          {jobs.length ? t('tmSummary', { files: jobs.length, units: unitCount, name: fileName ?? '' }) : t('tmNoUnits', { year })}
        </p>
      )}
    </Modal>
  );
}
