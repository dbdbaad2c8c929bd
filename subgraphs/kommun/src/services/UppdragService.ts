import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, notFound } from '#platform/errors';
import type { Uppdrag } from '../entities/Uppdrag';
import { KommunWriteService } from './KommunWrites';
import { requiredText } from '#subgraph-kit/requiredText';

export interface NyttUppdragInput {
  givetI: string;
  mottagare: string;
  beskrivning: string;
  deadline?: string | null;
  diarienummer?: string | null;
}

export interface AterrapporteringInput {
  aterrapporteradI: string;
}

/** Assignments: given in a paragraph, reported back in another. */
export class UppdragService extends KommunWriteService {
  async gePa(kommunkod: string, input: NyttUppdragInput): Promise<Uppdrag> {
    const user = this.authorize(kommunkod, 'gePaUppdrag');
    const mottagare = requiredText(input.mottagare, 'mottagare', 'The mottagare', 200);
    const beskrivning = requiredText(input.beskrivning, 'beskrivning', 'The beskrivning', 10000);
    return this.db.write(async (m) => {
      const paragraf = await this.repos.paragraf.find(m, input.givetI);
      if (!paragraf) throw notFound(`Kommun ${this.kommunkod} has no paragraph ${input.givetI}.`, 'givetI');
      const deadline = input.deadline ?? null;
      if (deadline && paragraf.datum && deadline < paragraf.datum) {
        throw badUserInput(
          `The deadline ${deadline} is before the assignment was given (${paragraf.beteckning}, ${paragraf.datum}).`,
          'deadline',
        );
      }
      const diarienummer = input.diarienummer ?? paragraf.diarienummer;
      if (input.diarienummer && !(await this.repos.arende.lock(m, input.diarienummer))) {
        throw notFound(`Kommun ${this.kommunkod} has no ärende ${input.diarienummer}.`, 'diarienummer');
      }
      const uppdrag = await this.repos.uppdrag.insert(m, {
        id: randomUUID(),
        beskrivning,
        mottagare,
        givetI: paragraf.beteckning,
        diarienummer,
        deadline,
        status: 'PAGAENDE',
      });
      if (diarienummer) await this.repos.arende.touch(m, diarienummer);
      await this.repos.granskning.logga(m, user, 'gePaUppdrag', uppdrag.id, { givetI: paragraf.beteckning, diarienummer });
      return uppdrag;
    });
  }

  async aterrapportera(kommunkod: string, id: string, input: AterrapporteringInput): Promise<Uppdrag> {
    const user = this.authorize(kommunkod, 'aterrapporteraUppdrag');
    return this.db.write(async (m) => {
      const uppdrag = await this.repos.uppdrag.lock(m, id);
      if (!uppdrag) throw notFound(`Kommun ${this.kommunkod} has no assignment with id ${JSON.stringify(id)}.`, 'id');
      if (uppdrag.status === 'ATERRAPPORTERAT') {
        throw conflict(
          `The assignment to ${uppdrag.mottagare} has already been reported back in ${uppdrag.aterrapporteradI}.`,
          'id',
        );
      }
      if (uppdrag.status !== 'PAGAENDE') {
        throw conflict(`The assignment to ${uppdrag.mottagare} has been written off and cannot be reported back.`, 'id');
      }
      const paragraf = await this.repos.paragraf.find(m, input.aterrapporteradI);
      if (!paragraf) {
        throw notFound(`Kommun ${this.kommunkod} has no paragraph ${input.aterrapporteradI}.`, 'aterrapporteradI');
      }
      if (paragraf.beteckning === uppdrag.givetI) {
        throw badUserInput(
          `An assignment cannot be reported back in the paragraph that gave it (${paragraf.beteckning}).`,
          'aterrapporteradI',
        );
      }
      const updated = await this.repos.uppdrag.setStatus(m, id, 'ATERRAPPORTERAT', paragraf.beteckning);
      if (updated.diarienummer) await this.repos.arende.touch(m, updated.diarienummer);
      await this.repos.granskning.logga(m, user, 'aterrapporteraUppdrag', id, { aterrapporteradI: paragraf.beteckning });
      return updated;
    });
  }
}
