/**
 * The top of the rankings: whether the year's results are a draft ("DỰ THẢO") or final ("ĐÃ CHỐT ngày … bởi
 * …"), the results' fingerprint (short; in full on hover, and copied with one click), the criteria version,
 * and the chair's actions: finalise (a confirmation; the file refuses while merge conflicts are open, and its
 * message is shown), reopen (a written reason), and the history of both.
 */
import { asFailure } from '../failure';
import { useState, type ReactNode } from 'react';
import type { HostFailure } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';
import type { RankingsView } from '../worker/results-protocol';
import { Dialog } from './Dialog';
import { ErrorBox } from './ErrorBox';
import { Modal } from './Modal';

interface Props {
  view: RankingsView;
  /** Suggested name of the person finalising or reopening (the chair, else whoever uses the app). */
  person: string;
  onFinalise: (by: string) => Promise<void>;
  onReopen: (reason: string, by: string) => Promise<void>;
  /** Buttons shown at the right of the bar (export). */
  children?: ReactNode;
}

const short = (fp: string) => fp.slice(0, 12);

export function FinalisationBar({ view, person, onFinalise, onReopen, children }: Props) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<null | 'finalise' | 'reopen' | 'history'>(null);
  const [copied, setCopied] = useState(false);
  const f = view.finalisation;
  const fp = f && view.matchesFinal ? f.fingerprint : view.fingerprint;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(fp);
    } catch {
      // No clipboard permission: select the text so that Ctrl+C copies it.
      const el = document.getElementById('results-fingerprint');
      if (el) window.getSelection()?.selectAllChildren(el);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };

  return (
    <div className={`finalisation-bar ${f ? 'is-final' : 'is-draft'}`}>
      <div className="fin-status">
        {f ? (
          <>
            <span className="fin-badge final">{t('fnFinal')}</span>
            <span className="fin-line">{t('fnFinalLine', { date: f.date, by: f.by })}</span>
          </>
        ) : (
          <>
            <span className="fin-badge draft">{t('fnDraft')}</span>
            <span className="fin-line">{t('fnDraftLine', { year: view.year })}</span>
          </>
        )}
      </div>
      <div className="fin-facts">
        <span className="fin-fp" title={t('fnFingerprintTitle', { fp })}>
          {t('fnFingerprint')}:{' '}
          <code id="results-fingerprint" data-full={fp}>
            {short(fp)}…
          </code>
        </span>
        <button type="button" className="link-button small" onClick={() => void copy()} aria-label={`${t('fnCopy')} ${t('fnFingerprint').toLowerCase()}`}>
          {copied ? t('fnCopied') : t('fnCopy')}
        </button>
      </div>
      {f && !view.matchesFinal && <p className="fin-mismatch small">{t('fnMismatch')}</p>}
      <div className="fin-actions">
        <button type="button" className="link-button small" onClick={() => setDialog('history')}>
          {t('fnHistory', { n: view.history.length })}
        </button>
        {f ? (
          <button type="button" onClick={() => setDialog('reopen')}>
            {t('fnReopen')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => setDialog('finalise')} disabled={view.rows.length === 0}>
            {t('fnFinalise')}
          </button>
        )}
        {children}
      </div>
      {dialog === 'finalise' && <FinaliseDialog view={view} person={person} onConfirm={onFinalise} onClose={() => setDialog(null)} />}
      {dialog === 'reopen' && <ReopenDialog view={view} person={person} onConfirm={onReopen} onClose={() => setDialog(null)} />}
      {dialog === 'history' && <HistoryDialog view={view} onClose={() => setDialog(null)} />}
    </div>
  );
}

function FinaliseDialog({ view, person, onConfirm, onClose }: { view: RankingsView; person: string; onConfirm: Props['onFinalise']; onClose: () => void }) {
  const { t } = useI18n();
  const [by, setBy] = useState(person);
  const [problem, setProblem] = useState<string | null>(null);
  const validate = () => {
    setProblem(by.trim() ? null : t('fnNeedName'));
    return !!by.trim();
  };
  return (
    <ConfirmDialog
      title={t('fnConfirmTitle', { year: view.year })}
      className="finalise-dialog"
      confirmLabel={t('fnConfirm')}
      validate={validate}
      action={() => onConfirm(by.trim())}
      onClose={onClose}
    >
      {(busy) => (
        <>
          <p>{t('fnConfirmText', { year: view.year })}</p>
          <p className="small">
            {t('fnCriteria', { id: view.criteria.id, version: view.criteria.version })} · {t('fnFingerprint')}: <code className="fp-full">{view.fingerprint}</code>
          </p>
          {view.openConflicts > 0 && <p className="form-message warn">{t('fnConfirmConflicts', { year: view.year, n: view.openConflicts })}</p>}
          <div className={`form-field${problem ? ' has-problem' : ''}`}>
            <label htmlFor="finalise-by">{t('fnBy')}</label>
            <input id="finalise-by" type="text" value={by} onChange={(e) => setBy(e.target.value)} disabled={busy} maxLength={200} />
            {problem && <p className="field-problem">{problem}</p>}
          </div>
        </>
      )}
    </ConfirmDialog>
  );
}

