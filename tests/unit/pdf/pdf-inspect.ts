import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads a rendered PDF back with poppler, as a person's PDF reader would see it. */

function withFile<T>(bytes: Uint8Array, read: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'records-ledger-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page, in content-stream order (-raw), pages split on form feed. */
export function pdfPages(bytes: Uint8Array): string[] {
  const text = withFile(bytes, (file) => execFileSync('/usr/bin/pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pdfText(bytes: Uint8Array): string {
  return pdfPages(bytes).join('\f');
}

export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const out = withFile(bytes, (file) => execFileSync('/usr/bin/pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' }));
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1] && match[2] !== undefined) info[match[1].trim()] = match[2].trim();
  }
  return info;
}

/** The file's bytes as Latin-1, for searching PDF syntax (object dictionaries are not compressed). */
export function rawPdf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The XMP metadata packet, which PDFKit writes uncompressed. */
export function xmpPacket(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/.exec(raw)?.[0] ?? '';
}

/** PDF names that run code, open things or reach outside the file. None may appear. */
export const ACTIVE_NAMES = ['/JavaScript', '/JS', '/URI', '/Launch', '/OpenAction', '/AA', '/SubmitForm', '/ImportData', '/GoToR', '/GoToE', '/RichMedia', '/EmbeddedFile', '/Annots'];

/** Which of ACTIVE_NAMES occur as whole PDF names (followed by a delimiter, so /JS does not match /JSomething). */
export function activeNamesIn(bytes: Uint8Array): string[] {
  const raw = rawPdf(bytes);
  return ACTIVE_NAMES.filter((name) => new RegExp(`${name.replace('/', '\\/')}(?=[\\s/<>\\[\\]()])`).test(raw));
}

export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
