import { describe, expect, it } from 'vitest';
import { parseStack } from './index.ts';

const PYTHON = `Traceback (most recent call last):
  File "/srv/app/billing.py", line 54, in charge_card
    call_gateway(port)
  File "/usr/lib/python3.11/socket.py", line 836, in create_connection
    sock.connect(sa)
ConnectionRefusedError: [Errno 111] Connection refused

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/srv/app/main.py", line 10, in main
    run()
  File "/srv/app/billing.py", line 56, in charge_card
    raise PaymentError("charge failed") from exc
billing.PaymentError: charge failed
`;

const JAVA = `com.acme.InventoryException: stock for zulu unavailable
\tat com.acme.Stock.load(Stock.java:52)
\tat com.acme.Api.lambda$handle$3(Api.java:118)
\tat java.base/java.lang.Thread.run(Thread.java:833)
Caused by: java.io.FileNotFoundException: /tmp/x.csv (No such file or directory)
\tat java.base/java.io.FileInputStream.open0(Native Method)
\tat com.acme.Stock.load(Stock.java:49)
\t... 3 more
`;

describe('parseStack', () => {
  it('reads a real V8 stack: type, frames innermost first, runtime frames not in-app', () => {
    let stack = '';
    try {
      JSON.parse('{oops');
    } catch (e) {
      stack = (e as Error).stack!;
    }
    const parsed = parseStack(stack);
    expect(parsed.type).toBe('SyntaxError');
    expect(parsed.frames[0]).toMatchObject({ function: 'JSON.parse', in_app: false });
    const here = parsed.frames.find((f) => f.file?.endsWith('parse.test.ts'));
    expect(here).toMatchObject({ in_app: true });
    expect(here?.line).toBeGreaterThan(0);
  });

  it('reads V8 frames without a function name and node: internals', () => {
    const parsed = parseStack(
      'Error: x\n    at /app/src/a.js:1:2\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    );
    expect(parsed.frames).toEqual([
      { file: '/app/src/a.js', line: 1, column: 2, in_app: true },
      {
        function: 'process.processTicksAndRejections',
        file: 'node:internal/process/task_queues',
        line: 95,
        column: 5,
        in_app: false,
      },
    ]);
  });

  it('reads a chained Python traceback: the raised exception, its cause, frames reversed', () => {
    const parsed = parseStack(PYTHON);
    expect(parsed.type).toBe('billing.PaymentError');
    expect(parsed.causes).toEqual(['ConnectionRefusedError']);
    expect(parsed.frames.map((f) => f.function)).toEqual(['charge_card', 'main']);
    expect(parsed.rootCauseFrames?.map((f) => [f.function, f.in_app])).toEqual([
      ['create_connection', false],
      ['charge_card', true],
    ]);
  });

  it('reads a Java trace with a cause: outer frames, cause types, root-cause frames', () => {
    const parsed = parseStack(JAVA);
    expect(parsed.type).toBe('com.acme.InventoryException');
    expect(parsed.causes).toEqual(['java.io.FileNotFoundException']);
    expect(parsed.frames.map((f) => `${f.module}.${f.function}:${f.in_app}`)).toEqual([
      'com.acme.Stock.load:true',
      'com.acme.Api.lambda$handle$3:true',
      'java.lang.Thread.run:false',
    ]);
    expect(parsed.rootCauseFrames?.map((f) => f.function)).toEqual(['open0', 'load']);
  });

  it('answers an empty result for no text', () => {
    expect(parseStack(undefined)).toEqual({ frames: [], causes: [] });
  });
});
