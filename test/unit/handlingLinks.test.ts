import { exportJWK, generateKeyPair } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { KEY_ALGORITHM } from '#platform/auth/keys';
import { handlingMarker, parseHandlingMarker } from '#platform/handlingMarker';
import { HttpError } from '#platform/http/httpUtils';
import { HandlingLinks } from '../../gateway/src/handlingar/HandlingLinks';
import { signHandlingLinks } from '../../gateway/src/handlingar/signHandlingLinks';

// The gateway's document links without HTTP: markers in a kommun's answer become links signed for
// the request's caller, and a link verifies only for its own document and purpose.
let links: HandlingLinks;
beforeAll(async () => {
  const { privateKey } = await generateKeyPair(KEY_ALGORITHM, { extractable: true });
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

test('every marker of an answer, however deep, becomes a link for the caller; other text stays', async () => {
  const data = {
    arende: {
      rubrik: 'kommungraf-handling:las:2262:x',
      beslutsunderlag: [
        { titel: 'Vision 2025', url: null },
        { titel: 'Avtal', url: handlingMarker({ purpose: 'las', kommunkod: '2262', id: '7' }) },
      ],
      lista: [handlingMarker({ purpose: 'ladda-upp', kommunkod: '2262', id: '8' })],
    },
  };
  await signHandlingLinks(data, LASARE, links);
  expect(data.arende.rubrik).toBe('kommungraf-handling:las:2262:x');
  expect(data.arende.beslutsunderlag[0].url).toBeNull();
  const read = data.arende.beslutsunderlag[1].url!;
  expect(read).toMatch(/^https:\/\/graf\.example\.se\/handlingar\/2262\/7\?lank=/);
  expect(await links.verify(tokenOf(read), { purpose: 'las', kommunkod: '2262', id: '7' })).toEqual(LASARE);
  const upload = data.arende.lista[0];
  expect(await links.verify(tokenOf(upload), { purpose: 'ladda-upp', kommunkod: '2262', id: '8' })).toEqual(LASARE);
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
