import type { SamverkanContext } from '../context';
import type { LikalydandeBeslut as BeslutRow } from '../entities/LikalydandeBeslut';
import type { LikalydandePart } from '../entities/LikalydandePart';
import { kommunRef, paragrafRef } from './references';

const parterOf = (row: BeslutRow, ctx: SamverkanContext) => ctx.loaders.likalydandeParter.load(row.id);

export const LikalydandeBeslut = {
  __resolveReference: (ref: { id: string }, ctx: SamverkanContext) => ctx.loaders.likalydandeBeslut.load(ref.id),
  samverkan: (row: BeslutRow, _: unknown, ctx: SamverkanContext) => ctx.loaders.samverkan.load(row.samverkanId),
  kommuner: async (row: BeslutRow, _: unknown, ctx: SamverkanContext) =>
    (await parterOf(row, ctx)).map((p) => kommunRef(p.kommunkod)),
  parter: (row: BeslutRow, _: unknown, ctx: SamverkanContext) => parterOf(row, ctx),
  beslut: async (row: BeslutRow, _: unknown, ctx: SamverkanContext) =>
    (await parterOf(row, ctx)).flatMap((p) => (p.paragrafBeteckning ? [paragrafRef(p.kommunkod, p.paragrafBeteckning)] : [])),
  beslutat: async (row: BeslutRow, _: unknown, ctx: SamverkanContext) =>
    (await parterOf(row, ctx)).filter((p) => p.beslutat).map((p) => kommunRef(p.kommunkod)),
  ejBeslutat: async (row: BeslutRow, _: unknown, ctx: SamverkanContext) =>
    (await parterOf(row, ctx)).filter((p) => !p.beslutat).map((p) => kommunRef(p.kommunkod)),
};

export const LikalydandeBeslutspart = {
  kommun: (row: LikalydandePart) => kommunRef(row.kommunkod),
  beslut: (row: LikalydandePart) => (row.paragrafBeteckning ? paragrafRef(row.kommunkod, row.paragrafBeteckning) : null),
  paragrafOkand: (row: LikalydandePart) => row.beslutat && row.paragrafBeteckning === null,
};
