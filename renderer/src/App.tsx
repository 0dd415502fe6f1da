/**
 * The app: connect to the host and the engine worker, then show the start screen or the open file.
 * The host moves bytes; the worker holds the file; this component only decides what is on screen.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Host, HostFailure } from '../../shared/host/contract';
import type { Lang } from '../../shared/i18n/text';
import { boot, openInWorker, type StartFile } from './boot';
import { desktopShell } from './host/electron-host';
import { I18nProvider, makeI18n } from './i18n/i18n';
import { StartScreen } from './screens/StartScreen';
import { Workspace } from './screens/Workspace';
import { asFailure } from './failure';
import { whenIdle } from './idle';
import { replayJournal, withJournal, type Recovery } from './journal';
import type { FileSummary, StartView } from './worker/protocol';

export interface OpenDocument {
  name: string;
  path: string;
  summary: FileSummary;
  /** The file's size in bytes when opened: how long a save will take is guessed from it until one is timed. */
  size?: number;
  /**
   * Which opening this is (1, 2, …): the workspace starts afresh for each file opened (its undo steps,
   * autosave timer and save timing belong to one file), not when the same file is renamed or re-summarised.
   */
  opened: number;
  /** The workspace's first screen, prepared by the worker right after the open (boot.ts); absent: it asks. */
  first?: StartView | null;
}

const LANG_KEY = 'nq57.lang';
/** The latest the quick integrity check of a file just opened waits for the page to be idle. */
const QUICK_CHECK_WITHIN_MS = 700;
const shell = desktopShell(window.nq57Host);

