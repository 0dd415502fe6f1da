/**
 * Where the UI's time goes during edits, from a Chromium trace (what DevTools' Performance panel records):
 * the page's main thread and the engine worker's thread, with V8's CPU samples on both. Used by
 * `npm run bench:ui -- --profile DIR`. Writes DIR/<label>.trace.json (open it in DevTools or
 * https://ui.perfetto.dev) and one <label>.<thread>.cpuprofile per thread (DevTools, or speedscope), and
 * returns a summary: per thread, the busy time per edit by kind (scripting, style and layout, paint, GC)
 * and the functions with the most time, self and total.
 *
 * Function names are only meaningful on a build that is not minified (see the report: build a copy of the
 * renderer with `build.minify: false` and pass it with --renderer).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'toplevel',
];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  cat?: string;
  args?: { name?: string; data?: Record<string, unknown> };
}

interface CpuNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number; scriptId?: number | string };
}

export interface ProfileReport {
  lines: { measure: string; value: string }[];
}

const ms = (us: number): string => `${(us / 1000).toFixed(us >= 100_000 ? 0 : 1)} ms`;

/**
 * Runs `body` while Chromium traces the page's renderer process; summarises per edit (`body` returns how
 * many edits it made; the page's nq57-edit-start/-end marks, set by ui-support.ts's editProbe, delimit them).
 * `staticDir` (the served renderer) lets the summary attribute time to the bundle's modules: Vite marks each
 * module's start with a `// <path>` line (when not minified), so a sample's line says its package or file.
 */
export async function profileTrace(browser: Browser, page: Page, base: string, staticDir: string, body: () => Promise<number>): Promise<ProfileReport> {
  await browser.startTracing(page, { categories: CATEGORIES, screenshots: false });
  let edits = 0;
  let buffer: Buffer;
  try {
    edits = await body();
  } finally {
    buffer = await browser.stopTracing();
    writeFileSync(`${base}.trace.json`, buffer);
  }
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  return summarise(events, base, Math.max(1, edits), staticDir);
}

/** For a served script, the module each line belongs to, from the bundle's `// <path>` region lines. */
function moduleMap(staticDir: string): (url: string, line: number) => string {
  const cache = new Map<string, { starts: number[]; names: string[] } | null>();
  const load = (file: string) => {
    if (cache.has(file)) return cache.get(file)!;
    const path = join(staticDir, 'assets', file);
    let regions: { starts: number[]; names: string[] } | null = null;
    if (existsSync(path)) {
      regions = { starts: [], names: [] };
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          const m = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/.exec(text);
          if (!m) return;
          const where = m[1]!;
          const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
          regions!.starts.push(i);
          regions!.names.push(pkg ? pkg[1]! : where.replace(/^(\.\.\/)+/, ''));
        });
    }
    cache.set(file, regions);
    return regions;
  };
  return (url, line) => {
    if (!url) return '(native: DOM, bindings, V8)';
    const file = basename(url.split('?')[0]!);
    if (file.endsWith('.wasm')) return 'sql.js (wasm)';
    const r = load(file);
    if (!r || r.starts.length === 0) return file;
    let lo = 0;
    let hi = r.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (r.starts[mid]! <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? file : r.names[found]!;
  };
}

/** The edits' windows in the trace: from each nq57-edit-start mark (the Enter) to the next nq57-edit-end (the total changed). */
function editWindows(events: TraceEvent[]): [number, number][] {
  const marks = events.filter((e) => e.name === 'nq57-edit-start' || e.name === 'nq57-edit-end').sort((x, y) => x.ts - y.ts);
  const windows: [number, number][] = [];
  let start: number | null = null;
  for (const m of marks) {
    if (m.name === 'nq57-edit-start') start = m.ts;
    else if (start !== null) {
      windows.push([start, m.ts]);
      start = null;
    }
  }
  return windows;
}

/** Time of [from, from + dur) inside the windows (sorted, disjoint), in µs. */
function overlap(windows: readonly [number, number][], from: number, dur: number): number {
  let t = 0;
  for (const [a, b] of windows) {
    if (b <= from) continue;
    if (a >= from + dur) break;
    t += Math.min(b, from + dur) - Math.max(a, from);
  }
  return t;
}

