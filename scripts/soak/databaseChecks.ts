import pg from 'pg';
import type { WriteRecord } from './load';

/**
 * What the databases hold after the soak, read directly (as the superuser, past row-level
 * security): every acknowledged write exactly once, no refused write present, nothing half
 * written, and the diarienummer series without a gap.
 */
export interface DatabaseFindings {
  /** Acknowledged writes not found. */
  missing: string[];
  /** Writes found more than once. */
  duplicated: string[];
  /** Writes answered as refused, or never answered, that are there anyway (with what). */
  refusedButPresent: string[];
  unresolvedPresent: number;
  unresolvedAbsent: number;
  /** Records without a part the same transaction writes (status row, audit row, content). */
  halfWritten: string[];
  /** Series `<organ> <year>` whose serials are not 1…n exactly once, or whose counter is off. */
  gaps: string[];
  /** Acknowledged writes per database, as found there. */
  found: Record<string, number>;
}

interface ArendeRow {
  diarienummer: string;
  rubrik: string | null;
  version: number;
  status: string;
  statusrader: number;
  forsta: string | null;
  senaste: string | null;
  registreringar: number;
  statusandringar: number;
}

export async function checkDatabases(options: {
  databaseUrl: (database: string) => string;
  kommuner: string[];
  run: string;
  writes: WriteRecord[];
  /** The highest ärende id per kommun before the soak: every ärende after it is the soak's. */
  firstIds: Record<string, number>;
}): Promise<DatabaseFindings> {
  const findings: DatabaseFindings = {
    missing: [],
    duplicated: [],
    refusedButPresent: [],
    unresolvedPresent: 0,
    unresolvedAbsent: 0,
    halfWritten: [],
    gaps: [],
    found: {},
  };
  const prefix = `Soak ${options.run} `;
  /** Compares what the writes say with how many times each marker is stored. */
  const compare = (writes: WriteRecord[], stored: Map<string, { n: number; target: string }>, database: string) => {
    let found = 0;
    for (const w of writes) {
      const row = stored.get(w.marker);
      const n = row?.n ?? 0;
      if (n > 1) findings.duplicated.push(`${w.name} ${w.marker} (${n} times in ${database})`);
      if (w.outcome === 'acknowledged') {
        if (n === 0) findings.missing.push(`${w.name} ${w.marker} (${database})`);
        else found += 1;
        const expected = w.name === 'registreraArende' ? w.result?.diarienummer : w.target;
        if (n > 0 && expected && row!.target !== expected) {
          findings.halfWritten.push(`${w.name} ${w.marker}: answered for ${expected}, stored for ${row!.target}`);
        }
      } else if (w.outcome === 'refused' && n > 0) {
        findings.refusedButPresent.push(`${w.name} ${w.marker} (answered ${w.codes.at(-1)}, yet in ${database})`);
      } else if (w.outcome === 'unresolved') {
        if (n > 0) findings.unresolvedPresent += 1;
        else findings.unresolvedAbsent += 1;
      }
    }
    findings.found[database] = found;
  };

  for (const kommunkod of options.kommuner) {
    const database = `kommun_${kommunkod}`;
    const client = new pg.Client({ connectionString: options.databaseUrl(database) });
    await client.connect();
    try {
      const writes = options.writes.filter((w) => w.kommunkod === kommunkod);
      const arenden = (
        await client.query<ArendeRow>(
          `SELECT a.diarienummer, i.rubrik, a.version, a.status,
                  (SELECT count(*) FROM arende_status s WHERE s.diarienummer = a.diarienummer)::int statusrader,
                  (SELECT s.status FROM arende_status s WHERE s.diarienummer = a.diarienummer ORDER BY s.id LIMIT 1) forsta,
                  (SELECT s.status FROM arende_status s WHERE s.diarienummer = a.diarienummer ORDER BY s.id DESC LIMIT 1) senaste,
                  (SELECT count(*) FROM granskningslogg g WHERE g.objekt = a.diarienummer AND g.atgard = 'registreraArende')::int registreringar,
                  (SELECT count(*) FROM granskningslogg g WHERE g.objekt = a.diarienummer AND g.atgard = 'andraArendestatus')::int statusandringar
             FROM arende a LEFT JOIN arende_innehall i USING (diarienummer)
            WHERE a.id > $1`,
          [options.firstIds[kommunkod] ?? 0],
        )
      ).rows;
      // Every ärende made during the soak, whole: its content, a first status row OPPET, one
      // registration in the audit, a status row and an audit row per change of version.
      for (const a of arenden) {
        const problems: string[] = [];
        if (a.rubrik === null) problems.push('no content row');
        if (a.forsta !== 'OPPET') problems.push(`first status row ${a.forsta ?? 'missing'}`);
        if (a.senaste !== a.status) problems.push(`status ${a.status} but last status row ${a.senaste}`);
        if (a.registreringar !== 1) problems.push(`${a.registreringar} registrations in the audit`);
        if (a.statusrader !== a.version) problems.push(`version ${a.version} but ${a.statusrader} status rows`);
        if (a.statusandringar !== a.version - 1)
          problems.push(`version ${a.version} but ${a.statusandringar} status changes in the audit`);
        if (problems.length > 0) findings.halfWritten.push(`${database} ${a.diarienummer}: ${problems.join('; ')}`);
      }
      const orphans = await client.query<{ objekt: string; atgard: string }>(
        `SELECT g.objekt, g.atgard FROM granskningslogg g
          WHERE g.atgard IN ('registreraArende', 'andraArendestatus') AND NOT EXISTS (SELECT 1 FROM arende a WHERE a.diarienummer = g.objekt)`,
      );
      for (const o of orphans.rows)
        findings.halfWritten.push(`${database}: an audit row of ${o.atgard} for ${o.objekt}, which does not exist`);

      const registered = new Map(
        arenden.filter((a) => a.rubrik?.startsWith(prefix)).map((a) => [a.rubrik!, { n: 0, target: a.diarienummer }]),
      );
      for (const a of arenden) if (a.rubrik && registered.has(a.rubrik)) registered.get(a.rubrik)!.n += 1;
      const statusRows = await client.query<{ kommentar: string; diarienummer: string; n: number }>(
        `SELECT kommentar, min(diarienummer) diarienummer, count(*)::int n FROM arende_status WHERE kommentar LIKE $1 GROUP BY 1`,
        [`${prefix}status %`],
      );
      const statuses = new Map(statusRows.rows.map((r) => [r.kommentar, { n: r.n, target: r.diarienummer }]));
      compare(
        writes.filter((w) => w.name === 'registreraArende'),
        registered,
        database,
      );
      const registrations = findings.found[database];
      compare(
        writes.filter((w) => w.name === 'andraArendestatus'),
        statuses,
        database,
      );
      findings.found[database] += registrations;

      // Each acknowledged status change has its one audit row, naming the version it made.
      const audited = await client.query<{ objekt: string; version: string; n: number }>(
        `SELECT objekt, detaljer->>'version' AS version, count(*)::int n FROM granskningslogg WHERE atgard = 'andraArendestatus' GROUP BY 1, 2`,
      );
      const auditCount = new Map(audited.rows.map((r) => [`${r.objekt} v${r.version}`, r.n]));
      for (const w of writes.filter((x) => x.name === 'andraArendestatus' && x.outcome === 'acknowledged')) {
        const n = auditCount.get(`${w.target} v${w.result?.version}`) ?? 0;
        if (n !== 1)
          findings.halfWritten.push(`${database} ${w.marker}: ${n} audit rows for ${w.target} version ${w.result?.version}`);
      }

      // The series the soak wrote in: serials 1…n, each once, and the counter at n.
      const series = await client.query<{ serie: string; n: number; olika: number; hogsta: number; senaste: number | null }>(
        `SELECT s.serie, s.n, s.olika, s.hogsta, d.senaste FROM (
           SELECT split_part(diarienummer, '/', 1) serie, count(*)::int n,
                  count(DISTINCT split_part(diarienummer, '/', 2)::int)::int olika, max(split_part(diarienummer, '/', 2)::int) hogsta
             FROM arende GROUP BY 1) s
           LEFT JOIN diarieserie d ON d.kortnamn || ' ' || d.ar = s.serie
          WHERE s.serie = ANY($1)`,
        [[...new Set(arenden.map((a) => a.diarienummer.split('/')[0]))]],
      );
      for (const s of series.rows) {
        if (s.n !== s.hogsta || s.olika !== s.n || s.senaste !== s.hogsta) {
          findings.gaps.push(
            `${database} ${s.serie}: ${s.n} ärenden, ${s.olika} distinct serials, highest ${s.hogsta}, counter ${s.senaste}`,
          );
        }
      }
    } finally {
      await client.end();
    }
  }

  const client = new pg.Client({ connectionString: options.databaseUrl('samverkan') });
  await client.connect();
  try {
    const rows = await client.query<{ kommentar: string; omrade_id: string; n: number }>(
      `SELECT kommentar, min(omrade_id) omrade_id, count(*)::int n FROM omrade_status WHERE kommentar LIKE $1 GROUP BY 1`,
      [`${prefix}samverkan %`],
    );
    compare(
      options.writes.filter((w) => w.name === 'andraSamverkansstatus'),
      new Map(rows.rows.map((r) => [r.kommentar, { n: r.n, target: r.omrade_id }])),
      'samverkan',
    );
    // Per area: one audit row per status row the soak wrote, and the area's status its last row's.
    const areas = await client.query<{ id: string; status: string; senaste: string; rader: number; granskade: number }>(
      `SELECT o.id, o.status,
              (SELECT s.status FROM omrade_status s WHERE s.omrade_id = o.id ORDER BY s.ordning DESC LIMIT 1) senaste,
              (SELECT count(*) FROM omrade_status s WHERE s.omrade_id = o.id AND s.kommentar LIKE $1)::int rader,
              (SELECT count(*) FROM granskningslogg g WHERE g.objekt = o.id AND g.atgard = 'andraSamverkansstatus')::int granskade
         FROM samverkansomrade o`,
      [`${prefix}samverkan %`],
    );
    for (const a of areas.rows) {
      if (a.rader !== a.granskade || a.status !== a.senaste) {
        findings.halfWritten.push(
          `samverkan ${a.id}: status ${a.status}, last status row ${a.senaste}; ${a.rader} status rows of the soak, ${a.granskade} in the audit`,
        );
      }
    }
  } finally {
    await client.end();
  }
  return findings;
}
