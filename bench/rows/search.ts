import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Removal } from '../../shared/removals/removal';
import { searchDocumentOf } from '../../shared/search/search-document';
import { RemovalIndex } from '../../renderer/src/search/removal-index';
import { MAX_SEARCH_LIMIT } from '../../renderer/src/search/search-protocol';
import { random as generator } from '../data/synthetic-removals';
import { median, p95, type BenchRow } from '../results';

/**
 * Search as a clerk types: the removal index (the code the search worker
 * runs) over synthetic removals, asked each prefix of a word as it would be
 * typed, one keystroke at a time. Measured in Node on the same module the
 * worker runs; the worker adds only a message hop each way.
 *
 * The records are generated, never random between runs: the same seed gives
 * the same ledger, so two runs measure the same work.
 */

const BUDGET_MS = 50;
/** The index must beat reading every record's text by this much (issue 8). */
const PEER_RATIO = 50;
const QUERIES = 200;


const COMMON = (
  'the to and of a in is it you that for on this are be with not have was they your at all what we do if but so just can ' +
  'about from there people city would will no more one like out get who an my or should their why how when them our council ' +
  'park road street police fire water trash meeting mayor vote tax money pay school traffic parking permit budget library ' +
  'noise dog neighbor complaint sidewalk light signal bus train housing rent job work business store downtown public safety'
).split(' ');

const SYLLABLES = 'ka lo mi ne ru sa te vo ba de fi go hu ja ke li mo nu pa re si to va we ya zo thr eat str an en in on un er or al el ist ment ion ing'.split(' ');
const FIRST_NAMES = 'Maria Jose Juan Ana Luis Carmen Jorge Rosa Carlos Elena David Linda James Mary Robert Patricia Michael Jennifer William Susan Nguyen Minh Thu Kevin Karen Brian Lisa Daniel Nancy'.split(' ');
const LAST_NAMES = 'Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Tran Le Pham Kim Park Chen'.split(' ');

interface Vocabulary {
  words: string[];
  /** Cumulative Zipf weights, to draw common words often and rare ones seldom, as text does. */
  cumulative: number[];
}

function vocabulary(random: () => number, size: number): Vocabulary {
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < size) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < words.length; rank++) cumulative.push((total += 1 / (rank + 1)));
  return { words, cumulative: cumulative.map((c) => c / total) };
}

