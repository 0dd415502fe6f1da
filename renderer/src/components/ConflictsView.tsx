/**
 * Merge conflicts ("Xung đột"): for each, the unit, indicator and person, and both versions of the entry side
 * by side (values, the points they give, evidence, explanation, note, documents, when each was last changed,
 * which file the other came from). The secretary keeps one version with a written reason; until then the
 * open file's version stays in use and nothing is overwritten. Settled conflicts stay listed with the decision.
 */
import { asFailure } from '../failure';
import { useCallback, useEffect, useMemo, useState } from 'react';
import './units-merge.css';
import type { Lang } from '../../../shared/i18n/text';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { ConflictVersion, ConflictView, FileSummary } from '../worker/protocol';

interface Props {
  engine: EngineClient;
  version: number;
  onResolved: (summary: FileSummary) => void;
  onFailure: (e: unknown) => void;
}

/** dd/mm/yyyy hh:mm in local time. */
export function dateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  // The same order in both languages (as the engine's dates); only the word around it changes.
  void lang;
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function ConflictsView({ engine, version, onResolved, onFailure }: Props) {
  const { t, tx, num, lang } = useI18n();
  const [list, setList] = useState<ConflictView[] | null>(null);
  const [filter, setFilter] = useState<'open' | 'resolved'>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const [choice, setChoice] = useState<'master' | 'other' | null>(null);
  const [reason, setReason] = useState('');
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setList(await engine.conflicts(false));
    } catch (e) {
      onFailure(e);
    }
  }, [engine, onFailure]);
  useEffect(() => {
    void load();
  }, [load, version]);

  const open = useMemo(() => (list ?? []).filter((c) => !c.resolution), [list]);
  const resolved = useMemo(() => (list ?? []).filter((c) => c.resolution), [list]);
  const shown = filter === 'open' ? open : resolved;
  const current = shown.find((c) => c.id === selected) ?? shown[0] ?? null;

  const pick = (id: string) => {
    setSelected(id);
    setChoice(null);
    setReason('');
    setFormProblem(null);
  };

  const resolve = async () => {
    if (!current) return;
    if (!choice) return setFormProblem(t('needChoice'));
    if (!reason.trim()) return setFormProblem(t('needReason'));
    setBusy(true);
    try {
      const r = await engine.resolveConflict(current.id, choice, reason.trim());
      setList(r.conflicts);
      onResolved(r.summary);
      const stillOpen = r.conflicts.filter((c) => !c.resolution);
      const next = stillOpen.find((c) => c.id !== current.id) ?? null;
      setStatus(t('conflictSettled', { n: stillOpen.length }));
      setSelected(next?.id ?? null);
      setChoice(null);
      setReason('');
      setFormProblem(null);
    } catch (e) {
      const text = tx(asFailure(e).text);
      setFormProblem(text);
    } finally {
      setBusy(false);
    }
  };

  const dash = (s: string) => (s.trim() ? s : '—');
  const valueRows = (c: ConflictView) => {
    const labels: { key: string; label: string }[] = [];
    for (const v of [...c.master.values, ...c.other.values]) if (!labels.some((l) => l.key === v.label.vi)) labels.push({ key: v.label.vi, label: tx(v.label) });
    const at = (version: ConflictVersion, key: string) => {
      const v = version.values.find((x) => x.label.vi === key);
      return v ? tx(v.value) : '—';
    };
    return labels.map((l) => ({ label: l.label, master: at(c.master, l.key), other: at(c.other, l.key), differs: at(c.master, l.key) !== at(c.other, l.key) }));
  };

  const chosen = (c: ConflictView, side: 'master' | 'other') => (c.resolution ? c.resolution.choice === side : choice === side);
  const cellClass = (c: ConflictView, side: 'master' | 'other') => (chosen(c, side) ? 'chosen' : undefined);

  return (
    <div className="conflicts-view">
      <nav className="conflict-list" aria-label={t('conflictsTitle')}>
        <div className="filters" role="group" aria-label={t('conflictsTitle')}>
          <button type="button" aria-pressed={filter === 'open'} onClick={() => setFilter('open')}>
            {t('conflictsOpen', { n: open.length })}
          </button>
          <button type="button" aria-pressed={filter === 'resolved'} onClick={() => setFilter('resolved')}>
            {t('conflictsResolved', { n: resolved.length })}
          </button>
        </div>
        <ul>
          {shown.map((c) => (
            <li key={c.id}>
              <button type="button" className={`conflict-item${current?.id === c.id ? ' selected' : ''}`} aria-current={current?.id === c.id} onClick={() => pick(c.id)}>
                <span className="line1">
                  {c.unit} {c.unitName}
                </span>
                <br />
                <span className="line2">{t('conflictItemLine', { code: c.indicator, who: tx(c.whoName), year: c.year })}</span>
                <br />
                <span className="line2">{t('conflictFrom', { name: c.sourceName })}</span>
              </button>
            </li>
          ))}
          {list && shown.length === 0 && <li className="muted pad">{filter === 'open' ? t('conflictsNone') : t('conflictsNoneResolved')}</li>}
        </ul>
      </nav>
      <section className="conflict-detail" aria-label={current ? `${current.indicator} ${current.unitName}` : t('conflictsTitle')}>
        {status && (
          <div className="form-message ok" role="status">
            {status}
          </div>
        )}
        {!current ? (
          <p className="muted">{list === null ? t('loading') : t('conflictsNone')}</p>
        ) : (
          <>
            <h2>
              {current.indicator}. {tx(current.indicatorName)}
            </h2>
            <p className="sub">
              {t('conflictSub', {
                unit: `${current.unit} ${current.unitName}`,
                who: tx(current.whoName),
                year: current.year,
                at: dateTime(current.detectedAt, lang),
              })}
            </p>
            <table className="compare">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t('conflictField')}</span>
                  </th>
                  <th scope="col" className={cellClass(current, 'master')}>
                    {current.resolution ? (
                      t('versionMaster')
                    ) : (
                      <label className="choice">
                        <input type="radio" name="keep" value="master" checked={choice === 'master'} onChange={() => (setChoice('master'), setFormProblem(null))} />
                        {t('keepMaster')}
                      </label>
                    )}
                    <div className="muted small">{current.resolution ? t(current.resolution.choice === 'master' ? 'versionChosen' : 'versionNotChosen') : t('versionMasterNote')}</div>
                  </th>
                  <th scope="col" className={cellClass(current, 'other')}>
                    {current.resolution ? (
                      t('versionOther', { name: current.sourceName })
                    ) : (
                      <label className="choice">
                        <input type="radio" name="keep" value="other" checked={choice === 'other'} onChange={() => (setChoice('other'), setFormProblem(null))} />
                        {t('keepOther', { name: current.sourceName })}
                      </label>
                    )}
                    <div className="muted small">{current.resolution ? t(current.resolution.choice === 'other' ? 'versionChosen' : 'versionNotChosen') : t('versionOtherNote')}</div>
                  </th>
                </tr>
              </thead>
              <tbody>
                {valueRows(current).map((r) => (
                  <tr key={r.label} className={r.differs ? 'differs' : undefined}>
                    <th scope="row">{r.label}</th>
                    <td className={cellClass(current, 'master')}>
                      <span className="big">{r.master}</span>
                    </td>
                    <td className={cellClass(current, 'other')}>
                      <span className="big">{r.other}</span>
                    </td>
                  </tr>
                ))}
                {current.kind === 'consensus' ? (
                  <>
                    <tr className={current.differs.note ? 'differs' : undefined}>
                      <th scope="row">{t('consensusReason')}</th>
                      <td className={cellClass(current, 'master')}>{dash(current.master.note)}</td>
                      <td className={cellClass(current, 'other')}>{dash(current.other.note)}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t('consensusSetBy')}</th>
                      <td className={cellClass(current, 'master')}>{current.master.by ?? '—'}</td>
                      <td className={cellClass(current, 'other')}>{current.other.by ?? '—'}</td>
                    </tr>
                    <tr>
                      <th scope="row">{t('consensusSetAt')}</th>
                      <td className={cellClass(current, 'master')}>{dateTime(current.master.updatedAt, lang)}</td>
                      <td className={cellClass(current, 'other')}>{dateTime(current.other.updatedAt, lang)}</td>
                    </tr>
                  </>
                ) : (
                  <>
                    <tr className={current.master.points !== current.other.points ? 'differs' : undefined}>
                      <th scope="row">{t('colEntryPoints')}</th>
                      {(['master', 'other'] as const).map((side) => {
                        const p = current[side].points;
                        return (
                          <td key={side} className={cellClass(current, side)}>
                            {p === null ? t('status_not_applicable') : current.max !== null ? `${num(p)} / ${num(current.max)}` : num(p)}
                          </td>
                        );
                      })}
                    </tr>
                    {(
                      [
                        ['evidence', t('colEvidence'), (v: ConflictVersion) => dash(v.evidence)],
                        ['attachments', t('colAttachments'), (v: ConflictVersion) => (v.attachments.length ? v.attachments.map((a) => a.name).join('; ') : '—')],
                        ['explanation', t('colExplanation'), (v: ConflictVersion) => dash(v.explanation)],
                        ['accepted', t('colAccepted'), (v: ConflictVersion) => (v.accepted ? t('yes') : t('no'))],
                        ['note', t('colNote'), (v: ConflictVersion) => dash(v.note)],
                      ] as const
                    ).map(([key, label, show]) => (
                      <tr key={key} className={current.differs[key] ? 'differs' : undefined}>
                        <th scope="row">{label}</th>
                        <td className={cellClass(current, 'master')}>{show(current.master)}</td>
                        <td className={cellClass(current, 'other')}>{show(current.other)}</td>
                      </tr>
                    ))}
                    <tr>
                      <th scope="row">{t('lastChanged')}</th>
                      <td className={cellClass(current, 'master')}>{dateTime(current.master.updatedAt, lang)}</td>
                      <td className={cellClass(current, 'other')}>{dateTime(current.other.updatedAt, lang)}</td>
                    </tr>
                  </>
                )}
              </tbody>
            </table>
            {current.resolution ? (
              <div className="resolution">
                {t('resolvedLine', {
                  which: current.resolution.choice === 'master' ? t('whichMaster') : t('whichOther', { name: current.sourceName }),
                  by: current.resolution.by,
                  at: dateTime(current.resolution.at, lang),
                })}
                <br />
                <strong>{t('reasonShort')}:</strong> {current.resolution.reason}
              </div>
            ) : (
              <form
                className="resolve-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void resolve();
                }}
              >
                <label className={`form-field${formProblem && !reason.trim() && choice ? ' has-problem' : ''}`}>
                  <span>{t('reasonLabel')}</span>
                  <textarea value={reason} placeholder={t('reasonPlaceholder')} onChange={(e) => (setReason(e.target.value), setFormProblem(null))} rows={2} />
                </label>
                {formProblem && (
                  <p className="field-problem" role="alert">
                    {formProblem}
                  </p>
                )}
                <div className="form-actions">
                  <button type="submit" className="primary" disabled={busy}>
                    {t('resolveConflict')}
                  </button>
                  <span className="muted small">{t('resolveHelp')}</span>
                </div>
              </form>
            )}
          </>
        )}
      </section>
    </div>
  );
}
