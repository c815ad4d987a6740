import type { Content, ContentTable, TableCell, TableLayout, TableWidth } from '../doc-definition';

/**
 * The two table shapes the documents use: a label/value block, and a list
 * that may run to thousands of rows across many pages with its header row
 * repeated on each.
 */

const RULE_COLOR = '#999999';
const HEADER_FILL = '#e6e6e6';

const keyValueLayout: TableLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: (i) => (i === 0 ? 0 : 8),
  paddingRight: () => 0,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

/** Labels on the left, values (any content: usually visibleText runs) on the right. */
export function keyValueTable(rows: Array<[label: string, value: Content]>, labelWidth = 150): ContentTable {
  return {
    table: {
      widths: [labelWidth, '*'],
      body: rows.map(([label, value]): TableCell[] => [{ text: label, style: 'label' }, value]),
    },
    layout: keyValueLayout,
  };
}

const listLayout: TableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === (node.table.headerRows ?? 0) || i === node.table.body.length ? 0.75 : 0.25),
  vLineWidth: () => 0,
  hLineColor: () => RULE_COLOR,
  paddingLeft: (i) => (i === 0 ? 2 : 6),
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
  fillColor: (rowIndex, node) => (rowIndex < (node.table.headerRows ?? 0) ? HEADER_FILL : null),
};

export interface ListTable {
  headers: string[];
  widths: TableWidth[];
  /** Cells: plain strings for numbers and fixed words, visibleText(...) for anything from outside. */
  rows: Content[][];
  /** Said instead of an empty table. */
  whenEmpty: string;
}

/**
 * A table whose header row pdfmake repeats at the top of every page it
 * continues onto; a row is never split across pages.
 */
export function listTable(list: ListTable): Content {
  if (list.rows.length === 0) return { text: list.whenEmpty, style: 'note' };
  return {
    style: 'tableCell',
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: list.widths,
      body: [list.headers.map((header): TableCell => ({ text: header, style: 'tableHeader' })), ...list.rows],
    },
    layout: listLayout,
  };
}
