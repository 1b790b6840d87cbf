import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

// Debian's chromium package; the project never downloads a browser build.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export type ConsoleErrors = {
  /** Console errors and uncaught exceptions so far, each as one line with its URL. */
  readonly messages: string[];
};

function describe(message: ConsoleMessage): string {
  const { url } = message.location();
  return url ? `${message.text()} (${url})` : message.text();
}

/**
 * Collects what a test should fail on: `console.error` output (React's errors land there),
 * uncaught page exceptions and failed requests the browser reports as errors. Attach it
 * before the first navigation.
 */
export function collectConsoleErrors(page: Page): ConsoleErrors {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') messages.push(describe(message));
  });
  page.on('pageerror', (error) => messages.push(`uncaught: ${error.stack ?? error.message}`));
  return { messages };
}
