import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { INTERNAL_ISSUER } from '#platform/auth/internalToken';
import { KEY_ALGORITHM, readJwk } from '#platform/auth/keys';
import { internalKeyFiles, signDevToken } from '#dev-tools/devIssuer';
import type { Stack } from '../../scripts/stack';
import { postGraphQL } from '../helpers/graphql';
import { seedKommuner, startTestStack } from '../helpers/stack';

// Documents you can open, through the whole graph: a handläggare of Timrå registers a document,
// uploads its file through the gateway's signed upload link, and readers open it through the
// signed link `Handling.url` gives them, which the kommun checks again (sekretess) when followed.
const MAX_BYTES = 4096;
let stack: Stack;
let gateway: string;
beforeAll(async () => {
  stack = await startTestStack({
    registry: seedKommuner.filter((k) => k.kommunkod === '2262'),
    env: { HANDLING_MAX_BYTES: String(MAX_BYTES) },
  });
  gateway = new URL(stack.gateway.url).origin;
}, 120_000);
afterAll(() => stack?.stop());

const HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };
const LASARE: Caller = { sub: 'lasare-timra', kommunkod: '2262', roller: ['LASARE'] };

const as = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(
    stack.gateway.url,
    query,
    variables,
    undefined,
    caller ? { authorization: `Bearer ${await signDevToken(stack.keysDir, caller)}` } : {},
  );

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const absolute = (link: string) => new URL(link, gateway).toString();

const REGISTRERA = `mutation($d: String!, $input: NyHandlingInput!) {
  registreraHandling(kommunkod: "2262", diarienummer: $d, input: $input) { handling { id titel typ fil { sha256 } url } uppladdningsUrl } }`;
const BESLUTSUNDERLAG = `query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) {
  beslutsunderlag { id kommunkod titel typ fil { mediatyp storlek sha256 filnamn } url } } }`;

async function registrera(diarienummer: string, titel: string, filnamn?: string) {
  const response = await as(HANDLAGGARE, REGISTRERA, { d: diarienummer, input: { titel, typ: 'BESLUTSUNDERLAG', filnamn } });
  expect(response.errors).toBeUndefined();
  return response.data!.registreraHandling as { handling: { id: string }; uppladdningsUrl: string };
}

const upload = (link: string, bytes: Buffer, type = 'application/pdf') =>
  fetch(absolute(link), { method: 'PUT', headers: { 'content-type': type }, body: bytes });

async function dokument(caller: Caller | null, diarienummer: string, titel: string) {
  const response = await as(caller, BESLUTSUNDERLAG, { d: diarienummer });
  return {
    response,
    handling: (response.data?.arende?.beslutsunderlag ?? []).find((h: { titel: string }) => h.titel === titel),
  };
}

async function refusal(response: Response) {
  const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
  return { status: response.status, code: body.errors[0].extensions.code };
}

