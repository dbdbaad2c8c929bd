import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { KommunEntry } from '#platform/registry';
import { ensureFrontendBuilt } from '../../scripts/frontendBuild';
import { blockOtherHosts, launchChromium } from '../helpers/browser';
import { kommunEntry, seedKommuner, startTestStack, type TestStack } from '../helpers/stack';
import { startStubKommun } from '../helpers/stubKommun';

/**
 * Issue 25: "Kommunernas läge" and the chips above every view tell what the gateway's own probe
 * found (GET /kommuner), not what a kept answer suggests. With the answer cache on, as in
 * production, Timrå is frozen while the page is open: without a reload the chips and the state
 * view say Timrå does not answer while the others do, and the Ärenden view marks Timrå as failing
 * in its own answer. A kommun added to the registry file then appears without a reload.
 */
const TIMEOUT_MS = 1500;
/** Loose bounds for what happens in its own time: a poll of the page (15 s) plus a probe. */
const WITHIN = { timeout: 60_000 };
const registry = seedKommuner.map((k) => (k.kommunkod === '2262' ? { ...k, timeoutMs: TIMEOUT_MS } : k));

let stack: TestStack;
let browser: Browser;
let page: Page;
let otherHosts: string[];

beforeAll(async () => {
  [stack] = await Promise.all([
    // Answers kept fresh 5 s at most (the schema allows Kommun 600 s), so that Ärenden asks the frozen
    // Timrå again soon and meets its timeout; the kept answer then stands in as KOMMUN_STALE.
    startTestStack({ registry, supervise: false, env: { READINESS_PROBE_SECONDS: '1', KOMMUN_CACHE_MAX_AGE: '5' } }),
    ensureFrontendBuilt('dashboard'),
  ]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  otherHosts = await blockOtherHosts(context);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const chip = (kommunkod: string) => page.locator(`.kommun-strip [data-kommunkod="${kommunkod}"]`);
const row = (kommunkod: string) => page.locator(`table.lage [data-kommunkod="${kommunkod}"]`);

it('says Timrå does not answer once it is frozen, on every view and without a reload, while the others answer', async () => {
  await page.goto(`http://localhost:${stack.gateway.port}/dashboard/?vy=arenden&uppdatera=15`);
  await page.locator('[data-kommunkod="2262"] h3').waitFor();
  for (const [kod, namn] of [
    ['2281', 'Sundsvall'],
    ['2262', 'Timrå'],
    ['2280', 'Härnösand'],
  ]) {
    await chip(kod)
      .filter({ hasText: `${namn}: Svarar` })
      .waitFor(WITHIN);
  }
  // Marks this document: a reload would lose it.
  await page.evaluate(() => ((globalThis as any).sameDocument = true));

  const timra = stack.kommuner.get('2262')!.child;
  timra.kill('SIGSTOP');
  try {
    await chip('2262')
      .filter({ hasText: /^Timrå: Svarar inte$/ })
      .waitFor(WITHIN);
    await expect(chip('2281').textContent()).resolves.toBe('Sundsvall: Svarar');
    await expect(chip('2280').textContent()).resolves.toBe('Härnösand: Svarar');
    // The Ärenden view's own answer: Timrå failed there too, with the age of a kept answer if one stood in.
    await page
      .locator('.problems [data-kommunkod="2262"]')
      .filter({ hasText: /^Timrå \(2262\): (Svarade inte i tid|Uppgifter från kl\. \d\d:\d\d \(.+ gamla\))\./ })
      .waitFor(WITHIN);

    await page.getByRole('link', { name: 'Kommunernas läge' }).click();
    await expect(row('2262').textContent()).resolves.toMatch(/^Timrå \(2262\)Västernorrlands länSvarar inte/);
    await expect(row('2281').getAttribute('data-lage')).resolves.toBe('svarar');
    await expect(row('2280').getAttribute('data-lage')).resolves.toBe('svarar');
    await expect(page.locator('main > section > p').first().textContent()).resolves.toMatch(/^2 av 3 kommuner svarade/);
    expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
  } finally {
    timra.kill('SIGCONT');
  }
  await chip('2262')
    .filter({ hasText: /^Timrå: Svarar$/ })
    .waitFor(WITHIN);
});

it('shows a kommun added to the registry file without a reload, as not answering while nothing answers at its address', async () => {
  // An address where nothing listens: Ånge is registered before its system is up.
  const closed = await startStubKommun();
  await closed.close();
  const registered = JSON.parse(fs.readFileSync(stack.registryFile, 'utf8')) as { kommuner: KommunEntry[] };
  const ange = kommunEntry('2260', 'Ånge', { url: closed.url });
  fs.writeFileSync(`${stack.registryFile}.tmp`, JSON.stringify({ kommuner: [...registered.kommuner, ange] }));
  fs.renameSync(`${stack.registryFile}.tmp`, stack.registryFile);

  await row('2260').waitFor(WITHIN);
  await row('2260')
    .filter({ hasText: /^Ånge \(2260\)Västernorrlands länSvarar inte/ })
    .waitFor(WITHIN);
  await expect(chip('2260').textContent()).resolves.toBe('Ånge: Svarar inte');
  // In the filters too.
  await expect(page.getByLabel('Kommun', { exact: true }).locator('option[value="2260"]').textContent()).resolves.toBe(
    'Ånge (2260)',
  );
  expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
  expect(otherHosts).toEqual([]);
});
