import { describe, expect, it } from 'vitest';
import { compileInAppRules, isInApp } from './in-app.ts';
import { parseStackTrace } from './parse.ts';
import { stackFixture } from './fixtures.ts';
import type { ParsedException } from './types.ts';

const defaults = compileInAppRules([], []);

/** Frames as compact rows: function, module, file, line, column, in-app. */
function rows(chain: ParsedException[]) {
  return chain.map((e) =>
    e.frames.map((f) => [f.function, f.module, f.file, f.line, f.column, isInApp(f, defaults)]),
  );
}

const NODE_DIR = '/tmp/faultline-stack-fixtures/node';

describe('parseStackTrace: Node (real output of programs/node/app.mjs)', () => {
  it('reads a constructor, a dependency, file:// URLs and node:internal frames', () => {
    const chain = parseStackTrace(stackFixture('node.txt', 'constructor'));
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject({ type: 'TypeError', message: 'order id is required' });
    expect(rows(chain)[0]).toEqual([
      ['new OrderService', 'app', `${NODE_DIR}/app.mjs`, 10, 20, true],
      [undefined, 'app', `${NODE_DIR}/app.mjs`, 15, 26, true],
      ['Object.query', 'fake-orm', `${NODE_DIR}/node_modules/fake-orm/index.js`, 3, 10, false],
      ['loadOrder', 'app', `${NODE_DIR}/app.mjs`, 15, 14, true],
      [undefined, 'app', `${NODE_DIR}/app.mjs`, 26, 3, true],
      ['ModuleJob.run', 'module_job', 'node:internal/modules/esm/module_job', 343, 25, false],
      [
        'onImport.tracePromise.__proto__',
        'loader',
        'node:internal/modules/esm/loader',
        681,
        26,
        false,
      ],
      [
        'asyncRunEntryPointWithESMLoader',
        'run_main',
        'node:internal/modules/run_main',
        117,
        5,
        false,
      ],
    ]);
  });

  it('drops the async marker and keeps the function', () => {
    const [e] = parseStackTrace(stackFixture('node.txt', 'async'));
    expect(e!.frames.at(-1)).toMatchObject({ file: `${NODE_DIR}/app.mjs`, line: 32 });
    expect(e!.frames.at(-1)!.function).toBeUndefined();
    expect(e!.frames[4]).toMatchObject({ function: 'checkout', line: 20, column: 3 });
  });

  it('places eval frames at the eval call in the real file', () => {
    const [e] = parseStackTrace(stackFixture('node.txt', 'eval'));
    expect(e!.frames.slice(0, 2)).toMatchObject([
      { function: 'evaluated', file: `${NODE_DIR}/app.mjs`, line: 38, column: 3 },
      { function: 'eval', file: `${NODE_DIR}/app.mjs`, line: 38, column: 3 },
    ]);
  });

  it('Promise.all (index N) is a built-in, not in-app', () => {
    const text = 'Error: x\n    at load (/app/a.js:1:2)\n    at async Promise.all (index 0)';
    expect(rows(parseStackTrace(text))[0]).toEqual([
      ['load', 'a', '/app/a.js', 1, 2, true],
      ['Promise.all', undefined, undefined, undefined, undefined, false],
    ]);
  });

  it('a native frame (<anonymous>) is not in-app, the caller is', () => {
    const chain = parseStackTrace(stackFixture('node.txt', 'internal'));
    expect(chain[0]!.type).toBe('SyntaxError');
    expect(rows(chain)[0]!.map((r) => [r[0], r[5]])).toEqual([
      ['JSON.parse', false],
      [undefined, true],
    ]);
  });
});

describe('parseStackTrace: Chromium (real output of programs/browser/chrome.mjs)', () => {
  it('reads http:// URLs; Array.map is not in-app', () => {
    const chain = parseStackTrace(stackFixture('chromium.txt', 'chromium'));
    expect(chain[0]).toMatchObject({
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'price')",
    });
    expect(rows(chain)[0]).toEqual([
      ['lineTotal', 'app', 'http://shop.test:8080/assets/app.js', 5, 23, true],
      ['Array.map', undefined, '<anonymous>', undefined, undefined, false],
      ['renderCart', 'app', 'http://shop.test:8080/assets/app.js', 9, 21, true],
      ['HTMLButtonElement.<anonymous>', 'app', 'http://shop.test:8080/assets/app.js', 14, 5, true],
    ]);
  });
});

