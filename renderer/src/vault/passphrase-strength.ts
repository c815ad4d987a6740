import { judgePassphrase, type PassphraseVerdict } from '../../../shared/vault/passphrase-policy';

type Checker = (passphrase: string, userInputs: string[]) => { score: number; suggestions: string[] };
let checker: Promise<Checker> | null = null;

/** zxcvbn's dictionaries are large: load them on first use, not with the first screen. */
function loadChecker(): Promise<Checker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, english]) => {
      const zxcvbn = new core.ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      });
      return (passphrase, userInputs) => {
        const result = zxcvbn.check(passphrase, userInputs);
        return { score: result.score, suggestions: [result.feedback.warning ?? '', ...result.feedback.suggestions].filter(Boolean) };
      };
    },
  );
  return checker;
}

/** Judges a passphrase; the city's and the person's own names count against it. */
export async function assessPassphrase(passphrase: string, userInputs: string[]): Promise<PassphraseVerdict> {
  const check = await loadChecker();
  const { score, suggestions } = check(passphrase, userInputs.filter(Boolean));
  return judgePassphrase(passphrase, score, suggestions);
}
