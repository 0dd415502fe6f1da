/**
 * "Điều chỉnh đề xuất…": choose another reward proposal for one unit (a proposal of the criteria, or none),
 * with a written reason; or remove an override, with a reason too. The evaluation file validates, audits and
 * refuses (a final year, no reason): its message is shown here and nothing changes.
 */
import { asFailure } from '../failure';
import { useState } from 'react';
import type { HostFailure } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';
import type { Labelled, RankingRow } from '../worker/results-protocol';
import { ErrorBox } from './ErrorBox';
import { Modal } from './Modal';

const NONE = '__none__';

interface Props {
  row: RankingRow;
  proposals: Labelled[];
  /** The score as the grid shows it (two decimals, the current language). */
  score: string;
  onSave: (proposal: string | null, reason: string) => Promise<void>;
  onClear: (reason: string) => Promise<void>;
  onClose: () => void;
}

export function OverrideDialog({ row, proposals, score, onSave, onClear, onClose }: Props) {
  const { t, tx } = useI18n();
  const [choice, setChoice] = useState<string>(row.override ? (row.proposal?.code ?? NONE) : '');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<HostFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const label = (p: Labelled | null) => (p ? tx(p.label) : t('rkNoProposal'));
  const computed = row.computedProposal?.code ?? NONE;

  const run = async (action: () => Promise<void>) => {
    if (!reason.trim()) {
      setProblem(t('fnNeedReason'));
      document.getElementById('override-reason')?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    setFailure(null);
    try {
      await action();
    } catch (e) {
      setFailure(asFailure(e));
      setBusy(false);
    }
  };

  const save = () => {
    if (choice === '') {
      document.getElementById('override-choice')?.focus();
      return;
    }
    void run(() => onSave(choice === NONE ? null : choice, reason.trim()));
  };

  return (
    <Modal
      title={t('ovTitle')}
      className="override-dialog"
      onEscape={busy ? undefined : onClose}
      actions={
        <>
          {row.override && (
            <button type="button" className="danger-link" disabled={busy} onClick={() => void run(() => onClear(reason.trim()))} title={t('ovClearHelp')}>
              {t('ovClear')}
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={onClose} disabled={busy}>
            {t('cancel')}
          </button>
          <button type="button" className="primary" onClick={save} disabled={busy || choice === ''}>
            {t('ovSave')}
          </button>
        </>
      }
    >
      <p className="ov-unit">
        <strong>{t('ovUnit', { name: row.name, code: row.unit, group: row.group, rank: row.rankLabel, score, band: tx(row.band.label) })}</strong>
      </p>
      <dl className="ov-facts">
        <dt>{t('ovComputed')}</dt>
        <dd>{label(row.computedProposal)}</dd>
        {row.override && (
          <>
            <dt>{t('ovCurrent')}</dt>
            <dd>
              {label(row.proposal)}
              <div className="muted small">{t('rkReason', { reason: row.override.reason })}</div>
            </dd>
          </>
        )}
      </dl>
      <div className="form-field">
        <label htmlFor="override-choice">{t('ovChoose')}</label>
        <select id="override-choice" value={choice} onChange={(e) => setChoice(e.target.value)} disabled={busy}>
          <option value="" disabled>
            —
          </option>
          {proposals.map((p) => (
            <option key={p.code} value={p.code}>
              {tx(p.label)}
            </option>
          ))}
          <option value={NONE}>{t('rkNoProposal')}</option>
        </select>
        {choice !== '' && choice === computed && !row.override && <p className="muted small">{t('ovSameAsRules')}</p>}
      </div>
      <div className={`form-field${problem ? ' has-problem' : ''}`}>
        <label htmlFor="override-reason">{t('ovReason')}</label>
        <textarea
          id="override-reason"
          rows={3}
          value={reason}
          placeholder={t('ovReasonPlaceholder')}
          onChange={(e) => {
            setReason(e.target.value);
            if (e.target.value.trim()) setProblem(null);
          }}
          disabled={busy}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'override-reason-problem' : undefined}
        />
        {problem && (
          <p className="field-problem" id="override-reason-problem">
            {problem}
          </p>
        )}
        {row.override && <p className="muted small">{t('ovClearHelp')}</p>}
      </div>
      {failure && <ErrorBox failure={failure} />}
    </Modal>
  );
}
