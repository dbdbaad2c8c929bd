import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl } from '#platform/database/ensureDatabase';
import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import { postGraphQL } from '../helpers/graphql';
import { freePort } from '../../scripts/freePort';
import { oparlListProblems, oparlObjectProblems, oparlTypeName, OPARL_TYPES } from '../helpers/oparlChecks';
import { seedKommuner, startTestStack, type TestStack } from '../helpers/stack';

// OParl 1.1 from the gateway, on a stack of its own: every link from /oparl/v1/system walked and
// every object checked against the specification's rules for its type; sekretess; sync by
// modified_since with a deletion; a kommun that is down. Timrå's timeout is short, so that a
// frozen Timrå answers soon.
const TIMEOUT_MS = 1500;
const registry = seedKommuner.map((k) => (k.kommunkod === '2262' ? { ...k, timeoutMs: TIMEOUT_MS } : k));
const SUNDSVALL_HANDLAGGARE: Caller = { sub: 'handlaggare-sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] };
const TIMRA_HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };
/** What the restricted ärende says: none of it may appear in OParl. */
const SECRETS = [
  'Skyddsplacering av barnet Kalle',
  'Uppgifter om Kalles hälsa',
  'Placeringsbeslut Kalle',
  'Placering av Kalle i familjehem',
  'Kalle placeras i familjehem från den 1 mars',
];
const FILE_BYTES = Buffer.from('%PDF-1.4 samverkansavtal');

let stack: TestStack;
let origin: string;
let hemligt: string;
const timraDb = () => new pg.Client({ connectionString: databaseUrl(stack.database!.url, `${stack.databasePrefix}kommun_2262`) });
let dataDir: string;

const as = async (caller: Caller, query: string, variables: Record<string, unknown>) => {
  const response = await postGraphQL(stack.gateway.url, query, variables, undefined, {
    authorization: `Bearer ${await signDevToken(stack.keysDir, caller)}`,
  });
  expect(response.errors).toBeUndefined();
  return response.data!;
};

