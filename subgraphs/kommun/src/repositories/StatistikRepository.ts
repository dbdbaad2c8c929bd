import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import type { Arendestatus } from '../entities/Arende';
import type { Uppdragsstatus } from '../entities/Uppdrag';

export interface Arendeantal {
  status: Arendestatus;
  organ: string | null;
  ar: number;
  antal: number;
}

export interface Uppdragsantal {
  status: Uppdragsstatus;
  antal: number;
  forsenade: number;
}

export interface Paragrafantal {
  organ: string;
  ar: number;
  antal: number;
}

/**
 * Counts for dashboards, one GROUP BY statement each, however many rows the kommun holds. The
 * ärenden are counted from the public diarium (`arende`), which row-level security leaves
 * readable to everyone: the existence of an ärende with sekretess is public, its content is not.
 */
export class StatistikRepository {
  constructor(private readonly db: Db) {}

  async arenden(): Promise<Arendeantal[]> {
    return queryRows<Arendeantal>(
      await this.db.manager(),
      `SELECT status, ansvarigt_organ_id AS organ, extract(year FROM registrerad)::integer AS ar, count(*)::integer AS antal
         FROM arende GROUP BY 1, 2, 3 ORDER BY 3, 2, 1`,
    );
  }

  /** Per status; `forsenade` counts those under way whose deadline is before `today`. */
  async uppdrag(today: string): Promise<Uppdragsantal[]> {
    return queryRows<Uppdragsantal>(
      await this.db.manager(),
      `SELECT status, count(*)::integer AS antal,
              (count(*) FILTER (WHERE status = 'PAGAENDE' AND deadline < $1))::integer AS forsenade
         FROM uppdrag GROUP BY 1 ORDER BY 1`,
      [today],
    );
  }

  async paragrafer(): Promise<Paragrafantal[]> {
    return queryRows<Paragrafantal>(
      await this.db.manager(),
      `SELECT organ_id AS organ, ar, count(*)::integer AS antal FROM paragraf GROUP BY 1, 2 ORDER BY 2, 1`,
    );
  }
}
