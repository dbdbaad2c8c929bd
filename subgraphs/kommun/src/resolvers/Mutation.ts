import type { KommunContext } from '../context';
import type { Arende } from '../entities/Arende';
import type { Ledamotskap } from '../entities/Ledamot';
import type { Sammantrade } from '../entities/Sammantrade';
import type { Uppdrag } from '../entities/Uppdrag';
import type { ArendeandringInput, ArendestatusInput, NyttArendeInput } from '../services/ArendeService';
import type { NyHandlingInput } from '../services/HandlingService';
import type { LedamotskapsslutInput, NyLedamotInput, NyttLedamotskapInput } from '../services/LedamotService';
import type { NyParagrafInput } from '../services/ParagrafService';
import type { AnslagInput, DagordningInput, JusteringInput, NyttSammantradeInput } from '../services/SammantradeService';
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

  registreraSammantrade: async (_: unknown, args: { kommunkod: string; input: NyttSammantradeInput }, ctx: KommunContext) =>
    primeSammantrade(ctx, await ctx.services.sammantrade.registrera(args.kommunkod, args.input)),

  andraDagordning: async (_: unknown, args: { kommunkod: string; id: string; input: DagordningInput }, ctx: KommunContext) =>
    primeSammantrade(ctx, await ctx.services.sammantrade.andraDagordning(args.kommunkod, args.id, args.input)),

  stallInSammantrade: async (_: unknown, args: { kommunkod: string; id: string }, ctx: KommunContext) =>
    primeSammantrade(ctx, await ctx.services.sammantrade.stallIn(args.kommunkod, args.id)),

  justeraProtokoll: async (_: unknown, args: { kommunkod: string; id: string; input: JusteringInput }, ctx: KommunContext) =>
    primeSammantrade(ctx, await ctx.services.sammantrade.justera(args.kommunkod, args.id, args.input, ctx.today)),

  anslaProtokoll: async (_: unknown, args: { kommunkod: string; id: string; input: AnslagInput }, ctx: KommunContext) =>
    primeSammantrade(ctx, await ctx.services.sammantrade.ansla(args.kommunkod, args.id, args.input, ctx.today)),

  registreraLedamot: async (_: unknown, args: { kommunkod: string; input: NyLedamotInput }, ctx: KommunContext) => {
    const ledamot = await ctx.services.ledamot.registrera(args.kommunkod, args.input);
    ctx.loaders.ledamot.clear(ledamot.id).prime(ledamot.id, ledamot);
    return ledamot;
  },

  registreraLedamotskap: async (_: unknown, args: { kommunkod: string; input: NyttLedamotskapInput }, ctx: KommunContext) =>
    primeLedamotskap(ctx, await ctx.services.ledamot.registreraLedamotskap(args.kommunkod, args.input)),

  avslutaLedamotskap: async (
    _: unknown,
    args: { kommunkod: string; id: string; input: LedamotskapsslutInput },
    ctx: KommunContext,
  ) => primeLedamotskap(ctx, await ctx.services.ledamot.avslutaLedamotskap(args.kommunkod, args.id, args.input)),
};

/** The meeting, and its parts read again: a write of a meeting changes its dagordning or protokoll. */
function primeSammantrade(ctx: KommunContext, sammantrade: Sammantrade): Sammantrade {
  const { id } = sammantrade;
  ctx.loaders.sammantrade.clear(id).prime(id, sammantrade);
  for (const part of [ctx.loaders.dagordning, ctx.loaders.protokoll, ctx.loaders.justerare]) part.clear(id);
  ctx.loaders.sammantradeForParagraf.clearAll();
  return sammantrade;
}

/** The seat, and its member read again: the member's seats and stamp changed with it. */
function primeLedamotskap(ctx: KommunContext, ledamotskap: Ledamotskap): Ledamotskap {
  ctx.loaders.ledamot.clear(ledamotskap.ledamotId);
  ctx.loaders.ledamotskapForLedamot.clear(ledamotskap.ledamotId);
  return ledamotskap;
}

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
