/**
 * "Gộp tệp…": merges panel members' files into the open file in two steps. First every picked file is merged
 * into a copy of the open file in the worker, with progress and Cancel, and the dialog shows what each file
 * brings (new, updated, unchanged entries, conflicts, units and members added) while the open file is still
 * untouched. Confirmed, the documents the merged entries cite are copied into the file's attachment store and
 * the copy becomes the open file; cancelled at any point before that, the copy is dropped. The open file
 * therefore never holds half a merge.
 */
import { useEffect, useRef, useState } from 'react';
import './units-merge.css';
import type { Host, HostFailure, PickedEvaluationFile } from '../../../shared/host/contract';
import { asFailure } from '../failure';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { FileSummary, MergeFileReport } from '../worker/protocol';
import { ErrorBox } from './ErrorBox';
import { Modal } from './Modal';
import { Progress } from './Progress';

interface Props {
  host: Host;
  engine: EngineClient;
  files: readonly PickedEvaluationFile[];
  /** The merged copy is now the open file: refresh the views and save. */
  onApplied: (summary: FileSummary) => Promise<void>;
  onShowConflicts: () => void;
  /** The dialog is done; `cancelled`: nothing was merged. */
  onClose: (cancelled: boolean) => void;
}

type Phase =
  | { kind: 'reading'; done: number; step: string }
  | { kind: 'preview' }
  | { kind: 'applying'; done: number; total: number; step: string }
  | { kind: 'attachments-failed'; name: string; failure: HostFailure }
  | { kind: 'done'; summary: FileSummary }
  | { kind: 'failed'; failure: HostFailure };

const brings = (r: MergeFileReport) => r.created + r.updated + r.newConflicts + r.consensusAdded + r.unitsAdded.length + r.evaluatorsAdded.length + r.yearsAdded.length > 0;

