import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type ChannelHandlers } from '../../../electron/ipc/dispatch';
import { channelNames, channels } from '../../../shared/ipc/channels';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-runs';

/**
 * Random payloads against every channel of the IPC table: main answers each
 * with a result (never a throw, never a stack trace), and a payload the
 * channel's schema refuses never reaches its handler. The handlers here only
 * count: a payload that happens to be valid must not touch real files.
 */
function countingHandlers(calls: Map<string, number>): ChannelHandlers {
  return new Proxy({} as ChannelHandlers, {
    get: (_target, channel: string) => () => {
      calls.set(channel, (calls.get(channel) ?? 0) + 1);
      throw new Error(`handler for ${channel} reached`);
    },
  });
}

/** Payloads shaped like requests: objects with the channel's own keys holding anything, as well as anything at all. */
function payloadFor(channel: (typeof channelNames)[number]) {
  const shape = (channels[channel].request as { shape?: Record<string, unknown> }).shape;
  const keys = shape ? Object.keys(shape) : [];
  const lookalike = keys.length ? fc.dictionary(fc.constantFrom(...keys, 'extra', '__proto__', 'constructor'), fc.anything({ maxDepth: 3 }), { maxKeys: keys.length + 2 }) : fc.constant({});
  return fc.oneof(fc.anything({ maxDepth: 4 }), lookalike);
}

describe('every IPC channel, given random and request-shaped payloads', () => {
  it.each(channelNames)('%s answers with a plain result and refuses what its schema refuses before any handler runs', async (channel) => {
    const calls = new Map<string, number>();
    const dispatch = createDispatcher(countingHandlers(calls), { error: () => {} });
    await fc.assert(
      fc.asyncProperty(payloadFor(channel), async (payload) => {
        const before = calls.get(channel) ?? 0;
        const result = await dispatch(channel, payload);
        const valid = channels[channel].request.safeParse(payload).success;
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.message).not.toMatch(/\n\s+at /);
        if (!valid) {
          expect(result.error.code).toBe('invalid_request');
          expect(result.error.message).toMatch(new RegExp(`^The request to ${channel} was malformed`));
          expect(calls.get(channel) ?? 0).toBe(before);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses a channel that does not exist, by name', async () => {
    const dispatch = createDispatcher(countingHandlers(new Map()), { error: () => {} });
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }).filter((name) => !(channelNames as readonly string[]).includes(name)), async (name) => {
        const result = await dispatch(name, {});
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
