import { isDatabaseUnavailable } from '#platform/database/databaseUnavailable';
import { RequestDb } from '#platform/database/requestDb';
import { TIMRA_HANDLAGGARE, timraSubgraph } from '../helpers/timraSubgraph';

// A write whose connection the database closes between two of its statements (a fast shutdown
// of PostgreSQL while the write runs, as the soak does): the write fails with the database's
// own code, so the client is told to retry, never with an internal error. Found by `npm run soak`.
const timra = timraSubgraph();

/** Waits until the request's connection has noticed that the server closed it; bounded only against a hang. */
async function untilReleased(runner: { isReleased: boolean }): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!runner.isReleased) {
    if (Date.now() > deadline) throw new Error('the connection never noticed that the server closed it');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('a connection closed by the server between two statements of a write is "database unavailable", and nothing is written', async () => {
  const db = new RequestDb(timra.server.dataSource, TIMRA_HANDLAGGARE);
  const rubrik = 'Skrivs när anslutningen bryts';
  const write = db.write(async (m) => {
    const [{ pid }] = (await m.query(`SELECT pg_backend_pid() pid`)) as { pid: number }[];
    await m.query(`INSERT INTO diarieserie (kortnamn, ar, senaste) VALUES ('SOAK', 2026, 1)`);
    // As a fast shutdown does to every backend: terminated while it waits for its next statement.
    await timra.server.dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await untilReleased(m.queryRunner!);
    await m.query(`SELECT 1`);
    return rubrik;
  });
  const failure = await write.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(String(failure)).toMatch(/connection/i);
  expect(isDatabaseUnavailable(failure)).toBe(true);
  await db.end();

  const rows = await timra.server.dataSource.query(`SELECT count(*)::int n FROM diarieserie WHERE kortnamn = 'SOAK'`);
  expect(rows[0].n).toBe(0);
});
