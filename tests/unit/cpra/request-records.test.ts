import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInExemptions } from '../../../shared/cpra/exemptions';
import { defaultHolidayCalendar } from '../../../shared/cpra/holiday-seed';
import type { CpraRequest } from '../../../shared/cpra/request';
import { listLinks } from '../../../shared/removals/links';
import { REMOVAL_TABLE, type Removal } from '../../../shared/removals/removal';
import { listingFromClear } from '../../../shared/removals/removal-listing';
import { initialPolicyRegister } from '../../../shared/policy/policy-versions';
import { DISPOSED_TABLE } from '../../../shared/retention/disposition';
import { assessRetention, scheduleSeries } from '../../../shared/retention/schedule-status';
import { disclosureInput, DisclosureRefused } from '../../../renderer/src/cpra/disclosure-input';
import { loadRequest, openRequestsIndex, saveRequest } from '../../../renderer/src/cpra/requests';
import { currentSnapshot, responsiveStates } from '../../../renderer/src/cpra/responsive-state';
import { saveRemoval } from '../../../renderer/src/removals/save-removal';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';
import { aRemoval, LA } from '../removals/fixtures';

const PHONE = '(562) 929-5700';
const calendar = defaultHolidayCalendar('2026-12-01');
let opened: Awaited<ReturnType<typeof unitLedger>>;
let session: Session;

function removal(id: string, content: string): Removal {
  return { ...aRemoval(), id, content, links: listLinks(content), attachments: [] };
}

async function requestAnswering(ids: string[], overrides: Partial<CpraRequest> = {}): Promise<CpraRequest> {
  const responsive = [];
  for (const recordId of ids) {
    const snapshot = await currentSnapshot(session, recordId);
    responsive.push({ recordId, ...snapshot!, attachedAt: '2026-12-02T18:00:00.000Z', attachedBy: { userId: session.user.id, name: session.user.fullName } });
  }
  const request: CpraRequest = {
    id: 'req-1',
    number: 'PRA-2026-001',
    receivedAt: '2026-12-01T17:00:00.000Z',
    receivedVia: 'email',
    requester: { name: 'Pat Requester' },
    words: 'All removed comments about watches.',
    assignedCounsel: null,
    status: 'searching',
    notes: '',
    extension: null,
    determination: { outcome: 'release_in_part', releaseOn: '2026-12-11', responsible: [{ name: 'Arnold Alvarez-Glasman', title: 'City Attorney' }], explanation: '', madeOn: '2026-12-05', by: { userId: 'u', name: 'Connie Counsel' } },
    responsive,
    redactions: [],
    bates: { prefix: 'NOR', start: 1 },
    documents: [],
    closedAt: null,
    ...overrides,
  };
  return saveRequest(session, request, 'test', calendar);
}

function input(request: CpraRequest) {
  return disclosureInput(session, opened.ledger, request, {
    exemptions: [...builtInExemptions],
    sites: [],
    policies: initialPolicyRegister,
    template: undefined,
    dueOn: '2026-12-11',
    today: '2026-12-05',
    signer: { name: 'Connie Counsel', title: 'Deputy City Attorney' },
    signal: new AbortController().signal,
    onProgress: () => {},
  });
}

beforeEach(async () => {
  opened = await unitLedger('records-ledger-cpra-');
  session = await opened.openSession('counsel');
  await saveRemoval(session, removal('r1', `Call me at ${PHONE} for cheap watches`), 'created');
  await saveRemoval(session, removal('r2', 'Watches for sale, no phone given'), 'created');
});

afterEach(() => opened.close());

