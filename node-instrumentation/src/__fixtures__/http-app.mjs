// A plain node:http app (no framework), started with
// `node --import @faultline/node/register`: its requests get server spans from
// the request gate. POST /__flush exports what is queued.
import { createServer } from 'node:http';
import { init } from '@faultline/node';

const handle = init();
const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/__flush') {
    void handle.flush().then(() => res.writeHead(200).end());
    return;
  }
  res.writeHead(req.url?.startsWith('/broken') ? 503 : 200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
