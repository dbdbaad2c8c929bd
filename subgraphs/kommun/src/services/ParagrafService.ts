import { badUserInput, conflict, notFound } from '#platform/errors';
import type { Paragraf, Utfall } from '../entities/Paragraf';
import { KommunWriteService } from './KommunWrites';
import { optionalText } from '#subgraph-kit/requiredText';

export interface NyParagrafInput {
  organ: string;
  ar: number;
  nummer: number;
  datum?: string | null;
  rubrik?: string | null;
  beslutstext?: string | null;
  utfall?: Utfall | null;
  diarienummer?: string | null;
}

/** Records protocol paragraphs, numbered per organ and year. */
export class ParagrafService extends KommunWriteService {
  async registrera(kommunkod: string, input: NyParagrafInput): Promise<Paragraf> {
    const user = this.authorize(kommunkod, 'registreraParagraf');
    if (input.ar < 1900 || input.ar > 2999) throw badUserInput(`The year ${input.ar} is not a protocol year.`, 'ar');
    if (input.nummer < 1) throw badUserInput(`A paragraph number is 1 or more, got ${input.nummer}.`, 'nummer');
    if (input.datum && Number(input.datum.slice(0, 4)) !== input.ar) {
      throw badUserInput(`The meeting day ${input.datum} is not in the protocol year ${input.ar}.`, 'datum');
    }
    const rubrik = optionalText(input.rubrik, 'rubrik', 'The rubrik', 500);
    const beslutstext = optionalText(input.beslutstext, 'beslutstext', 'The beslutstext', 50000);

    return this.db.write(async (m) => {
      const organ = await this.repos.organ.find(m, input.organ);
      if (!organ) throw notFound(`Kommun ${this.kommunkod} has no organ with id ${JSON.stringify(input.organ)}.`, 'organ');
      const diarienummer = input.diarienummer ?? null;
      if (diarienummer !== null && !(await this.repos.arende.lock(m, diarienummer))) {
        throw notFound(`Kommun ${this.kommunkod} has no ärende ${diarienummer}.`, 'diarienummer');
      }
      const beteckning = `${organ.kortnamn} ${input.ar} § ${input.nummer}`;
      const paragraf = await this.repos.paragraf.insert(m, {
        beteckning,
        organId: organ.id,
        ar: input.ar,
        nummer: input.nummer,
        datum: input.datum ?? null,
        rubrik,
        beslutstext,
        utfall: input.utfall ?? null,
        diarienummer,
      });
      if (!paragraf) {
        throw conflict(
          `${beteckning} is already recorded; ${organ.namn} has only one § ${input.nummer} in ${input.ar}.`,
          'nummer',
        );
      }
      // The ärende's behandlingar changed: a copy kept by uppdateradSedan must see it.
      if (diarienummer !== null) await this.repos.arende.touch(m, diarienummer);
      await this.repos.granskning.logga(m, user, 'registreraParagraf', beteckning, { diarienummer });
      return paragraf;
    });
  }
}
