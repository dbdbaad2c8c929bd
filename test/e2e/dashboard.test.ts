import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signDevToken } from '#dev-tools/devIssuer';
import type { Roll } from '#platform/auth/caller';
import type { Stack } from '../../scripts/stack';
import { ensureFrontendBuilt } from '../../scripts/frontendBuild';
import { blockOtherHosts, launchChromium } from '../helpers/browser';
import { postGraphQL } from '../helpers/graphql';
import { startTestStack } from '../helpers/stack';

/**
 * The shared dashboard in Debian's Chromium against the whole graph (embedded PostgreSQL, a
 * process per service), as `npm start` serves it: the seed's facts, a samordnare's status
 * change, Timrå killed, the accessibility scan, and a screenshot of every view.
 */

const screenshotDir = path.resolve(__dirname, '../screenshots');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let otherHosts: string[];

beforeAll(async () => {
  // Not supervised: Timrå, once killed, stays down for the test that kills it. Without the router's
  // answer cache, so that the page meets Timrå's failure itself, not a saved copy (KOMMUN_STALE,
  // whose wording the unit tests cover). Trusted documents enforced, as in production: the
  // dashboard sends only the manifest's hashes, so it works where free documents are refused.
  [stack] = await Promise.all([
    // The gateway probes every second, so that "Kommunernas läge" follows Timrå's death quickly.
    startTestStack({
      supervise: false,
      env: { KOMMUN_CACHE: 'false', TRUSTED_DOCUMENTS: 'enforce', READINESS_PROBE_SECONDS: '1' },
    }),
    ensureFrontendBuilt('dashboard'),
  ]);
  // The page's strip tells what the gateway's probe found: start once it has found every kommun
  // answering (a probe of a kommun that is still warming up may pass its 2 s on a busy machine).
  await allKommunerAnswer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  otherHosts = await blockOtherHosts(context);
  fs.mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Waits, within a loose bound, until GET /kommuner has every kommun answering with a compatible schema. */
async function allKommunerAnswer(): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    const { kommuner } = (await (await fetch(`http://localhost:${stack.gateway.port}/kommuner`)).json()) as {
      kommuner: { reachable: boolean | null; schemaCompatible: boolean | null }[];
    };
    if (kommuner.length === 3 && kommuner.every((k) => k.reachable && k.schemaCompatible)) return;
    if (Date.now() > until) throw new Error(`GET /kommuner never had all three answering: ${JSON.stringify(kommuner)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const dashboardUrl = (query = '') => `http://localhost:${stack.gateway.port}/dashboard/${query}`;

async function open(query: string, page?: Page): Promise<Page> {
  const target = page ?? (await context.newPage());
  await target.goto(dashboardUrl(query));
  await target.getByText(/^Uppdaterad \d\d:\d\d:\d\d$/).waitFor();
  // Every part of the view has its first answer (or its error) once nothing says "Hämtar…".
  await target.waitForFunction(() => (globalThis as any).document.querySelector('.loading') === null);
  return target;
}

const area = (page: Page, id: string) => page.locator(`[data-omrade="${id}"]`);

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const { axe, document } = globalThis as any;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return (result.violations as any[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
}

const token = (roller: Roll[]) => signDevToken(stack.keysDir, { sub: 'anna', kommunkod: '2262', roller });

async function signIn(page: Page, value: string): Promise<void> {
  const settings = page.locator('details.settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  await page.getByLabel(/Token/).fill(value);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByText(/inloggad: anna/).waitFor();
}

describe('the dashboard at /dashboard', () => {
  it('shows the seed facts as they are in the data, and loads nothing from another host', async () => {
    const page = await open('?vy=samverkan');
    const eu = area(page, 'eu-samordning');
    await expect(eu.locator('.omrade-status').textContent()).resolves.toBe('Startat');
    await expect(eu.locator('.omrade-form').textContent()).resolves.toBe('Tjänsteköp');

    await expect(page.locator('[data-part="Härnösand"]').textContent()).resolves.toMatch(/Härnösand\s*Intresserad/);
    for (const [kod, namn] of [
      ['2281', 'Sundsvall'],
      ['2262', 'Timrå'],
      ['2280', 'Härnösand'],
    ]) {
      await expect(page.locator(`.kommun-strip [data-kommunkod="${kod}"]`).textContent()).resolves.toBe(`${namn}: Svarar`);
    }
    await page.screenshot({ path: path.join(screenshotDir, 'samverkan.png'), fullPage: true });
    // The top of the page, as docs/dashboard.png shows it in the README (UPDATE_SCREENSHOTS=1 rewrites it).
    const top = { x: 0, y: 0, width: 1280, height: 1250 };
    const readme = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/dashboard.png') : null;
    await page.screenshot({ path: readme ?? path.join(screenshotDir, 'samverkan-overst.png'), fullPage: true, clip: top });

    const kost = area(page, 'kostorganisation');
    await expect(kost.locator('.omrade-status').textContent()).resolves.toBe('Avskrivet');
    await expect(kost.locator('.timeline').textContent()).resolves.toMatch(/Avskrivet.*BUN 2019 § 68/);
    // The seed chose the days of the status changes inside the periods the source names: marked so.
    await expect(kost.locator('.timeline li').first().textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \(illustrativt datum\)/);
    // The decision links to the paragraph in Timrå's own subgraph.
    await kost.getByRole('link', { name: 'BUN 2019 § 68 i Timrå' }).click();
    await page.getByRole('heading', { name: 'BUN 2019 § 68 i Timrå' }).waitFor();
    expect(page.url()).toContain('paragraf=2262');
    await page.locator('.paragraf').getByText('Barn- och utbildningsnämnden', { exact: true }).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'paragraf.png') });

    await open('?vy=uppdrag', page);
    // Timrå's assignment to the kommunchef, due December 2021, is overdue, and overdue comes first.
    const kommunchef = page.locator('table.uppdrag tbody tr', { hasText: '2021-12-31' });
    // "senast december 2021": the seed's last day of that month is marked as illustrative.
    await expect(kommunchef.textContent()).resolves.toMatch(
      /^Timrå\s*Kommunchefen.*2021-12-31 \(illustrativt datum\)\s*Försenat/,
    );
    const late = await page
      .locator('table.uppdrag tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.classList.contains('late')));
    expect(late[0]).toBe(true);
    expect(late.indexOf(false) === -1 || late.slice(late.indexOf(false)).every((l) => !l)).toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'uppdrag.png'), fullPage: true });

    await open('?vy=avtal', page);
    const avtal = page.locator('[data-avtal="eu-samordnare"]');
    await expect(avtal.textContent()).resolves.toContain('EU-samordnare');
    await expect(avtal.locator('.missing').textContent()).resolves.toMatch(/rättslig grund.*kostnadsfördelning/s);
    await page.screenshot({ path: path.join(screenshotDir, 'avtal.png'), fullPage: true });

    await open('?vy=arenden', page);
    await expect(page.locator('[data-kommunkod="2262"] h3').textContent()).resolves.toMatch(/^Timrå: [1-9]\d* ärenden?$/);
    await page.getByLabel('Sökord').fill('samverkan');
    await page.getByRole('button', { name: 'Sök' }).click();
    await page.getByText(/\d+ ärenden? matchar/).waitFor();
    await expect(page.getByText('KS 2020/1').first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'arenden.png'), fullPage: true });

    await open('?vy=lage', page);
    for (const namn of ['Sundsvall', 'Timrå', 'Härnösand']) {
      await expect(page.locator('table.lage').textContent()).resolves.toContain(namn);
    }
    await page.screenshot({ path: path.join(screenshotDir, 'lage.png'), fullPage: true });
    await page.close();
    expect(otherHosts).toEqual([]);
  });

  it.each(['samverkan', 'avtal', 'uppdrag', 'arenden', 'lage'])(
    'has no serious or critical accessibility violation in the %s view (axe-core, WCAG 2.1 AA)',
    async (vy) => {
      const page = await open(`?vy=${vy}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    },
  );

  it('fits a 390 px wide screen without sideways scrolling', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const vy of ['samverkan', 'uppdrag', 'lage']) {
      await open(`?vy=${vy}`, page);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await open('?vy=samverkan', page);
    await page.screenshot({ path: path.join(screenshotDir, 'samverkan-390.png'), fullPage: true });
    await page.close();
  });

  it('keeps the filters in the address and is reachable by keyboard', async () => {
    const page = await open('?vy=uppdrag&kommun=2281');
    // Sundsvall's seed has no assignments; Timrå's are not shown.
    await page.getByText(/^\d+ uppdrag, varav/).waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toContain('Kommunchefen');
    await expect(page.getByLabel('Kommun', { exact: true }).inputValue()).resolves.toBe('2281');

    await page.getByLabel('Kommun', { exact: true }).selectOption('2262');
    await page.waitForURL(/kommun=2262/);
    await page.locator('table.uppdrag tbody tr').first().getByText('Timrå').waitFor();

    // From the top of the page by Tab alone to the Avtal view.
    await page.keyboard.press('Tab'); // skip link
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (globalThis as any).document.activeElement?.textContent === 'Avtal');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/vy=avtal/);
    expect(page.url()).toContain('kommun=2262');
    await page.close();
  });

  it('lets a SAMORDNARE change an area’s status, shown without a reload, and says in words why a write is refused', async () => {
    const page = await open('?vy=samverkan');
    await page.evaluate(() => ((globalThis as any).sameDocument = true));
    const kollektivtrafik = area(page, 'kollektivtrafik');
    await expect(kollektivtrafik.locator('.omrade-status').textContent()).resolves.toBe('Avvaktar');

    // A case officer without the role: FORBIDDEN, in words.
    await signIn(page, await token(['HANDLAGGARE']));
    await kollektivtrafik.getByText('Ändra status för').click();
    await kollektivtrafik.getByLabel('Ny status').selectOption('STARTAT');
    const write = page.waitForRequest(
      (request) =>
        request.method() === 'POST' && /"operationName":"DashboardAndraSamverkansstatus"/.test(request.postData() ?? ''),
    );
    await kollektivtrafik.getByRole('button', { name: 'Ändra status' }).click();
    // Every write carries a key, so that sending it again after a lost answer saves it once.
    expect((await write).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    // It goes as its trusted document's hash, without the text (Apollo's persisted queries).
    const sent = JSON.parse((await write).postData()!);
    expect(sent.query).toBeUndefined();
    expect(sent.extensions.persistedQuery).toEqual({ version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await kollektivtrafik
      .getByRole('alert')
      .getByText(/^Inte behörig: bara en SAMORDNARE/)
      .waitFor();
    // The signed-in page with an open form and its error passes the scan too.
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await signIn(page, await token(['SAMORDNARE']));
    // The same status it already has: BAD_USER_INPUT, naming the field.
    await kollektivtrafik.getByText('Ändra status för').click();
    await kollektivtrafik.getByLabel('Ny status').selectOption('AVVAKTAR');
    await kollektivtrafik.getByRole('button', { name: 'Ändra status' }).click();
    await kollektivtrafik
      .getByRole('alert')
      .getByText(/^Felaktig uppgift \(fältet Ny status\)/)
      .waitFor();

    await kollektivtrafik.getByLabel('Ny status').selectOption('STARTAT');
    await kollektivtrafik.getByLabel('Kommentar').fill('Återupptaget i webbtest');
    await kollektivtrafik.getByRole('button', { name: 'Ändra status' }).click();
    await page.locator('.write-notice').getByText('Kollektivtrafik/stadstrafik har nu status Startat').waitFor();
    // The answer replaced the cached area: it moved to the Startat group, with its history.
    const moved = area(page, 'kollektivtrafik');
    await expect(moved.locator('.omrade-status').textContent()).resolves.toBe('Startat');
    await expect(moved.locator('.timeline').textContent()).resolves.toContain('Återupptaget i webbtest');
    expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
    await page.close();
  });

  it('draws an agreement’s cost shares as a chart once the graph has them', async () => {
    const registered = await postGraphQL(
      stack.gateway.url,
      `mutation ($input: NyttAvtalInput!) { registreraAvtal(input: $input) { id } }`,
      {
        input: {
          omradeId: 'inkopsanalys',
          namn: 'Avtal om gemensam inköpsanalys',
          resurs: 'Inköpsanalytiker',
          rattsligGrund: 'KL 9 kap. 37 §',
          tecknat: '2021-03-01',
          parter: [
            { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.6 },
            { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.4 },
          ],
        },
      },
      undefined,
      { authorization: `Bearer ${await token(['SAMORDNARE'])}` },
    );
    expect(registered.errors).toBeUndefined();
    const page = await open('?vy=avtal');
    const avtal = page.locator(`[data-avtal="${registered.data!.registreraAvtal.id}"]`);
    await expect(avtal.locator('svg[role="img"]').getAttribute('aria-label')).resolves.toBe(
      'Kostnadsfördelning, Avtal om gemensam inköpsanalys: Sundsvall 60 %, Timrå 40 %',
    );
    await expect(avtal.locator('.missing').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(screenshotDir, 'avtal-med-kostnader.png'), fullPage: true });
    await page.close();
  });

  it('names Timrå as unavailable when it is killed and still shows Sundsvall and Härnösand', async () => {
    const page = await open('?vy=lage');
    const timra = stack.kommuner.get('2262')!;
    const exited = new Promise((resolve) => timra.child.once('exit', resolve));
    timra.child.kill('SIGKILL');
    await exited;

    for (const vy of ['lage', 'samverkan', 'uppdrag', 'arenden']) {
      await open(`?vy=${vy}&uppdatera=15`, page);
      // The chips tell what the gateway's probe found (GET /kommuner), which follows within a probe.
      await page.locator('.kommun-strip [data-kommunkod="2262"]', { hasText: /^Timrå: Svarar inte$/ }).waitFor();
      await expect(page.locator('.kommun-strip [data-kommunkod="2281"]').textContent()).resolves.toBe('Sundsvall: Svarar');
      await expect(page.locator('.kommun-strip [data-kommunkod="2280"]').textContent()).resolves.toBe('Härnösand: Svarar');
      if (vy === 'lage') {
        await expect(page.locator('table.lage [data-kommunkod="2262"]').textContent()).resolves.toMatch(
          /^Timrå \(2262\).*Svarar inte/,
        );
        await page.screenshot({ path: path.join(screenshotDir, 'lage-timra-nere.png'), fullPage: true });
      }
      if (vy === 'samverkan') {
        await expect(page.locator('[data-part="Sundsvall"]').textContent()).resolves.toContain('Ansluten');
        await expect(page.locator('[data-part="Härnösand"]').textContent()).resolves.toContain('Intresserad');
        await expect(area(page, 'eu-samordning').locator('.omrade-status').textContent()).resolves.toBe('Startat');
      }
      if (vy === 'uppdrag' || vy === 'arenden') {
        await expect(page.locator('.problems').textContent()).resolves.toMatch(/Timrå \(2262\): Otillgänglig/);
      }
      if (vy === 'arenden') {
        await page.locator('[data-kommunkod="2281"] h3').waitFor();
        await expect(page.locator('[data-kommunkod="2262"] h3').count()).resolves.toBe(0);
      }
    }
    await page.close();
  });
});
