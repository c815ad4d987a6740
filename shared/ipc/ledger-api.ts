import type { ChannelName, ChannelRequest, ChannelResponse } from './channels';
import type { Result } from './result';

/**
 * The shape of `window.ledger`: one async function per channel, each
 * answering with a Result. Both the preload and the preview transport
 * implement exactly this.
 */
export type LedgerApi = {
  [C in ChannelName]: (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;
};