async function sql(statements: string[]) {
  const client = timraDb();
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

const get = (url: string, init: RequestInit = {}) => fetch(new URL(url, origin), init);
const getJson = async (url: string) => {
  const response = await get(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

/** Every object of a list, page by page along `next`. */
async function allOf(url: string): Promise<Record<string, any>[]> {
  const objects: Record<string, any>[] = [];
  for (let next: string | undefined = url; next;) {
    const { status, body } = await getJson(next);
    expect(status).toBe(200);
    objects.push(...body.data);
    next = body.links.next;
  }
  return objects;
}

beforeAll(async () => {
  // Every read goes to the kommuner (no last good answer stands in for a frozen Timrå), without a
  // rate limit (the walk asks for every object), and anonymous free documents refused: OParl's
  // own operations must run all the same.
  // A PostgreSQL server of its own: the transactions these tests hold open hold back the sync
  // feeds of every database on their server, and other test files read theirs meanwhile.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-oparl-'));
  // PostgreSQL runs as its own unprivileged user when the tests run as root.
  fs.chmodSync(dataDir, 0o755);
  stack = await startTestStack({
    serverUrl: undefined,
    database: { dataDir: path.join(dataDir, 'postgres'), port: await freePort() },
    registry,
    env: { KOMMUN_CACHE: 'false', RATE_LIMIT: 'false', TRUSTED_DOCUMENTS: 'enforce', INTROSPECTION: 'false' },
  });
  origin = new URL(stack.gateway.url).origin;
  const registrerat = await as(
    SUNDSVALL_HANDLAGGARE,
    `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2281", input: $input) { diarienummer } }`,
    {
      input: {
        ansvarigtOrgan: 'KS',
        rubrik: SECRETS[0],
        beskrivning: SECRETS[1],
        forslagTillBeslut: ['Bevilja placering.'],
        sekretess: { lagrum: 'OSL 26 kap. 1 §' },
      },
    },
  );
  hemligt = registrerat.registreraArende.diarienummer;
  const handlingar = `mutation($k: ID!, $d: String!, $input: NyHandlingInput!) {
    registreraHandling(kommunkod: $k, diarienummer: $d, input: $input) { uppladdningsUrl } }`;
  const hemlig = await as(SUNDSVALL_HANDLAGGARE, handlingar, {
    k: '2281',
    d: hemligt,
    input: { titel: SECRETS[2], typ: 'BESLUTSUNDERLAG', filnamn: 'placering.pdf' },
  });
  // A paragraph that decided it: the graph shows a paragraph's text to all; OParl must not here.
  await as(
    SUNDSVALL_HANDLAGGARE,
    `mutation($input: NyParagrafInput!) { registreraParagraf(kommunkod: "2281", input: $input) { beteckning } }`,
    {
      input: {
        organ: 'KS',
        ar: 2031,
        nummer: 7,
        rubrik: SECRETS[3],
        beslutstext: SECRETS[4],
        utfall: 'BIFALL',
        diarienummer: hemligt,
      },
    },
  );
  const offentlig = await as(TIMRA_HANDLAGGARE, handlingar, {
    k: '2262',
    d: 'KS 2020/1',
    input: { titel: 'Samverkansavtal', typ: 'BESLUTSUNDERLAG', filnamn: 'samverkansavtal.pdf' },
  });
  for (const { registreraHandling } of [hemlig, offentlig]) {
    const put = await get(registreraHandling.uppladdningsUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: FILE_BYTES,
    });
    expect(put.status).toBe(200);
  }
  // The seed has no members: one with two seats, so that Person and Membership are walked too.
  await sql([
    `INSERT INTO ledamot (id, namn, parti) VALUES ('anna-andersson', 'Anna Andersson', 'Exempelpartiet')`,
    `INSERT INTO ledamotskap (ledamot_id, organ_id, roll, fran) VALUES ('anna-andersson', 'KS', 'ORDFORANDE', '2023-01-01'),
       ('anna-andersson', 'BUN', 'ERSATTARE', NULL)`,
  ]);
});

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('walking every link from /oparl/v1/system', () => {
  const seen = new Map<string, Record<string, any>>();
  const texts: string[] = [];
  const broken: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const queue = [`${origin}/oparl/v1/system`];
    const queued = new Set(queue);
    const follow = (url: unknown) => {
      if (typeof url !== 'string' || !url.startsWith(`${origin}/oparl/`) || queued.has(url)) return;
      queued.add(url);
      queue.push(url);
    };
    /** Every URL an object points at, by the kinds of its type's fields; inline objects too. */
    const linksOf = (object: Record<string, any>) => {
      const spec = OPARL_TYPES[oparlTypeName(object) ?? ''];
      if (!spec) return;
      for (const [field, value] of Object.entries(object)) {
        const kind = spec.fields[field] ?? (field === 'id' ? 'url' : undefined);
        if (kind === 'url') follow(value);
        if (kind === 'urls') (value as string[]).forEach(follow);
        if (kind === 'objects') (value as Record<string, any>[]).forEach(linksOf);
      }
    };
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (url.endsWith('/access')) {
        // A File's access URL sends the reader on to a fresh signed link of the document.
        const response = await get(url, { redirect: 'manual' });
        if (response.status !== 302) broken.push(`${url}: ${response.status}`);
        else {
          const file = await get(response.headers.get('location')!);
          if (file.status !== 200) broken.push(`${url} → ${file.status}`);
          else expect(Buffer.from(await file.arrayBuffer())).toEqual(FILE_BYTES);
        }
        continue;
      }
      const response = await get(url);
      const text = await response.text();
      texts.push(text);
      if (response.status !== 200) {
        broken.push(`${url}: ${response.status} ${text}`);
        continue;
      }
      const body = JSON.parse(text) as Record<string, any>;
      if ('data' in body) {
        problems.push(...oparlListProblems(body, url));
        Object.values(body.links).forEach(follow);
        for (const object of body.data) {
          problems.push(...oparlObjectProblems(object));
          follow(object.id);
          linksOf(object);
        }
      } else {
        problems.push(...oparlObjectProblems(body));
        if (body.id !== url) problems.push(`${url} serves ${body.id}`);
        seen.set(url, body);
        linksOf(body);
      }
    }
  });

  it('finds no broken link and no object or list page that breaks OParl 1.1', () => {
    expect(broken).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('reaches every body of the registry and every type the graph has data for', () => {
    const bodies = [...seen.values()].filter((o) => oparlTypeName(o) === 'Body');
    expect(bodies.map((b) => b['kommungraf:kommunkod']).sort()).toEqual(['2262', '2280', '2281']);
    const types = new Set([...seen.values()].map((o) => oparlTypeName(o)));
    expect([...types].sort()).toEqual(
      [
        'AgendaItem',
        'Body',
        'File',
        'LegislativeTerm',
        'Meeting',
        'Membership',
        'Organization',
        'Paper',
        'Person',
        'System',
      ].sort(),
    );
    for (const object of [seen.get(`${origin}/oparl/v1/system`)!, ...bodies]) expect(object.license).toMatch(/^https:\/\//);
  });

  it('serves Swedish identifiers in vendor fields and marks illustrative fields', () => {
    const paper = seen.get(`${origin}/oparl/v1/body/2262/paper/${encodeURIComponent('KS 2020/1')}`)!;
    expect(paper).toMatchObject({ reference: 'KS 2020/1', 'kommungraf:diarienummer': 'KS 2020/1' });
    const illustrative = [...seen.values()].filter((o) => Array.isArray(o['kommungraf:illustrativaFalt']));
    expect(illustrative.length).toBeGreaterThan(0);
  });

  it('shows a restricted ärende as the public register does, and its content and documents nowhere', () => {
    const paper = seen.get(`${origin}/oparl/v1/body/2281/paper/${encodeURIComponent(hemligt)}`)!;
    expect(paper).toMatchObject({ reference: hemligt, 'kommungraf:sekretess': { lagrum: 'OSL 26 kap. 1 §' } });
    expect(paper.name).toBeUndefined();
    const paragraph = seen.get(`${origin}/oparl/v1/body/2281/agendaitem/${encodeURIComponent('KS 2031 § 7')}`)!;
    expect(paragraph).toMatchObject({ public: false, result: 'BIFALL', 'kommungraf:diarienummer': hemligt });
    for (const secret of SECRETS) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
    const files = [...seen.values()].filter((o) => oparlTypeName(o) === 'File');
    expect(files.map((f) => f.name)).toEqual(['Samverkansavtal']);
  });
});

describe('sync by modified_since', () => {
  type Polled = { previous?: string; objects: Record<string, any>[] };
  /**
   * An OParl client keeping a copy of one of Timrå's lists: the first poll reads it all, each
   * next one what changed since the time the client sent its previous poll.
   */
  const copyOf = (list: string, limit = 100) => {
    let sent: string | undefined;
    return async (): Promise<Polled> => {
      const now = new Date().toISOString();
      const since = sent ? `&modified_since=${encodeURIComponent(sent)}` : '';
      const objects = await allOf(`/oparl/v1/body/2262/${list}?limit=${limit}${since}`);
      const previous = sent;
      sent = now;
      return { previous, objects };
    };
  };
  /** `count` more polls: the ones in which `find` found something, with what and their modified_since. */
  async function pollsFinding(poll: () => Promise<Polled>, count: number, find: (o: Record<string, any>) => boolean) {
    const finds: { poll: number; previous?: string; found: Record<string, any>[] }[] = [];
    for (let i = 0; i < count; i++) {
      const { previous, objects } = await poll();
      const found = objects.filter(find);
      if (found.length) finds.push({ poll: i, previous, found });
    }
    return finds;
  }

  it('shows a change in Timrå exactly once to a client polling with modified_since', async () => {
    // One to a page, so that the paging cannot show it twice either.
    const poll = copyOf('papers', 1);
    await poll();
    const since = new Date().toISOString();
    const { arende } = await as(TIMRA_HANDLAGGARE, `{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { version } }`, {});
    await as(
      TIMRA_HANDLAGGARE,
      `mutation($v: Int!) { uppdateraArende(kommunkod: "2262", diarienummer: "KS 2020/1", input: { version: $v, beskrivning: "Ändrad" }) { version } }`,
      { v: arende.version },
    );
    // In the poll after the first whose read of the feed got past it (the second here), and never again.
    const finds = await pollsFinding(poll, 5, (p) => p.reference === 'KS 2020/1');
    expect(finds).toHaveLength(1);
    expect(finds[0].found).toHaveLength(1);
    expect(finds[0].poll).toBeLessThanOrEqual(2);
    const before = await allOf(`/oparl/v1/body/2262/papers?modified_until=${encodeURIComponent(since)}`);
    expect(before.map((p) => p.reference)).not.toContain('KS 2020/1');
  });

  it('shows a change whose transaction commits late exactly once, never skipped', async () => {
    const poll = copyOf('papers');
    const isIt = (p: Record<string, any>) => p.reference === 'KS 2020/1';
    await poll();
    // A transaction open in Timrå's database (an admin in psql, a slow import): the feed holds
    // back every change after it until it ends.
    const held = timraDb();
    await held.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()');
      const { arende } = await as(TIMRA_HANDLAGGARE, `{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { version } }`, {});
      await as(
        TIMRA_HANDLAGGARE,
        `mutation($v: Int!) { uppdateraArende(kommunkod: "2262", diarienummer: "KS 2020/1", input: { version: $v, beskrivning: "Sent" }) { version } }`,
        { v: arende.version },
      );
      expect(await pollsFinding(poll, 2, isIt)).toEqual([]);
      // At their own URLs objects are read by key, not from the feed: there already, as they are now.
      await sql([
        `UPDATE ledamot SET parti = 'Annat parti' WHERE id = 'anna-andersson'`,
        `UPDATE paragraf SET utfall = 'AVSLAG' WHERE beteckning = 'KS 2019 § 65'`,
      ]);
      const body = '/oparl/v1/body/2262';
      expect(await getJson(`${body}/paper/${encodeURIComponent('KS 2020/1')}`)).toMatchObject({
        status: 200,
        body: { reference: 'KS 2020/1' },
      });
      expect(await getJson(`${body}/person/anna-andersson`)).toMatchObject({
        status: 200,
        body: { 'kommungraf:parti': 'Annat parti' },
      });
      expect(await getJson(`${body}/membership/anna-andersson/KS/ORDFORANDE/2023-01-01`)).toMatchObject({
        status: 200,
        body: { role: 'ORDFORANDE' },
      });
      expect(await getJson(`${body}/agendaitem/${encodeURIComponent('KS 2019 § 65')}`)).toMatchObject({
        status: 200,
        body: { result: 'AVSLAG' },
      });
    } finally {
      await held.query('COMMIT');
      await held.end();
    }
    const finds = await pollsFinding(poll, 5, isIt);
    expect(finds).toHaveLength(1);
    expect(finds[0].poll).toBeLessThanOrEqual(2);
    // Stamped before the poll it is asked for since began: a filter on that stamp would skip it.
    expect(Date.parse(finds[0].found[0].modified)).toBeLessThan(Date.parse(finds[0].previous!));
  });

  it('lists and serves objects made while an older transaction is still open', async () => {
    // The feeds hold these back until the transaction ends; full lists and URLs must not.
    const held = timraDb();
    await held.connect();
    try {
      await held.query('BEGIN');
      await held.query('SELECT pg_current_xact_id()');
      const { registreraSammantrade: made } = await as(
        TIMRA_HANDLAGGARE,
        `mutation { registreraSammantrade(kommunkod: "2262", input: { organ: "KS", datum: "2031-05-05", plats: "Medan" }) { id } }`,
        {},
      );
      const { registreraArende: registrerat } = await as(
        TIMRA_HANDLAGGARE,
        `mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Under öppen transaktion" }) { diarienummer } }`,
        {},
      );
      const body = '/oparl/v1/body/2262';
      const meetingUrl = expect.stringMatching(new RegExp(`/meeting/${encodeURIComponent(made.id)}$`));
      expect(await allOf(`${body}/meetings`)).toContainEqual(expect.objectContaining({ id: meetingUrl }));
      expect(await getJson(`${body}/meeting/${encodeURIComponent(made.id)}`)).toMatchObject({
        status: 200,
        body: { id: meetingUrl },
      });
      expect(await allOf(`${body}/papers`)).toContainEqual(
        expect.objectContaining({ reference: registrerat.diarienummer, name: 'Under öppen transaktion' }),
      );
      await sql([
        `UPDATE organ SET namn = 'Kommunstyrelsen i Timrå' WHERE id = 'KS'`,
        `UPDATE handling SET titel = 'Samverkansavtal, reviderat' WHERE filnamn = 'samverkansavtal.pdf'`,
      ]);
      const organizations = await allOf(`${body}/organizations`);
      expect(organizations).toContainEqual(expect.objectContaining({ shortName: 'KS', name: 'Kommunstyrelsen i Timrå' }));
      expect(await getJson(`${body}/organization/KS`)).toMatchObject({ status: 200, body: { name: 'Kommunstyrelsen i Timrå' } });
      const files = await allOf(`${body}/files`);
      expect(files.map((f) => f.name)).toEqual(['Samverkansavtal, reviderat']);
      expect(await getJson(files[0].id.slice(origin.length))).toMatchObject({
        status: 200,
        body: { name: 'Samverkansavtal, reviderat' },
      });
    } finally {
      await held.query('COMMIT');
      await held.end();
    }
  });

  it('reads a Paper at its URL by key, and a deleted one as its tombstone', async () => {
    const diarienummer = 'KS 2031/9';
    const id = `${origin}/oparl/v1/body/2262/paper/${encodeURIComponent(diarienummer)}`;
    await sql([
      `INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id) VALUES ('${diarienummer}', 'OPPET', '2031-01-09', 'KS')`,
      `INSERT INTO arende_innehall (diarienummer, rubrik) VALUES ('${diarienummer}', 'Tillfälligt')`,
    ]);
    expect(await getJson(id)).toMatchObject({ status: 200, body: { id, name: 'Tillfälligt', reference: diarienummer } });
    // The same key escaped otherwise is not its URL.
    expect((await getJson('/oparl/v1/body/2262/paper/KS%202031/9')).status).toBe(404);
    await sql([
      `DELETE FROM arende_innehall WHERE diarienummer = '${diarienummer}'`,
      `DELETE FROM arende WHERE diarienummer = '${diarienummer}'`,
    ]);
    expect(await getJson(id)).toEqual({
      status: 200,
      body: { id, type: 'https://schema.oparl.org/1.1/Paper', deleted: true, modified: expect.any(String) },
    });
  });

  it('keeps a deleted paragraph as a deleted AgendaItem, shown only with modified_since', async () => {
    const beteckning = 'KS 2031 § 1';
    const id = `${origin}/oparl/v1/body/2262/agendaitem/${encodeURIComponent(beteckning)}`;
    await sql([`INSERT INTO paragraf (beteckning, organ_id, ar, nummer, rubrik) VALUES ('${beteckning}', 'KS', 2031, 1, 'Ny')`]);
    expect((await getJson(id)).body).toMatchObject({ id, name: 'Ny', order: 1 });
    // The client's copy is current: its first poll has read the list (and so the feed) to its end.
    const poll = copyOf('agendaitems');
    expect((await poll()).objects.map((o) => o.id)).toContain(id);
    const since = new Date().toISOString();
    await sql([`DELETE FROM paragraf WHERE beteckning = '${beteckning}'`]);

    const finds = await pollsFinding(poll, 4, (o) => o.id === id);
    expect(finds).toHaveLength(1);
    expect(finds[0].found).toEqual([
      { id, type: 'https://schema.oparl.org/1.1/AgendaItem', deleted: true, modified: expect.any(String) },
    ]);
    expect(Date.parse(finds[0].found[0].modified)).toBeGreaterThanOrEqual(Date.parse(since));
    expect((await allOf('/oparl/v1/body/2262/agendaitems')).map((o) => o.id)).not.toContain(id);
    expect(await getJson(id)).toEqual({ status: 200, body: finds[0].found[0] });
  });
});

it('gives a frozen kommun’s lists a coded error and keeps the System and the other bodies', async () => {
  const timra = stack.kommuner.get('2262')!.child;
  timra.kill('SIGSTOP');
  try {
    const down = await getJson('/oparl/v1/body/2262/papers');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      type: 'https://schema.oparl.org/1.1/Error',
      message: expect.stringContaining('2262'),
      errors: [{ extensions: { code: 'KOMMUN_TIMEOUT' } }],
    });
    expect((await getJson('/oparl/v1/system')).status).toBe(200);
    expect((await getJson('/oparl/v1/body/2262')).status).toBe(200);
    const bodies = await allOf('/oparl/v1/bodies');
    expect(bodies).toHaveLength(3);
    expect((await getJson('/oparl/v1/body/2281/papers')).status).toBe(200);
  } finally {
    timra.kill('SIGCONT');
  }
});

