import type { JournalHead } from './entry';

/**
 * A signed checkpoint (seq and hash of the journal at a moment, under the
 * audit key) is how a rewritten but self-consistent chain, or a cut-off
 * tail, is caught: the chain alone cannot show either.
 */
export type CheckpointOutcome =
  | { kind: 'matches'; message: string }
  | { kind: 'truncated'; message: string }
  | { kind: 'rewritten'; message: string };

export function compareWithCheckpoint(checkpoint: { seq: number; hash: string; createdAt: string }, head: JournalHead, hashAtCheckpointSeq: string | null): CheckpointOutcome {
  if (head.seq < checkpoint.seq || hashAtCheckpointSeq === null) {
    return {
      kind: 'truncated',
      message: `The journal ends at entry ${head.seq}, but the checkpoint of ${checkpoint.createdAt} saw entry ${checkpoint.seq}: entries were removed.`,
    };
  }
  if (hashAtCheckpointSeq !== checkpoint.hash) {
    return {
      kind: 'rewritten',
      message: `Entry ${checkpoint.seq} is not the entry the checkpoint of ${checkpoint.createdAt} saw: the journal was rewritten.`,
    };
  }
  return { kind: 'matches', message: `The journal still contains, unchanged, everything the checkpoint of ${checkpoint.createdAt} saw (up to entry ${checkpoint.seq}).` };
}
