import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet, type Delimiter, type SpreadsheetFile } from '../../../renderer/src/import/read-spreadsheet';
import { looksLikeFormula } from '../../../shared/export/csv';
import { planImport, type ImportPlan } from '../../../shared/import/import-plan';
import { guessMapping } from '../../../shared/import/removal-columns';
import { sheetCellText, type SheetCell } from '../../../shared/import/sheet-cells';
import { xlsxBytes, type XlsxCell } from '../../support/xlsx';
import { clerkHeaders, clerkRow, planContext } from '../import/fixtures';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-runs';

/**
 * A clerk's spreadsheet is written by someone else, copied around and
 * sometimes made on purpose to hurt: random bytes, cut-off and mutated
 * workbooks, formulas, huge cells, rows with too many or too few cells,
 * other encodings. Whatever comes in, reading and planning the import
 * answer (never a throw, never a hang); every row read is either planned or
 * refused with a message for that row; and the rows nobody touched are still
 * planned, exactly as a clean file's would be.
 */

/** Cell text a hostile poster, a careless export or a spreadsheet's own habits put in a removal log. */
const hostileText = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '=HYPERLINK("http://evil.example","Click")',
      "=cmd|' /C calc'!A0",
      '+SUM(1,2)',
      '-2+3',
      '@SUM(A1:A2)',
      '\t=1+1',
      '\r=1+1',
      '<script>document.title="pwned"</script>',
      '<img src=x onerror=alert(1)>',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '\u202Egpj.exe',
      'zero\u200Bwidth\u200Djoiner',
      'N\u043Erwalk',
      '"',
      '""',
      '",',
      ',',
      ';',
      '\n',
      '\r\n',
      '\r',
      ' ',
      '',
      '\uFEFF',
      '\u0000',
      '__proto__',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 120_000 }).map((length) => `${'A'.repeat(length - 1)}!`) },
);

const headerNames = fc.oneof(fc.constantFrom('', 'Comment', 'Site', 'comment ', '__proto__', 'constructor', 'Link'), fc.string({ maxLength: 12 }));

/** A removal log of one to five good rows, and which of its cells, rows and header to spoil. */
const logEdits = <Cell>(cell: fc.Arbitrary<Cell>) =>
  fc.record({
    rows: fc.integer({ min: 1, max: 5 }),
    cells: fc.array(fc.record({ row: fc.nat(), column: fc.nat(), value: cell }), { maxLength: 4 }),
    header: fc.option(fc.record({ column: fc.nat(), value: headerNames }), { freq: 4 }),
  });

interface Log<Cell> {
  table: Cell[][];
  /** Spreadsheet rows (the header is row 1) that some edit touched. */
  touched: Set<number>;
  headerEdited: boolean;
}

function logWith<Cell>(edits: { rows: number; cells: Array<{ row: number; column: number; value: Cell }>; header: { column: number; value: string } | null }, asCell: (text: string) => Cell): Log<Cell> {
  const table: Cell[][] = [
    clerkHeaders.map(asCell),
    ...Array.from({ length: edits.rows }, (_, n) => {
      const row = clerkRow(n);
      return clerkHeaders.map((header) => asCell(row[header]));
    }),
  ];
  const touched = new Set<number>();
  for (const edit of edits.cells) {
    const row = 1 + (edit.row % edits.rows);
    table[row]![edit.column % clerkHeaders.length] = edit.value;
    touched.add(row + 1);
  }
  if (edits.header) table[0]![edits.header.column % clerkHeaders.length] = asCell(edits.header.value);
  return { table, touched, headerEdited: edits.header !== null };
}

/** A byte changed, cut off or added: what a bad copy does to any file. */
const byteDamage = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
);
type ByteDamage = typeof byteDamage extends fc.Arbitrary<infer T> ? T : never;

function damaged(bytes: Uint8Array, damage: ByteDamage): Uint8Array {
  if (damage.kind === 'flip') {
    if (bytes.length === 0) return bytes;
    const copy = Uint8Array.from(bytes);
    const at = damage.at % copy.length;
    copy[at] = copy[at]! ^ damage.xor;
    return copy;
  }
  const at = damage.at % (bytes.length + 1);
  if (damage.kind === 'cut') return bytes.subarray(0, at);
  return Uint8Array.from([...bytes.subarray(0, at), ...damage.bytes, ...bytes.subarray(at)]);
}

/** Words that in a message mean a program's value leaked in, unless the file itself holds them. */
const LEAKS = ['undefined', 'NaN', '[object Object]', 'null'];

