import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

interface Props {
  image: () => Promise<Uint8Array>;
  fileName: string;
  onRecognised(text: string): void;
  disabled?: boolean;
}
// Loaded by a path held in a variable: tsconfig.node.json, which checks the tests,
// has no JSX; tsconfig.web.json checks the component itself.
const componentPath = '../../../renderer/src/ocr/ReadTextButton';
const { ReadTextButton } = (await import(componentPath)) as { ReadTextButton: FunctionComponent<Props> };

/* The first render, as markup. Reading itself is driven in a real browser. */
function render(props: Partial<Props> = {}): string {
  return renderToStaticMarkup(
    createElement(ReadTextButton, { image: async () => new Uint8Array(), fileName: 'comment-<b>x</b>.png', onRecognised: () => undefined, ...props }),
  );
}

describe('the Read text from screenshot button', () => {
  it("is named for its screenshot, the visible words first (WCAG 2.5.3), the file name as text, never markup", () => {
    const html = render();
    expect(html).toContain('aria-label="Read text from screenshot comment-&lt;b&gt;x&lt;/b&gt;.png"');
    expect(html).toContain('>Read text from screenshot</button>');
    expect(html).not.toContain('<b>x</b>');
  });

  it('has its status and alert regions in the page before anything happens, so later messages are announced', () => {
    const html = render();
    expect(html).toMatch(/<p role="status"><\/p>/);
    expect(html).toMatch(/<p role="alert"[^>]*><\/p>/);
    expect(html).not.toContain('<progress');
    expect(html).not.toContain('Cancel');
  });

  it('can be disabled by its screen (for instance while the record is saving)', () => {
    expect(render({ disabled: true })).toMatch(/<button[^>]*disabled=""[^>]*>Read text from screenshot<\/button>/);
    expect(render()).not.toMatch(/disabled=""/);
  });
});