describe('records attached to a public records request', () => {
  it('are held from disposition while the request is open, and released when it closes', async () => {
    const request = await requestAnswering(['r1', 'r2']);
    const listings = (await session.db.listings.where('table').equals(REMOVAL_TABLE).toArray()).map((row) => listingFromClear(row.id, row.clear)!);
    const assess = async () => assessRetention(listings, scheduleSeries([]), { today: '2031-01-01', timeZone: LA, holds: [], openRequestsFor: await openRequestsIndex(session) });

    for (const assessed of await assess()) {
      expect(assessed.eligibility.status).toBe('held');
      expect(assessed.heldBy).toContain('the open public records request PRA-2026-001');
    }
    await saveRequest(session, { ...request, status: 'closed', closedAt: '2026-12-20T18:00:00.000Z' }, 'closed', calendar);
    for (const assessed of await assess()) expect(assessed.eligibility.status).toBe('eligible');
  });

  it('shows a record changed after it was attached, and the disclosure is refused naming it', async () => {
    const request = await requestAnswering(['r1', 'r2']);
    await saveRemoval(session, { ...removal('r2', 'Watches for sale, no phone given'), notes: 'Corrected the site.' }, 'corrected');
    const states = await responsiveStates(session, request.responsive);
    expect(states.get('r1')).toEqual({ kind: 'unchanged', version: 1 });
    expect(states.get('r2')).toEqual({ kind: 'changed', version: 2 });
    await expect(input(request)).rejects.toThrow(DisclosureRefused);
    await expect(input(request)).rejects.toThrow(/r2/);
  });

  it('shows a record destroyed after it was attached', async () => {
    const request = await requestAnswering(['r1']);
    await session.records.save({ table: DISPOSED_TABLE, recordId: 'r1', data: {}, clear: { batchId: 'DB-2029-001' }, reason: 'Destroyed by batch DB-2029-001' });
    expect((await responsiveStates(session, request.responsive)).get('r1')).toEqual({ kind: 'destroyed', batch: 'DB-2029-001' });
    await expect(input(request)).rejects.toThrow(/destroyed/);
  });

  it('refuses a disclosure while a proposed redaction is undecided, and leaves an approved one out of what the PDF worker receives', async () => {
    const start = `Call me at `.length;
    const proposed = {
      id: 'red-1',
      kind: 'text' as const,
      recordId: 'r1',
      field: 'content' as const,
      start,
      end: start + PHONE.length,
      exemptionId: builtInExemptions[0]!.id,
      proposedBy: { kind: 'finder' as const, finder: 'phone' as const },
      review: { status: 'proposed' as const },
    };
    const request = await requestAnswering(['r1', 'r2'], { redactions: [proposed] });
    await expect(input(request)).rejects.toThrow(/not been reviewed/);

    const approved = await saveRequest(
      session,
      { ...request, redactions: [{ ...proposed, review: { status: 'approved', by: { userId: session.user.id, name: session.user.fullName }, at: '2026-12-04T18:00:00.000Z' } }] },
      'approved',
      calendar,
    );
    const made = await input(approved);
    expect(made.records.map((r) => r.recordId)).toEqual(['r1', 'r2']);
    expect(JSON.stringify(made)).not.toContain('929-5700');
    expect(made.records[0]!.fields.find((f) => f.field === 'content')!.pieces).toEqual([
      { kind: 'text', text: 'Call me at ' },
      { kind: 'withheld', exemptionIds: [builtInExemptions[0]!.id] },
      { kind: 'text', text: ' for cheap watches' },
    ]);
    expect(made.exemptions.map((e) => e.id)).toEqual([builtInExemptions[0]!.id]);
    // The ledger keeps the record as it was: a redaction only shapes the disclosure.
    expect((await loadRequest(session, 'req-1'))!.redactions).toHaveLength(1);
  });

  it('refuses a disclosure while words withheld in one record are still printed in another, naming where', async () => {
    await saveRemoval(session, removal('r3', `Again: ${PHONE}`), 'created');
    const start = `Call me at `.length;
    const by = { userId: session.user.id, name: session.user.fullName };
    const request = await requestAnswering(['r1', 'r3'], {
      redactions: [{ id: 'red-1', kind: 'text', recordId: 'r1', field: 'content', start, end: start + PHONE.length, exemptionId: builtInExemptions[0]!.id, proposedBy: { kind: 'person', person: by }, review: { status: 'approved', by, at: '2026-12-04T18:00:00.000Z' } }],
    });
    await expect(input(request)).rejects.toThrow(`“${PHONE}” in record 2, Content`);
  });

  it('refuses a disclosure without a determination that releases records', async () => {
    await expect(input(await requestAnswering(['r2'], { determination: null }))).rejects.toThrow(/Record the determination/);
  });

  it('refuses a disclosure while an area redaction is on a screenshot the record no longer has', async () => {
    const by = { userId: session.user.id, name: session.user.fullName };
    const request = await requestAnswering(['r2'], {
      redactions: [{ id: 'area-1', kind: 'region', recordId: 'r2', attachmentId: 'gone', x: 0, y: 0, width: 10, height: 10, exemptionId: builtInExemptions[0]!.id, proposedBy: { kind: 'person', person: by }, review: { status: 'approved', by, at: '2026-12-04T18:00:00.000Z' } }],
    });
    await expect(input(request)).rejects.toThrow(/screenshot it no longer has/);
  });
});