function expectPlain(message: string, fileText: string): void {
  expect(message.trim().length, 'an empty message').toBeGreaterThan(0);
  expect(message).not.toMatch(/\n\s+at \S+ \(/);
  for (const word of LEAKS) if (!fileText.includes(word)) expect(message, `“${word}” in a message`).not.toContain(word);
}

/**
 * Reads the file and plans its import with the columns guessed from its
 * header, checking what must hold for any file: plain messages, and every row
 * read either planned or refused with at least one message of its own.
 */
async function readAndPlan(file: SpreadsheetFile, fileText: string, delimiter?: Delimiter): Promise<ImportPlan> {
  const reading = await readSpreadsheet(file, delimiter ? { delimiter } : {});
  for (const problem of reading.problems) expectPlain(problem.message, fileText);
  const plan = planImport(reading, guessMapping(reading.columns), planContext({ fileName: file.name }));
  if (plan.refusal !== null) {
    expectPlain(plan.refusal, fileText);
    expect(plan.valid).toEqual([]);
    return plan;
  }
  const rows = [...plan.valid.map((planned) => planned.row), ...plan.failed.map((failed) => failed.row)];
  expect(new Set(rows).size, 'a row was both planned and refused, or refused twice').toBe(rows.length);
  expect(rows.length, 'a row read was neither planned nor refused').toBe(reading.rowsRead);
  for (const failed of plan.failed) {
    expect(failed.problems.length, `row ${failed.row} was refused without saying why`).toBeGreaterThan(0);
    for (const problem of failed.problems) {
      expect(problem.row).toBe(failed.row);
      expectPlain(problem.message, fileText);
    }
  }
  for (const warning of plan.warnings) expectPlain(warning.message, fileText);
  return plan;
}

/**
 * Rows nobody touched are planned, content is kept verbatim, and text that
 * looks like a formula is reported (a number such as -1e+21 is not text, so it is not).
 */
function expectUntouchedRowsPlanned(plan: ImportPlan, log: Log<unknown>, cellText: (cell: unknown) => { text: string; typedAsText: boolean }): void {
  expect(plan.refusal, 'a file whose damage is in some rows only was refused whole').toBeNull();
  const planned = new Map(plan.valid.map((removal) => [removal.row, removal]));
  for (let row = 2; row <= log.table.length; row++) {
    if (!log.touched.has(row)) expect(planned.has(row), `untouched row ${row} was not planned`).toBe(true);
  }
  const contentColumn = clerkHeaders.indexOf('Comment');
  for (const [row, removal] of planned) {
    const cell = cellText(log.table[row - 1]![contentColumn]);
    expect(removal.removal.content, `row ${row}'s content was changed on the way in`).toBe(cell.text);
    if (cell.typedAsText && looksLikeFormula(cell.text)) expect(plan.warnings.some((warning) => warning.row === row && /formula/.test(warning.message))).toBe(true);
  }
}

describe('importing a CSV file', () => {
  const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;

  it('answers random bytes under any name with a plain report, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('log.csv', 'log.tsv', 'log.txt', 'log', 'log.xlsx'), async (bytes, name) => {
        await readAndPlan({ name, bytes }, Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('plans every untouched row of a log with hostile cells, ragged rows, other separators, encodings and byte order marks', async () => {
    await fc.assert(
      fc.asyncProperty(
        logEdits(hostileText),
        fc.array(fc.record({ row: fc.nat(), change: fc.constantFrom('drop last cell' as const, 'add a cell' as const) }), { maxLength: 2 }),
        fc.constantFrom<Delimiter>(',', ';', '\t'),
        fc.constantFrom('\r\n', '\n'),
        fc.constantFrom('utf-8', 'utf-8 with BOM', 'utf-16 with BOM', 'latin-1'),
        fc.option(byteDamage, { freq: 4 }),
        async (edits, shapes, delimiter, newline, encoding, damage) => {
          const log = logWith(edits, (text) => text);
          const table = log.table.map((cells) => [...cells]);
          for (const shape of shapes) {
            const row = 1 + (shape.row % edits.rows);
            if (shape.change === 'drop last cell') table[row]!.pop();
            else table[row]!.push('extra');
            log.touched.add(row + 1);
          }
          const text = table.map((cells) => cells.map(quoted).join(delimiter)).join(newline);
          const encoded =
            encoding === 'utf-16 with BOM'
              ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
              : encoding === 'latin-1'
                ? Buffer.from(text, 'latin1')
                : Buffer.concat([Buffer.from(encoding === 'utf-8 with BOM' ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
          const bytes = damage ? damaged(new Uint8Array(encoded), damage) : new Uint8Array(encoded);
          const plan = await readAndPlan({ name: 'removals.csv', bytes }, text, delimiter);
          if (encoding.startsWith('utf-8') && !damage && !log.headerEdited) expectUntouchedRowsPlanned(plan, log, (cell) => ({ text: String(cell), typedAsText: true }));
          if (encoding === 'utf-16 with BOM' && !damage) expect(plan.refusal).toMatch(/UTF-16/);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

/** What an Excel cell can hold, hostile text included. */
const xlsxCell: fc.Arbitrary<XlsxCell> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.record({ formula: hostileText, cached: hostileText }) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const WORKBOOK_PARTS = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml'];

/** Damage inside the workbook's own XML: what a broken program or a hand-made file produces. */
const xmlDamage = fc.oneof(
  fc.record({ kind: fc.constant('cut out' as const), part: fc.constantFrom(...WORKBOOK_PARTS), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    part: fc.constantFrom(...WORKBOOK_PARTS),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom('<', '>', '"', '&', '&amp;', '&#0;', '&#x1F4A9;', '&bogus;', '</row>', '<row>', '<c r="A1" t="s"><v>99</v></c>', '<c t="e"><v>#REF!</v></c>', ']]>', '<![CDATA[x]]>'),
      fc.string({ maxLength: 20 }),
    ),
  }),
  fc.record({ kind: fc.constant('remove part' as const), part: fc.constantFrom(...WORKBOOK_PARTS) }),
  fc.record({ kind: fc.constant('random part' as const), part: fc.constantFrom(...WORKBOOK_PARTS), bytes: fc.uint8Array({ maxLength: 256 }) }),
  fc.record({
    kind: fc.constant('entity bomb' as const),
    depth: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    kind: fc.constant('far cell' as const),
    reference: fc.oneof(
      fc.constantFrom('XFD1048576', 'A1048576', 'XFD1', 'ZZZZZZ1', 'A1e9', 'A99999999', '&#88;FD1048576'),
      fc.tuple(fc.stringMatching(/^[A-Z]{1,4}$/), fc.integer({ min: 1, max: 2_000_000 })).map(([letters, row]) => `${letters}${row}`),
    ),
    row: fc.constantFrom('matching', 'none', '1e9'),
  }),
);
type XmlDamage = typeof xmlDamage extends fc.Arbitrary<infer T> ? T : never;

function withXmlDamage(bytes: Uint8Array, damage: XmlDamage): Uint8Array {
  const parts = unzipSync(bytes);
  const sheet = 'xl/worksheets/sheet1.xml';
  switch (damage.kind) {
    case 'cut out': {
      const text = strFromU8(parts[damage.part]!);
      const at = damage.at % (text.length + 1);
      parts[damage.part] = strToU8(text.slice(0, at) + text.slice(at + damage.length));
      break;
    }
    case 'insert': {
      const text = strFromU8(parts[damage.part]!);
      const at = damage.at % (text.length + 1);
      parts[damage.part] = strToU8(text.slice(0, at) + damage.text + text.slice(at));
      break;
    }
    case 'remove part':
      delete parts[damage.part];
      break;
    case 'random part':
      parts[damage.part] = damage.bytes;
      break;
    case 'entity bomb': {
      // "Billion laughs": each entity ten of the one before. A reader that expands them runs out of memory.
      const entities = Array.from({ length: damage.depth }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
      const text = strFromU8(parts[sheet]!).replace('<worksheet', `<!DOCTYPE worksheet [<!ENTITY l0 "ha">${entities}]><worksheet`);
      parts[sheet] = strToU8(text.replace('Buy cheap', `&l${damage.depth};Buy cheap`));
      break;
    }
    case 'far cell': {
      const rowNumber = damage.row === 'matching' ? /\d.*$/.exec(damage.reference.replace(/^&#\d+;/, ''))?.[0] ?? '1' : damage.row;
      const row = damage.row === 'none' ? '<row>' : `<row r="${rowNumber}">`;
      parts[sheet] = strToU8(strFromU8(parts[sheet]!).replace('</sheetData>', `${row}<c r="${damage.reference}" t="inlineStr"><is><t>far away</t></is></c></row></sheetData>`));
      break;
    }
  }
  return zipSync(parts);
}

describe('importing an Excel workbook', () => {
  /** What the ledger reads from a cell: its text, or the text of its number, truth value, date or cached formula result. */
  const cellText = (cell: unknown) =>
    cell !== null && typeof cell === 'object' && 'cached' in cell ? { text: String(cell.cached), typedAsText: true } : { text: sheetCellText(cell as SheetCell), typedAsText: typeof cell === 'string' };

  it('plans every untouched row of a workbook with hostile, formula, huge, date and empty cells', async () => {
    await fc.assert(
      fc.asyncProperty(logEdits(xlsxCell), fc.constantFrom<0 | 6>(0, 6), async (edits, level) => {
        const log = logWith<XlsxCell>(edits, (text) => text);
        const bytes = xlsxBytes([{ name: 'Removals', rows: log.table }], { level });
        const plan = await readAndPlan({ name: 'removals.xlsx', bytes }, JSON.stringify(log.table));
        if (!log.headerEdited) expectUntouchedRowsPlanned(plan, log, cellText);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('answers a workbook cut short, with bytes changed, or with its XML mutated by a plain report, never a throw or a hang', async () => {
    await fc.assert(
      fc.asyncProperty(
        logEdits(xlsxCell),
        fc.oneof(fc.record({ zip: byteDamage }), fc.record({ xml: xmlDamage })),
        fc.constantFrom('removals.xlsx', 'removals.xlsm', 'removals.csv', 'removals'),
        async (edits, damage, name) => {
          const log = logWith<XlsxCell>(edits, (text) => text);
          const clean = xlsxBytes([{ name: 'Removals', rows: log.table }]);
          const bytes = 'zip' in damage ? damaged(clean, damage.zip) : withXmlDamage(clean, damage.xml);
          await readAndPlan({ name, bytes }, `${JSON.stringify(log.table)}${'xml' in damage ? JSON.stringify(damage.xml) : ''}`);
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  /** Cases the properties above found, kept as plain examples (each failed before read-spreadsheet.ts was fixed). */
  describe('cases found by fuzzing', () => {
    const sheetWith = (extra: string) => {
      const parts = unzipSync(xlsxBytes([{ name: 'Removals', rows: [['Comment'], ['Buy cheap watches']] }]));
      parts['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(parts['xl/worksheets/sheet1.xml']!).replace('</sheetData>', `${extra}</sheetData>`));
      return zipSync(parts);
    };

    it.each([
      ['one cell at XFD1048576 (a few hundred bytes asking for 17 billion cells, which exhausted memory)', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', /row 1,048,576, column XFD/],
      ['a row numbered 1e9', '<row r="1e9"><c r="A1e9" t="inlineStr"><is><t>x</t></is></c></row>', /row 1,000,000,000, column A/],
      ['a cell reference written with a character reference', '<row r="3"><c r="&#88;FD3" t="inlineStr"><is><t>x</t></is></c></row><row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>', /row 2,000,000, column XFD/],
    ])('refuses a workbook with %s before reading it, saying what to do', async (_what, extra, reach) => {
      const reading = await readSpreadsheet({ name: 'bomb.xlsx', bytes: sheetWith(extra) });
      expect(reading.rows).toEqual([]);
      expect(reading.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(reach) })]);
      expect(reading.problems[0]!.message).toMatch(/^“bomb\.xlsx” has a sheet whose cells reach .*Delete the empty rows and columns/);
    });

    it('refuses a workbook whose relationships are garbled without quoting the reader’s own programming error', async () => {
      const parts = unzipSync(xlsxBytes([{ name: 'Removals', rows: [['Comment'], ['Buy cheap watches']] }]));
      const rels = strFromU8(parts['xl/_rels/workbook.xml.rels']!);
      const at = rels.indexOf('Target="worksheets');
      parts['xl/_rels/workbook.xml.rels'] = strToU8(`${rels.slice(0, at)}>${rels.slice(at)}`);
      const reading = await readSpreadsheet({ name: 'garbled.xlsx', bytes: zipSync(parts) });
      expect(reading.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^“garbled\.xlsx” could not be read as an Excel workbook\. Open it in Excel/) })]);
    });

    it('still reads a workbook whose stray value sits far down column A', async () => {
      const reading = await readSpreadsheet({ name: 'tall.xlsx', bytes: sheetWith('<row r="40000"><c r="A40000" t="inlineStr"><is><t>stray</t></is></c></row>') });
      expect(reading.rows.map((row) => row.row)).toEqual([2, 40000]);
    });
  });
});
