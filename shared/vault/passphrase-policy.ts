/**
 * When a passphrase is strong enough to protect legal records. The estimate
 * itself comes from zxcvbn-ts (score 0–4); this is the rule we apply to it.
 */
export const MIN_PASSPHRASE_LENGTH = 12;
export const MIN_PASSPHRASE_SCORE = 3;

export interface PassphraseVerdict {
  acceptable: boolean;
  score: number;
  message: string;
}

export function judgePassphrase(passphrase: string, score: number, suggestions: string[]): PassphraseVerdict {
  const length = [...passphrase.normalize('NFC')].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return { acceptable: false, score, message: `Use at least ${MIN_PASSPHRASE_LENGTH} characters (you have ${length}). Several unrelated words work well.` };
  }
  if (score < MIN_PASSPHRASE_SCORE) {
    const hint = suggestions[0] ? ` ${suggestions[0]}` : '';
    return { acceptable: false, score, message: `Too easy to guess.${hint}` };
  }
  return { acceptable: true, score, message: score >= 4 ? 'Strong passphrase.' : 'Good passphrase.' };
}
