import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); playwright-core never downloads a browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A headless Chromium that cannot reach any host but this machine: its resolver knows only
 * localhost, as on a closed network, so a page that needs the internet fails here as it would
 * there.
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${chromiumPath}; install it with ` +
        '`apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)',
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      // Chromium refuses to run its sandbox as root, which CI is.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * Refuses every request of the context to another host than localhost and returns the list
 * they are recorded in, so that a test can assert that a page loaded nothing from elsewhere
 * (requests of the page's workers included).
 */
export async function blockOtherHosts(context: BrowserContext): Promise<string[]> {
  const attempted: string[] = [];
  const isOther = (address: string | URL) => {
    const url = new URL(address);
    return /^(https?|wss?):$/.test(url.protocol) && !localHosts.has(url.hostname);
  };
  context.on('request', (request) => {
    if (isOther(request.url())) attempted.push(request.url());
  });
  await context.route(isOther, (route) => route.abort('blockedbyclient'));
  return attempted;
}
