/**
 * Progress of long work (import, merge): what is being done, files done out of the total (or a spinner when
 * the amount is unknown), and a Cancel button. Cancelling leaves the open file as it was: the work runs on a
 * copy that replaces the file only at the end.
 */
import './units-merge.css';
import { useI18n } from '../i18n/i18n';
import { Modal } from './Modal';

export interface ProgressState {
  title: string;
  /** What is being done now, e.g. "Đang đọc và so sánh an.nq57…". */
  step: string;
  done: number;
  /** 0 when unknown: a spinner instead of a bar. */
  total: number;
  /** What Cancel does, when not "the open file stays as it was" (an export: nothing is saved). */
  note?: string;
}

export function Progress({ state, onCancel }: { state: ProgressState; onCancel: (() => void) | null }) {
  const { t } = useI18n();
  return (
    <Modal
      title={state.title}
      className="progress-dialog"
      onEscape={onCancel ?? undefined}
      actions={
        <button type="button" onClick={onCancel ?? undefined} disabled={!onCancel}>
          {t('cancel')}
        </button>
      }
    >
      <div className="progress-body" role="status" aria-live="polite">
        <p>
          <span className="spinner" aria-hidden="true" />
          {state.step}
        </p>
        {state.total > 0 && (
          <>
            <progress max={state.total} value={state.done} aria-label={state.title} />
            <p className="muted small">{t('progressFiles', { done: state.done, total: state.total })}</p>
          </>
        )}
        <p className="muted small">{state.note ?? t('cancelKeepsFile')}</p>
      </div>
    </Modal>
  );
}
