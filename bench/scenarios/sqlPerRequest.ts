import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer } from '../../subgraphs/kommun/src/server';
import { SqlCounter } from '../../test/helpers/sqlCounter';
import { addBenchArenden } from '../lib/data';
import type { BenchDatabase } from '../lib/database';
import { graphqlBody } from '../lib/load';
import { checkedQuery } from '../lib/net';
import { onCleanup, once } from '../lib/cleanup';

/** A list of ärenden with every relation: each would cost a statement per item without DataLoaders. */
export const listQuery = (first: number) => `{ kommun(kommunkod: "2262") { organ { namn } arenden(first: ${first}) { totalCount
  nodes { diarienummer ansvarigtOrgan { namn } statushistorik { status } forslagTillBeslut { text }
    beslutsunderlag { titel } behandlingar { beteckning organ { kortnamn } arende { rubrik } }
    uppdrag { id givetI { beteckning organ { namn } } arende { diarienummer } } } } } }`;

export interface SqlPerRequest {
  /** Statements per request, by list length. */
  statements: Record<string, number>;
}

/** The real kommun subgraph (in this process, to count its SQL) over its own PostgreSQL database. */
export async function runSqlPerRequest(db: BenchDatabase, log: (line: string) => void): Promise<SqlPerRequest> {
  log('SQL per request: kommun 2262 over its own database, counting statements');
  const sql = new SqlCounter();
  const registry = JSON.stringify([
    { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:1/graphql' },
  ]);
  const config = loadConfig(['2262'], {
    DATABASE_URL: db.url('kommun_sql'),
    PORT: '0',
    SEED: 'true',
    KOMMUN_REGISTRY: registry,
    INTERNAL_AUTH: 'off',
  });
  const server = await startKommunServer(config, { sqlLogger: sql });
  const stop = once(() => server.stop());
  onCleanup('kommun server (SQL)', stop);
  try {
    await addBenchArenden(config.databaseUrl);
    const statements: Record<string, number> = {};
    for (const first of [10, 100]) {
      const body = graphqlBody(listQuery(first));
      await checkedQuery(server.url, body); // warm: anything done once per process is not per request
      sql.reset();
      const data = await checkedQuery(server.url, body);
      if (data.kommun.arenden.nodes.length !== first)
        throw new Error(`the list of ${first} answered ${data.kommun.arenden.nodes.length} ärenden`);
      statements[first] = sql.count;
    }
    return { statements };
  } finally {
    await stop();
  }
}
