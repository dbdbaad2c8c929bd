import type { KommunContext } from '../context';
import type { OverklagbartBeslut as OverklagbartBeslutRow } from '../services/OverklagandeService';

export const OverklagbartBeslut = {
  kommunkod: (_: OverklagbartBeslutRow, __: unknown, ctx: KommunContext) => ctx.kommunkod,
  paragraf: (row: OverklagbartBeslutRow, _: unknown, ctx: KommunContext) => ctx.loaders.paragraf.load(row.beteckning),
  sammantrade: (row: OverklagbartBeslutRow, _: unknown, ctx: KommunContext) => ctx.loaders.sammantrade.load(row.sammantradeId),
};