function summarise(events: TraceEvent[], base: string, edits: number, staticDir: string): ProfileReport {
  const moduleOf = moduleMap(staticDir);
  const lines: ProfileReport['lines'] = [];
  const threadName = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  // The page's renderer process: the one whose main thread ran our frames' scripts.
  const mainKeys = [...threadName.entries()].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  const workerKeys = [...threadName.entries()].filter(([, n]) => n === 'DedicatedWorker thread').map(([k]) => k);
  const busiest = (keys: string[]) => {
    let best = '';
    let most = -1;
    for (const k of keys) {
      const t = events.filter((e) => key(e) === k && e.ph === 'X' && e.name === 'RunTask').reduce((a, e) => a + (e.dur ?? 0), 0);
      if (t > most) {
        most = t;
        best = k;
      }
    }
    return best;
  };
  // The page's renderer: the one whose main thread ran the app's bundle (Chromium's own pages, such as the
  // new tab page, have renderers too, sometimes busier).
  const ours = new Set<string>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const nodes = (e.args?.data as { cpuProfile?: { nodes?: CpuNode[] } } | undefined)?.cpuProfile?.nodes ?? [];
    if (nodes.some((n) => /\/assets\/index-[^/]*\.js/.test(n.callFrame.url))) ours.add(key(e));
  }
  const threads: [string, string][] = [];
  const main = busiest(mainKeys.some((k) => ours.has(k)) ? mainKeys.filter((k) => ours.has(k)) : mainKeys);
  if (main) threads.push(['main', main]);
  const worker = busiest(workerKeys.filter((k) => k.split(':')[0] === main.split(':')[0]));
  if (worker) threads.push(['worker', worker]);

  // Only what happens between an edit's Enter and its new total, when the page marked them; else everything.
  const marked = editWindows(events);
  const windows: [number, number][] = marked.length ? marked : [[-Infinity, Infinity]];
  const n = marked.length || edits;
  const inside = (from: number, dur = 0) => (dur > 0 ? overlap(windows, from, dur) : windows.some(([a, b]) => from >= a && from < b) ? 1 : 0);
  if (marked.length) {
    const wall = marked.reduce((a, [x, y]) => a + (y - x), 0);
    lines.push({ measure: 'edits traced (Enter → new total)', value: `${marked.length}, ${ms(wall / marked.length)} each on average; what follows is per edit, inside those intervals` });
  } else {
    lines.push({ measure: 'edits traced', value: `${edits} (no marks found: the whole trace, per edit)` });
  }

  for (const [label, k] of threads) {
    const mine = events.filter((e) => key(e) === k && e.ph === 'X');
    const busy = mine.filter((e) => e.name === 'RunTask').reduce((a, e) => a + inside(e.ts, e.dur ?? 0), 0);
    const kinds: Record<string, string[]> = {
      'style+layout': ['UpdateLayoutTree', 'Layout', 'RecalculateStyles', 'HitTest'],
      paint: ['Paint', 'PrePaint', 'Layerize', 'Commit', 'UpdateLayer', 'PaintImage'],
      gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR', 'BlinkGC.AtomicPhase'],
      'message (de)serialise': ['V8.SerializeValue', 'V8.DeserializeValue'],
    };
    const parts: string[] = [`busy ${ms(busy / n)}`];
    for (const [kind, names] of Object.entries(kinds)) {
      const t = mine.filter((e) => names.includes(e.name)).reduce((a, e) => a + inside(e.ts, e.dur ?? 0), 0);
      if (t > 0) parts.push(`${kind} ${ms(t / n)}`);
    }
    lines.push({ measure: `${label} thread`, value: parts.join(', ') });

    const profile = cpuProfile(events, k);
    if (!profile) continue;
    writeFileSync(`${base}.${label}.cpuprofile`, JSON.stringify(profile));
    const { self, total, modules } = aggregate(profile, moduleOf, (ts) => inside(ts) > 0);
    const top = (m: Map<string, number>, count: number) =>
      [...m.entries()]
        .filter(([name]) => !/^\((idle|root|program)\)/.test(name))
        .sort((x, y) => y[1] - x[1])
        .slice(0, count)
        .filter(([, us]) => us / n >= 50)
        .map(([name, us]) => `${name} ${ms(us / n)}`)
        .join(', ');
    lines.push({ measure: `${label}: self time by module`, value: top(modules, 12) });
    lines.push({ measure: `${label}: top self time`, value: top(self, 12) });
    lines.push({ measure: `${label}: top total time`, value: top(total, 20) });
    lines.push({ measure: `${label}: cpuprofile`, value: basename(`${base}.${label}.cpuprofile`) });
  }
  return { lines };
}

/** The thread's CPU profile from the trace's Profile / ProfileChunk events, as a .cpuprofile. */
function cpuProfile(events: TraceEvent[], k: string): { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number } | null {
  const heads = events.filter((e) => e.name === 'Profile' && `${e.pid}:${e.tid}` === k);
  if (heads.length === 0) return null;
  const ids = new Set(heads.map((h) => h.id));
  const nodes = new Map<number, CpuNode>();
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  const startTime = Math.min(...heads.map((h) => Number((h.args?.data as { startTime?: number } | undefined)?.startTime ?? h.ts)));
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !ids.has(e.id)) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: CpuNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    samples.push(...(data?.cpuProfile?.samples ?? []));
    timeDeltas.push(...(data?.timeDeltas ?? []));
  }
  if (samples.length === 0) return null;
  const list = [...nodes.values()].map((n) => ({ ...n, children: [] as number[] }));
  const byId = new Map(list.map((n) => [n.id, n]));
  for (const n of list) if (n.parent !== undefined) byId.get(n.parent)?.children.push(n.id);
  const endTime = startTime + timeDeltas.reduce((a, b) => a + b, 0);
  return { nodes: list, samples, timeDeltas, startTime, endTime };
}

/** Self and total (inclusive, each function counted once per sample) time per function, and self time per module, in µs. */
function aggregate(
  p: { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number },
  moduleOf: (url: string, line: number) => string,
  keep: (ts: number) => boolean,
): { self: Map<string, number>; total: Map<string, number>; modules: Map<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const name = (n: CpuNode) => {
    const f = n.callFrame.functionName || '(anonymous)';
    const file = n.callFrame.url ? basename(n.callFrame.url.split('?')[0]!) : '';
    return file ? `${f} (${file.replace(/-[A-Za-z0-9_]{8}\.js$/, '.js')}:${n.callFrame.lineNumber + 1})` : f;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const modules = new Map<string, number>();
  let ts = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    ts += p.timeDeltas[i] ?? 0;
    // A sample's weight: the time until the next one.
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (!keep(ts)) continue;
    let n = byId.get(p.samples[i]!);
    if (!n) continue;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const f = n.callFrame;
    const mod = f.functionName.startsWith('(') ? f.functionName : moduleOf(f.url, f.lineNumber);
    modules.set(mod, (modules.get(mod) ?? 0) + dt);
    const seen = new Set<string>();
    while (n) {
      const nm = name(n);
      if (!seen.has(nm)) {
        seen.add(nm);
        total.set(nm, (total.get(nm) ?? 0) + dt);
      }
      n = n.parent !== undefined ? byId.get(n.parent) : undefined;
    }
  }
  return { self, total, modules };
}