describe('a document with a file', () => {
  const bytes = randomBytes(3000);
  let readLink: string;

  it('is registered, uploaded once through its signed link, and audited', async () => {
    // Read first, so that the router keeps an answer without the document: the upload must undo it.
    expect((await dokument(null, 'KS 2020/1', 'Vision 2025')).handling).toMatchObject({ fil: null, url: null });
    const { handling, uppladdningsUrl } = await registrera('KS 2020/1', 'Samverkansavtal, utkast', 'samverkansavtal-utkast.pdf');
    expect(uppladdningsUrl).toMatch(new RegExp(`^/handlingar/2262/${handling.id}\\?lank=`));
    // Kept by the router without its file: the upload, which is no GraphQL write, must make it a miss.
    expect((await dokument(null, 'KS 2020/1', 'Samverkansavtal, utkast')).handling).toMatchObject({ fil: null, url: null });
    const uploaded = await upload(uppladdningsUrl, bytes);
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toMatchObject({
      id: handling.id,
      mediatyp: 'application/pdf',
      storlek: 3000,
      sha256: sha256(bytes),
    });
    // The same bytes again (a retry) are stored once; other bytes are refused.
    expect((await upload(uppladdningsUrl, bytes)).status).toBe(200);
    expect(await refusal(await upload(uppladdningsUrl, randomBytes(100)))).toEqual({ status: 409, code: 'CONFLICT' });

    const logg = await as(HANDLAGGARE, `{ kommun(kommunkod: "2262") { granskningslogg(first: 3) { sub atgard objekt } } }`);
    expect(logg.data!.kommun.granskningslogg.slice(0, 2)).toEqual([
      { sub: 'handlaggare-timra', atgard: 'laddaUppHandling', objekt: `KS 2020/1 handling ${handling.id}` },
      { sub: 'handlaggare-timra', atgard: 'registreraHandling', objekt: `KS 2020/1 handling ${handling.id}` },
    ]);
  });

  it('opens through Handling.url with the same bytes, its media type, size, name and a strong ETag', async () => {
    const { handling } = await dokument(null, 'KS 2020/1', 'Samverkansavtal, utkast');
    expect(handling).toMatchObject({
      kommunkod: '2262',
      fil: { mediatyp: 'application/pdf', storlek: 3000, sha256: sha256(bytes), filnamn: 'samverkansavtal-utkast.pdf' },
    });
    readLink = handling.url;
    expect(readLink).toMatch(new RegExp(`^/handlingar/2262/${handling.id}\\?lank=`));
    const opened = await fetch(absolute(readLink));
    expect(opened.status).toBe(200);
    const received = Buffer.from(await opened.arrayBuffer());
    expect(sha256(received)).toBe(sha256(bytes));
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(opened.headers.get('content-length')).toBe('3000');
    expect(opened.headers.get('content-disposition')).toBe(
      `inline; filename="samverkansavtal-utkast.pdf"; filename*=UTF-8''samverkansavtal-utkast.pdf`,
    );
    expect(opened.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    const again = await fetch(absolute(readLink), { headers: { 'if-none-match': `"${sha256(bytes)}"` } });
    expect(again.status).toBe(304);
  });

  it('refuses a link that was altered, used for another document or purpose, or has expired, with a code', async () => {
    const [pathPart, token] = readLink.split('?lank=');
    const [header, payload, signature] = token.split('.');
    const altered = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await refusal(await fetch(absolute(`${pathPart}?lank=${altered}`)))).toEqual({
      status: 403,
      code: 'HANDLING_LINK_INVALID',
    });
    expect(await refusal(await fetch(absolute(pathPart)))).toEqual({ status: 403, code: 'HANDLING_LINK_INVALID' });
    const id = pathPart.split('/').at(-1)!;
    expect(await refusal(await fetch(absolute(`/handlingar/2262/${Number(id) + 1}?lank=${token}`)))).toEqual({
      status: 403,
      code: 'HANDLING_LINK_INVALID',
    });
    // A link to open a file is no link to upload one.
    expect(await refusal(await upload(readLink, Buffer.from('x')))).toEqual({ status: 403, code: 'HANDLING_LINK_INVALID' });

    // Signed with the gateway's own key, for this document, but expired a minute ago.
    const key = await importJWK(readJwk(internalKeyFiles(stack.keysDir).privateKeyFile), KEY_ALGORITHM);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ hk: '2262', hid: id })
      .setProtectedHeader({ alg: KEY_ALGORITHM })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience('handling:las')
      .setSubject('anonym')
      .setIssuedAt(now - 360)
      .setExpirationTime(now - 60)
      .sign(key);
    expect(await refusal(await fetch(absolute(`${pathPart}?lank=${expired}`)))).toEqual({
      status: 410,
      code: 'HANDLING_LINK_EXPIRED',
    });
  });

  it('refuses a file above HANDLING_MAX_BYTES with a code, storing nothing', async () => {
    const { handling, uppladdningsUrl } = await registrera('KS 2020/1', 'För stor bilaga');
    expect(await refusal(await upload(uppladdningsUrl, randomBytes(MAX_BYTES + 1)))).toEqual({
      status: 413,
      code: 'HANDLING_TOO_LARGE',
    });
    expect((await dokument(HANDLAGGARE, 'KS 2020/1', 'För stor bilaga')).handling).toMatchObject({ id: handling.id, fil: null });
  });

  it('lets only a handläggare of the kommun register a document', async () => {
    const refused = await as(LASARE, REGISTRERA, { d: 'KS 2020/1', input: { titel: 'Nej', typ: 'YTTRANDE' } });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('sekretess on links', () => {
  const bytes = randomBytes(500);
  let diarienummer: string;
  let version: number;

  beforeAll(async () => {
    const created = await as(
      HANDLAGGARE,
      `mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Personalärende" }) { diarienummer version } }`,
    );
    ({ diarienummer, version } = created.data!.registreraArende);
    const { uppladdningsUrl } = await registrera(diarienummer, 'Läkarintyg');
    expect((await upload(uppladdningsUrl, bytes, 'image/png')).status).toBe(200);
  });

  it('a link given while the document was public is refused once its ärende is under sekretess', async () => {
    const { handling } = await dokument(null, diarienummer, 'Läkarintyg');
    const anonymLink = handling.url as string;
    expect((await fetch(absolute(anonymLink))).status).toBe(200);
    const changed = await as(
      HANDLAGGARE,
      `mutation($d: String!, $v: Int!) { uppdateraArende(kommunkod: "2262", diarienummer: $d, input: { version: $v, sekretess: { lagrum: "OSL 39 kap. 3 §" } }) { version } }`,
      { d: diarienummer, v: version },
    );
    expect(changed.errors).toBeUndefined();
    expect(await refusal(await fetch(absolute(anonymLink)))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('a restricted document’s link is given only to one who may read it, and works for them', async () => {
    for (const caller of [null, LASARE]) {
      const { response, handling } = await dokument(caller, diarienummer, 'Läkarintyg');
      expect(handling).toBeUndefined();
      expect(response.data!.arende.beslutsunderlag).toBeNull();
      expect(response.errors![0]).toMatchObject({ path: ['arende', 'beslutsunderlag'], extensions: { code: 'FORBIDDEN' } });
      expect(JSON.stringify(response)).not.toContain('/handlingar/');
    }
    const { handling } = await dokument(HANDLAGGARE, diarienummer, 'Läkarintyg');
    const opened = await fetch(absolute(handling.url));
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/png');
    expect(sha256(Buffer.from(await opened.arrayBuffer()))).toBe(sha256(bytes));
  });
});
