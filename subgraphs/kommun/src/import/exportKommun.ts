import type { DataSource } from 'typeorm';
import { asKommunAdmin } from './importKommun';
import { readKommunExport } from './readKommunExport';
import type { KommunExport } from './KommunExport';

/** The whole kommun in the export format, files included, read in one snapshot while the kommun keeps running. */
export async function exportKommun(dataSource: DataSource, now = new Date()): Promise<KommunExport> {
  return dataSource.transaction('REPEATABLE READ', async (m) => {
    const [{ kommunkod }] = await m
      .query(`SELECT kommunkod FROM kommun ORDER BY kommunkod LIMIT 1`)
      .then((rows: { kommunkod: string }[]) => (rows.length ? rows : [{ kommunkod: '' }]));
    await asKommunAdmin(m, kommunkod, 'export');
    return { ...(await readKommunExport(m, { withFiles: true })), exporterad: now.toISOString() };
  });
}
