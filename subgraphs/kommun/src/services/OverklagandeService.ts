import { arOverklagbar, overklagandetidSlutar, tidigastMojligaAnslagsdag } from '../overklagandetid';
import type { Repositories } from '../repositories';

/** A decision that may still be appealed, as `OverklagbartBeslut` shows it. */
export interface OverklagbartBeslut {
  sammantradeId: string;
  beteckning: string;
  anslagsdag: string;
  overklagandetidSlutar: string;
}

/** Which decisions may still be appealed on a day: the rule of overklagandetid.ts over the kommun's protocols. */
export class OverklagandeService {
  constructor(private readonly repos: Repositories) {}

  /** Those open on `per`, soonest ending first (one statement, however many protocols). */
  async overklagbara(per: string): Promise<OverklagbartBeslut[]> {
    const anslagna = await this.repos.sammantrade.anslagnaParagrafer(tidigastMojligaAnslagsdag(per), per);
    return anslagna
      .filter((p) => arOverklagbar(p.anslagsdag, per))
      .map((p) => ({ ...p, overklagandetidSlutar: overklagandetidSlutar(p.anslagsdag) }))
      .sort((a, b) => a.overklagandetidSlutar.localeCompare(b.overklagandetidSlutar));
  }
}