function draw(random: () => number, vocab: Vocabulary): string {
  const target = random();
  let low = 0;
  let high = vocab.cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (vocab.cumulative[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return vocab.words[low]!;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function sentence(random: () => number, vocab: Vocabulary): string {
  const words = Array.from({ length: 6 + Math.floor(random() * 13) }, () => draw(random, vocab));
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${pick(random, ['.', '.', '.', '!', '?', '!!!'])}`;
}

function textOf(random: () => number, vocab: Vocabulary, minimum: number, maximum: number): string {
  const length = minimum + Math.floor(random() * (maximum - minimum));
  let text = '';
  while (text.length < length) text += (text ? ' ' : '') + sentence(random, vocab);
  return text;
}

interface Poster {
  displayName: string;
  username: string;
  platformUserId: string;
}

function posters(random: () => number, count: number): Poster[] {
  return Array.from({ length: count }, (_, i) => {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const username = pick(random, [`@${first.toLowerCase()}${last.toLowerCase()}${i}`, `${first.toLowerCase()}_${last.toLowerCase()}${i}`, `${first.charAt(0).toLowerCase()}.${last.toLowerCase()}${i}`]);
    return { displayName: `${first} ${last}`, username, platformUserId: String(100_000_000 + i * 7919) };
  });
}

const SHA = 'ab'.repeat(32);
const ZONE = 'America/Los_Angeles';

/** `count` removals with content of about 200 to 600 characters, and the words they were written from. */
export function syntheticRemovals(count: number, seed = 20260415): { removals: Removal[]; vocab: string[]; usernames: string[] } {
  const random = generator(seed);
  const vocab = vocabulary(random, 5_000);
  const people = posters(random, Math.max(10, Math.floor(count / 5)));
  const removals: Removal[] = [];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const poster = pick(random, people);
    let content = textOf(random, vocab, 200, 600);
    if (random() < 0.1) content += ` ${pick(random, people).username}`;
    if (random() < 0.05) content += ` https://www.example.com/${draw(random, vocab)}/${i}`;
    const at = (minutes: number) => ({ utc: new Date(base + i * 300_000 + minutes * 60_000).toISOString(), zone: ZONE });
    const id = `rem-${String(i).padStart(6, '0')}`;
    removals.push({
      id,
      status: 'logged',
      siteId: `site-${i % 7}`,
      contentKind: 'comment',
      permalink: random() < 0.7 ? `https://www.facebook.com/CityOfNorwalk/posts/${1000 + (i % 997)}?comment_id=${i}` : undefined,
      parentContext: random() < 0.5 ? textOf(random, vocab, 40, 160) : undefined,
      poster: {
        displayName: poster.displayName,
        username: poster.username,
        platformUserId: random() < 0.5 ? poster.platformUserId : { unknown: true, reason: 'The platform does not show it to page admins.' },
        profileUrl: { unknown: true, reason: 'Not captured.' },
      },
      moments: { posted: at(0), seen: at(30), removed: at(90) },
      content,
      // Links are not searched; finding them in 100,000 texts would only slow the generator.
      links: { links: [], suspicious: [] },
      attachments: Array.from({ length: Math.floor(random() * 3) }, (_, n) => ({
        attachmentId: `att-${i}-${n}`,
        fileName: `screenshot-${i}-${n}.png`,
        mediaType: 'image/png' as const,
        bytes: 100_000,
        sha256: SHA,
        kind: 'screenshot' as const,
      })),
      ocr: random() < 0.2 ? { text: textOf(random, vocab, 60, 300), confirmedBy: 'Dana Clerk', confirmedAt: at(40).utc } : undefined,
      categories: [{ categoryId: 'profanity' }],
      policyVersionId: 'norwalk-2024-v1',
      attestation: { notBasedOnViewpoint: true, attestedBy: 'Dana Clerk' },
      notes: random() < 0.3 ? textOf(random, vocab, 30, 200) : undefined,
      reviewTrail: {
        flagged: { by: 'Dana Clerk', at: at(35) },
        managerNotified: { who: 'Assistant City Manager Lee', at: at(50) },
        noCounselReason: 'The content expressly violated the Social Media Policy.',
        decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at: at(90) },
      },
    });
  }
  return { removals, vocab: vocab.words, usernames: people.map((p) => p.username) };
}

/**
 * What a person types, keystroke by keystroke: each prefix of a common word,
 * a rare word, a username, and a second word after a first one.
 */
export function asYouTypeQueries(vocab: string[], usernames: string[], count: number, seed = 7): string[] {
  const random = generator(seed);
  const common = vocab.slice(0, 200);
  const rare = vocab.slice(200);
  const queries: string[] = [];
  const type = (text: string, after = '') => {
    for (let end = 1; end <= text.length && queries.length < count; end++) queries.push(after + text.slice(0, end));
  };
  for (let target = 0; queries.length < count; target++) {
    const kind = target % 4;
    if (kind === 0) type(pick(random, common));
    else if (kind === 1) type(pick(random, rare));
    else if (kind === 2) type(pick(random, usernames));
    else type(pick(random, rare), `${pick(random, common)} `);
  }
  return queries;
}

/** The index of `records` synthetic removals, and how long building it took; the removals themselves are let go. */
function builtIndex(records: number): { index: RemovalIndex; buildMs: number; queries: string[]; warmUp: string[]; texts: string[] } {
  const { removals, vocab, usernames } = syntheticRemovals(records);
  const index = new RemovalIndex();
  const started = performance.now();
  for (const removal of removals) index.upsert(removal);
  index.prepareForTyping();
  const buildMs = performance.now() - started;
  // The peer: what searching would be without an index, a scan of every record's decrypted text.
  const texts = removals.map((removal) => Object.values(searchDocumentOf(removal)).join(' ').toLowerCase());
  return { index, buildMs, queries: asYouTypeQueries(vocab, usernames, QUERIES), warmUp: asYouTypeQueries(vocab, usernames, QUERIES, 8), texts };
}

/** p95 of scanning every text for each query's words (a fraction of the queries: the scan is slow by nature). */
function linearScanP95(texts: readonly string[], queries: readonly string[]): number {
  const samples: number[] = [];
  for (const query of queries.filter((_, i) => i % 10 === 0)) {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const before = performance.now();
    texts.filter((text) => words.every((word) => text.includes(word)));
    samples.push(performance.now() - before);
  }
  return p95(samples);
}

export function searchRows(options: { quick: boolean }): BenchRow[] {
  const records = options.quick ? 10_000 : 100_000;
  const label = options.quick ? '10k' : '100k';
  const buildBudget = options.quick ? 1 : 10;
  // The worker holds the index, not the records: measure searching with only the index in memory.
  const { index, buildMs, queries, warmUp, texts } = builtIndex(records);
  // Other words typed first, as a clerk would have by then: the engine has compiled the search code, as in a worker in use.
  for (const query of warmUp) index.everyMatch(query, MAX_SEARCH_LIMIT);
  const samples: number[] = [];
  let found = 0;
  for (const query of queries) {
    const before = performance.now();
    // What the worker does as the removals list asks as you type: every match, unranked, in the numbers the page turns into ids.
    const { total } = index.everyMatch(query, MAX_SEARCH_LIMIT);
    samples.push(performance.now() - before);
    found += total > 0 ? 1 : 0;
  }
  const queryP95 = p95(samples);
  const scanP95 = linearScanP95(texts, queries);
  const ratio = scanP95 / Math.max(queryP95, 0.001);
  return [
    {
      operation: `search as you type: ${QUERIES} keystroke queries over ${label} removals, ${found} with matches, every match as the worker answers the removals list (p95)`,
      measured: median(samples),
      p95: queryP95,
      unit: 'ms per query',
      budget: BUDGET_MS,
      withinBudget: queryP95 <= BUDGET_MS && ratio >= PEER_RATIO,
      peer: `linear scan of the decrypted text, p95 ${scanP95.toFixed(1)} ms (the index must be ≥ ${PEER_RATIO}× faster; ratio = scan ÷ index)`,
      ratio,
    },
    {
      operation: `build the search index from ${label} decrypted removals`,
      measured: buildMs / 1000,
      unit: 's',
      budget: buildBudget,
      withinBudget: buildMs / 1000 <= buildBudget,
    },
  ];
}

/**
 * The search rows measured in a Node process of their own, as the search
 * worker has a heap of its own. In the bench's process (every row's modules
 * loaded, the garbage of the rows before it) the collector paused for 4 to
 * 20 ms in the middle of the keystroke queries, and the p95 measured the
 * bench rather than the search.
 */
export function searchRowsInOwnProcess(options: { quick: boolean }): BenchRow[] {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'search-alone.ts'), ...(options.quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`The search rows stopped (exit ${child.status ?? child.signal}).`);
  return JSON.parse(child.stdout) as BenchRow[];
}