describe('parseStackTrace: browsers (hand-written from the documented formats)', () => {
  it('Chrome: V8 frames with URLs; bundled node_modules and Array.map are not in-app', () => {
    const chain = parseStackTrace(stackFixture('browser.txt', 'chrome'));
    expect(rows(chain)[0]!.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['lineTotal', 'cart-3f2a1c', 41, true],
      ['Array.map', undefined, undefined, false],
      ['renderCart', 'cart-3f2a1c', 58, true],
      ['commitHook', '.vite', 10231, false],
      ['HTMLButtonElement.<anonymous>', 'cart-3f2a1c', 90, true],
    ]);
  });

  it('Firefox: fn@url:line:col, async*, /<, eval and anonymous frames', () => {
    const chain = parseStackTrace(stackFixture('browser.txt', 'firefox'));
    expect(rows(chain)[0]!.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ['lineTotal', 41, 27, true],
      ['renderCart', 58, 22, true],
      ['renderCart', 58, 10, true],
      ['commitHook', 10231, 13, false],
      ['checkout', 102, 9, true],
      ['evaluated', 120, undefined, true],
      [undefined, 90, 5, true],
    ]);
    expect(chain[0]!.frames[0]!.file).toBe('https://shop.example.com/assets/cart-3f2a1c.js');
  });

  it('Safari: [native code] and global code', () => {
    const chain = parseStackTrace(stackFixture('browser.txt', 'safari'));
    expect(rows(chain)[0]!.map((r) => [r[0], r[2], r[5]])).toEqual([
      ['lineTotal', 'https://shop.example.com/assets/cart-3f2a1c.js', true],
      ['map', '[native code]', false],
      ['renderCart', 'https://shop.example.com/assets/cart-3f2a1c.js', true],
      [undefined, 'https://shop.example.com/assets/cart-3f2a1c.js', true],
    ]);
  });
});

const PY = '/tmp/faultline-stack-fixtures/python';

describe('parseStackTrace: Python (real output of programs/python/app.py)', () => {
  it('turns the frames most recent first; site-packages is not in-app', () => {
    const chain = parseStackTrace(stackFixture('python.txt', 'plain'));
    expect(chain).toHaveLength(1);
    expect(chain[0]).toMatchObject({
      type: 'ValueError',
      message: "invalid literal for int() with base 10: '12,50'",
    });
    expect(rows(chain)[0]).toEqual([
      ['parse_amount', 'app', `${PY}/app.py`, 12, undefined, true],
      ['<lambda>', 'app', `${PY}/app.py`, 16, undefined, true],
      ['call', 'fakelib', `${PY}/site-packages/fakelib/__init__.py`, 3, undefined, false],
      ['charge', 'app', `${PY}/app.py`, 16, undefined, true],
      ['<module>', 'app', `${PY}/app.py`, 25, undefined, true],
    ]);
  });

  it('"During handling": the last exception is the reported one, its context follows', () => {
    const chain = parseStackTrace(stackFixture('python.txt', 'during-handling'));
    expect(chain.map((e) => [e.type, e.frames.length])).toEqual([
      ['KeyError', 1],
      ['ValueError', 5],
    ]);
    expect(chain[0]!.frames[0]).toMatchObject({ function: '<module>', line: 33 });
  });

  it('"direct cause": the raised exception first, then its cause', () => {
    const chain = parseStackTrace(stackFixture('python.txt', 'direct-cause'));
    expect(chain.map((e) => [e.type, e.message])).toEqual([
      ['RuntimeError', 'payment failed'],
      ['ValueError', "invalid literal for int() with base 10: 'y'"],
    ]);
  });
});

describe('parseStackTrace: Java (real output of programs/java/shop/App.java)', () => {
  it('reads each Caused by with its own frames, skipping "... N more"', () => {
    const chain = parseStackTrace(stackFixture('java.txt', 'caused-by'));
    expect(chain.map((e) => [e.type, e.message, e.frames.length])).toEqual([
      ['java.lang.RuntimeException', 'processing failed', 4],
      ['java.lang.IllegalStateException', 'cannot load order x1', 2],
      ['java.lang.NumberFormatException', 'For input string: "x1"', 5],
    ]);
    expect(rows(chain)[0]).toEqual([
      ['lambda$process$0', 'shop.App', 'App.java', 25, undefined, true],
      ['forEach', 'java.util.ArrayList', 'ArrayList.java', 1511, undefined, false],
      ['process', 'shop.App', 'App.java', 21, undefined, true],
      ['main', 'shop.App', 'App.java', 34, undefined, true],
    ]);
    expect(rows(chain)[2]!.map((r) => [r[0], r[5]])).toEqual([
      ['forInputString', false],
      ['parseInt', false],
      ['parseInt', false],
      ['parse', true],
      ['load', true],
    ]);
  });
});

