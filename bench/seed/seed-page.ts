import type { VaultStatus } from '../../shared/ipc/channels';
import { HOLD_TABLE, holdSchema } from '../../shared/holds/hold';
import { posterTokenOf } from '../../shared/removals/removal-listing';
import { SITE_TABLE, siteSchema } from '../../shared/sites/site';
import { prepareAttachment } from '../../renderer/src/attachments/attachment-files';
import { createPreviewTransport, takeLaunchToken } from '../../renderer/src/ledger/preview-transport';
import { removalChange } from '../../renderer/src/removals/save-removal';
import { createLedger, unlockWithPassphrase } from '../../renderer/src/vault/vault-operations';
import { random, syntheticRemoval } from '../data/synthetic-removals';
import { SEED_ADMINISTRATOR, SEED_PASSPHRASE } from './seed-passphrase';
import { publishOutcome } from '../browser/publish-outcome';

/**
 * Fills a new ledger through the app's own code and the real preview
 * services: sites, removals with look-alike posters, screenshots as real
 * PNG and JPEG pictures of realistic sizes, and legal holds. The seed decides
 * every record's content and id, so the same seed gives the same ledger.
 *
 * With `from` above 0 it adds removals numbered from there to the seeded
 * ledger already in the data folder (it unlocks it instead of creating it):
 * the benchmarks grow one ledger from 100,000 to 500,000 records rather than
 * seed the first 100,000 twice.
 */
export interface SeedResult {
  records: number;
  screenshots: number;
  screenshotBytes: number;
  ms: number;
}

declare global {
  interface Window {
    seedResult?: SeedResult;
    seedError?: string;
  }
}

const SITES = [
  { id: 'seed-facebook', platform: 'facebook', accountName: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' },
  { id: 'seed-instagram', platform: 'instagram', accountName: 'Norwalk Parks', handle: 'norwalkparks', url: 'https://www.instagram.com/norwalkparks/' },
  { id: 'seed-x', platform: 'x_twitter', accountName: 'Norwalk City Hall', handle: 'NorwalkCityHall', url: 'https://x.com/NorwalkCityHall' },
  { id: 'seed-youtube', platform: 'youtube', accountName: 'Norwalk TV', handle: 'NorwalkTV', url: 'https://www.youtube.com/@NorwalkTV' },
  { id: 'seed-nextdoor', platform: 'nextdoor', accountName: 'City of Norwalk (Nextdoor)', handle: null, url: 'https://nextdoor.com/agency/city-of-norwalk/' },
] as const;

function report(text: string): void {
  document.getElementById('progress')!.textContent = text;
}

/** A 32-hex-digit id the seed decides. */
function idFrom(next: () => number): string {
  return Array.from({ length: 4 }, () => Math.floor(next() * 2 ** 32).toString(16).padStart(8, '0')).join('');
}

/** A screenshot that looks like one: a comment card of text on a light page, as PNG or JPEG, 100 KB to a few MB. */
async function screenshot(index: number, text: string, next: () => number): Promise<{ name: string; bytes: Uint8Array }> {
  const wide = next() < 0.3;
  const canvas = new OffscreenCanvas(wide ? 1920 : 1080, wide ? 1080 : 1350);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#f0f2f5';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#ffffff';
  context.fillRect(60, 80, canvas.width - 120, canvas.height - 160);
  context.fillStyle = '#1c1e21';
  context.font = '34px sans-serif';
  const words = text.split(' ');
  let line = '';
  let y = 160;
  for (const word of words) {
    if (context.measureText(`${line}${word} `).width > canvas.width - 200) {
      context.fillText(line, 100, y);
      line = '';
      y += 46;
    }
    line += `${word} `;
  }
  context.fillText(line, 100, y);
  // Photos and avatars make real screenshots big: a noisy band of "photo" in some of them.
  if (next() < 0.4) {
    const band = context.createImageData(canvas.width - 200, Math.floor(canvas.height / 3));
    const bytes = new Uint8Array(band.data.length);
    for (let offset = 0; offset < bytes.length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536));
    band.data.set(bytes);
    context.putImageData(band, 100, y + 60);
  }
  const type = next() < 0.5 ? 'image/png' : 'image/jpeg';
  const blob = await canvas.convertToBlob({ type, quality: 0.9 });
  return { name: `screenshot-${index}.${type === 'image/png' ? 'png' : 'jpg'}`, bytes: new Uint8Array(await blob.arrayBuffer()) };
}

