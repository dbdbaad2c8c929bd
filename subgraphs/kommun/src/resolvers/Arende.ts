import type { KommunContext } from '../context';
import type { Arende as ArendeRow } from '../entities/Arende';
import { restricted } from '../sekretess';

export const Arende = {
  __resolveReference: (ref: { kommunkod: string; diarienummer: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.arende.load(ref.diarienummer) : null,
  kommunkod: (_: ArendeRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  statushistorik: (row: ArendeRow, _: unknown, ctx: KommunContext) => ctx.loaders.arendeStatushistorik.load(row.diarienummer),
  ansvarigtOrgan: (row: ArendeRow, _: unknown, ctx: KommunContext) =>
    row.ansvarigtOrganId ? ctx.loaders.organ.load(row.ansvarigtOrganId) : null,
  rubrik: (row: ArendeRow, _: unknown, ctx: KommunContext) => restricted(row, ctx, 'rubrik', () => row.rubrik),
  beskrivning: (row: ArendeRow, _: unknown, ctx: KommunContext) => restricted(row, ctx, 'beskrivning', () => row.beskrivning),
  forslagTillBeslut: (row: ArendeRow, _: unknown, ctx: KommunContext) =>
    restricted(row, ctx, 'forslagTillBeslut', () => ctx.loaders.beslutspunkter.load(row.diarienummer)),
  behandlingar: (row: ArendeRow, _: unknown, ctx: KommunContext) => ctx.loaders.behandlingar.load(row.diarienummer),
  beslutsunderlag: (row: ArendeRow, _: unknown, ctx: KommunContext) =>
    restricted(row, ctx, 'beslutsunderlag', () => ctx.loaders.handlingar.load(row.diarienummer)),
  uppdrag: (row: ArendeRow, _: unknown, ctx: KommunContext) => ctx.loaders.uppdragForArende.load(row.diarienummer),
  sekretess: (row: ArendeRow) =>
    row.sekretessLagrum ? { lagrum: row.sekretessLagrum, beskrivning: row.sekretessBeskrivning } : null,
};
