import type { KommunContext } from '../context';
import type { Arende } from '../entities/Arende';
import type { Uppdrag } from '../entities/Uppdrag';
import type { ArendeandringInput, ArendestatusInput, NyttArendeInput } from '../services/ArendeService';
import type { NyHandlingInput } from '../services/HandlingService';
import type { NyParagrafInput } from '../services/ParagrafService';
import { handlingMarker } from '#platform/handlingMarker';
import type { AterrapporteringInput, NyttUppdragInput } from '../services/UppdragService';

// Thin: the services check, write in one transaction and return the written record; the loaders
// are primed with it so the fields of the answer read what was just written.
export const Mutation = {
  registreraHandling: async (
    _: unknown,
    args: { kommunkod: string; diarienummer: string; input: NyHandlingInput },
    ctx: KommunContext,
  ) => {
    const handling = await ctx.services.handling.registrera(args.kommunkod, args.diarienummer, args.input);
    ctx.loaders.handlingar.clear(handling.diarienummer);
    return { handling, uppladdningsUrl: handlingMarker({ purpose: 'ladda-upp', kommunkod: ctx.kommunkod, id: handling.id }) };
  },

  registreraArende: async (_: unknown, args: { kommunkod: string; input: NyttArendeInput }, ctx: KommunContext) =>
    primeArende(ctx, await ctx.services.arende.registrera(args.kommunkod, args.input, ctx.today)),

  uppdateraArende: async (
    _: unknown,
    args: { kommunkod: string; diarienummer: string; input: ArendeandringInput },
    ctx: KommunContext,
  ) => primeArende(ctx, await ctx.services.arende.uppdatera(args.kommunkod, args.diarienummer, args.input)),

  andraArendestatus: async (
    _: unknown,
    args: { kommunkod: string; diarienummer: string; input: ArendestatusInput },
    ctx: KommunContext,
  ) => {
    const arende = await ctx.services.arende.andraStatus(args.kommunkod, args.diarienummer, args.input, ctx.today);
    ctx.loaders.arendeStatushistorik.clear(arende.diarienummer);
    return primeArende(ctx, arende);
  },

  registreraParagraf: async (_: unknown, args: { kommunkod: string; input: NyParagrafInput }, ctx: KommunContext) => {
    const paragraf = await ctx.services.paragraf.registrera(args.kommunkod, args.input);
    ctx.loaders.paragraf.clear(paragraf.beteckning).prime(paragraf.beteckning, paragraf);
    if (paragraf.diarienummer) {
      ctx.loaders.arende.clear(paragraf.diarienummer);
      ctx.loaders.behandlingar.clear(paragraf.diarienummer);
    }
    return paragraf;
  },

  gePaUppdrag: async (_: unknown, args: { kommunkod: string; input: NyttUppdragInput }, ctx: KommunContext) =>
    primeUppdrag(ctx, await ctx.services.uppdrag.gePa(args.kommunkod, args.input)),

  aterrapporteraUppdrag: async (
    _: unknown,
    args: { kommunkod: string; id: string; input: AterrapporteringInput },
    ctx: KommunContext,
  ) => primeUppdrag(ctx, await ctx.services.uppdrag.aterrapportera(args.kommunkod, args.id, args.input)),
};

function primeArende(ctx: KommunContext, arende: Arende): Arende {
  ctx.loaders.arende.clear(arende.diarienummer).prime(arende.diarienummer, arende);
  return arende;
}

/** The assignment, and its ärende read again: the ärende's list of assignments changed. */
function primeUppdrag(ctx: KommunContext, uppdrag: Uppdrag): Uppdrag {
  ctx.loaders.uppdrag.clear(uppdrag.id).prime(uppdrag.id, uppdrag);
  if (uppdrag.diarienummer) {
    ctx.loaders.arende.clear(uppdrag.diarienummer);
    ctx.loaders.uppdragForArende.clear(uppdrag.diarienummer);
  }
  return uppdrag;
}
