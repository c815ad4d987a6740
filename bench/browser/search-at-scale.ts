import type { VaultStatus } from '../../shared/ipc/channels';
import { createPreviewTransport, takeLaunchToken } from '../../renderer/src/ledger/preview-transport';
import { unlockWithPassphrase } from '../../renderer/src/vault/vault-operations';
import { TYPED_QUERIES } from '../data/typed-queries';
import { SEED_ADMINISTRATOR, SEED_PASSPHRASE } from '../seed/seed-passphrase';
import { publishOutcome } from './publish-outcome';

/**
 * Search as you type on a seeded ledger that is already in this browser:
 * unlock as the app does (which starts the search worker on the read model),
 * wait for the index, then ask each keystroke's query through the worker as
 * the removals list asks it: every match, unranked.
 */
export interface SearchAtScaleResult {
  indexed: number;
  indexReadyMs: number;
  searchMs: number[];
  withMatches: number;
}

declare global {
  interface Window {
    searchResult?: SearchAtScaleResult;
    searchError?: string;
  }
}

function report(text: string): void {
  document.getElementById('progress')!.textContent = text;
}

async function run(): Promise<SearchAtScaleResult> {
  const ledger = createPreviewTransport(takeLaunchToken(location, history, sessionStorage));
  const status = await ledger.vaultStatus({});
  if (!status.ok || status.value.state !== 'ready') throw new Error('There is no seeded ledger in this data folder to search.');
  const ready = status.value as Extract<VaultStatus, { state: 'ready' }>;
  const slot = ready.slots.find((s) => s.kind === 'user' && s.label === SEED_ADMINISTRATOR);
  if (!slot) throw new Error(`The ledger has no user called ${SEED_ADMINISTRATOR}.`);
  const session = await unlockWithPassphrase(ledger, ready, slot.id, SEED_PASSPHRASE);
  const search = session.search;
  if (!search) throw new Error('This browser gave the page no worker to search in.');
  const started = performance.now();
  const stop = search.onProgress((done, total) => report(`indexing ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} removals`));
  const { count } = await search.ready;
  const indexReadyMs = performance.now() - started;
  stop();
  report('searching');
  const searchMs: number[] = [];
  let withMatches = 0;
  for (const query of TYPED_QUERIES) {
    const before = performance.now();
    const found = await search.everyMatch(query);
    searchMs.push(performance.now() - before);
    if (found && found.total > 0) withMatches += 1;
  }
  session.end();
  return { indexed: count, indexReadyMs, searchMs, withMatches };
}

publishOutcome(run(), { result: 'searchResult', error: 'searchError' });