describe('parseStackTrace: Go (real output of programs/go/main.go)', () => {
  it('reads the panicking goroutine; GOROOT and the standard library are not in-app', () => {
    const chain = parseStackTrace(stackFixture('go.txt'));
    expect(chain[0]!.message).toBe('runtime error: index out of range [3] with length 2');
    const G = '/tmp/faultline-stack-fixtures/go/main.go';
    expect(rows(chain)[0]).toEqual([
      ['total', 'main', G, 13, undefined, true],
      ['worker.func1', 'main', G, 18, undefined, true],
      ['insertionSort_func', 'sort', '/usr/local/go/src/sort/zsortfunc.go', 12, undefined, false],
      ['pdqsort_func', 'sort', '/usr/local/go/src/sort/zsortfunc.go', 73, undefined, false],
      ['Slice', 'sort', '/usr/local/go/src/sort/slice.go', 29, undefined, false],
      ['worker', 'main', G, 18, undefined, true],
      ['main', 'main', G, 24, undefined, true],
    ]);
  });

  it('splits package paths with dots and methods on pointer receivers', () => {
    const text = [
      'panic: boom',
      '',
      'goroutine 1 [running]:',
      'example.com/shop/orders.(*Service).Total(0xc000010000)',
      '\t/src/shop/orders/service.go:42 +0x1d',
      'github.com/lib/pq.(*conn).query(...)',
      '\t/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go:10',
    ].join('\n');
    expect(rows(parseStackTrace(text))[0]).toEqual([
      [
        '(*Service).Total',
        'example.com/shop/orders',
        '/src/shop/orders/service.go',
        42,
        undefined,
        true,
      ],
      [
        '(*conn).query',
        'github.com/lib/pq',
        '/root/go/pkg/mod/github.com/lib/pq@v1.10.9/conn.go',
        10,
        undefined,
        false,
      ],
    ]);
  });
});

describe('parseStackTrace: .NET (hand-written from Exception.ToString())', () => {
  it('the outer exception first with its frames, the inner one after', () => {
    const chain = parseStackTrace(stackFixture('dotnet.txt', 'inner'));
    expect(chain.map((e) => [e.type, e.message])).toEqual([
      ['System.InvalidOperationException', 'Order 42 could not be priced'],
      ['System.NullReferenceException', 'Object reference not set to an instance of an object.'],
    ]);
    expect(rows(chain)[0]!.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['Price', 'Shop.Orders.OrderService', 35, true],
      ['Get', 'Shop.Api.OrdersController', 15, true],
      ['lambda_method1', undefined, undefined, false],
      [
        'Execute',
        'Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.SyncObjectResultExecutor',
        undefined,
        false,
      ],
      [
        '<InvokeActionMethodAsync>g__Logged|12_1',
        'Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker',
        undefined,
        false,
      ],
    ]);
    expect(rows(chain)[1]!.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['Total', '/src/Shop/Pricing/PriceCalculator.cs', 18],
      ['Price', '/src/Shop/Orders/OrderService.cs', 31],
    ]);
  });
});

describe('parseStackTrace: Ruby (hand-written from full_message)', () => {
  it('Ruby 3.4 labels: Class#method, blocks; gems are not in-app', () => {
    const chain = parseStackTrace(stackFixture('ruby.txt', 'ruby-3.4'));
    expect(chain[0]).toMatchObject({
      type: 'NoMethodError',
      message: "undefined method 'sum' for nil",
    });
    expect(rows(chain)[0]!.map((r) => [r[0], r[1], r[3], r[5]])).toEqual([
      ['total', 'Order', 12, true],
      ['block in call', 'Checkout', 8, true],
      ['run_callbacks', 'ActiveSupport::Callbacks', 110, false],
      ['call', 'Checkout', 5, true],
      ['<main>', undefined, 3, true],
    ]);
  });

  it('older backtick labels; the standard library is not in-app', () => {
    const chain = parseStackTrace(stackFixture('ruby.txt', 'ruby-3.3'));
    expect(chain[0]!.type).toBe('NoMethodError');
    expect(rows(chain)[0]!.map((r) => [r[0], r[5]])).toEqual([
      ['total', true],
      ['block in call', true],
      ['parse', false],
      ['<main>', true],
    ]);
  });
});

describe('parseStackTrace: anything else', () => {
  it('text without frames gives no frames', () => {
    expect(parseStackTrace('Error: something happened')).toEqual([]);
    expect(parseStackTrace('')).toEqual([]);
  });

  it('a very long line is cut; the frames around it are still read', () => {
    const text = `Error: x\n    at a (/app/a.js:1:1)\n    at ${'b ('.repeat(20_000)}\n    at c (/app/c.js:3:3)`;
    expect(parseStackTrace(text)[0]!.frames.map((f) => f.function)).toEqual(['a', 'c']);
  });

  it('a huge trace is read only in part', () => {
    const frame = '    at f (/app/a.js:1:1)\n';
    const chain = parseStackTrace(`Error: x\n${frame.repeat(10_000)}`);
    expect(chain[0]!.frames.length).toBe(256);
  });
});

describe('isInApp with configured patterns', () => {
  it('include wins over the defaults and over exclude', () => {
    const rules = compileInAppRules(['node_modules/@acme/'], ['@acme/', '/app/generated/']);
    const dep = {
      file: '/app/node_modules/@acme/billing/index.js',
      platform: 'javascript',
    } as const;
    const generated = { file: '/app/generated/client.js', platform: 'javascript' } as const;
    expect(isInApp(dep, defaults)).toBe(false);
    expect(isInApp(dep, rules)).toBe(true);
    expect(isInApp(generated, rules)).toBe(false);
  });
});
