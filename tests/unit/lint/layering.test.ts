import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the project's own ESLint, as `npm run lint` does, on one file's text. */
function lint(filePath: string, code: string) {
  const run = spawnSync('npx', ['eslint', '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    input: code,
    encoding: 'utf8',
  });
  const [report] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return { exitCode: run.status, messages: report?.messages ?? [] };
}

describe('the layering rule', () => {
  it.each([
    ['shared/ importing from electron/', 'shared/ipc/bad.ts', "import { createDispatcher } from '../../electron/ipc/dispatch';\nexport const d = createDispatcher;"],
    ['shared/ importing from renderer/', 'shared/bad.ts', "import { App } from '../renderer/src/app/App';\nexport const a = App;"],
    ['shared/ importing a Node built-in', 'shared/bad.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;"],
    ['shared/ importing Dexie', 'shared/bad.ts', "import Dexie from 'dexie';\nexport const d = Dexie;"],
    ['shared/ touching the DOM', 'shared/bad.ts', 'export const title = document.title;'],
    ['shared/ reading the clock', 'shared/bad.ts', 'export const now = Date.now();'],
    ['shared/ drawing randomness', 'shared/bad.ts', 'export const id = crypto.randomUUID();'],
    ['renderer/ importing Electron', 'renderer/src/bad.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ['renderer/ importing a Node built-in', 'renderer/src/bad.ts', "import { readFileSync } from 'fs';\nexport const r = readFileSync;"],
    ['electron/ importing React', 'electron/main/bad.ts', "import { useState } from 'react';\nexport const u = useState;"],
    ['a service importing Electron', 'electron/services/bad.ts', "import { app } from 'electron';\nexport const a = app;"],
  ])('fails lint for %s', (_label, filePath, code) => {
    const result = lint(filePath, code);
    expect(result.exitCode).toBe(1);
    expect(result.messages.map((m) => m.ruleId)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no-restricted-(imports|globals|syntax)$/)]),
    );
  });

  it('passes lint for imports each layer may make', () => {
    expect(lint('renderer/src/ok.ts', "import { channels } from '../../shared/ipc/channels';\nexport const c = channels;").exitCode).toBe(0);
    expect(lint('electron/main/ok.ts', "import { app } from 'electron';\nexport const a = app;").exitCode).toBe(0);
    expect(lint('shared/ok.ts', "import { z } from 'zod';\nexport const s = z.string();").exitCode).toBe(0);
  });
});
