import { handleArgon2Message, type Argon2Response } from './argon2-derive';

/**
 * The Argon2id worker. Argon2 at 64 MiB or more takes the better part of a
 * second; on the page's thread it would freeze the unlock screen. The client
 * (kdf.ts) starts one worker per derivation and terminates it after the
 * answer, so the passphrase, the Argon2 memory and the WebAssembly instance
 * that held them are discarded with it.
 *
 * Started as a module worker:
 *   new Worker(new URL('./argon2.worker.ts', import.meta.url), { type: 'module' })
 */

// The web tsconfig has the DOM library, not WebWorker; this is the part of a
// dedicated worker's global scope we use.
interface DedicatedWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onmessageerror: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: Argon2Response, transfer: Transferable[]): void;
}

const scope = self as unknown as DedicatedWorkerScope;

function reply(response: Argon2Response): void {
  try {
    scope.postMessage(response, response.ok ? [response.key.buffer] : []);
  } catch (error) {
    scope.postMessage({ ok: false, message: `The key derivation could not answer: ${error instanceof Error ? error.message : String(error)}` }, []);
  }
}

scope.onmessage = (event) => {
  void handleArgon2Message(event.data).then(reply);
};

scope.onmessageerror = () => {
  reply({ ok: false, message: 'The key derivation request could not be read.' });
};
