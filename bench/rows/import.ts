import Papa from 'papaparse';
import { readCsvForImport } from '../../shared/export/csv';
import { MAX_IMPORT_ROWS, planImport } from '../../shared/import/import-plan';
import { guessMapping } from '../../shared/import/removal-columns';
import { norwalkPolicyV1 } from '../../shared/policy/norwalk-v1';
import { siteSchema } from '../../shared/sites/site';
import { median, p95, type BenchRow } from '../results';

/**
 * Importing the largest spreadsheet one import takes (10,000 rows), as the
 * import worker does it: read the CSV, guess the columns, read and check
 * every row into a removal. Measured in Node on the shared modules the worker
 * runs; the journal batch that follows is measured by the storage rows.
 */
const BUDGET_SECONDS = 10;

const sites = [
  siteSchema.parse({
    id: 'bench-fb',
    platform: 'facebook',
    accountName: 'City of Norwalk',
    handle: 'CityofNorwalkCA',
    url: 'https://www.facebook.com/CityofNorwalkCA',
    managingDepartment: 'Communications',
    approvedBy: { name: 'Pat Manager', title: 'City Manager' },
    approvedOn: '2024-01-02',
    contactEmail: 'social@norwalkca.gov',
    status: 'active',
  }),
];

/** A clerk's removal log with every row complete, so every row is checked all the way through. */
function clerkLog(rows: number): Uint8Array {
  const header = [
    'Site', 'Type', 'Link', 'Display name', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Reason',
    'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint',
  ];
  const data = Array.from({ length: rows }, (_, n) => {
    const day = 1 + (n % 28);
    const minute = String(n % 60).padStart(2, '0');
    return [
      n % 3 === 0 ? '@CityofNorwalkCA' : 'City of Norwalk',
      'comment',
      `https://www.facebook.com/CityofNorwalkCA/posts/${100000 + n}`,
      `Poster ${n}`,
      `poster_${n}`,
      `2/${day}/2025 9:${minute} AM`,
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      `2025-02-${String(day).padStart(2, '0')} 11:${minute}`,
      `Buy cheap watches at www.example.com/deals/${n} now!!! "Limited", offer ${n}.\nReply STOP.`,
      n % 5 === 0 ? 'Solicitation of commerce (spam); Off-topic comment' : 'Solicitation of commerce (spam)',
      'Dana Clerk',
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      'Assistant City Manager Lee',
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      'The content expressly violated the Social Media Policy.',
      'Dana Clerk',
      'yes',
    ];
  });
  return new TextEncoder().encode(Papa.unparse({ fields: header, data }, { newline: '\r\n' }));
}

export async function importRows({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const bytes = clerkLog(MAX_IMPORT_ROWS);
  const now = new Date('2026-04-15T17:00:00.000Z');
  const samples: number[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    let id = 0;
    const started = performance.now();
    const sheet = readCsvForImport(bytes);
    const plan = planImport(sheet, guessMapping(sheet.columns), {
      sites,
      policy: norwalkPolicyV1,
      timeZone: 'America/Los_Angeles',
      fileName: 'bench.csv',
      newId: () => `bench-${++id}`,
      now,
      screenshotFiles: null,
    });
    samples.push((performance.now() - started) / 1000);
    // A row that failed would be measured doing less work than a real import of good rows.
    if (plan.refusal || plan.valid.length !== MAX_IMPORT_ROWS) {
      throw new Error(`The import bench expected ${MAX_IMPORT_ROWS} valid rows; got ${plan.valid.length} (${plan.refusal ?? plan.failed[0]?.problems[0]?.message ?? 'no reason'}).`);
    }
  }
  const measured = median(samples);
  return [
    {
      operation: `import of ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows (parse + validate + plan)`,
      measured,
      p95: p95(samples),
      unit: 's',
      budget: BUDGET_SECONDS,
      withinBudget: measured <= BUDGET_SECONDS,
    },
  ];
}
