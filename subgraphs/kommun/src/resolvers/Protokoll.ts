import type { KommunContext } from '../context';
import type { Protokoll as ProtokollRow } from '../entities/Sammantrade';
import { overklagandetidSlutar } from '../overklagandetid';

export const Protokoll = {
  justerare: (row: ProtokollRow, _: unknown, ctx: KommunContext) => ctx.loaders.justerare.load(row.sammantradeId),
  overklagandetidSlutar: (row: ProtokollRow) => (row.anslagsdag ? overklagandetidSlutar(row.anslagsdag) : null),
  utdrag: (row: ProtokollRow, _: unknown, ctx: KommunContext) => ctx.loaders.protokollsutdrag.load(row.sammantradeId),
};
