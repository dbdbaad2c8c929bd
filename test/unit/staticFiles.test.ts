import fs from 'node:fs';
import nodeHttp from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { spawnSync } from 'node:child_process';
import { startHttpServer, type RunningHttpServer } from '#platform/http/startHttpServer';
import { buildingDirFor } from '#platform/http/staticFiles';

// A built app as Vite leaves it, served by the shared HTTP front next to GraphQL.
let dir: string;
let apollo: ApolloServer;
let http: RunningHttpServer;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-static-'));
  const app = path.join(dir, 'app');
  fs.mkdirSync(path.join(app, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(app, 'assets', 'index-abc123.js'), 'console.log("app")');
  fs.writeFileSync(path.join(app, 'assets', 'index-abc123.css'), 'body{}');
  fs.writeFileSync(path.join(app, 'favicon.svg'), '<svg/>');
  fs.writeFileSync(path.join(app, '.build-inputs.json'), '{}');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the web');
  // An app whose first build runs (in this process), and one whose build was killed half-way.
  fs.mkdirSync(buildingDirFor(path.join(dir, 'building', 'dist'), process.pid), { recursive: true });
  const ended = spawnSync(process.execPath, ['-e', '']).pid;
  fs.mkdirSync(buildingDirFor(path.join(dir, 'abandoned', 'dist'), ended), { recursive: true });
  apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } });
  await apollo.start();
  http = await startHttpServer({
    apollo,
    port: 0,
    context: async () => ({}),
    staticSites: [
      { urlPrefix: '/app', dir: app },
      { urlPrefix: '/unbuilt', dir: path.join(dir, 'nothing'), notBuiltHint: 'run npm run build:unbuilt' },
      { urlPrefix: '/building', dir: path.join(dir, 'building', 'dist') },
      { urlPrefix: '/abandoned', dir: path.join(dir, 'abandoned', 'dist'), notBuiltHint: 'run npm run build:abandoned' },
    ],
  });
  base = `http://localhost:${http.port}`;
});

afterAll(async () => {
  await http.close();
  await apollo.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the app folder is its address: /app moves to /app/, keeping the query', async () => {
  const response = await fetch(`${base}/app?x=1`, { redirect: 'manual' });
  expect(response.status).toBe(308);
  expect(response.headers.get('location')).toBe('/app/?x=1');
});

test('index.html is served for the app and for its client routes, revalidated each time', async () => {
  for (const route of ['/app/', '/app/kommun/2262', '/app/index.html']) {
    const response = await fetch(base + route);
    expect([route, response.status]).toEqual([route, 200]);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<title>app</title>');
  }
});

test('hashed assets come with their content type and are cached for a year', async () => {
  const script = await fetch(`${base}/app/assets/index-abc123.js`);
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await script.text()).toBe('console.log("app")');
  const style = await fetch(`${base}/app/assets/index-abc123.css`);
  expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  const icon = await fetch(`${base}/app/favicon.svg`);
  expect([icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual(['image/svg+xml', 'no-cache']);
});

test('a missing asset is a 404, not index.html', async () => {
  const response = await fetch(`${base}/app/assets/index-old999.js`);
  expect(response.status).toBe(404);
  expect(await response.text()).not.toContain('<title>');
});

/** A GET with the path exactly as written: fetch would resolve the `..` before sending. */
function rawGet(pathname: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    nodeHttp
      .get({ host: '127.0.0.1', port: http.port, path: pathname }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
}

test('no path leaves the folder, and the build records are not served', async () => {
  const attempts = ['/app/../secret.txt', '/app/assets/../../secret.txt', '/app/..%2fsecret.txt', '/app/.build-inputs.json'];
  for (const attempt of attempts) {
    const { status, text } = await rawGet(attempt);
    expect([attempt, status]).toEqual([attempt, 404]);
    expect(text).not.toContain('not for the web');
  }
});

test('only GET and HEAD; HEAD has no body', async () => {
  const post = await fetch(`${base}/app/`, { method: 'POST', body: '{}' });
  expect(post.status).toBe(405);
  expect(post.headers.get('allow')).toBe('GET, HEAD');
  const head = await fetch(`${base}/app/assets/index-abc123.js`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(head.headers.get('content-length')).toBe(String('console.log("app")'.length));
  expect(await head.text()).toBe('');
});

test('an app whose build runs answers with a page that says so and reloads itself, on every route', async () => {
  for (const route of ['/building/', '/building/views/uppdrag']) {
    const page = await fetch(`${base}${route}`);
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('retry-after')).toBe('2');
    const html = await page.text();
    expect(html).toContain('/building/ is being built');
    expect(html).toMatch(/<meta http-equiv="refresh" content="2">/);
    expect(html).not.toContain('<script');
  }
  const head = await fetch(`${base}/building/`, { method: 'HEAD' });
  expect(head.status).toBe(503);
  expect(await head.text()).toBe('');
});

test('a build that was killed half-way is not taken for one that runs: the app says how to build it', async () => {
  const page = await fetch(`${base}/abandoned/`);
  expect(page.status).toBe(404);
  expect(await page.text()).toContain('run npm run build:abandoned');
});

test('an app that is not built says how to build it; GraphQL and other paths are untouched', async () => {
  const unbuilt = await fetch(`${base}/unbuilt/`);
  expect(unbuilt.status).toBe(404);
  expect(await unbuilt.text()).toContain('run npm run build:unbuilt');
  const graphql = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ ok }' }),
  });
  expect(await graphql.json()).toEqual({ data: { ok: true } });
  expect((await fetch(`${base}/application`)).status).toBe(404);
});