async function run(): Promise<SeedResult> {
  const started = performance.now();
  const params = new URLSearchParams(location.search);
  const records = Number(params.get('records') ?? '10000');
  const screenshots = Math.min(records, Number(params.get('screenshots') ?? String(Math.floor(records / 10))));
  const seed = Number(params.get('seed') ?? '1');
  const from = Number(params.get('from') ?? '0');
  const adding = from > 0;
  // Ids of added removals come from their own stream, so they do not depend on how the first part was seeded.
  const next = random(adding ? seed * 1_000_003 + from : seed);
  const ledger = createPreviewTransport(takeLaunchToken(location, history, sessionStorage));
  if (!adding) {
    await createLedger(ledger, { cityName: 'City of Norwalk', ledgerName: `Seeded ledger ${seed}`, fullName: SEED_ADMINISTRATOR, passphrase: SEED_PASSPHRASE }, () => {});
  }
  const status = (await ledger.vaultStatus({})) as { ok: true; value: Extract<VaultStatus, { state: 'ready' }> };
  const slot = status.value.slots.find((s) => s.kind === 'user' && s.label === SEED_ADMINISTRATOR);
  if (!slot) throw new Error(`This data folder holds no seeded ledger (no user called ${SEED_ADMINISTRATOR}) to add removals to.`);
  const session = await unlockWithPassphrase(ledger, status.value, slot.id, SEED_PASSPHRASE);
  // Seeding saves no search index; the worker the unlock started would only compete with it.
  session.search?.close();

  for (const site of adding ? [] : SITES) {
    const data = siteSchema.parse({
      ...site,
      otherPlatformName: null,
      managingDepartment: 'Communications & Public Affairs',
      approvedBy: { name: 'Jesus Gomez', title: 'City Manager' },
      approvedOn: '2020-01-15',
      contactEmail: 'pio@norwalkca.gov',
      personalAccountApproval: null,
      status: 'active',
      terminatedOn: null,
    });
    await session.records.save({ table: SITE_TABLE, recordId: data.id, data, clear: { platform: data.platform, status: data.status }, reason: 'Registered' });
  }

  let screenshotBytes = 0;
  const siteIds = SITES.map((site) => site.id);
  for (let done = 0; done < records; done += 1_000) {
    const removals = [];
    for (let i = from + done; i < from + Math.min(records, done + 1_000); i++) {
      let removal = syntheticRemoval(i, { siteIds, id: idFrom(next) });
      // Every 97th poster signs with a Cyrillic "о": a look-alike of someone else.
      if (i % 97 === 0 && typeof removal.poster.username === 'string') removal = { ...removal, poster: { ...removal.poster, username: removal.poster.username.replace('o', '\u043e') } };
      if (i - from < screenshots) {
        const picture = await screenshot(i, removal.content, next);
        const prepared = await prepareAttachment(picture, 'screenshot', { ledger, recordsKey: session.keys.records, newId: () => idFrom(next) });
        if (!prepared.ok) throw new Error(prepared.message);
        screenshotBytes += picture.bytes.length;
        removal = { ...removal, attachments: [prepared.attachment] };
      }
      removals.push(removal);
    }
    // The blind-index tokens are WebCrypto work off the main thread: a whole batch at once.
    await session.records.saveAll(await Promise.all(removals.map((removal) => removalChange(session, removal, 'Seeded'))));
    report(`${(from + Math.min(records, done + 1_000)).toLocaleString('en-US')} of ${(from + records).toLocaleString('en-US')} removals`);
  }

  // Two legal holds: one poster's removals, and one site's; a ledger being added to has them already.
  const posterToken = await posterTokenOf(session.keys.blindIndex, 'poster1');
  const holds = [
    { scope: posterToken ? { kind: 'poster', posterToken, description: 'poster1' } : { kind: 'site', siteId: SITES[0].id }, matter: { name: 'Resident v. City of Norwalk', number: 'BC-2026-0412' } },
    { scope: { kind: 'site', siteId: SITES[3].id }, matter: { name: 'Audit of Norwalk TV moderation', number: 'AUD-2026-07' } },
  ];
  for (const [index, hold] of adding ? [] : holds.entries()) {
    const data = holdSchema.parse({
      id: `seed-hold-${index + 1}`,
      matter: hold.matter,
      placedBy: { name: 'Ana Ortiz', title: 'Deputy City Attorney' },
      placedAt: '2026-06-01T16:00:00.000Z',
      reason: 'Litigation is reasonably anticipated.',
      scope: hold.scope,
      released: null,
    });
    await session.records.save({ table: HOLD_TABLE, recordId: data.id, data, clear: { released: false }, reason: 'Legal hold placed' });
  }
  session.end();
  return { records, screenshots, screenshotBytes, ms: performance.now() - started };
}

publishOutcome(run(), { result: 'seedResult', error: 'seedError' });