export function App() {
  // The worker, the host and the start file were begun before this code loaded (boot.ts, main.tsx).
  const started = useMemo(() => boot(), []);
  const { actor } = started;
  const [journalFailure, setJournalFailure] = useState<HostFailure | null>(null);
  // Every entry edit goes to the host's journal before it shows as done (see journal.ts).
  const { host, engine, unjournaled } = useMemo(
    () => withJournal(started.engine, started.host, actor, (e) => setJournalFailure(asFailure(e))),
    [started, actor],
  );
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi'));
  const [doc, setDoc] = useState<OpenDocument | null>(null);
  const openings = useRef(0);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<HostFailure | null>(null);
  const [recovered, setRecovered] = useState<Recovery | null>(null);

  /**
   * After opening: the changes a crash kept out of the saved file are applied again and saved at once.
   * Returns the summary to show (changed when something was recovered).
   */
  const recover = useCallback(
    async (summary: FileSummary, pending: Awaited<ReturnType<Host['pendingChanges']>>): Promise<FileSummary> => {
      if (pending.length === 0) return summary;
      const r = await replayJournal(unjournaled, pending, actor);
      await host.save(await engine.exportBytes(), r.through);
      setRecovered(r);
      return engine.summary();
    },
    [host, engine, unjournaled, actor],
  );

  /**
   * The host opened a file but the worker refused its bytes (damaged, of a newer version, …): the host is
   * released and no document is shown. Leaving the previous document on screen would be wrong, as the host
   * now has the other file open: its saves and journal would go to that file.
   */
  const abandonOpen = useCallback(async () => {
    setDoc(null);
    await host.close().catch(() => undefined);
  }, [host]);

  /** The bytes the host just opened, into the worker; the host's journal of that file read meanwhile. */
  const openBytes = useCallback(
    async (bytes: Uint8Array): Promise<FileSummary> => {
      try {
        const { summary, pending } = await openInWorker(engine, host, bytes, actor);
        return await recover(summary, pending);
      } catch (e) {
        await abandonOpen();
        throw e;
      }
    },
    [engine, host, actor, recover, abandonOpen],
  );

  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
  }, [lang]);

  // The desktop app keeps the language with its settings (the menus follow it).
  useEffect(() => {
    shell?.getLanguage().then((l) => setLang(l === 'en' ? 'en' : 'vi'), () => undefined);
  }, []);
  const changeLang = useCallback((l: Lang) => {
    setLang(l);
    void shell?.setLanguage(l);
  }, []);

  const fail = useCallback((e: unknown) => setError(asFailure(e)), []);
  const [attachmentWarning, setAttachmentWarning] = useState<string | null>(null);

  /** Attachments are checked on open: a missing or altered document is said at once, not when someone needs it. */
  const verifyAttachments = useCallback(async () => {
    try {
      const expected = await engine.attachmentsToVerify();
      if (expected.length === 0) return setAttachmentWarning(null);
      const r = await host.verifyAttachments(expected);
      const bad = r.missing.length + r.corrupt.length;
      setAttachmentWarning(bad ? `${r.missing.length}/${r.corrupt.length}` : null);
    } catch {
      setAttachmentWarning(null);
    }
  }, [engine, host]);
  /**
   * SQLite's integrity checks of the file just opened (the open made none, to show it sooner): the quick one
   * (every page and record) once the first screen is up, the full one a moment later. A damaged file is
   * closed and the failure shown, as when an open refuses it; the worker refuses it from the failed check on,
   * and to export it until the full check has passed, so nothing is saved over the file meanwhile.
   */
  const checkFile = useCallback(
    async (opening: number, how: 'quick' | 'full'): Promise<boolean> => {
      try {
        await (how === 'quick' ? engine.check() : engine.verify());
        return true;
      } catch (e) {
        // Only the file it was asked for: another one opened meanwhile is not closed for it.
        if (openings.current !== opening) return false;
        setError(asFailure(e));
        await abandonOpen();
        return false;
      }
    },
    [engine, abandonOpen],
  );

  useEffect(() => {
    if (!doc) return;
    // The quick check as soon as the first screen is up and the page is idle (within 0.7 s at most):
    // asked while the screen renders, it cost ~70 ms of the start on two cores (SQLite reads every page, and
    // the browser compiles the WebAssembly that does it once more, optimised, on the other core; npm run
    // bench:ui, start). Two seconds later: the full check, then the host reads and hashes every attached
    // document. Each opening is checked, also of the same file again.
    const opening = doc.opened;
    const quick = whenIdle(() => void checkFile(opening, 'quick'), QUICK_CHECK_WITHIN_MS);
    const later = setTimeout(() => void checkFile(opening, 'full').then((ok) => (ok && openings.current === opening ? verifyAttachments() : undefined)), 2000);
    return () => {
      quick.cancel();
      clearTimeout(later);
    };
  }, [doc?.opened, checkFile, verifyAttachments]);

  /** The demo's CSV made into a file by the worker, and created by the host where it said. */
  const buildDemo = useCallback(
    async (path: string, csv: string) => {
      const built = await engine.createDemo(csv, actor);
      const size = built.bytes.byteLength;
      const opened = await host.create(built.bytes, path);
      if (opened) setDoc({ name: opened.name, path: opened.path, summary: built.summary, size, opened: ++openings.current });
    },
    [host, engine, actor],
  );

  const openDemo = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const demo = await host.openDemo();
      if (demo.kind === 'existing') {
        // Read before the bytes are handed (transferred) to the worker.
        const size = demo.file.bytes.byteLength;
        const summary = await openBytes(demo.file.bytes);
        setDoc({ name: demo.file.name, path: demo.file.path, summary, size, opened: ++openings.current });
      } else {
        await buildDemo(demo.path, demo.csv);
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }, [host, fail, openBytes, buildDemo]);

  const openFile = useCallback(
    async (path?: string) => {
      setBusy(true);
      setError(null);
      try {
        const file = await host.open(path);
        if (file) {
          // Read before the bytes are handed (transferred) to the worker.
          const size = file.bytes.byteLength;
          setDoc({ name: file.name, path: file.path, summary: await openBytes(file.bytes), size, opened: ++openings.current });
        }
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [host, fail, openBytes],
  );

  const newFile = useCallback(
    async (year: number) => {
      setBusy(true);
      setError(null);
      try {
        const made = await engine.createEmpty([year], actor);
        const size = made.bytes.byteLength;
        const opened = await host.create(made.bytes);
        if (opened) setDoc({ name: opened.name, path: opened.path, summary: made.summary, size, opened: ++openings.current });
      } catch (e) {
        fail(e);
      } finally {
        setBusy(false);
      }
    },
    [host, engine, actor, fail],
  );

  // The start file the host named, opened by boot.ts meanwhile: shown, or its failure reported.
  useEffect(() => {
    let cancelled = false;
    const show = async (s: StartFile) => {
      // Once per page: an effect run again later (a hot reload in development) must not replay the
      // journal or rebuild the demo a second time.
      if (!started.claim()) return;
      if (s.kind === 'build-demo') return buildDemo(s.path, s.csv);
      if (s.kind !== 'opened') return;
      const summary = await recover(s.summary, s.pending);
      // Changes recovered from the journal came after the first screen was prepared: the workspace asks again.
      const first = s.pending.length ? null : s.first;
      if (!cancelled) setDoc({ name: s.name, path: s.path, summary, size: s.size, opened: ++openings.current, first });
    };
    started.start
      .then((s) => (cancelled ? undefined : show(s)))
      .catch(async (e) => {
        if (cancelled) return;
        fail(e);
        // The host may hold the file the worker refused.
        await abandonOpen();
      })
      .finally(() => {
        if (!cancelled) setBusy(false);
      });
    return () => {
      cancelled = true;
    };
  }, [started, buildDemo, recover, fail, abandonOpen]);

  const closeFile = useCallback(async () => {
    await host.close();
    setDoc(null);
  }, [host]);

  return (
    <I18nProvider lang={lang}>
      {doc && attachmentWarning && (
        <div className="attachment-warning" role="alert">
          {makeI18n(lang).t('attachmentsDamaged', { missing: attachmentWarning.split('/')[0]!, corrupt: attachmentWarning.split('/')[1]! })}
        </div>
      )}
      {doc && recovered && (
        <div className="attachment-warning recovered-notice" role="status">
          {makeI18n(lang).t('journalRecovered', { applied: String(recovered.applied) })}
          {recovered.failed.length > 0 && ` ${makeI18n(lang).t('journalRecoveryFailed', { failed: String(recovered.failed.length), reason: recovered.failed[0]!.reason })}`}{' '}
          <button type="button" className="link" onClick={() => setRecovered(null)}>
            {makeI18n(lang).t('close')}
          </button>
        </div>
      )}
      {doc && journalFailure && (
        <div className="attachment-warning" role="alert">
          {makeI18n(lang).t('journalFailed', { reason: makeI18n(lang).tx(journalFailure.text) })}
        </div>
      )}
      {doc ? (
        <Workspace
          key={doc.opened}
          host={host}
          engine={engine}
          doc={doc}
          actor={actor}
          onSummary={(summary) => setDoc((d) => (d ? { ...d, summary } : d))}
          lang={lang}
          onToggleLang={() => changeLang(lang === 'vi' ? 'en' : 'vi')}
          onSetLang={setLang}
          onClose={closeFile}
          onRenamed={(name, path) => setDoc((d) => (d ? { ...d, name, path } : d))}
          onOpenOther={(action) => {
            void (async () => {
              if (action === 'new') {
                await closeFile();
              } else {
                await openFile(action === 'open' ? undefined : action.path);
              }
            })();
          }}
        />
      ) : (
        <StartScreen
          host={host}
          busy={busy}
          error={error}
          lang={lang}
          onToggleLang={() => changeLang(lang === 'vi' ? 'en' : 'vi')}
          onOpenDemo={openDemo}
          onOpenFile={openFile}
          onNewFile={newFile}
        />
      )}
    </I18nProvider>
  );
}

