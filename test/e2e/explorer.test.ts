import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, internalKeyFiles, signDevToken } from '#dev-tools/devIssuer';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer } from '../../gateway/src/server';
import type { Stack } from '../../scripts/stack';
import { ensureFrontendBuilt, frontendDist } from '../../scripts/frontendBuild';
import { testKeys } from '../helpers/auth';
import { blockOtherHosts, launchChromium } from '../helpers/browser';
import { startTestStack } from '../helpers/stack';
import { silentLogger } from '#platform/telemetry/logger';

/**
 * The explorer bundled with the gateway (explorer/, at /graphiql/), in Debian's Chromium that
 * reaches nothing but localhost, against the whole graph as `npm start` runs it.
 */
let stack: Stack;
let browser: Browser;
let base: string;

beforeAll(async () => {
  // A fresh clone has no build; building takes under a minute, a busy machine a few.
  await ensureFrontendBuilt('explorer');
  [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  base = `http://localhost:${stack.gateway.port}`;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

let context: BrowserContext;
let otherHosts: string[];
let page: Page;

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  otherHosts = await blockOtherHosts(context);
  page = await context.newPage();
});

afterEach(() => context.close());

/** A CodeMirror 5 editor's element, which holds its editor (GraphiQL 4 uses CodeMirror 5). */
interface CodeMirrorElement {
  CodeMirror: {
    getValue(): string;
    setValue(value: string): void;
    scrollIntoView(position: { line: number; ch: number }, margin: number): void;
  };
}
/** The variables or headers editor, whichever is shown. */
const shownTool = '.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/** The text of a CodeMirror editor of GraphiQL once it has some (a tab fills its editors soon after a click). */
async function editorText(selector: string): Promise<string> {
  const editor = page.locator(`${selector} .CodeMirror`).first();
  for (let attempt = 1; ; attempt++) {
    const text = await editor.evaluate((element) => (element as unknown as CodeMirrorElement).CodeMirror.getValue());
    if (text.trim() || attempt === 300) return text;
    await page.waitForTimeout(100);
  }
}

async function openExplorer(): Promise<void> {
  // Idle once the schema has come (introspection), so that a click lands on a settled page.
  await page.goto(`${base}/graphiql/`, { waitUntil: 'networkidle' });
  await editorText('.graphiql-query-editor');
}

/**
 * Opens a tab and waits until its operation is in the editor. GraphiQL takes the operation name
 * from the editor's text a moment after a tab switch, so give it that moment before running.
 */
async function openTab(name: string): Promise<void> {
  await page.locator('.graphiql-tab', { hasText: name }).click();
  for (let attempt = 1; !(await editorText('.graphiql-query-editor')).includes(` ${name}`) && attempt < 100; attempt++) {
    await page.waitForTimeout(100);
  }
  await page.waitForTimeout(500);
}

/** Runs the operation of the active tab and waits for its result (the earlier one is cleared). */
async function runActiveTab(): Promise<unknown> {
  await page
    .locator('.result-window .CodeMirror')
    .evaluate((element) => (element as unknown as CodeMirrorElement).CodeMirror.setValue(''));
  await page.locator('.graphiql-execute-button').click();
  return JSON.parse(await editorText('.result-window'));
}

describe('the explorer at /graphiql/', () => {
  it('opens the contract as tabs and runs KommunOversikt, with nothing from another host', async () => {
    await openExplorer();
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    expect(tabs.map((t) => t.trim())).toEqual([
      'KommunOversikt',
      'SokArenden',
      'SamverkanDashboard',
      'KommunensSamverkan',
      'ForsenadeUppdrag',
      'ArendeDetalj',
      'Paragraf',
      'RegistreraArende',
      'AndraSamverkansstatus',
      // The project's own files after the shared contract's, by name: dashboard.graphql,
      // handlingar.graphql, likalydande.graphql, sammantraden.graphql, statistik.graphql.
      'DashboardKommuner',
      'DashboardUppdrag',
      'DashboardArendeantal',
      'DashboardSamverkan',
      'DashboardAndraSamverkansstatus',
      'DashboardParagraf',
      'Handlingar',
      'RegistreraHandling',
      'LikalydandeBeslut',
      'SammantradeDetalj',
      'Sammantraden',
      'OverklagbaraBeslut',
      'Ledamoter',
      'Statistik',
      'StatistikPerKommun',
    ]);
    expect(await editorText('.graphiql-query-editor')).toContain('query KommunOversikt');
    const result = (await runActiveTab()) as { data: { kommuner: { namn: string }[] }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data.kommuner.map((k) => k.namn)).toEqual(['Sundsvall', 'Timrå', 'Härnösand']);
    // On screen, not only in the data: the result is scrolled to Timrå as a user would.
    await page.locator('.result-window .CodeMirror').evaluate((el) => {
      const { CodeMirror } = el as unknown as CodeMirrorElement;
      CodeMirror.scrollIntoView(
        {
          line: CodeMirror.getValue()
            .split('\n')
            .findIndex((line: string) => line.includes('"Timrå"')),
          ch: 0,
        },
        120,
      );
    });
    await expect(page.locator('.result-window').innerText()).resolves.toContain('"namn": "Timrå"');
    const screenshot = path.join(os.tmpdir(), `kommungraf-graphiql-${process.pid}.png`);
    await page.screenshot({
      path: process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/graphiql.png') : screenshot,
    });
    expect(otherHosts).toEqual([]);
  });

  it('fills the variables from the seed, and a token pasted under Headers makes a write', async () => {
    await openExplorer();
    await openTab('ArendeDetalj');
    expect(JSON.parse(await editorText(shownTool))).toEqual({ kommunkod: '2262', diarienummer: 'KS 2020/1' });
    const detail = (await runActiveTab()) as {
      data: { arende: { diarienummer: string; behandlingar: { beteckning: string }[] } };
    };
    expect(detail).toHaveProperty('data.arende.diarienummer', 'KS 2020/1');
    expect(detail.data.arende.behandlingar.map((p) => p.beteckning)).toContain('KS 2019 § 65');

    // A write without a token is refused; with the one `npm run token` prints, it is made.
    await openTab('RegistreraArende');
    await page.getByRole('button', { name: 'Headers' }).click();
    expect(await editorText(shownTool)).toContain('npm run token -- --kommun 2262 --roll HANDLAGGARE');
    const refused = (await runActiveTab()) as { errors: { extensions: { code: string } }[] };
    expect(refused.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const token = await signDevToken(stack.keysDir, { sub: 'utvecklare-2262', kommunkod: '2262', roller: ['HANDLAGGARE'] });
    await page.locator(`${shownTool} .CodeMirror`).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    const written = (await runActiveTab()) as { data: { registreraArende: { kommunkod: string; diarienummer: string } } };
    expect(written.data.registreraArende.kommunkod).toBe('2262');
    expect(written.data.registreraArende.diarienummer).toMatch(/^KS \d{4}\/\d+$/);
    expect(otherHosts).toEqual([]);
  });

  it('shows the schema with its descriptions in the docs, the query builder and the history', async () => {
    await openExplorer();
    await runActiveTab();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).click();
    await expect(page.locator('.graphiql-doc-explorer').innerText()).resolves.toContain(
      'The kommuner of the graph in registry order',
    );
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    await expect(page.locator('.graphiql-plugin').innerText()).resolves.toContain('kommuner');
    await page.getByRole('button', { name: 'Show History' }).click();
    await expect(page.locator('.graphiql-plugin').innerText()).resolves.toContain('KommunOversikt');
    expect(otherHosts).toEqual([]);
  });
});

describe('/ without Apollo’s servers', () => {
  it('tries Sandbox, then says where the bundled explorer is, and the link works', async () => {
    await page.goto(`${base}/`);
    const link = page.getByRole('link', { name: '/graphiql/' });
    await link.waitFor({ state: 'visible' });
    // Sandbox is still what `/` loads when it can: it was asked for, from Apollo's servers.
    expect(otherHosts.some((url) => url.startsWith('https://embeddable-sandbox.cdn.apollographql.com/'))).toBe(true);
    await link.click();
    await page.locator('.graphiql-container').waitFor();
    expect(page.url()).toBe(`${base}/graphiql/`);
  });
});

describe('in production', () => {
  /** A gateway in production mode beside the stack, with keys of its own; only its pages are asked for. */
  async function productionGateway(env: NodeJS.ProcessEnv) {
    const keys = await testKeys();
    const gateway = await startGatewayServer(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        SAMVERKAN_URL: stack.samverkan.url,
        KOMMUN_REGISTRY_FILE: stack.registryFile,
        AUTH_JWKS_FILE: devIssuerFiles(keys.keysDir).jwksFile,
        AUTH_ISSUER: DEV_ISSUER,
        AUTH_AUDIENCE: DEV_AUDIENCE,
        INTERNAL_SIGNING_KEY_FILE: internalKeyFiles(keys.keysDir).privateKeyFile,
        ...env,
      }),
      silentLogger(),
    );
    return {
      base: `http://localhost:${gateway.port}`,
      stop: async () => {
        await gateway.stop();
        keys.remove();
      },
    };
  }

  it('serves the explorer only with INTROSPECTION=true', async () => {
    const open = await productionGateway({ INTROSPECTION: 'true' });
    const closed = await productionGateway({});
    try {
      const page = await fetch(`${open.base}/graphiql/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>kommungraf · GraphiQL</title>');
      const hidden = await fetch(`${closed.base}/graphiql/`);
      expect(hidden.status).toBe(404);
      expect(await hidden.text()).not.toContain('GraphiQL');
    } finally {
      await Promise.all([open.stop(), closed.stop()]);
    }
  });
});

describe('the build', () => {
  /** Loading forms that would fetch from another host: script/link sources, CSS urls and imports, workers. */
  const remoteLoad =
    /(?:src|href)\s*=\s*["']?https?:\/\/|url\(\s*["']?https?:\/\/|@import\s+(?:url\()?["']?https?:\/\/|import\(\s*["']https?:\/\/|from\s*["']https?:\/\/|(?:Worker|importScripts)\(\s*["']https?:\/\//;

  it('loads nothing from another host: no remote scripts, styles, fonts or workers', () => {
    const dist = frontendDist('explorer');
    const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|js|css)$/.test(f));
    expect(files.length).toBeGreaterThan(1);
    const offending = files.flatMap((file) => {
      const match = remoteLoad.exec(fs.readFileSync(path.join(dist, file), 'utf8'));
      return match ? [`${file}: ${match[0]}`] : [];
    });
    expect(offending).toEqual([]);
  });
});
