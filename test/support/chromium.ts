/**
 * Launches the system Chromium for Node-side end-to-end tests, with the flags a closed network
 * and a root user need. CHROME_PATH overrides the lookup.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';

export function findChromium(): string {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ].filter((p): p is string => Boolean(p));
  const hit = candidates.find((p) => existsSync(p));
  if (!hit) {
    throw new Error(
      'No Chrome/Chromium found. On Debian/Ubuntu: apt-get install -y chromium. ' +
        'Or set CHROME_PATH=/path/to/chrome.',
    );
  }
  return hit;
}

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
