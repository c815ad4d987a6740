import { join } from 'node:path';
import { defaultSettings, settingsSchema, type Settings } from '../../shared/settings';
import { atomicWrite, nodeFileSystem, readIfPresent, SerialQueue, type LedgerFileSystem } from './durable-files';

/**
 * settings.json in the data folder. Nothing in it names a person or a post,
 * so it is kept in clear. A damaged file falls back to the defaults rather
 * than keeping the app from starting.
 */
export const SETTINGS_FILE = 'settings.json';

export class SettingsStore {
  private readonly file: string;
  private readonly updates = new SerialQueue();

  constructor(
    dataDir: string,
    private readonly fs: LedgerFileSystem = nodeFileSystem,
  ) {
    this.file = join(dataDir, SETTINGS_FILE);
  }

  async get(): Promise<Settings> {
    const bytes = await readIfPresent(this.fs, this.file).catch(() => null);
    if (!bytes) return { ...defaultSettings };
    try {
      const parsed = settingsSchema.safeParse(JSON.parse(bytes.toString('utf8')));
      return parsed.success ? parsed.data : { ...defaultSettings };
    } catch {
      return { ...defaultSettings };
    }
  }

  update(changes: Partial<Settings>): Promise<Settings> {
    return this.updates.run(async () => {
      const next = settingsSchema.parse({ ...(await this.get()), ...changes });
      await this.fs.mkdir(join(this.file, '..'));
      await atomicWrite(this.fs, this.file, Buffer.from(`${JSON.stringify(next, null, 2)}\n`), 'the settings');
      return next;
    });
  }
}
