import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  build: { asar: boolean; electronFuses: Record<string, boolean> };
};

describe('the packaged app', () => {
  const fuses = manifest.build.electronFuses;

  it('cannot be turned into a plain Node runtime', () => {
    expect(fuses.runAsNode).toBe(false);
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
  });

  it('loads only its own integrity-checked archive', () => {
    expect(manifest.build.asar).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);
  });
});
