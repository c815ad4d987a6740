import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvFileBytes, readCsvForImport, toSpreadsheetCsv, type CsvColumn } from '../../../shared/export/csv';

interface Removal {
  reference: string;
  poster: string | null;
  content: string;
  count?: number;
}

const columns: CsvColumn<Removal>[] = [
  { header: 'Reference', value: (row) => row.reference },
  { header: 'Poster', value: (row) => row.poster },
  { header: 'Content', value: (row) => row.content },
];

/** Reads CSV text back the way a spreadsheet would split it, with papaparse. */
function cellsOf(csv: string): string[][] {
  return Papa.parse<string[]>(csv, { delimiter: ',' }).data;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('CSV export', () => {
  it('writes a header row and one row per item, with CRLF line ends', () => {
    const csv = toSpreadsheetCsv(columns, [{ reference: 'R-1', poster: 'jane', content: 'Buy now' }]);
    expect(csv).toBe('Reference,Poster,Content\r\nR-1,jane,Buy now');
  });

  it('writes only the header when there are no rows', () => {
    expect(toSpreadsheetCsv(columns, [])).toBe('Reference,Poster,Content\r\n');
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","Click")'],
    ['+', '+1+cmd|\' /C calc\'!A0'],
    ['-', '-2+3'],
    ['@', '@SUM(1+1)*cmd|\' /C calc\'!A0'],
    ['a tab', '\t=1+1'],
    ['a carriage return', '\r=1+1'],
  ])('puts a quote before a cell starting with %s, keeping the rest verbatim', (_label, content) => {
    const csv = toSpreadsheetCsv(columns, [{ reference: 'R-1', poster: null, content }]);
    expect(cellsOf(csv)[1]?.[2]).toBe(`'${content}`);
  });

  it('neutralises a formula followed by a line break (which papaparse\'s own pattern misses)', () => {
    const content = '=1+1\nsecond line';
    expect(cellsOf(toSpreadsheetCsv(columns, [{ reference: 'R-1', poster: null, content }]))[1]?.[2]).toBe(`'${content}`);
  });

  it('neutralises a username that starts with @ too', () => {
    // Excel reads a leading @ as a function call (implicit intersection).
    expect(cellsOf(toSpreadsheetCsv(columns, [{ reference: 'R-1', poster: '@jane', content: 'x' }]))[1]?.[1]).toBe("'@jane");
  });

  it('keeps everything else exactly: quotes, commas, line breaks, markup, bidi and zero-width characters, surrounding spaces', () => {
    const content = ' He said "hi", then left.\r\nLine 2 <script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1) \u202Etxt.exe\u200B ';
    const poster = 'José Müller 李';
    const [, row] = cellsOf(toSpreadsheetCsv(columns, [{ reference: 'R-1', poster, content }]));
    expect(row).toEqual(['R-1', poster, content]);
  });

  it('does not touch text with a formula character later on, or a leading quote', () => {
    const rows = [{ reference: 'R-1', poster: 'a=b', content: "'quoted already" }];
    expect(cellsOf(toSpreadsheetCsv(columns, rows))[1]).toEqual(['R-1', 'a=b', "'quoted already"]);
  });

  it('writes numbers and true/false as they are, and nothing for missing values', () => {
    const typed: CsvColumn<{ n: number; ok: boolean; missing?: string }>[] = [
      { header: 'Count', value: (row) => row.n },
      { header: 'Held', value: (row) => row.ok },
      { header: 'Missing', value: (row) => row.missing },
      { header: 'Not a number', value: () => Number.NaN },
    ];
    expect(toSpreadsheetCsv(typed, [{ n: -5, ok: true }])).toBe('Count,Held,Missing,Not a number\r\n-5,true,,');
  });

  it('neutralises a formula in a header too', () => {
    expect(toSpreadsheetCsv([{ header: '=cmd', value: () => 'x' }], [{}])).toBe(`"'=cmd"\r\nx`);
  });

  it('makes file bytes that Excel reads as UTF-8', () => {
    const bytes = csvFileBytes('Poster\r\nJosé');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('Poster\r\nJosé');
  });

  it('comes back unchanged through import, apart from the quote before formulas', () => {
    const rows: Removal[] = [
      { reference: 'R-1', poster: 'Zoë', content: 'multi\nline, with "quotes"' },
      { reference: 'R-2', poster: null, content: '=1+1' },
    ];
    const imported = readCsvForImport(csvFileBytes(toSpreadsheetCsv(columns, rows)), { requiredColumns: ['Reference'] });
    expect(imported.rows).toEqual([
      { row: 2, values: { Reference: 'R-1', Poster: 'Zoë', Content: 'multi\nline, with "quotes"' } },
      { row: 3, values: { Reference: 'R-2', Poster: '', Content: "'=1+1" } },
    ]);
    expect(imported.problems).toEqual([]);
  });
});

describe('CSV import', () => {
  const required = { requiredColumns: ['Removed at', 'Content'] };

  it('reads rows by column name, with spreadsheet row numbers', () => {
    const result = readCsvForImport(utf8('Removed at,Content,Poster\r\n2026-03-01 10:00,Buy now,@spam\r\n2026-03-02 11:00,Hello,\r\n'), required);
    expect(result.columns).toEqual(['Removed at', 'Content', 'Poster']);
    expect(result.rows).toEqual([
      { row: 2, values: { 'Removed at': '2026-03-01 10:00', Content: 'Buy now', Poster: '@spam' } },
      { row: 3, values: { 'Removed at': '2026-03-02 11:00', Content: 'Hello', Poster: '' } },
    ]);
    expect(result.rowsRead).toBe(2);
    expect(result.problems).toEqual([]);
  });

  it('matches required columns ignoring case and surrounding spaces, and reads a UTF-8 byte order mark', () => {
    const result = readCsvForImport(utf8('\uFEFF removed AT ,CONTENT\nx,y\n'), required);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.values).toEqual({ 'removed AT': 'x', CONTENT: 'y' });
  });

  it('skips blank rows but keeps counting them, as the spreadsheet does', () => {
    const result = readCsvForImport(utf8('Removed at,Content\n\na,b\n,\nc,d\n'), required);
    expect(result.rows.map((row) => row.row)).toEqual([3, 5]);
  });

  it('counts a cell with line breaks as one row', () => {
    const result = readCsvForImport(utf8('Removed at,Content\na,"line 1\nline 2"\nb,c,extra\n'), required);
    expect(result.rows).toEqual([{ row: 2, values: { 'Removed at': 'a', Content: 'line 1\nline 2' } }]);
    expect(result.problems).toEqual([expect.objectContaining({ row: 3, kind: 'wrong_column_count' })]);
  });

  describe('bad input', () => {
    it('reports a cell starting like a formula, and imports it as text', () => {
      const result = readCsvForImport(
        utf8('Removed at,Content\n2026-03-01,"=HYPERLINK(""http://evil.example"",""x"")"\n2026-03-02,-5\n2026-03-03,+1 (562) 555-0100\n2026-03-04,@jane_doe\n2026-03-05,@SUM(1+1)*cmd|\' /C calc\'!A0\n'),
        required,
      );
      expect(result.rows[0]?.values.Content).toBe('=HYPERLINK("http://evil.example","x")');
      expect(result.rows).toHaveLength(5);
      expect(result.problems).toEqual([
        {
          row: 2,
          column: 'Content',
          kind: 'formula',
          severity: 'warning',
          message: 'Row 2, Content: the cell starts with “=”, like a spreadsheet formula. It is imported as text and never calculated.',
        },
        expect.objectContaining({ row: 6, column: 'Content', kind: 'formula' }),
      ]);
    });

    it('reports an unclosed quote with its row, and imports only the rows before it', () => {
      const result = readCsvForImport(utf8('Removed at,Content\na,fine\nb,"never closed\nc,swallowed\nd,swallowed too\n'), required);
      expect(result.rows.map((row) => row.values.Content)).toEqual(['fine']);
      expect(result.problems).toEqual([
        expect.objectContaining({ row: 3, kind: 'broken_quote', severity: 'error', message: expect.stringContaining('never closed') }),
      ]);
      expect(result.problems[0]?.message).toContain('rows below it were not read');
    });

    it('reports a stray quote inside a quoted cell', () => {
      const result = readCsvForImport(utf8('Removed at,Content\na,"say "hi" now",\nb,ok\n'), { requiredColumns: ['Content'] });
      expect(result.problems.some((problem) => problem.kind === 'broken_quote' && problem.row === 2)).toBe(true);
      expect(result.rows.every((row) => row.row !== 2)).toBe(true);
    });

    it('reports an unclosed quote in the header and imports nothing', () => {
      const result = readCsvForImport(utf8('"Removed at,Content\na,b\n'), required);
      expect(result.rows).toEqual([]);
      expect(result.problems[0]).toEqual(expect.objectContaining({ row: 1, kind: 'broken_quote' }));
    });

    it('reports rows with too many or too few cells and leaves them out', () => {
      const result = readCsvForImport(utf8('Removed at,Content,Poster\na,b,c\nd,e,f,g\nh,i\nj,k,l\n'), required);
      expect(result.rows.map((row) => row.row)).toEqual([2, 5]);
      expect(result.problems).toEqual([
        expect.objectContaining({ row: 3, kind: 'wrong_column_count', message: expect.stringContaining('Row 3 has 4 cells but the header (row 1) has 3 columns. A cell with a comma') }),
        expect.objectContaining({ row: 4, kind: 'wrong_column_count', message: expect.stringContaining('Cells are missing') }),
      ]);
      expect(result.rowsRead).toBe(4);
    });

    it('reports a missing required column, lists what row 1 has, and imports nothing', () => {
      const result = readCsvForImport(utf8('Date,Content\na,b\n'), required);
      expect(result.rows).toEqual([]);
      expect(result.rowsRead).toBe(1);
      expect(result.problems).toEqual([
        {
          row: 1,
          column: 'Removed at',
          kind: 'missing_required_column',
          severity: 'error',
          message: 'The file has no “Removed at” column, so nothing can be imported. Row 1 has: “Date”, “Content”. Add the column, or rename the one that holds it.',
        },
      ]);
    });

    it('says so when a file is separated by semicolons', () => {
      const result = readCsvForImport(utf8('Removed at;Content\na;b\n'), required);
      expect(result.problems[0]?.message).toContain('looks separated by semicolons');
      const again = readCsvForImport(utf8('Removed at;Content\na;b\n'), { ...required, delimiter: ';' });
      expect(again.rows).toEqual([{ row: 2, values: { 'Removed at': 'a', Content: 'b' } }]);
    });

    it('refuses a required column that appears twice, and leaves out any other duplicate with a warning', () => {
      const dup = readCsvForImport(utf8('Content,Removed at,content\na,b,c\n'), required);
      expect(dup.rows).toEqual([]);
      expect(dup.problems).toEqual([expect.objectContaining({ kind: 'duplicate_column', severity: 'error', message: expect.stringContaining('columns A, C') })]);

      const notes = readCsvForImport(utf8('Content,Removed at,Notes,Notes\na,b,c,d\n'), required);
      expect(notes.rows).toEqual([{ row: 2, values: { Content: 'a', 'Removed at': 'b' } }]);
      expect(notes.problems).toEqual([expect.objectContaining({ kind: 'duplicate_column', severity: 'warning' })]);
    });

    it('warns about a column with data but no name, and ignores empty unnamed ones', () => {
      const result = readCsvForImport(utf8('Removed at,Content,,\na,b,lost,\n'), required);
      expect(result.rows).toEqual([{ row: 2, values: { 'Removed at': 'a', Content: 'b' } }]);
      expect(result.problems).toEqual([expect.objectContaining({ kind: 'unnamed_column', severity: 'warning', message: expect.stringContaining('Column C has no name') })]);
    });

    it('refuses text that is not UTF-8, naming the lines and what to do, and reads nothing', () => {
      // "José" and "Müller" as Windows-1252 (Excel's plain "CSV" on Windows).
      const bytes = new Uint8Array([...utf8('Removed at,Content\na,Jos'), 0xe9, ...utf8('\nb,fine\nc,M'), 0xfc, ...utf8('ller\n')]);
      const result = readCsvForImport(bytes, required);
      expect(result.rows).toEqual([]);
      expect(result.problems).toEqual([
        {
          row: 2,
          column: null,
          kind: 'not_utf8',
          severity: 'error',
          message: expect.stringContaining('The file is not UTF-8 text, so nothing was read from it: line 2 (and 1 more line) has characters in another encoding'),
        },
      ]);
      expect(result.problems[0]?.message).toContain('"CSV UTF-8 (Comma delimited)"');
    });

    it('refuses a truncated multi-byte character at the end of the file', () => {
      const bytes = new Uint8Array([...utf8('Removed at,Content\na,caf'), 0xc3]);
      expect(readCsvForImport(bytes, required).problems[0]).toEqual(expect.objectContaining({ kind: 'not_utf8', row: 2 }));
    });

    it('refuses UTF-16 with its own message', () => {
      const bytes = new Uint8Array([0xff, 0xfe, ...[...'a,b'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
      expect(readCsvForImport(bytes, required).problems).toEqual([expect.objectContaining({ kind: 'utf16', message: expect.stringContaining('UTF-16') })]);
    });

    it('reports an empty file', () => {
      for (const text of ['', '\uFEFF', '\r\n\r\n', '   ']) {
        expect(readCsvForImport(utf8(text), required).problems).toEqual([expect.objectContaining({ kind: 'empty_file', row: null })]);
      }
      expect(readCsvForImport(new Uint8Array(0)).problems[0]?.message).toBe('The file is empty. Choose the spreadsheet saved as CSV.');
    });

    it('keeps hostile text exactly as written', () => {
      const content = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a> <style>*{display:none}</style> \u202Eevil\u200B';
      const csv = toSpreadsheetCsv(columns, [{ reference: 'R-1', poster: null, content }]);
      expect(readCsvForImport(utf8(csv), { requiredColumns: ['Content'] }).rows[0]?.values.Content).toBe(content);
    });

    it('keeps a column named like an object property as an ordinary column', () => {
      const result = readCsvForImport(utf8('Content,__proto__,constructor\na,b,c\n'), { requiredColumns: ['Content'] });
      const values = result.rows[0]?.values ?? {};
      expect(Object.keys(values)).toEqual(['Content', '__proto__', 'constructor']);
      expect(values['__proto__']).toBe('b');
      expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    });

    it('names a tab at the start of a cell in words', () => {
      const result = readCsvForImport(utf8('Content\n"\t=1+1"\n'), { requiredColumns: ['Content'] });
      expect(result.problems[0]?.message).toBe('Row 2, Content: the cell starts with a tab, like a spreadsheet formula. It is imported as text and never calculated.');
    });

    it('never throws on binary junk', () => {
      const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
      expect(() => readCsvForImport(junk, required)).not.toThrow();
      expect(readCsvForImport(junk, required).rows).toEqual([]);
    });
  });

  it('reads 200,000 rows', () => {
    const lines = ['Removed at,Content,Poster'];
    for (let i = 0; i < 200_000; i++) lines.push(`2026-03-01 10:00,"Comment ${i}, with a comma",user${i}`);
    lines[150_001] = '2026-03-01 10:00,broken row';
    const result = readCsvForImport(utf8(lines.join('\r\n')), required);
    expect(result.rowsRead).toBe(200_000);
    expect(result.rows).toHaveLength(199_999);
    expect(result.problems).toEqual([expect.objectContaining({ row: 150_002, kind: 'wrong_column_count' })]);
  });
});
