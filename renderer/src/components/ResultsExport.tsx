/**
 * Exporting a year's results from the app: the list of documents (for the Emulation Board, for the units,
 * for analysts), then each made in the worker, printed to PDF by the host where it is a printable document,
 * and saved where the user picks (host.exportFile), with progress and Cancel. Nothing in the evaluation file
 * changes, so cancelling only means nothing is saved.
 */
import { useCallback, useRef, useState } from 'react';
import { zipSync } from 'fflate';
import type { Host } from '../../../shared/host/contract';
import { useI18n } from '../i18n/i18n';
import type { EngineClient } from '../worker/client';
import type { ExportKind, RankingsView } from '../worker/results-protocol';
import { Modal } from './Modal';
import type { ProgressState } from './Progress';

/** What the export list offers: one of the worker's documents, or every unit's scorecard zipped. */
export type ExportChoice = { kind: ExportKind; unit?: string } | { kind: 'scorecards-zip'; group: string };

interface Run {
  cancelled: boolean;
}

/** Runs exports; `progress` is what the Progress dialog shows while one runs. */
export function useResultsExport(host: Host, engine: EngineClient, year: number, onFailure: (e: unknown) => void) {
  const { t, lang } = useI18n();
  const [progress, setProgress] = useState<{ state: ProgressState; cancel: (() => void) | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const busy = useRef(false);

  const run = useCallback(
    async (choice: ExportChoice, label: string, units: readonly { code: string; name: string }[]) => {
      if (busy.current) return;
      busy.current = true;
      // "Đang tạo bảng xếp hạng (Excel)…": the label in the middle of a sentence.
      const what = label.charAt(0).toLocaleLowerCase(lang) + label.slice(1);
      const r: Run = { cancelled: false };
      const title = t('exProgressTitle');
      const cancel = () => {
        r.cancelled = true;
        busy.current = false;
        setProgress(null);
        setMessage(t('exCancelled'));
      };
      const step = (text: string, done = 0, total = 0, cancellable = true) => setProgress({ state: { title, step: text, done, total }, cancel: cancellable ? cancel : null });
      setMessage(null);
      try {
        let name: string;
        let bytes: Uint8Array;
        if (choice.kind === 'scorecards-zip') {
          const files: Record<string, Uint8Array> = {};
          let final = false;
          for (const [i, u] of units.entries()) {
            step(t('exPrinting', { name: u.name }), i, units.length);
            const doc = await engine.exportDocument(year, 'scorecard-pdf', u.code);
            if (r.cancelled) return;
            files[doc.name] = await host.printPdf(doc.html!);
            final = doc.final;
            if (r.cancelled) return;
          }
          step(t('exSaving', { name: '.zip' }), units.length, units.length, false);
          // PDFs are compressed already: stored, not deflated again.
          bytes = zipSync(files, { level: 0 });
          name = `phieu-diem-tung-don-vi-${choice.group ? `khoi-${choice.group.toLowerCase()}-` : ''}${year}${final ? '' : '-du-thao'}.zip`;
        } else {
          step(t('exMaking', { name: what }));
          const doc = await engine.exportDocument(year, choice.kind, choice.unit ?? null);
          if (r.cancelled) return;
          name = doc.name;
          if (doc.html !== null) {
            step(t('exPrinting', { name: what }));
            bytes = await host.printPdf(doc.html);
            if (r.cancelled) return;
          } else {
            bytes = doc.bytes!;
          }
        }
        step(t('exSaving', { name }), 0, 0, false);
        const path = await host.exportFile(name, bytes);
        setProgress(null);
        if (path) setMessage(t('exDone', { path }));
      } catch (e) {
        setProgress(null);
        if (!r.cancelled) onFailure(e);
      } finally {
        if (!r.cancelled) busy.current = false;
      }
    },
    [host, engine, year, onFailure, t, lang],
  );

  return { run, progress, message, clearMessage: () => setMessage(null) };
}

interface DialogProps {
  view: RankingsView;
  /** The unit chosen in the table, for its own scorecard. */
  unit: { code: string; name: string } | null;
  /** The unit group shown ('' = all): one scorecard file per unit of it, zipped. */
  group: string;
  groupSize: number;
  onChoose: (choice: ExportChoice, label: string) => void;
  onClose: () => void;
}

/** The list of documents, grouped by who they are for. */
export function ExportDialog({ view, unit, group, groupSize, onChoose, onClose }: DialogProps) {
  const { t } = useI18n();
  const item = (choice: ExportChoice, label: string, help?: string, disabled = false) => (
    <li key={`${choice.kind}${'unit' in choice ? choice.unit : ''}`}>
      <button type="button" className="export-choice" data-export={choice.kind} disabled={disabled} onClick={() => onChoose(choice, label)}>
        <span className="export-label">{label}</span>
        {help && <span className="export-help">{help}</span>}
      </button>
    </li>
  );
  const final = view.finalisation !== null && view.matchesFinal;
  return (
    <Modal
      title={t('exTitle', { year: view.year })}
      className="export-dialog"
      onEscape={onClose}
      actions={
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      }
    >
      <p className={`form-message ${final ? 'ok' : 'warn'}`}>{final ? t('exFinalNote', { date: view.finalisation!.date }) : t('exDraftNote')}</p>
      <div className="export-groups">
        <section>
          <h3>{t('exGroupBoard')}</h3>
          <ul>
            {item({ kind: 'rankings-xlsx' }, t('exRankingsXlsx'), t('exRankingsXlsxHelp'))}
            {item({ kind: 'nominations-xlsx' }, t('exNominationsXlsx'))}
            {item({ kind: 'nominations-pdf' }, t('exNominationsPdf'), t('exNominationsPdfHelp'))}
          </ul>
        </section>
        <section>
          <h3>{t('exGroupUnits')}</h3>
          <ul>
            {unit
              ? item({ kind: 'scorecard-pdf', unit: unit.code }, t('exScorecardUnit', { name: unit.name }), t('exScorecardsHelp'))
              : item({ kind: 'scorecard-pdf' }, t('exScorecardPick'), undefined, true)}
            {item({ kind: 'scorecards-pdf' }, t('exScorecardsOne'))}
            {item({ kind: 'scorecards-zip', group }, t('exScorecardsZip', { scope: group ? t('exScopeGroup', { code: group }) : t('exScopeAll'), n: groupSize }), undefined, groupSize === 0)}
          </ul>
        </section>
        <section>
          <h3>{t('exGroupData')}</h3>
          <ul>
            {item({ kind: 'results-csv' }, t('exResultsCsv'))}
            {item({ kind: 'detail-csv' }, t('exDetailCsv'))}
            {item({ kind: 'results-json' }, t('exResultsJson'))}
          </ul>
        </section>
      </div>
    </Modal>
  );
}
