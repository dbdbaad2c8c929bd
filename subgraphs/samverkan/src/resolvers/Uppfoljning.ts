import type { SamverkanContext } from '../context';
import type { Uppfoljning as UppfoljningRow } from '../entities/Uppfoljning';
import { arendeRef } from './references';

export const Uppfoljning = {
  samverkan: (row: UppfoljningRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.samverkan.load(row.samverkanId),
  arende: (row: UppfoljningRow) =>
    row.arendeKommunkod && row.arendeDiarienummer ? arendeRef(row.arendeKommunkod, row.arendeDiarienummer) : null,
};
