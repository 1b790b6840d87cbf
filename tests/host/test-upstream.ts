import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server standing in for the processor in host tests: it answers every request
// with an empty list in the processor's list shape plus what it received, so tests can see
// what the proxy forwarded.

export type ReceivedRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyLength: number;
  bodySha256: string;
};

export type EchoUpstream = {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
};

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const received: ReceivedRequest[] = [];
  const server = createServer(async (req, res) => {
    const hash = createHash('sha256');
    let bodyLength = 0;
    for await (const chunk of req) {
      hash.update(chunk as Buffer);
      bodyLength += (chunk as Buffer).length;
    }
    const request = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      bodyLength,
      bodySha256: hash.digest('hex'),
    };
    received.push(request);
    const status = Number(new URL(request.url, 'http://x').searchParams.get('status') ?? 200);
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Upstream': 'echo' });
    res.end(
      JSON.stringify({ items: [], next: null, total: { value: 0, relation: 'eq' }, echo: request }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL on which nothing listens: a port that was just free. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
