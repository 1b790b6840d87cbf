import { expectOk, type EngineTransport } from './transport.ts';

/** How to reach a search cluster (from the processor's configuration). */
export interface EngineConnection {
  readonly url: string;
  readonly apiKey?: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM text of the CA that signed the cluster's certificate. */
  readonly ca?: string;
}

/** A store that cannot be reached at start is reported by name and URL, with the cause. */
export class StoreUnreachableError extends Error {
  constructor(engine: string, url: string, cause: unknown) {
    super(
      `cannot reach ${engine} at ${url}: ${(cause as Error)?.message ?? String(cause)} (check the URL, credentials and that the cluster is up)`,
      { cause },
    );
    this.name = 'StoreUnreachableError';
  }
}

export async function checkReachable(
  transport: EngineTransport,
  engine: string,
  url: string,
): Promise<void> {
  try {
    await expectOk(transport, `${engine} info`, { method: 'GET', path: '/' });
  } catch (error) {
    throw new StoreUnreachableError(engine, url, error);
  }
}