describe('created_since and created_until', () => {
  it('narrow a list by each object’s created, and list none whose creation is not known', async () => {
    const terms = await allOf('/oparl/v1/body/2262/legislativeterms');
    expect(terms.map((t) => [t.startDate, t.endDate])).toEqual(
      expect.arrayContaining([
        ['2018-10-15', '2022-10-14'],
        ['2022-10-15', '2026-10-14'],
      ]),
    );
    const since = await allOf(
      `/oparl/v1/body/2262/legislativeterms?created_since=${encodeURIComponent('2020-01-01T00:00:00+01:00')}`,
    );
    expect(since.map((t) => t.startDate)).not.toContain('2018-10-15');
    expect(since.map((t) => t.startDate)).toContain('2022-10-15');
    const until = await allOf(
      `/oparl/v1/body/2262/legislativeterms?created_until=${encodeURIComponent('2020-01-01T00:00:00+01:00')}`,
    );
    expect(until.map((t) => t.startDate)).toEqual(['2018-10-15']);
    // The graph has no creation time of an ärende: no Paper can be said to be created since then.
    expect(await allOf(`/oparl/v1/body/2262/papers?created_since=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).toEqual([]);
    expect((await allOf('/oparl/v1/body/2262/papers')).length).toBeGreaterThan(0);
  });
});

it('refuses a bad filter with a coded error and names nothing that is not there', async () => {
  const bad = await getJson('/oparl/v1/body/2262/papers?modified_since=yesterday');
  expect(bad.status).toBe(400);
  expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect((await getJson('/oparl/v1/body/9999')).status).toBe(404);
  // OParl's rule: every JSON answer may be read by any web application.
  const cors = await get('/oparl/v1/body/2262/organizations', { headers: { origin: 'https://civic.example.org' } });
  expect(cors.headers.get('access-control-allow-origin')).toBe('*');
  expect((await getJson('/oparl/v1/body/2262/paper/nope')).status).toBe(404);
  for (const malformed of [
    '/oparl/v1/body/2262/file/%E0%A4%A/access',
    '/oparl/v1/body/2262/paper/%E0%A4%A',
    '/oparl/v1/body/2262/person/%00',
    `/oparl/v1/body/2262/agendaitem/${'x'.repeat(5000)}`,
    '/oparl/v1/body/2262/membership/nobody/KS',
  ])
    expect(await getJson(malformed)).toMatchObject({ status: 404, body: { errors: [{ extensions: { code: 'NOT_FOUND' } }] } });
});
