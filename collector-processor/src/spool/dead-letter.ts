import fs from 'node:fs';
import path from 'node:path';

/**
 * What the store permanently refused (or what could not be processed at all)
 * goes here, one JSON object per line with the reason, so nothing
 * acknowledged disappears silently. An operator can read, fix and resend it.
 */

export interface DeadLetter {
  /** Why it is here, e.g. `store_rejected: <message>` or `processing_failed: <message>`. */
  readonly reason: string;
  readonly signal: string;
  /** The event document the store refused. */
  readonly event?: unknown;
  /** The request body (base64) when it could not be processed into events. */
  readonly body?: string;
  readonly encoding?: string;
}

export const DEAD_LETTER_FILE = 'dead-letter.jsonl';

export class DeadLetterFile {
  readonly file: string;
  #written = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.file = path.join(dir, DEAD_LETTER_FILE);
  }

  /** How many records this process wrote (for /metrics). */
  get written(): number {
    return this.#written;
  }

  /** Appends the letters in one write; resolves once it is on disk. */
  write(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return Promise.resolve();
    const time = new Date().toISOString();
    const text = letters.map((l) => JSON.stringify({ time, ...l }) + '\n').join('');
    const next = this.#chain.then(async () => {
      const handle = await fs.promises.open(this.file, 'a');
      try {
        await handle.appendFile(text);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      this.#written += letters.length;
    });
    this.#chain = next.catch(() => {});
    return next;
  }
}
