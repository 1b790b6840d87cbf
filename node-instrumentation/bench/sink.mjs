// Where every variant sends its telemetry: accepts OTLP/HTTP (JSON or
// protobuf) and Sentry envelopes, and counts the errors that arrived from
// @faultline/node (EXCEPTION log records) and Sentry (error events).
import { createServer } from 'node:http';

export async function startSink() {
  const counts = { faultlineExceptions: 0, sentryErrors: 0, requests: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      counts.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/v1/logs' && String(req.headers['content-type']).includes('json')) {
        counts.faultlineExceptions += body.split('"EXCEPTION"').length - 1;
      } else if (req.url?.includes('/envelope/')) {
        counts.sentryErrors += (body.match(/"type":"event"/g) ?? []).length;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
