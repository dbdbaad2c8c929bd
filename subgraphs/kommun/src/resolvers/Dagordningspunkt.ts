import type { KommunContext } from '../context';
import type { Dagordningspunkt as DagordningspunktRow } from '../entities/Sammantrade';
import { restricted } from '../sekretess';

export const Dagordningspunkt = {
  // The item's rubrik names its ärende's matter: content under the ärende's sekretess.
  rubrik: async (row: DagordningspunktRow, _: unknown, ctx: KommunContext) => {
    const arende = row.diarienummer ? await ctx.loaders.arende.load(row.diarienummer) : null;
    return arende ? restricted(arende, ctx, 'rubrik on a dagordning', () => row.rubrik) : row.rubrik;
  },
  arende: (row: DagordningspunktRow, _: unknown, ctx: KommunContext) =>
    row.diarienummer ? ctx.loaders.arende.load(row.diarienummer) : null,
  paragraf: (row: DagordningspunktRow, _: unknown, ctx: KommunContext) =>
    row.paragraf ? ctx.loaders.paragraf.load(row.paragraf) : null,
};
