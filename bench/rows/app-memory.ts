import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * The app's resident memory as the operating system counts it (Linux: VmRSS
 * in /proc/<pid>/status): the Chromium renderer process that shows the app's
 * page, its workers included (dedicated workers run in their page's
 * process), plus the preview server, which stands in for Electron's main
 * process. Chromium's own browser, GPU, network and storage processes are
 * not counted: Electron has its own, and they are not the app's code.
 *
 * The figure is RSS, so it errs high, never low: RSS counts in full the
 * pages of Chromium's and Node's own code that each process shares with
 * others (over 100 MB in a renderer). PSS, which shares them out among the
 * processes using them, is read alongside for comparison.
 */
export interface MemoryReading {
  totalMb: number;
  rendererMb: number;
  serverMb: number;
  /** The same two processes' proportional set size (Linux smaps_rollup). */
  proportionalMb: number;
}

export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`Process ${pid} reports no resident memory.`);
  return Number(kilobytes) / 1024;
}

function proportionalMegabytes(pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kilobytes = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
  if (kilobytes === undefined) throw new Error(`Process ${pid} reports no proportional memory.`);
  return Number(kilobytes) / 1024;
}

interface TraceEvent {
  name: string;
  args?: { data?: { frames?: Array<{ processId?: number; isOutermostMainFrame?: boolean; url?: string }> } };
}

/**
 * The pid of the renderer process showing this page. Chromium names it in
 * the first event of a DevTools trace of the tab, so it is read from there
 * rather than guessed from the process list (which also holds Chromium's own
 * UI renderer and a spare one kept ready for the next tab).
 */
export async function rendererPidOf(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  try {
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (collected) => events.push(...(collected.value as unknown as TraceEvent[])));
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] }, transferMode: 'ReportEvents' });
    await cdp.send('Tracing.end');
    await complete;
    const frames = events.find((event) => event.name === 'TracingStartedInBrowser')?.args?.data?.frames ?? [];
    const pid = (frames.find((frame) => frame.isOutermostMainFrame) ?? frames[0])?.processId;
    if (pid === undefined) throw new Error('Chromium did not say which process shows the page.');
    return pid;
  } finally {
    await cdp.detach();
  }
}

/** The highest of a few readings a second apart: memory moves as garbage is collected, and the budget is a ceiling. */
export async function highestReading(serverPid: number, rendererPid: number, readings = 5): Promise<MemoryReading> {
  let highest: MemoryReading = { totalMb: 0, rendererMb: 0, serverMb: 0, proportionalMb: 0 };
  for (let i = 0; i < readings; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    const rendererMb = residentMegabytes(rendererPid);
    const serverMb = residentMegabytes(serverPid);
    if (rendererMb + serverMb > highest.totalMb) {
      highest = { totalMb: rendererMb + serverMb, rendererMb, serverMb, proportionalMb: proportionalMegabytes(rendererPid) + proportionalMegabytes(serverPid) };
    }
  }
  return highest;
}
