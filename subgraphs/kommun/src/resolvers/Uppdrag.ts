import type { KommunContext } from '../context';
import type { Uppdrag as UppdragRow } from '../entities/Uppdrag';

/** An assignment is late when its deadline has passed and it is still under way. */
export function isForsenad(row: Pick<UppdragRow, 'status' | 'deadline'>, today: string): boolean {
  return row.status === 'PAGAENDE' && row.deadline !== null && row.deadline < today;
}

export const Uppdrag = {
  __resolveReference: (ref: { kommunkod: string; id: string }, ctx: KommunContext) =>
    ref.kommunkod === ctx.kommunkod ? ctx.loaders.uppdrag.load(ref.id) : null,
  kommunkod: (_: UppdragRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  givetI: (row: UppdragRow, _: unknown, ctx: KommunContext) => (row.givetI ? ctx.loaders.paragraf.load(row.givetI) : null),
  aterrapporteradI: (row: UppdragRow, _: unknown, ctx: KommunContext) =>
    row.aterrapporteradI ? ctx.loaders.paragraf.load(row.aterrapporteradI) : null,
  arende: (row: UppdragRow, _: unknown, ctx: KommunContext) =>
    row.diarienummer ? ctx.loaders.arende.load(row.diarienummer) : null,
  forsenad: (row: UppdragRow, _: unknown, ctx: KommunContext) => isForsenad(row, ctx.today),
};
