import { proposeRedactions } from '../../shared/cpra/redaction-finders';
import { fieldText, redactableFields, type RedactableField } from '../../shared/cpra/redaction';
import type { Removal } from '../../shared/removals/removal';
import { random, syntheticRemoval } from '../data/synthetic-removals';
import { median, p95, type BenchRow } from '../results';

/**
 * The redaction finders over a city's worth of records: what counsel waits
 * for when asking the app to propose redactions for every record a request
 * covers. Every redactable field of every record is searched, and some
 * records carry the details a poster leaves behind (e-mail addresses, phone
 * numbers, street addresses, some in full-width digits to dodge filters).
 */
const RECORDS = 10_000;
const RUNS = 3;
const BUDGET_SECONDS = 2;

const DETAILS = [
  'email me at resident.name+city@mail.example.com',
  'call (562) 929-5700 after six',
  'I live at 12700 Norwalk Blvd, Norwalk, CA 90650',
  'text ５６２－９２９－５７００ now',
  'my SSN is 123-45-6789',
  'come by 456 Elm Street Apt 4B',
];

function withDetails(removal: Removal, index: number): Removal {
  const next = random(index * 104_729 + 3);
  if (next() < 0.5) return removal;
  const words = removal.content.split(' ');
  const at = Math.floor(next() * words.length);
  words.splice(at, 0, DETAILS[Math.floor(next() * DETAILS.length)]!);
  return { ...removal, content: words.join(' ') };
}

function recordFields(removal: Removal): Array<{ field: RedactableField; text: string }> {
  return redactableFields.flatMap((field) => {
    const text = fieldText(removal, field);
    return text === null ? [] : [{ field, text }];
  });
}

export async function redactionFinderRows({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  // 10,000 records is already the short run, so quick measures the same thing.
  void quick;
  const siteIds = ['site-a', 'site-b', 'site-c'];
  const records = Array.from({ length: RECORDS }, (_, n) => withDetails(syntheticRemoval(n, { siteIds, id: `r${n}` }), n));
  const inputs = records.map((removal) => ({ recordId: removal.id, fields: recordFields(removal) }));
  const seconds: number[] = [];
  let proposals = 0;
  for (let run = 0; run < RUNS; run++) {
    let counter = 0;
    const newId = () => `proposal-${++counter}`;
    const started = performance.now();
    proposals = 0;
    for (const input of inputs) proposals += proposeRedactions({ ...input, exemptionId: 'gc-7927-700', existing: [], newId }).length;
    seconds.push((performance.now() - started) / 1000);
  }
  if (proposals === 0) throw new Error('The redaction finders found nothing in records seeded with personal details; the benchmark measured the wrong thing.');
  return [
    {
      operation: `redaction finders over ${RECORDS.toLocaleString('en-US')} records`,
      measured: median(seconds),
      p95: p95(seconds),
      unit: 's',
      budget: BUDGET_SECONDS,
      withinBudget: median(seconds) <= BUDGET_SECONDS,
    },
  ];
}
