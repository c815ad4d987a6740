import type { z } from 'zod';
import { channels, isChannelName, type ChannelName, type ChannelResponse, type ChannelTable } from '../../shared/ipc/channels';
import { fail, LedgerFailure, ok, type Result } from '../../shared/ipc/result';

/** What main implements: one function per channel, given the parsed request. */
export type ChannelHandlers = {
  [C in ChannelName]: (
    request: z.output<ChannelTable[C]['request']>,
  ) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
};

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export interface DispatchLog {
  error(message: string, error: unknown): void;
}

/**
 * The one place a request from the renderer is checked and answered. Both the
 * Electron IPC binding and the browser preview's HTTP server call this, so the
 * two transports cannot drift apart.
 */
export function createDispatcher(handlers: ChannelHandlers, log: DispatchLog): Dispatch {
  return async (channel, payload) => {
    if (!isChannelName(channel)) {
      return fail('unknown_channel', `There is no channel named "${channel.slice(0, 64)}".`);
    }
    const parsed = channels[channel].request.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      return fail('invalid_request', `The request to ${channel} was malformed${where}: ${first?.message ?? 'invalid'}.`);
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown> | unknown;
      const value = await handler(parsed.data);
      return ok(channels[channel].response.parse(value));
    } catch (error) {
      if (error instanceof LedgerFailure) return fail(error.code, error.message);
      log.error(`Channel ${channel} failed`, error);
      return fail('internal', `${channel} failed unexpectedly. The details were written to the application log.`);
    }
  };
}
