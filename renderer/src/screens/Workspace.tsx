/**
 * The open file: pick the year and "who I am", a unit on the left, its evidence in the grid, its score on
 * the right, updated after every accepted edit. Saving: explicit (button, Ctrl+S) and automatically shortly
 * after each change; undo/redo per entry.
 */
import { Component, lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BackupInfo, Host, HostFailure, PickedEvaluationFile } from '../../../shared/host/contract';
import { SELF } from '../../../shared/file/evaluation-file';
import type { Lang } from '../../../shared/i18n/text';
import type { OpenDocument } from '../App';
import { asFailure } from '../failure';
import { Dialog } from '../components/Dialog';
import { Modal } from '../components/Modal';
import { ErrorBox } from '../components/ErrorBox';
import { desktopShell } from '../host/electron-host';
import { EntryGrid, type EditRequest } from '../components/EntryGrid';
import { Progress, type ProgressState } from '../components/Progress';
import '../components/units-merge.css';
import { ScorePanel } from '../components/ScorePanel';
import { UnitList } from '../components/UnitList';
import { useI18n } from '../i18n/i18n';
import { MESSAGES } from '../i18n/messages';
import type { EngineClient } from '../worker/client';
import type { YearLock } from '../worker/results-protocol';
import type { EntrySnapshot, FileSummary, ImportFileResult, ImportSummary, SheetRow, UnitListItem, UnitScoreView } from '../worker/protocol';
import { applyListChanges, autosaveDelay, guessExportMs } from './workspace-logic';

const shell = desktopShell(window.nq57Host);

// The screens not shown at start are loaded when first opened: the evidence grid is interactive sooner
// (npm run bench:ui, start) without parsing the charts, rankings, panel and merge code first.
const ConflictsView = lazy(() => import('../components/ConflictsView').then((m) => ({ default: m.ConflictsView })));
const MergeDialog = lazy(() => import('../components/MergeDialog').then((m) => ({ default: m.MergeDialog })));
const UnitsView = lazy(() => import('../components/UnitsView').then((m) => ({ default: m.UnitsView })));
const CompareView = lazy(() => import('../components/CompareView').then((m) => ({ default: m.CompareView })));
const TargetsView = lazy(() => import('../components/TargetsView').then((m) => ({ default: m.TargetsView })));
const RankingsView = lazy(() => import('../components/RankingsView').then((m) => ({ default: m.RankingsView })));
const TemplateExport = lazy(() => import('../components/TemplateExport').then((m) => ({ default: m.TemplateExport })));
const PanelView = lazy(() => import('../components/PanelView').then((m) => ({ default: m.PanelView })));

interface Props {
  host: Host;
  engine: EngineClient;
  doc: OpenDocument;
  /** Who is recorded in the audit log for changes made in this window. */
  actor: string;
  lang: Lang;
  onSummary: (s: FileSummary) => void;
  onToggleLang: () => void;
  onSetLang: (lang: Lang) => void;
  onClose: () => void;
  /** Open another file (the start screen's actions), after closing this one. */
  onOpenOther: (action: 'new' | 'open' | { path: string }) => void;
  onRenamed: (name: string, path: string) => void;
}

interface UndoStep {
  year: number;
  unit: string;
  code: string;
  who: string;
  before: EntrySnapshot | null;
  after: EntrySnapshot | null;
}

