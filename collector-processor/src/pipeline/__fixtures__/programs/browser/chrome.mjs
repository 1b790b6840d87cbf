/* global window -- page.evaluate runs its function in the page */
// Prints the error.stack headless Chromium gives for browser/app.js, served
// from a local HTTP server so frames carry http:// URLs as on a real site.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const script = readFileSync(new URL('./app.js', import.meta.url));
const server = createServer((req, res) => {
  if (req.url === '/assets/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<button id="buy">buy</button><script src="/assets/app.js"></script>');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.click('#buy');
  const stack = await page.evaluate(() => window.reported);
  // The port changes per run; the fixture keeps one.
  console.log(`----- chromium\n${stack.replaceAll(/127\.0\.0\.1:\d+/g, 'shop.test:8080')}`);
} finally {
  await browser.close();
  server.close();
}