export function MergeDialog({ host, engine, files, onApplied, onShowConflicts, onClose }: Props) {
  const { t, tx, num } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'reading', done: 0, step: '' });
  const [reports, setReports] = useState<MergeFileReport[]>([]);
  const draft = useRef<number | null>(null);
  const cancelled = useRef(false);

  // Step 1: every file merged into a copy, one at a time, so that Cancel is heard between files.
  useEffect(() => {
    let stop = false;
    cancelled.current = false;
    (async () => {
      const token = await engine.beginDraft();
      draft.current = token;
      const out: MergeFileReport[] = [];
      for (const [i, f] of files.entries()) {
        if (stop || cancelled.current) return void engine.discardDraft(token);
        setPhase({ kind: 'reading', done: i, step: t('mergeReading', { name: f.name }) });
        out.push(await engine.draftMerge(token, f.name, f.bytes));
      }
      if (stop || cancelled.current) return void engine.discardDraft(token);
      setReports(out);
      setPhase({ kind: 'preview' });
    })().catch((e) => {
      if (draft.current !== null) void engine.discardDraft(draft.current);
      if (!stop) setPhase({ kind: 'failed', failure: asFailure(e) });
    });
    return () => {
      stop = true;
    };
    // The files are picked once per dialog (`t` only names the step: switching language must not restart it).
  }, [engine, files]);

  const cancel = () => {
    cancelled.current = true;
    if (draft.current !== null) void engine.discardDraft(draft.current);
    onClose(true);
  };

  // Step 2, confirmed: the documents first (harmless extra copies if anything fails), then the swap.
  const apply = async (withAttachments: boolean) => {
    const token = draft.current;
    if (token === null) return;
    const copies = withAttachments ? files.map((f, i) => ({ file: f, needed: reports[i]?.problems.length ? [] : (reports[i]?.attachmentsNeeded ?? []) })).filter((c) => c.needed.length > 0) : [];
    try {
      for (const [i, c] of copies.entries()) {
        if (cancelled.current) return;
        setPhase({ kind: 'applying', done: i, total: copies.length, step: t('mergeCopying', { name: c.file.name, n: c.needed.length }) });
        try {
          await host.copyAttachmentsFrom(c.file.handle, c.needed);
        } catch (e) {
          setPhase({ kind: 'attachments-failed', name: c.file.name, failure: asFailure(e) });
          return;
        }
      }
      if (cancelled.current) return;
      setPhase({ kind: 'applying', done: copies.length, total: 0, step: t('mergeApplying') });
      const summary = await engine.commitDraft(token);
      draft.current = null;
      await onApplied(summary);
      setPhase({ kind: 'done', summary });
    } catch (e) {
      if (draft.current !== null) void engine.discardDraft(draft.current);
      draft.current = null;
      setPhase({ kind: 'failed', failure: asFailure(e) });
    }
  };

  const title = t('mergeTitle');

  if (phase.kind === 'reading') {
    return <Progress state={{ title, step: phase.step || t('mergePreparing'), done: phase.done, total: files.length }} onCancel={cancel} />;
  }
  if (phase.kind === 'applying') {
    return <Progress state={{ title, step: phase.step, done: phase.done, total: phase.total }} onCancel={phase.total > 0 ? cancel : null} />;
  }
  if (phase.kind === 'failed') {
    return (
      <Modal title={title} onEscape={() => onClose(true)} actions={<button type="button" onClick={() => onClose(true)}>{t('close')}</button>}>
        <ErrorBox failure={phase.failure} />
        <p>{t('mergeNothingChanged')}</p>
      </Modal>
    );
  }
  if (phase.kind === 'attachments-failed') {
    return (
      <Modal
        title={title}
        onEscape={cancel}
        actions={
          <>
            <button type="button" onClick={() => void apply(false)}>
              {t('mergeWithoutAttachments')}
            </button>
            <button type="button" className="primary" onClick={cancel}>
              {t('mergeCancel')}
            </button>
          </>
        }
      >
        <p>{t('mergeAttachmentsFailed', { name: phase.name })}</p>
        <ErrorBox failure={phase.failure} />
        <p className="muted">{t('mergeWithoutAttachmentsHelp')}</p>
      </Modal>
    );
  }
  if (phase.kind === 'done') {
    const n = phase.summary.openConflicts;
    return (
      <Modal
        title={title}
        className="merge-done"
        onEscape={() => onClose(false)}
        actions={
          <>
            {n > 0 && (
              <button type="button" className="primary" onClick={onShowConflicts}>
                {t('showConflicts', { n })}
              </button>
            )}
            <button type="button" onClick={() => onClose(false)}>
              {t('close')}
            </button>
          </>
        }
      >
        <p role="status">{t('mergeDone', { files: reports.filter((r) => r.problems.length === 0).length })}</p>
        {n > 0 && <p className="conflict-count">{t('mergeDoneConflicts', { n })}</p>}
      </Modal>
    );
  }

  // The preview: nothing has changed yet.
  const useful = reports.some((r) => r.problems.length === 0 && brings(r));
  const who = (name: string) => name || t('selfAssessment');
  return (
    <Modal
      title={title}
      wide
      className="merge-preview"
      onEscape={cancel}
      actions={
        <>
          {useful && (
            <button type="button" className="primary" onClick={() => void apply(true)}>
              {t('mergeConfirm')}
            </button>
          )}
          <button type="button" onClick={cancel}>
            {useful ? t('mergeCancel') : t('close')}
          </button>
        </>
      }
    >
      <p className="merge-lead">{useful ? t('mergePreviewLead') : t('mergeNothingNew')}</p>
      <table className="data merge-table">
        <thead>
          <tr>
            <th>{t('mergeColFile')}</th>
            <th className="num">{t('mergeCreated')}</th>
            <th className="num">{t('mergeUpdated')}</th>
            <th className="num">{t('mergeUnchanged')}</th>
            <th className="num">{t('mergeConflicts')}</th>
            <th className="num">{t('mergeUnitsAdded')}</th>
            <th className="num">{t('mergeEvaluatorsAdded')}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((r, i) => (
            <tr key={i} data-file={r.name}>
              <td className="file-name-cell">{r.name}</td>
              {r.problems.length ? (
                <td colSpan={6} className="field-problem">
                  {t('mergeFileRefused')}
                </td>
              ) : (
                <>
                  <td className="num" data-col="created">{num(r.created)}</td>
                  <td className="num" data-col="updated">{num(r.updated)}</td>
                  <td className="num" data-col="unchanged">{num(r.unchanged)}</td>
                  <td className={`num${r.conflicts ? ' conflict-count' : ''}`} data-col="conflicts">
                    {num(r.conflicts)}
                  </td>
                  <td className="num" data-col="units">{num(r.unitsAdded.length)}</td>
                  <td className="num" data-col="evaluators">{num(r.evaluatorsAdded.length)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="merge-details">
        {reports.map((r, i) => {
          const details =
            r.problems.length + r.conflictList.length + r.consensusAdded + r.unitsAdded.length + r.evaluatorsAdded.length + r.yearsAdded.length + r.unitDifferences.length + r.attachmentsNeeded.length;
          if (!details) return null;
          return (
            <section key={i}>
              <h3>{r.name}</h3>
              <ul>
                {r.problems.map((p, j) => (
                  <li key={`p${j}`} className="field-problem">
                    {tx(p)}
                  </li>
                ))}
                {r.conflictList.map((c, j) => (
                  <li key={`c${j}`}>
                    <span className="conflict-count">{t('mergeConflictLine')}</span> {t('conflictLine', { unit: `${c.unit} ${c.unitName}`, code: c.indicator, who: c.consensus ? t('consensusValue') : who(c.who) })}
                  </li>
                ))}
                {r.consensusAdded > 0 && <li>{t('mergeConsensusAddedLine', { n: r.consensusAdded })}</li>}
                {r.unitsAdded.length > 0 && <li>{t('mergeUnitsAddedLine', { list: r.unitsAdded.map((u) => `${u.code} ${u.name}`).join('; ') })}</li>}
                {r.evaluatorsAdded.length > 0 && <li>{t('mergeEvaluatorsAddedLine', { list: r.evaluatorsAdded.join('; ') })}</li>}
                {r.yearsAdded.length > 0 && <li>{t('mergeYearsAddedLine', { list: r.yearsAdded.join(', ') })}</li>}
                {r.unitDifferences.map((d, j) => (
                  <li key={`d${j}`}>{t('mergeUnitDifference', { code: d.code, master: d.master, other: d.other })}</li>
                ))}
                {r.attachmentsNeeded.length > 0 && <li>{t('mergeAttachmentsLine', { n: r.attachmentsNeeded.length })}</li>}
              </ul>
            </section>
          );
        })}
        {reports.some((r) => r.conflicts > 0) && <p className="muted">{t('mergeConflictsNote')}</p>}
      </div>
    </Modal>
  );
}
