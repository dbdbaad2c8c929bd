import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import type { Stack } from '../../scripts/stack';
import { postGraphQL } from '../helpers/graphql';
import { seedKommuner, startTestStack } from '../helpers/stack';

/**
 * A document link is its own proof: whoever holds `?lank=<token>` may open or upload the file,
 * so its token must reach no log and no trace, where people who may not read the document look.
 * The graph runs as `npm start` runs it, exporting its spans over OTLP to a collector in this
 * test (as in telemetry.test.ts), and every line its processes print is read here. The links are
 * used the way a reader uses them, and once more after the kommun has stopped, so that the
 * gateway logs the failed request with its URL.
 */

/** What the processes exported: each OTLP request body (protobuf, whose strings are plain UTF-8). */
const exported: Buffer[] = [];
const collector = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    exported.push(Buffer.concat(chunks));
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
/** Every line the graph's processes printed, prefixed with the service. */
const lines: string[] = [];
let stack: Stack;
let gateway: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  stack = await startTestStack({
    registry: seedKommuner.filter((k) => k.kommunkod === '2262'),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    log: (line) => lines.push(line),
  });
  gateway = new URL(stack.gateway.url).origin;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  collector.closeAllConnections();
  await new Promise((resolve) => collector.close(resolve));
});

const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE'] };

/** Polls until `check` passes; for spans that are exported in their own time. A hang fails it. */
async function eventually(check: () => void, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function occurrences(body: Buffer, text: string): number {
  let count = 0;
  for (let at = body.indexOf(text); at !== -1; at = body.indexOf(text, at + 1)) count++;
  return count;
}

const tokenOf = (link: string) => new URL(link, gateway).searchParams.get('lank')!;

it("keeps a document link's token, and the bearer token of the user who asked for it, out of every log line and every exported span", async () => {
  const bearer = await signDevToken(stack.keysDir, HANDLAGGARE);
  const headers = { authorization: `Bearer ${bearer}` };
  const registered = await postGraphQL(
    stack.gateway.url,
    `mutation($input: NyHandlingInput!) { registreraHandling(kommunkod: "2262", diarienummer: "KS 2020/1", input: $input) {
      handling { id } uppladdningsUrl } }`,
    { input: { titel: 'Hemlig länk', typ: 'BESLUTSUNDERLAG', filnamn: 'underlag.pdf' } },
    undefined,
    headers,
  );
  expect(registered.errors).toBeUndefined();
  const { handling, uppladdningsUrl } = registered.data!.registreraHandling as {
    handling: { id: string };
    uppladdningsUrl: string;
  };
  const path = `/handlingar/2262/${handling.id}`;
  const upload = (link: string) =>
    fetch(new URL(link, gateway), { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: randomBytes(100) });
  expect((await upload(uppladdningsUrl)).status).toBe(200);

  const read = await postGraphQL(
    stack.gateway.url,
    `{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { beslutsunderlag { id url } } }`,
    {},
    undefined,
    headers,
  );
  const { url } = (read.data!.arende.beslutsunderlag as { id: string; url: string }[]).find((h) => h.id === handling.id)!;
  const opened = await fetch(new URL(url, gateway));
  expect(opened.status).toBe(200);
  // Nor does a link followed from inside the document pass the token on as its Referer.
  expect(opened.headers.get('referrer-policy')).toBe('no-referrer');

  // The kommun gone, each link's request fails on the gateway's side, which logs it with its URL.
  await stack.kommuner.get('2262')!.stop();
  expect((await fetch(new URL(url, gateway))).status).toBe(502);
  expect((await upload(uppladdningsUrl)).status).toBe(502);

  const logged = () => lines.filter((line) => line.startsWith('[gateway]') && line.includes(path));
  await eventually(() => {
    // The two failed requests are logged; the gateway's server span of each of the four names the path.
    expect(logged().length).toBeGreaterThanOrEqual(2);
    expect(exported.reduce((count, body) => count + occurrences(body, path), 0)).toBeGreaterThanOrEqual(4);
  });
  // The secrets are nowhere, …
  const secrets = { 'the upload link': tokenOf(uppladdningsUrl), 'the read link': tokenOf(url), 'the bearer token': bearer };
  for (const [what, secret] of Object.entries(secrets)) {
    expect(secret.length).toBeGreaterThan(40);
    expect({ what, inLog: lines.filter((line) => line.includes(secret)) }).toEqual({ what, inLog: [] });
    expect({ what, inSpans: exported.filter((body) => body.includes(secret)).length }).toEqual({ what, inSpans: 0 });
  }
  // … while what of the URLs is no secret is recorded.
  expect(logged().every((line) => line.includes('lank=REDACTED'))).toBe(true);
  expect(exported.some((body) => body.includes(path) && body.includes('lank=REDACTED'))).toBe(true);
}, 60_000);