function ReopenDialog({ view, person, onConfirm, onClose }: { view: RankingsView; person: string; onConfirm: Props['onReopen']; onClose: () => void }) {
  const { t } = useI18n();
  const [by, setBy] = useState(person);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ field: 'by' | 'reason'; text: string } | null>(null);
  const validate = () => {
    const found = !reason.trim() ? { field: 'reason' as const, text: t('fnNeedReason') } : !by.trim() ? { field: 'by' as const, text: t('fnNeedName') } : null;
    setProblem(found);
    return found === null;
  };
  return (
    <ConfirmDialog
      title={t('fnReopenTitle', { year: view.year })}
      className="reopen-dialog"
      confirmLabel={t('fnReopenConfirm')}
      validate={validate}
      action={() => onConfirm(reason.trim(), by.trim())}
      onClose={onClose}
    >
      {(busy) => (
        <>
          <p>{t('fnReopenText', { year: view.year })}</p>
          <div className={`form-field${problem?.field === 'reason' ? ' has-problem' : ''}`}>
            <label htmlFor="reopen-reason">{t('fnReopenReason')}</label>
            <textarea id="reopen-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} disabled={busy} placeholder={t('ovReasonPlaceholder')} />
            {problem?.field === 'reason' && <p className="field-problem">{problem.text}</p>}
          </div>
          <div className={`form-field${problem?.field === 'by' ? ' has-problem' : ''}`}>
            <label htmlFor="reopen-by">{t('fnReopenBy')}</label>
            <input id="reopen-by" type="text" value={by} onChange={(e) => setBy(e.target.value)} disabled={busy} maxLength={200} />
            {problem?.field === 'by' && <p className="field-problem">{problem.text}</p>}
          </div>
        </>
      )}
    </ConfirmDialog>
  );
}

/**
 * A dialog that asks before a change of the year's state: Cancel and the action, both off while the action
 * runs (and Escape with them); the file's refusal shown inside it, the dialog staying open to try again.
 */
function ConfirmDialog({
  title,
  className,
  confirmLabel,
  validate,
  action,
  onClose,
  children,
}: {
  title: string;
  className: string;
  confirmLabel: string;
  /** Checks the fields and shows what is missing; false stops here. */
  validate: () => boolean;
  action: () => Promise<unknown>;
  onClose: () => void;
  children: (busy: boolean) => ReactNode;
}) {
  const { t } = useI18n();
  const [failure, setFailure] = useState<HostFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (!validate()) return;
    setBusy(true);
    setFailure(null);
    try {
      await action();
      onClose();
    } catch (e) {
      setFailure(asFailure(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      className={className}
      onEscape={busy ? undefined : onClose}
      actions={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            {t('cancel')}
          </button>
          <button type="button" className="primary" onClick={() => void confirm()} disabled={busy}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children(busy)}
      {failure && <ErrorBox failure={failure} />}
    </Modal>
  );
}

function HistoryDialog({ view, onClose }: { view: RankingsView; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Dialog title={t('fnHistoryTitle', { year: view.year })} onClose={onClose}>
      {view.history.length === 0 ? (
        <p>{t('fnHistoryEmpty')}</p>
      ) : (
        <table className="data fin-history">
          <thead>
            <tr>
              <th scope="col">{t('fnColWhen')}</th>
              <th scope="col">{t('fnColAction')}</th>
              <th scope="col">{t('fnColWho')}</th>
              <th scope="col">{t('fnFingerprint')}</th>
              <th scope="col">{t('reasonShort')}</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) => (
              <tr key={h.seq} className={`fin-${h.action}`}>
                <td className="nowrap">{h.when}</td>
                <td className="nowrap">{h.action === 'finalise' ? t('fnActionFinalise') : t('fnActionReopen')}</td>
                <td>{h.actor}</td>
                <td>
                  <code title={h.fingerprint}>{short(h.fingerprint)}…</code>
                </td>
                <td>{h.reason || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