export function Workspace({ host, engine, doc, actor, lang, onSummary, onToggleLang, onSetLang, onClose, onOpenOther, onRenamed }: Props) {
  const { t, tx, num } = useI18n();
  const years = doc.summary.years;
  const [year, setYear] = useState(years[years.length - 1] ?? 2026);
  // The first screen, when the worker prepared it with the open (boot.ts): shown by the first render, which
  // then already builds the grid's rows; the effects below do not ask for it again.
  const [first] = useState(() => (doc.first && doc.first.year === year ? doc.first : null));
  const [who, setWho] = useState<string>(SELF);
  const [units, setUnits] = useState<UnitListItem[]>(first?.units ?? []);
  const [unit, setUnit] = useState<string | null>(first?.unit ?? null);
  const [rows, setRows] = useState<SheetRow[]>(first?.rows ?? []);
  const [score, setScore] = useState<UnitScoreView | null>(first?.score ?? null);
  const [dirty, setDirtyState] = useState(false);
  /** `dirty` as of now, for leaving the file right after a save (before React has rendered its result). */
  const dirtyNow = useRef(false);
  const setDirty = useCallback((value: boolean) => {
    dirtyNow.current = value;
    setDirtyState(value);
  }, []);
  /** Counts changes: a save clears "unsaved" only if nothing changed after its image was taken. */
  const changes = useRef(0);
  const markDirty = useCallback(() => {
    changes.current++;
    setDirty(true);
  }, []);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<HostFailure | null>(null);
  const [tab, setTab] = useState<'entry' | 'panel' | 'units' | 'conflicts' | 'compare' | 'targets' | 'rankings'>('entry');
  /** The units screen opened from the empty file's "Thêm đơn vị…": start with the new unit's form. */
  const [addingUnit, setAddingUnit] = useState(false);
  /** Evaluators' files picked for merging: the merge dialog is open. */
  const [merging, setMerging] = useState<readonly PickedEvaluationFile[] | null>(null);
  /** Long work in progress (import), with its Cancel. */
  const [progress, setProgress] = useState<{ state: ProgressState; cancel: (() => void) | null } | null>(null);
  /** A merge or an import is running: no second one, no undo/redo of the open file meanwhile. */
  const longWork = useRef(false);
  /** `longWork` as rendered: the desktop menu greys New, Open, Import, Merge… meanwhile (setDocumentState). */
  const [busy, setBusy] = useState(false);
  const setLongWork = useCallback((value: boolean) => {
    longWork.current = value;
    setBusy(value);
  }, []);
  const [focused, setFocused] = useState<SheetRow | null>(null);
  /** Bumped on every change of the file, so views that read it refresh. */
  const [version, setVersion] = useState(0);
  /** The year's finalisation, if any: the evidence grid is then read only. */
  const [lock, setLock] = useState<YearLock | null>(first?.lock ?? null);
  /** Bumped by the desktop menu's "Xuất…": the rankings tab opens its export list. */
  const [exportRequest, setExportRequest] = useState(0);
  /** The self-assessment templates dialog ("Biểu mẫu…") is open. */
  const [templates, setTemplates] = useState(false);
  const [dialog, setDialog] = useState<
    null | { kind: 'import'; result: ImportSummary } | { kind: 'backups'; list: readonly BackupInfo[] } | { kind: 'info'; text: string } | { kind: 'leave'; go: () => void }
  >(null);
  const undo = useRef<UndoStep[]>([]);
  const redo = useRef<UndoStep[]>([]);
  const autosave = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** How long the last export took (the part of a save that holds up the worker): a file slow to export is autosaved after a longer pause. */
  const lastExportMs = useRef(guessExportMs(doc.size));
  /** When the save under way started (performance.now), or null. */
  const saveStarted = useRef<number | null>(null);

  /** Which of the effects below have skipped their first run because `first` held its answer. */
  const firstShown = useRef({ lock: first !== null, list: first !== null });

  useEffect(() => {
    if (firstShown.current.lock) {
      firstShown.current.lock = false;
      return;
    }
    let cancelled = false;
    engine.yearLock(year).then(
      (l) => {
        if (!cancelled) setLock(l);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [engine, year, version]);

  const refreshScores = useCallback(async () => {
    const list = await engine.unitList(year);
    setUnits(list);
    if (unit) setScore(await engine.unitScore(year, unit));
  }, [engine, year, unit]);

  /**
   * The first unit's rows and score, asked for as soon as the unit list has come (at start nothing is chosen
   * yet): the worker works on them while the page renders the list, and the grid is ready a render sooner.
   */
  const prefetched = useRef<{ key: string; views: Promise<[SheetRow[], UnitScoreView | null]> } | null>(
    first?.unit ? { key: `${first.year}|${SELF}|${first.unit}`, views: Promise.resolve([first.rows, first.score]) } : null,
  );
  const unitViews = useCallback(
    (y: number, person: string, code: string): Promise<[SheetRow[], UnitScoreView | null]> => {
      const key = `${y}|${person}|${code}`;
      const ready = prefetched.current;
      prefetched.current = null;
      if (ready?.key === key) return ready.views;
      return Promise.all([engine.sheet(y, person, code), engine.unitScore(y, code)]);
    },
    [engine],
  );

  useEffect(() => {
    if (firstShown.current.list) {
      firstShown.current.list = false;
      return;
    }
    let cancelled = false;
    (async () => {
      const list = await engine.unitList(year);
      if (cancelled) return;
      const first = list[0]?.code;
      if (!unit && first) {
        const views = Promise.all([engine.sheet(year, who, first), engine.unitScore(year, first)]);
        views.catch(() => undefined); // its failure is reported where it is used
        prefetched.current = { key: `${year}|${who}|${first}`, views };
      }
      setUnits(list);
      setUnit((u) => (u && list.some((x) => x.code === u) ? u : (first ?? null)));
    })().catch((e) => setFailure(asFailure(e)));
    return () => {
      cancelled = true;
    };
    // Only when the year changes (or a new engine): `unit` and `who` are read as they are then.
  }, [engine, year]);

  useEffect(() => {
    if (!unit) return;
    let cancelled = false;
    unitViews(year, who, unit).then(
      ([r, s]) => {
        if (cancelled) return;
        setRows(r);
        setScore(s);
      },
      (e) => setFailure(asFailure(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [unitViews, year, who, unit]);

  /**
   * Saves one after the other: two saves at once would race at the host (the second would find the file
   * "changed on disk" by the first), and merges, imports and unit changes save at once, besides autosave.
   */
  const saveQueue = useRef<Promise<void>>(Promise.resolve());
  /** Saves after any save under way; true when this one was written. */
  const save = useCallback((): Promise<boolean> => {
    if (autosave.current) clearTimeout(autosave.current);
    autosave.current = null;
    const run = saveQueue.current.then(async () => {
      setSaving(true);
      try {
        const started = performance.now();
        saveStarted.current = started;
        const before = changes.current;
        const bytes = await engine.exportBytes();
        lastExportMs.current = performance.now() - started;
        const r = await host.save(bytes);
        setSavedAt(r.savedAt);
        // An edit made while this image was written is not in it: it stays unsaved (and in the journal).
        if (changes.current === before) setDirty(false);
        return true;
      } catch (e) {
        setFailure(asFailure(e));
        return false;
      } finally {
        saveStarted.current = null;
        setSaving(false);
      }
    });
    saveQueue.current = run.then(() => undefined);
    return run;
  }, [engine, host]);

  const saveAs = useCallback(async () => {
    try {
      const r = await host.saveAs(await engine.exportBytes());
      if (!r) return;
      setSavedAt(r.savedAt);
      setDirty(false);
      onRenamed(r.path.split(/[\\/]/).pop() ?? r.path, r.path);
    } catch (e) {
      setFailure(asFailure(e));
    }
  }, [host, engine, onRenamed]);

  const reloadAll = useCallback(async () => {
    onSummary(await engine.summary());
    undo.current = [];
    redo.current = [];
    setVersion((v) => v + 1);
    const list = await engine.unitList(year);
    setUnits(list);
    if (unit) {
      setRows(await engine.sheet(year, who, unit));
      setScore(await engine.unitScore(year, unit));
    }
  }, [engine, onSummary, year, unit, who]);

  /**
   * Import, all or nothing, with progress and Cancel: the files go one by one into a copy of the open file in
   * the worker; the copy replaces the file only if every file was accepted. Cancelled or refused, the copy is
   * dropped and the open file is exactly as before.
   */
  const importData = useCallback(async () => {
    if (longWork.current) return;
    let files: Awaited<ReturnType<Host['pickImportFiles']>>;
    try {
      files = await host.pickImportFiles();
    } catch (e) {
      setFailure(asFailure(e));
      return;
    }
    if (files.length === 0) return;
    setLongWork(true);
    const run = { cancelled: false, draft: null as number | null };
    const cancel = () => {
      run.cancelled = true;
      if (run.draft !== null) void engine.discardDraft(run.draft);
      setProgress(null);
      setDialog({ kind: 'info', text: t('importCancelled') });
      setLongWork(false);
    };
    const title = t('importProgressTitle');
    try {
      setProgress({ state: { title, step: t('importReading', { name: files[0]!.name }), done: 0, total: files.length }, cancel });
      const draft = await engine.beginDraft();
      run.draft = draft;
      const results: ImportFileResult[] = [];
      for (const [i, f] of files.entries()) {
        if (run.cancelled) return void engine.discardDraft(draft);
        setProgress({ state: { title, step: t('importReading', { name: f.name }), done: i, total: files.length }, cancel });
        results.push(await engine.draftImport(draft, f.name, f.bytes));
      }
      if (run.cancelled) return void engine.discardDraft(draft);
      setProgress({ state: { title, step: t('importFinishing'), done: files.length, total: files.length }, cancel: null });
      const problems = results.flatMap((r) => r.problems);
      const changedSomething = results.some((f) => f.created + f.updated + f.unitsCreated + f.evaluatorsCreated > 0);
      if (problems.length || !changedSomething) {
        await engine.discardDraft(draft);
      } else {
        onSummary(await engine.commitDraft(draft));
      }
      const result: ImportSummary = { files: problems.length ? [] : results.map(({ problems: _p, ...counts }) => counts), problems };
      setProgress(null);
      setDialog({ kind: 'import', result });
      if (!problems.length && changedSomething) {
        await reloadAll();
        markDirty();
        // The whole file changed at once (as with a merge): saved now, not after the autosave delay.
        await save();
      }
    } catch (e) {
      if (run.draft !== null) void engine.discardDraft(run.draft);
      setProgress(null);
      if (!run.cancelled) setFailure(asFailure(e));
    } finally {
      if (!run.cancelled) setLongWork(false);
    }
  }, [host, engine, reloadAll, save, onSummary, t]);

  /** "Gộp tệp…": pick the members' files, then the merge dialog previews, applies or drops the merge. */
  const startMerge = useCallback(async () => {
    if (longWork.current) return;
    try {
      const files = await host.pickMergeFiles();
      if (files.length === 0) return;
      setLongWork(true);
      setMerging(files);
    } catch (e) {
      setFailure(asFailure(e));
    }
  }, [host]);

  const mergeApplied = useCallback(
    async (summary: FileSummary) => {
      onSummary(summary);
      await reloadAll();
      markDirty();
      // A merge replaces the whole file: saved at once rather than after the autosave delay.
      await save();
    },
    [onSummary, reloadAll, save],
  );

  /** A consensus value was set or cleared in the panel view: saved at once, and the scores follow. */
  const panelChanged = useCallback(async () => {
    markDirty();
    setVersion((v) => v + 1);
    void save();
    setUnits(await engine.unitList(year));
    if (unit) setScore(await engine.unitScore(year, unit));
  }, [engine, year, unit, save]);

  /**
   * A unit was added or changed on the units screen: saved at once (only entry edits go through the crash
   * journal, see journal.ts), and the unit list and the selected unit's views follow.
   */
  const unitsChanged = useCallback(
    async (summary: FileSummary) => {
      onSummary(summary);
      markDirty();
      setVersion((v) => v + 1);
      void save();
      try {
        const list = await engine.unitList(year);
        setUnits(list);
        const next = unit && list.some((x) => x.code === unit) ? unit : (list[0]?.code ?? null);
        setUnit(next);
        if (next) {
          setRows(await engine.sheet(year, who, next));
          setScore(await engine.unitScore(year, next));
        } else {
          setRows([]);
          setScore(null);
        }
      } catch (e) {
        setFailure(asFailure(e));
      }
    },
    [engine, onSummary, save, year, who, unit],
  );

  /** A conflict settled: saved at once (not an entry edit the journal would keep), scores follow. */
  const conflictResolved = useCallback(
    async (summary: FileSummary) => {
      onSummary(summary);
      markDirty();
      void save();
      try {
        await refreshScores();
        if (unit) setRows(await engine.sheet(year, who, unit));
      } catch (e) {
        setFailure(asFailure(e));
      }
    },
    [onSummary, refreshScores, engine, year, who, unit, save],
  );

  const showBackups = useCallback(async () => {
    try {
      setDialog({ kind: 'backups', list: await host.backups() });
    } catch (e) {
      setFailure(asFailure(e));
    }
  }, [host]);

  const restore = useCallback(
    async (path: string) => {
      try {
        const file = await host.restore(path);
        // A backup chosen by hand is checked fully at once: a damaged one says so now, not at the next save,
        // and the worker keeps the file it had.
        await engine.open(file.bytes, actor, 'full');
        // The edits made before belong to the file as it was: undoing one now would write into the backup.
        undo.current = [];
        redo.current = [];
        if (autosave.current) clearTimeout(autosave.current);
        autosave.current = null;
        setDialog({ kind: 'info', text: t('restored') });
        setDirty(false);
        await reloadAll();
      } catch (e) {
        setFailure(asFailure(e));
      }
    },
    [host, engine, actor, reloadAll, t],
  );

  const changed = useCallback(() => {
    markDirty();
    setVersion((v) => v + 1);
    if (autosave.current) clearTimeout(autosave.current);
    // Not queued behind a save under way (a slow write would be followed at once by another save): the
    // timer looks again one delay later.
    const schedule = (delay: number) => {
      autosave.current = setTimeout(() => {
        if (saveStarted.current === null) void save();
        else schedule(autosaveDelay(lastExportMs.current));
      }, delay);
    };
    schedule(autosaveDelay(lastExportMs.current));
  }, [save, markDirty]);

  useEffect(() => () => {
    if (autosave.current) clearTimeout(autosave.current);
  }, []);

  /**
   * Entry changes sent to the worker and not answered yet (edits, undo/redo, attachments): their journal
   * record and their "unsaved" mark come with the answer, so leaving the file waits for them.
   */
  const inFlight = useRef(new Set<Promise<unknown>>());
  const track = useCallback(<T,>(work: Promise<T>): Promise<T> => {
    inFlight.current.add(work);
    const done = () => inFlight.current.delete(work);
    work.then(done, done);
    return work;
  }, []);
  /** Leaving is under way: a second Close (or the menu's Open meanwhile) does not start another. */
  const leaving = useRef(false);

  /**
   * Leaving the file (Close, or New, Open, Open recent from the menu) saves what is not saved yet first: the
   * autosave waits 1.5 s after the last change, and changes other than entry edits are not in the journal.
   * Edits still with the worker and a save under way finish first; what changed meanwhile is saved too (a
   * few rounds at most: someone still typing leaves with those edits in the journal). When a save fails,
   * the person decides: stay (the error says why) or leave anyway.
   */
  const leave = useCallback(
    async (go: () => void) => {
      // Not while an import or a merge runs on a copy of the file (the menu greys New and Open meanwhile).
      if (leaving.current || longWork.current) return;
      leaving.current = true;
      try {
        // A task's wait first: the grid ends an edit the click interrupted as the focus leaves its cell.
        await new Promise((done) => setTimeout(done, 0));
        for (let round = 0; round < 5; round++) {
          while (inFlight.current.size > 0) await Promise.allSettled([...inFlight.current]);
          await saveQueue.current;
          if (!dirtyNow.current && autosave.current === null && inFlight.current.size === 0) break;
          if (!(await save())) {
            setDialog({ kind: 'leave', go });
            return;
          }
        }
        go();
      } finally {
        leaving.current = false;
      }
    },
    [save],
  );

  const openAttachment = useCallback((sha: string, name: string) => void host.openAttachment(sha, name), [host]);

  const replaceRow = useCallback((row: SheetRow) => {
    setRows((rs) => rs.map((r) => (r.id === row.id ? row : r)));
  }, []);

  /** One edit from the grid: validated and applied by the worker; refused ones come back with a message. */
  const applyEdit = useCallback(
    (req: EditRequest): Promise<{ ok: true } | { ok: false; message: { vi: string; en: string } }> =>
      track(
        (async (): Promise<{ ok: true } | { ok: false; message: { vi: string; en: string } }> => {
          const r = await engine.edit({ year, unit: req.unit, code: req.code, who, field: req.field, value: req.value });
          if (!r.ok) return r;
          replaceRow(r.row);
          if (r.changed) {
            undo.current.push({ year, unit: req.unit, code: req.code, who, before: r.before, after: r.after });
            redo.current = [];
            changed();
            // The edit's answer carries the new scores: no further call to the worker.
            setUnits((list) => applyListChanges(list, r.units));
            if (req.unit === unit) setScore(r.score);
            else if (unit) setScore(await engine.unitScore(year, unit));
          }
          return { ok: true };
        })(),
      ),
    [engine, year, who, unit, replaceRow, changed, track],
  );

  const step = useCallback(
    (direction: 'undo' | 'redo') =>
      track(
        (async () => {
          const from = direction === 'undo' ? undo.current : redo.current;
          const to = direction === 'undo' ? redo.current : undo.current;
          const s = from.pop();
          if (!s) return;
          let row: SheetRow;
          try {
            row = await engine.restoreEntry(s.year, s.unit, s.code, s.who, direction === 'undo' ? s.before : s.after);
          } catch (e) {
            // Refused (a finalised year): the step stays where it was, and the file's message is shown.
            from.push(s);
            setFailure(asFailure(e));
            return;
          }
          to.push(s);
          if (s.year === year && s.who === who) replaceRow(row);
          changed();
          await refreshScores();
        })(),
      ),
    [engine, year, who, replaceRow, changed, refreshScores, track],
  );

  const attach = useCallback(
    (row: SheetRow, files: File[]) =>
      track(
        (async () => {
          try {
            for (const file of files) {
              const meta = await host.addAttachment({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
              replaceRow(await engine.attach(year, row.unit, row.code, who, meta));
            }
            changed();
            await refreshScores();
          } catch (e) {
            setFailure(asFailure(e));
          }
        })(),
      ),
    [host, engine, year, who, replaceRow, changed, refreshScores, track],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        // In the desktop app the menu's accelerator saves.
        if (!shell) void save();
      } else if ((k === 'z' && !e.shiftKey) || k === 'y' || (k === 'z' && e.shiftKey)) {
        // Inside a cell editor the browser's own undo applies.
        if ((e.target as HTMLElement | null)?.closest('.ag-cell-inline-editing, input, textarea, select')) return;
        e.preventDefault();
        // Not while a merge or an import is working on a copy of the file.
        if (longWork.current) return;
        void step(k === 'z' && !e.shiftKey ? 'undo' : 'redo');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [save, step]);

  useEffect(() => {
    document.title = `${doc.name}${dirty ? ' ●' : ''} — ${t('appTitle')}`;
    void shell?.setDocumentState({ name: doc.name, dirty, busy });
  }, [doc.name, dirty, busy, t]);

  // The desktop window's menu and its "save before closing?" question.
  useEffect(() => {
    if (!shell) return;
    const offMenu = shell.onMenu((action) => {
      if (action === 'save') void save();
      else if (action === 'save-as') void saveAs();
      else if (action === 'import') void importData();
      else if (action === 'backups') void showBackups();
      else if (action === 'new' || action === 'open') void leave(() => onOpenOther(action));
      else if (action.startsWith('open-recent:')) void leave(() => onOpenOther({ path: action.slice('open-recent:'.length) }));
      else if (action.startsWith('language:')) onSetLang(action.endsWith('en') ? 'en' : 'vi');
      else if (action === 'merge') void startMerge();
      else if (action === 'export') {
        setTab('rankings');
        setExportRequest((n) => n + 1);
      }
    });
    // Closing with unsaved changes: the same save as any other (after one under way, never beside it: two
    // writes at once would find the file "changed on disk").
    const offSave = shell.onRequestSave(() => {
      void save().then((ok) => shell.reportSaved(ok));
    });
    return () => {
      offMenu();
      offSave();
    };
  }, [save, saveAs, importData, startMerge, showBackups, onOpenOther, onSetLang, leave, host, engine, t]);

  const addEvaluator = async () => {
    const name = window.prompt(t('evaluatorNamePrompt'));
    if (!name) return;
    try {
      const summary = await engine.addEvaluator(name, 'member');
      onSummary(summary);
      setWho(name.trim());
      changed();
      // Not an entry edit, so not in the crash journal: saved at once.
      void save();
    } catch (e) {
      setFailure(asFailure(e));
    }
  };

  const current = focused ? rows.find((r) => r.id === focused.id) : undefined;
  const focusedExplanation = useMemo(
    () => (current ? { title: `${current.code}. ${tx(current.name)}`, text: current.explanationText } : null),
    [current, tx],
  );

  const openTab = (next: typeof tab, adding = false) => {
    setAddingUnit(adding);
    setTab(next);
  };
  /** The analysis tabs: their failures in the banner; a unit they name opens in the entry tab, in that year. */
  /** A proposal override, a finalisation or a reopening: saved at once (not in the crash journal). */
  const resultsChanged = useCallback(() => {
    markDirty();
    setVersion((v) => v + 1);
    void save();
    refreshScores().catch((e) => setFailure(asFailure(e)));
  }, [save, refreshScores]);
  const analysisFailure = useCallback((e: unknown) => setFailure(asFailure(e)), []);
  const openUnitInEntry = useCallback((y: number, code: string) => {
    setYear(y);
    setUnit(code);
    setAddingUnit(false);
    setTab('entry');
  }, []);
  const openConflicts = doc.summary.openConflicts;
  const tabButton = (id: typeof tab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} className={`tab${tab === id ? ' active' : ''}`} onClick={() => openTab(id)}>
      {label}
    </button>
  );
  const tabs = (
    <div className="tabs" role="tablist">
      {tabButton('entry', t('tabEntry'))}
      {tabButton('panel', t('tabPanel'))}
      {tabButton('rankings', t('tabRankings'))}
      {tabButton('units', t('tabUnits'))}
      {tabButton('compare', t('tabCompare'))}
      {tabButton('targets', t('tabTargets'))}
      {(openConflicts > 0 || tab === 'conflicts') && (
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'conflicts'}
          className={`tab${tab === 'conflicts' ? ' active' : ''}${openConflicts > 0 ? ' tab-alert' : ''}`}
          onClick={() => openTab('conflicts')}
        >
          {openConflicts > 0 ? `${t('tabConflicts')} (${openConflicts})` : t('tabConflicts')}
        </button>
      )}
    </div>
  );

  const time = savedAt ? new Date(savedAt).toLocaleTimeString(lang === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' }) : null;

  return (
    <div className="workspace">
      <header className="topbar">
        <div className="doc-title">
          <strong>{t('appTitle')}</strong>
          <span className="file-name" title={doc.path}>
            {doc.name}
            {dirty && <span aria-label={t('unsaved')} title={t('unsaved')}> ●</span>}
          </span>
        </div>
        <label className="field">
          <span>{t('year')}</span>
          <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('whoAmI')}</span>
          <select
            value={who}
            onChange={(e) => {
              if (e.target.value === '__add__') void addEvaluator();
              else setWho(e.target.value);
            }}
          >
            <option value={SELF}>{t('selfAssessment')}</option>
            {doc.summary.evaluators.map((ev) => (
              <option key={ev.id} value={ev.id}>
                {ev.name}
              </option>
            ))}
            <option value="__add__">{t('addEvaluator')}</option>
          </select>
        </label>
        <div className="spacer" />
        <span className="save-state" role="status" aria-live="polite">
          {saving ? t('saving') : dirty ? t('unsaved') : time ? t('savedAt', { time }) : ''}
        </span>
        <button type="button" onClick={() => void step('undo')} title="Ctrl+Z">
          {t('undo')}
        </button>
        <button type="button" onClick={() => void step('redo')} title="Ctrl+Y">
          {t('redo')}
        </button>
        <button type="button" onClick={() => setTemplates(true)} title={t('tmButtonTitle')}>
          {t('tmButton')}
        </button>
        <button type="button" onClick={() => void importData()}>
          {t('importData')}
        </button>
        <button type="button" onClick={() => void startMerge()}>
          {t('mergeFiles')}
        </button>
        <button type="button" onClick={() => void showBackups()}>
          {t('backupsButton')}
        </button>
        <button type="button" className="primary" onClick={() => void save()} title="Ctrl+S">
          {t('save')}
        </button>
        <button type="button" className="link-button" onClick={onToggleLang} title={t('languageLabel')} lang={t('language') === 'English' ? 'en' : 'vi'}>
          {t('language')}
        </button>
        <button type="button" className="link-button" onClick={() => void leave(onClose)}>
          {t('closeFile')}
        </button>
      </header>
      {failure && (
        <div className="banner">
          <ErrorBox failure={failure} onClose={() => setFailure(null)} />
        </div>
      )}
      {dialog?.kind === 'import' && (
        <Dialog title={t('importTitle')} onClose={() => setDialog(null)}>
          {dialog.result.problems.length > 0 ? (
            <>
              <p>{t('importRefused')}</p>
              <ul className="problems">
                {dialog.result.problems.map((p, i) => (
                  <li key={i}>
                    {tx(p.where) && <strong>{tx(p.where)}: </strong>}
                    {tx(p.message)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <ul>
              {dialog.result.files.map((f) => (
                <li key={f.name}>
                  {t('importFileLine', { name: f.name, rows: f.rowsRead, created: f.created, updated: f.updated, unchanged: f.unchanged, units: f.unitsCreated, evaluators: f.evaluatorsCreated })}
                </li>
              ))}
            </ul>
          )}
        </Dialog>
      )}
      {dialog?.kind === 'backups' && (
        <Dialog title={t('backupsTitle')} onClose={() => setDialog(null)}>
          <p className="muted">{t('backupsHelp')}</p>
          {dialog.list.length === 0 ? (
            <p>{t('noBackups')}</p>
          ) : (
            <ul className="backups">
              {dialog.list.map((b) => (
                <li key={b.path}>
                  <span>{new Date(b.createdAt).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB')}</span>
                  <span className="muted small"> ({num(b.size / 1024, 0)} KB)</span>{' '}
                  <button type="button" onClick={() => void restore(b.path)}>
                    {t('restore')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Dialog>
      )}
      {dialog?.kind === 'leave' && (
        <Modal
          title={t('leaveUnsavedTitle')}
          className="leave-unsaved"
          onEscape={() => setDialog(null)}
          actions={
            <>
              <button type="button" className="primary" onClick={() => setDialog(null)}>
                {t('leaveStay')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setDialog(null);
                  dialog.go();
                }}
              >
                {t('leaveAnyway')}
              </button>
            </>
          }
        >
          <p>{t('leaveUnsaved')}</p>
          {failure && <ErrorBox failure={failure} />}
        </Modal>
      )}
      {dialog?.kind === 'info' && (
        <Dialog title={t('appTitle')} onClose={() => setDialog(null)}>
          <p>{dialog.text}</p>
        </Dialog>
      )}
      {progress && <Progress state={progress.state} onCancel={progress.cancel} />}
      {templates && (
        <Later>
          <TemplateExport host={host} engine={engine} years={years} year={year} onFailure={analysisFailure} onClose={() => setTemplates(false)} />
        </Later>
      )}
      {merging && (
        <Later>
        <MergeDialog
          host={host}
          engine={engine}
          files={merging}
          onApplied={mergeApplied}
          onShowConflicts={() => {
            setMerging(null);
            setLongWork(false);
            setTab('conflicts');
          }}
          onClose={(cancelled) => {
            setMerging(null);
            setLongWork(false);
            if (cancelled) setDialog({ kind: 'info', text: t('mergeCancelled') });
          }}
        />
        </Later>
      )}
      {tab === 'rankings' ? (
        <Later>
        <RankingsView
          host={host}
          engine={engine}
          year={year}
          version={version}
          tabs={tabs}
          actor={actor}
          exportRequest={exportRequest}
          onChanged={resultsChanged}
          onOpenUnit={(code) => openUnitInEntry(year, code)}
          onFailure={analysisFailure}
        />
        </Later>
      ) : tab === 'compare' || tab === 'targets' ? (
        <div className="panes panes-wide">
          <main className="center" aria-label={tab === 'compare' ? t('compareTitle') : t('targetsTitle')}>
            {tabs}
            <Later>
              {tab === 'compare' ? (
                <CompareView engine={engine} host={host} years={years} version={version} onFailure={analysisFailure} onOpenUnit={openUnitInEntry} />
              ) : (
                <TargetsView engine={engine} host={host} years={years} version={version} onFailure={analysisFailure} onOpenUnit={openUnitInEntry} />
              )}
            </Later>
          </main>
        </div>
      ) : tab === 'units' || tab === 'conflicts' ? (
        <div className="panes panes-wide">
          <main className="center" aria-label={tab === 'units' ? t('unitsTitle') : t('conflictsTitle')}>
            {tabs}
            <Later>
              {tab === 'units' ? (
                <UnitsView engine={engine} version={version} startAdding={addingUnit} onChanged={(s) => void unitsChanged(s)} onFailure={(e) => setFailure(asFailure(e))} />
              ) : (
                <ConflictsView engine={engine} version={version} onResolved={(s) => void conflictResolved(s)} onFailure={(e) => setFailure(asFailure(e))} />
              )}
            </Later>
          </main>
        </div>
      ) : (
        <div className="panes">
          <UnitList units={units} groups={doc.summary.unitGroups} selected={unit} onSelect={setUnit} />
          <main className="center" aria-label={t('colIndicator')}>
            {tabs}
            {doc.summary.units.length === 0 ? (
              <div className="empty-file">
                <p>{t('noUnitsYet')}</p>
                <div className="actions">
                  <button type="button" className="primary" onClick={() => openTab('units', true)}>
                    {t('addUnitEllipsis')}
                  </button>
                  <button type="button" onClick={() => void importData()}>
                    {t('importData')}
                  </button>
                </div>
              </div>
            ) : tab === 'panel' ? (
              <Later>
                <PanelView engine={engine} year={year} unit={unit} evaluators={doc.summary.evaluators} version={version} onChanged={() => void panelChanged()} />
              </Later>
            ) : unit ? (
              <EntryGrid
                rows={rows}
                onEdit={applyEdit}
                onAttach={attach}
                onOpenAttachment={openAttachment}
                onFocusRow={setFocused}
                lock={lock ? { banner: t('lockBanner', { year, date: lock.finalisation.date, by: lock.finalisation.by }), refusal: lock.message } : null}
              />
            ) : (
              <p className="muted pad">{t('noUnitSelected')}</p>
            )}
            {/* The grid's keys, under the grid only. */}
            {doc.summary.units.length > 0 && tab !== 'panel' && unit && <p className="keyboard-help muted small">{t('keyboardHelp')}</p>}
          </main>
          <ScorePanel score={score} explain={focusedExplanation} />
        </div>
      )}
    </div>
  );
}

/** A screen loaded on first use (see the lazy imports above): a short notice while its code arrives. */
function Later({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <ScreenBoundary>
      <Suspense
        fallback={
          <p className="muted pad" role="status">
            {t('loading')}
          </p>
        }
      >
        {children}
      </Suspense>
    </ScreenBoundary>
  );
}

/**
 * A screen whose code could not be loaded (the app was updated while open, a file of it is missing) says so
 * and offers to reload, instead of React unmounting the whole window. The open file is safe: every edit is
 * saved or in the journal, which the reload replays.
 */
class ScreenBoundary extends Component<{ children: React.ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return <ScreenLoadFailure />;
  }
}

function ScreenLoadFailure() {
  const { t } = useI18n();
  return (
    <div className="pad">
      <ErrorBox failure={{ code: 'screen-load', text: MESSAGES.screenLoadFailed }} />
      <button type="button" onClick={() => window.location.reload()}>
        {t('reloadApp')}
      </button>
    </div>
  );
}
