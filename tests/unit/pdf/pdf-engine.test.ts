import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentDefinition } from '../../../renderer/src/pdf/doc-definition';
import { framedDocument } from '../../../renderer/src/pdf/documents/common';
import { renderPdf, type RenderProgress } from '../../../renderer/src/pdf/pdf-engine';
import { pdfInfo, pdfText } from './pdf-inspect';

/** A 1x1 PNG, as a data URL: the one way an image may come in. */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==';

function simpleDocument(extra: Partial<DocumentDefinition> = {}): DocumentDefinition {
  return { ...framedDocument({ documentTitle: 'Test document', formatVersion: 7, cityName: 'City of Norwalk', subject: 'A test.', content: ['Hello.'] }), ...extra };
}

describe('renderPdf', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('refuses an image at an https URL with a clear error, and fetches nothing', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('the network was used')));
    vi.stubGlobal('fetch', fetchSpy);
    await expect(
      renderPdf(simpleDocument({ images: { logo: 'https://example.com/logo.png' }, content: [{ image: 'logo', width: 20 }] })),
    ).rejects.toThrow('Access to URL denied by resource access policy: https://example.com/logo.png');
    await expect(renderPdf(simpleDocument({ images: { tracker: 'http://127.0.0.1:9/pixel.png' }, content: ['x'] }))).rejects.toThrow(/Access to URL denied/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fails, without fetching, on an image URL given straight in the content', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('the network was used')));
    vi.stubGlobal('fetch', fetchSpy);
    await expect(renderPdf(simpleDocument({ content: [{ image: 'https://example.com/logo.png', width: 20 }] }))).rejects.toThrow(/Invalid image/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('still draws an image given as a data URL', async () => {
    const bytes = await renderPdf(simpleDocument({ content: ['Before.', { image: PIXEL, width: 20 }] }));
    expect(pdfInfo(bytes).Pages).toBe('1');
  });

  it('refuses a link anywhere in the content', async () => {
    const withLink = simpleDocument({ content: [{ stack: [{ text: 'click', link: 'javascript:alert(1)' } as never] }] });
    await expect(renderPdf(withLink)).rejects.toThrow(/may not contain links/);
  });

  it('reports progress from 0 to 1, in order, a whole percent at a time', async () => {
    const seen: RenderProgress[] = [];
    await renderPdf(simpleDocument({ content: Array.from({ length: 400 }, (_, i) => `Line ${i}`) }), { onProgress: (p) => seen.push(p) });
    expect(seen[0]).toEqual({ fraction: 0, label: 'Laying out the pages…' });
    expect(seen.at(-1)).toEqual({ fraction: 1, label: 'Done' });
    expect(seen.length).toBeLessThanOrEqual(103);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('returns the complete file in an ArrayBuffer of its own, ready to transfer', async () => {
    const bytes = await renderPdf(simpleDocument());
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('%PDF-1.7');
    expect(new TextDecoder().decode(bytes.subarray(-6)).trim()).toBe('%%EOF');
  });

  it('frames every page with the city, the title, the format version and "Page N of M"', async () => {
    const bytes = await renderPdf(simpleDocument({ content: Array.from({ length: 120 }, (_, i) => `Line ${i}`) }));
    const pages = pdfText(bytes).split('\f');
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, i) => {
      expect(page).toContain('City of Norwalk');
      expect(page).toContain('Records Ledger · Test document · document format 7');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });

  it('renders the same document twice in a row (the engine keeps no state between documents)', async () => {
    const first = pdfText(await renderPdf(simpleDocument()));
    const second = pdfText(await renderPdf(simpleDocument()));
    expect(second).toBe(first);
  });
});
