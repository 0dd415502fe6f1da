/**
 * "Chỉ tiêu kế hoạch": the plan's targets (shared/results/targets.ts) for each year of the file, side by side.
 * Per target: the plan clause and the year the plan wants it by; per year the value against the target with a
 * progress bar (and the year's step, where the criteria set one), whether it is reached, how it is aggregated
 * in words, and the units holding it back, each a button to that unit in the evidence-entry tab.
 */
import { useCallback, useState } from 'react';
import { useWorkerAnswer } from './use-worker-answer';
import type { Host } from '../../../shared/host/contract';
import type { TargetJson, TargetsJson, UnitTargetJson } from '../../../shared/results/targets';
import { useI18n, type I18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { TargetsViewData } from '../worker/analysis';
import './analysis.css';

interface Props {
  engine: EngineClient;
  host: Host;
  years: readonly number[];
  version: number;
  onFailure: (e: unknown) => void;
  onOpenUnit: (year: number, unit: string) => void;
}

const pct = (i18n: I18n, x: number | null | undefined, decimals = 2) => (x === null || x === undefined ? '—' : `${i18n.num(x * 100, decimals)}%`);

export function TargetsView({ engine, host, years, version, onFailure, onOpenUnit }: Props) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [data, setData] = useState<TargetsViewData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const yearsKey = years.join(',');

  useWorkerAnswer(() => engine.targetsView(yearsKey ? yearsKey.split(',').map(Number) : []), setData, onFailure, [engine, yearsKey, version, onFailure]);

  const exportXlsx = useCallback(async () => {
    if (!data) return;
    try {
      const bytes = await engine.targetsXlsx(data.years, lang);
      const where = await host.exportFile(`chi-tieu-ke-hoach-${data.years.join('-')}.xlsx`, bytes);
      if (where) setNotice(where);
    } catch (e) {
      onFailure(e);
    }
  }, [data, engine, host, lang, onFailure, t]);

  if (!data) return <div className="analysis targets-view" />;
  if (data.years.length === 0) return <p className="pad">{t('noYears')}</p>;
  const keys = data.perYear[0]!.targets.map((x) => x.key);
  const columns = { gridTemplateColumns: `minmax(260px, 330px) repeat(${data.years.length}, minmax(0, 1fr))` };

  return (
    <div className="analysis targets-view">
      <div className="analysis-toolbar">
        <h2>{t('targetsTitle')}</h2>
        <span className="muted small targets-lead">{t('targetsLead')}</span>
        <span className="spacer" />
        <button type="button" className="small-button" onClick={() => void exportXlsx()}>
          {t('anExportXlsx')}
        </button>
      </div>
      {notice && (
        <p className="analysis-notice" role="status">
          {t('anExportedTo', { name: notice })}{' '}
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            {t('close')}
          </button>
        </p>
      )}
      <div className="targets-scroll">
        <div className="targets-table" role="table" aria-label={t('targetsTitle')}>
          <div className="targets-row targets-header" role="row" style={columns}>
            <div role="columnheader">{t('targetsColTarget')}</div>
            {data.years.map((y) => (
              <div key={y} role="columnheader">
                {t('year')} {y}
              </div>
            ))}
          </div>
          {keys.map((key) => {
            const def = data.perYear.map((d) => d.targets.find((x) => x.key === key)!);
            const first = def.find((d) => d.measured) ?? def[0]!;
            return (
              <div key={key} className="targets-row" role="row" style={columns} data-target={key}>
                <div role="rowheader" className="target-def">
                  <strong className="target-label">{i18n.tx(first.label)}</strong>
                  <span className="target-meta">
                    {t('targetsClause', { clause: first.clause })}
                    {' · '}
                    {first.target === null ? t('targetsNoNumber') : t('targetsGoal', { target: pct(i18n, first.target, 0), year: first.targetYear })}
                  </span>
                  {first.measured && <span className="target-how">{i18n.tx(first.aggregation)}</span>}
                </div>
                {def.map((x, k) => (
                  <TargetCell key={data.years[k]} target={x} doc={data.perYear[k]!} stepReached={data.stepReached[k]?.[x.key] ?? null} onOpenUnit={onOpenUnit} />
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function TargetCell({
  target: x,
  doc,
  stepReached,
  onOpenUnit,
}: {
  target: TargetJson;
  doc: TargetsJson;
  stepReached: boolean | null;
  onOpenUnit: (year: number, unit: string) => void;
}) {
  const i18n = useI18n();
  const { t, tx } = i18n;
  if (!x.measured) {
    return (
      <div role="cell" className="target-cell unmeasured">
        <span className="badge target-badge none">{t('targetsNotMeasured')}</span>
        <span className="muted small">{x.note ? tx(x.note) : ''}</span>
      </div>
    );
  }
  const value = x.value ?? 0;
  const badge = x.reached === null ? ['none', t('targetsNoLevel')] : x.reached ? ['ok', t('targetsReached')] : ['bad', t('targetsNotReached')];
  const unit = x.measure === 'people' ? t('targetsPeople') : t('targetsUnits');
  const width = `${Math.min(100, Math.max(0, value * 100))}%`;
  return (
    <div role="cell" className="target-cell">
      <div className="target-value-line">
        <span className="target-value">{pct(i18n, x.value)}</span>
        <span className={`badge target-badge ${badge[0]}`}>{badge[1]}</span>
      </div>
      <div
        className="target-bar"
        role="img"
        aria-label={t('targetsBarLabel', { value: pct(i18n, x.value), target: x.target === null ? '—' : pct(i18n, x.target, 0) })}
      >
        <span className={`fill${x.reached ? ' reached' : ''}`} style={{ width }} />
        {x.yearTarget !== null && <span className="marker year-step" style={{ left: `${x.yearTarget * 100}%` }} title={t('targetsYearStep', { year: doc.year, target: pct(i18n, x.yearTarget, 0) })} />}
        {x.target !== null && x.target < 1 && <span className="marker goal" style={{ left: `${x.target * 100}%` }} title={t('targetsGoal', { target: pct(i18n, x.target, 0), year: x.targetYear })} />}
      </div>
      <div className="target-legend small">
        {x.target !== null && <span>{t('targetsGoal', { target: pct(i18n, x.target, 0), year: x.targetYear })}</span>}
        {x.yearTarget !== null && (
          <span className="year-step-label">
            {t('targetsYearStep', { year: doc.year, target: pct(i18n, x.yearTarget, 0) })}
            {stepReached !== null && ` (${stepReached ? t('targetsStepReached') : t('targetsStepNotReached')})`}
          </span>
        )}
        {x.gap !== null && <span>{t('targetsGap', { gap: pct(i18n, x.gap) })}</span>}
      </div>
      <div className="target-figures small">
        {i18n.num(x.numerator)}/{i18n.num(x.denominator)} {unit} ·{' '}
        {t('targetsCounts', { applicable: x.units.applicable, panel: x.units.fromPanel, self: x.units.fromSelf, missing: x.units.missing })}
      </div>
      {x.heldBackBy.length > 0 ? (
        <details className="held-back">
          <summary>{t('targetsHeldBack', { n: x.heldBackBy.length })}</summary>
          <ul>
            {x.heldBackBy.map((u) => (
              <li key={u.unit}>
                <button type="button" className="link-button held-unit" onClick={() => onOpenUnit(doc.year, u.unit)} title={t('targetsOpenUnit', { year: doc.year })}>
                  {u.name}
                </button>{' '}
                <span className="muted small">{heldLine(i18n, u, x.measure)}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="small muted held-none">{t('targetsNoneHeldBack')}</p>
      )}
    </div>
  );
}

function heldLine(i18n: I18n, u: UnitTargetJson, measure: 'units' | 'people'): string {
  const { t } = i18n;
  if (u.status === 'missing') return `${u.group} · ${t('targetsNoFigures')}`;
  if (measure === 'units') return `${u.group} · ${u.value === 0 ? t('targetsUnitNotMet') : t('targetsUnitPartly', { value: pct(i18n, u.value, 0) })}`;
  return `${u.group} · ${pct(i18n, u.value)} (${i18n.num(u.numerator ?? 0)}/${i18n.num(u.denominator ?? 0)})${u.shortfall ? ` · ${t('targetsShortfall', { n: i18n.num(u.shortfall, 0) })}` : ''}`;
}
