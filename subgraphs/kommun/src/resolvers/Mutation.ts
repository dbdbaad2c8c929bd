import type { KommunContext } from '../context';
import type { ArendeandringInput, ArendestatusInput, NyttArendeInput } from '../services/ArendeService';
import type { NyParagrafInput } from '../services/ParagrafService';
import type { AterrapporteringInput, NyttUppdragInput } from '../services/UppdragService';

// Thin: the services check, write in one transaction and return the written record; the loaders
// are primed with it so the fields of the answer read what was just written.
export const Mutation = {
  registreraArende: async (_: unknown, args: { kommunkod: string; input: NyttArendeInput }, ctx: KommunContext) => {
    const arende = await ctx.services.arende.registrera(args.kommunkod, args.input, ctx.today);
    ctx.loaders.arende.clear(arende.diarienummer).prime(arende.diarienummer, arende);
    return arende;
  },

  uppdateraArende: async (
    _: unknown,
    args: { kommunkod: string; diarienummer: string; input: ArendeandringInput },
    ctx: KommunContext,
  ) => {
    const arende = await ctx.services.arende.uppdatera(args.kommunkod, args.diarienummer, args.input);
    ctx.loaders.arende.clear(arende.diarienummer).prime(arende.diarienummer, arende);
    return arende;
  },

  andraArendestatus: async (
    _: unknown,
    args: { kommunkod: string; diarienummer: string; input: ArendestatusInput },
    ctx: KommunContext,
  ) => {
    const arende = await ctx.services.arende.andraStatus(args.kommunkod, args.diarienummer, args.input, ctx.today);
    ctx.loaders.arende.clear(arende.diarienummer).prime(arende.diarienummer, arende);
    ctx.loaders.arendeStatushistorik.clear(arende.diarienummer);
    return arende;
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

  gePaUppdrag: async (_: unknown, args: { kommunkod: string; input: NyttUppdragInput }, ctx: KommunContext) => {
    const uppdrag = await ctx.services.uppdrag.gePa(args.kommunkod, args.input);
    ctx.loaders.uppdrag.clear(uppdrag.id).prime(uppdrag.id, uppdrag);
    if (uppdrag.diarienummer) {
      ctx.loaders.arende.clear(uppdrag.diarienummer);
      ctx.loaders.uppdragForArende.clear(uppdrag.diarienummer);
    }
    return uppdrag;
  },

  aterrapporteraUppdrag: async (
    _: unknown,
    args: { kommunkod: string; id: string; input: AterrapporteringInput },
    ctx: KommunContext,
  ) => {
    const uppdrag = await ctx.services.uppdrag.aterrapportera(args.kommunkod, args.id, args.input);
    ctx.loaders.uppdrag.clear(uppdrag.id).prime(uppdrag.id, uppdrag);
    if (uppdrag.diarienummer) {
      ctx.loaders.arende.clear(uppdrag.diarienummer);
      ctx.loaders.uppdragForArende.clear(uppdrag.diarienummer);
    }
    return uppdrag;
  },
};
