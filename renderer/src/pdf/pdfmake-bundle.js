/*
 * pdfmake's self-contained browser bundle (UMD, with its own Buffer, stream,
 * zlib and an in-memory "fs") and its Roboto font container, for both the
 * renderer's PDF worker (Vite) and Node (Vitest). Using the one bundle in both
 * places means the tests exercise the code that ships, and that no build of
 * pdfmake with real file-system or Node access is ever in the renderer.
 *
 * This file is plain JavaScript on purpose, typed by pdfmake-bundle.d.ts:
 * if TypeScript resolved these specifiers it would load @types/pdfmake, which
 * pulls Node's types into the renderer program (see doc-definition.ts).
 */
import pdfMake from 'pdfmake/build/pdfmake.js';
import robotoFonts from 'pdfmake/build/fonts/Roboto.js';

export { pdfMake, robotoFonts };
