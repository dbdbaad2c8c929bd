import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { INTERNAL_ISSUER } from '#platform/auth/internalToken';
import { KEY_ALGORITHM } from '#platform/auth/keys';
import { handlingMarker, parseHandlingMarker } from '#platform/handlingMarker';
import { HttpError } from '#platform/http/httpUtils';
import { HandlingLinks } from '../../gateway/src/handlingar/HandlingLinks';
import { signHandlingLinks } from '../../gateway/src/handlingar/signHandlingLinks';
import { KommunRouter, kommunCalls, loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import { KommunRouterDataSource } from '../../gateway/src/kommunRouterHosts';
import { readSubgraphSdl } from '#platform/supergraph';
import { parse } from 'graphql';

// The gateway's document links without HTTP: markers in a kommun's answer become links signed for
// the request's caller, and a link verifies only for its own document and purpose.
let links: HandlingLinks;
let privateKey: KeyLike;
beforeAll(async () => {
  ({ privateKey } = await generateKeyPair(KEY_ALGORITHM, { extractable: true }));
  links = await HandlingLinks.fromJwk({ ...(await exportJWK(privateKey)), kid: 'test' }, 300, 'https://graf.example.se/');
});

const LASARE: Caller = { sub: 'lasare', kommunkod: '2281', roller: ['LASARE'] };
const tokenOf = (link: string) => new URL(link).searchParams.get('lank');

test('a marker names a purpose, a kommun and a document; nothing else is one', () => {
  expect(parseHandlingMarker(handlingMarker({ purpose: 'las', kommunkod: '2262', id: '15' }))).toEqual({
    purpose: 'las',
    kommunkod: '2262',
    id: '15',
  });
  for (const text of [
    'kommungraf-handling:las:2262:15 ',
    'kommungraf-handling:radera:2262:15',
    'kommungraf-handling:las:226:15',
    'Vision 2025',
  ]) {
    expect(parseHandlingMarker(text)).toBeNull();
  }
});

const kommunInfo = loadKommunSchemaInfo();
const kommunSchema = kommunInfo.schema;
const { linkFields } = kommunInfo;
const marker = (id: string, purpose: 'las' | 'ladda-upp' = 'las') => handlingMarker({ purpose, kommunkod: '2262', id });

test('a marker in a link field, however deep and under whatever alias, becomes a link for the caller', async () => {
  const document = parse(`query($d: String!) { arende(kommunkod: "2262", diarienummer: $d) {
    ...A beslutsunderlag { titel ... on Handling { oppna: url } } } }
    fragment A on Arende { rubrik }`);
  const data = {
    arende: {
      rubrik: 'Vision 2025',
      beslutsunderlag: [
        { titel: 'Vision 2025', oppna: null },
        { titel: 'Avtal', oppna: marker('7') },
      ],
    },
  };
  await signHandlingLinks(data, LASARE, links, { schema: kommunSchema, linkFields, document, variables: { d: 'KS 2026/1' } });
  expect(data.arende.beslutsunderlag[0].oppna).toBeNull();
  const read = data.arende.beslutsunderlag[1].oppna!;
  expect(read).toMatch(/^https:\/\/graf\.example\.se\/handlingar\/2262\/7\?lank=/);
  expect(await links.verify(tokenOf(read), { purpose: 'las', kommunkod: '2262', id: '7' })).toEqual(LASARE);

  const registrering = { registreraHandling: { handling: { id: '8', url: null }, uppladdningsUrl: marker('8', 'ladda-upp') } };
  await signHandlingLinks(registrering, LASARE, links, {
    schema: kommunSchema,
    linkFields,
    document:
      parse(`mutation { registreraHandling(kommunkod: "2262", diarienummer: "x", input: { titel: "t", typ: BESLUTSUNDERLAG }) {
      handling { id url } uppladdningsUrl } }`),
  });
  const upload = registrering.registreraHandling.uppladdningsUrl;
  expect(await links.verify(tokenOf(upload), { purpose: 'ladda-upp', kommunkod: '2262', id: '8' })).toEqual(LASARE);
});

test('in an _entities answer, the type of each object comes from its representation', async () => {
  const document = parse(`query($representations: [_Any!]!) { _entities(representations: $representations) {
    ... on Arende { beskrivning beslutsunderlag { url } } ... on Paragraf { rubrik } } }`);
  const data = {
    _entities: [{ beskrivning: marker('1'), beslutsunderlag: [{ url: marker('2') }] }, { rubrik: marker('3') }],
  };
  const representations = [
    { __typename: 'Arende', kommunkod: '2262', diarienummer: 'KS 2026/1' },
    { __typename: 'Paragraf', kommunkod: '2262', beteckning: 'KS 2026 § 1' },
  ];
  await signHandlingLinks(data, LASARE, links, { schema: kommunSchema, linkFields, document, variables: { representations } });
  expect(data._entities[0].beskrivning).toBe(marker('1'));
  expect(data._entities[0].beslutsunderlag![0].url).toMatch(/\/handlingar\/2262\/2\?lank=/);
  expect(data._entities[1].rubrik).toBe(marker('3'));
});

test('marker-shaped text a user wrote stays text, wherever it is and whatever alias it goes by', async () => {
  const document = parse(`{ arende(kommunkod: "2262", diarienummer: "KS 2026/1") {
    url: beskrivning rubrik beslutsunderlag { url: titel } } }`);
  const data = { arende: { url: marker('1'), rubrik: marker('2'), beslutsunderlag: [{ url: marker('3') }] } };
  await signHandlingLinks(data, LASARE, links, { schema: kommunSchema, linkFields, document });
  expect(data).toEqual({ arende: { url: marker('1'), rubrik: marker('2'), beslutsunderlag: [{ url: marker('3') }] } });
});

test('a link verifies for its own document and purpose only', async () => {
  const link = await links.link({ purpose: 'las', kommunkod: '2262', id: '7' }, null);
  expect(await links.verify(tokenOf(link), { purpose: 'las', kommunkod: '2262', id: '7' })).toBeNull();
  for (const other of [
    { purpose: 'ladda-upp' as const, kommunkod: '2262', id: '7' },
    { purpose: 'las' as const, kommunkod: '2262', id: '8' },
    { purpose: 'las' as const, kommunkod: '2281', id: '7' },
  ]) {
    await expect(links.verify(tokenOf(link), other)).rejects.toMatchObject({ status: 403, code: 'HANDLING_LINK_INVALID' });
  }
  await expect(links.verify(null, { purpose: 'las', kommunkod: '2262', id: '7' })).rejects.toBeInstanceOf(HttpError);
});

test("a token of the gateway's key for the document, but without an expiry, is no link", async () => {
  const forever = await new SignJWT({ hk: '2262', hid: '7' })
    .setProtectedHeader({ alg: KEY_ALGORITHM, kid: 'test' })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience('handling:las')
    .setSubject('anonym')
    .setIssuedAt()
    .sign(privateKey);
  await expect(links.verify(forever, { purpose: 'las', kommunkod: '2262', id: '7' })).rejects.toMatchObject({
    status: 403,
    code: 'HANDLING_LINK_INVALID',
  });
});

describe('the kommun schema says which fields carry document links', () => {
  it('lists the fields declared @handlingslank', () => {
    expect([...linkFields].sort()).toEqual(['Handling.url', 'Handlingsregistrering.uppladdningsUrl']);
  });

  it('signs a link field of any name through the gateway, and keeps no whole answer that selects one', async () => {
    // A schema whose document link is named without "url": only the schema can say it is one.
    const sdl = readSubgraphSdl('kommun').replace('url: String @handlingslank', 'oppnas: String @handlingslank');
    const info = loadKommunSchemaInfo(sdl);
    expect(info.linkFields.has('Handling.oppnas')).toBe(true);
    const router = new KommunRouter(
      [{ kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://127.0.0.1:9/graphql' }],
      info,
      kommunCalls({
        schema: info,
        last: {
          send: async ({ kommun }) => ({
            kommunkod: kommun.kommunkod,
            ok: true,
            data: { arende: { beslutsunderlag: [{ oppnas: marker('7') }, { oppnas: null }] } },
          }),
        },
      }),
    );
    const source = new KommunRouterDataSource(
      router,
      async () => ({}),
      (data, _context, fetch) => signHandlingLinks(data, LASARE, links, fetch),
    );
    const recorded: string[] = [];
    const answerRecorder = { kept: () => recorded.push('kept'), notKept: () => recorded.push('notKept') };
    const query = '{ arende(kommunkod: "2262", diarienummer: "KS 2026/1") { beslutsunderlag { oppnas } } }';
    const response = await source.process({
      request: { query },
      context: { answerRecorder },
      document: parse(query),
    } as any);
    const [signed, none] = (response.data as any).arende.beslutsunderlag;
    expect(signed.oppnas).toMatch(/^https:\/\/graf\.example\.se\/handlingar\/2262\/7\?lank=/);
    expect(await links.verify(tokenOf(signed.oppnas), { purpose: 'las', kommunkod: '2262', id: '7' })).toEqual(LASARE);
    expect(none.oppnas).toBeNull();
    expect(recorded).toContain('notKept');

    // A fetch that selects no link field is not walked, and its answer may be kept.
    const plain = '{ arende(kommunkod: "2262", diarienummer: "KS 2026/1") { rubrik } }';
    expect(info.mayCarryLink(parse(plain))).toBe(false);
    await router.close();
  });
});
