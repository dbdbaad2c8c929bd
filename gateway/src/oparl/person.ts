import { compact, type OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

export interface LedamotNode {
  id: string;
  namn: string;
  parti: string | null;
  illustrativaFalt: string[];
  uppdaterad: string;
  ledamotskap: { organ: { id: string }; roll: string; fran: string | null; till: string | null }[];
}

/** A seat in an organ as a Membership; its key is the member, organ, role and first day. */
export function membership(
  urls: OparlUrls,
  kommunkod: string,
  ledamot: LedamotNode,
  seat: LedamotNode['ledamotskap'][number],
): OparlObject {
  return {
    id: urls.object(kommunkod, 'membership', ledamot.id, seat.organ.id, seat.roll, seat.fran ?? '-'),
    type: oparlType('Membership'),
    ...compact({
      person: urls.object(kommunkod, 'person', ledamot.id),
      organization: urls.object(kommunkod, 'organization', seat.organ.id),
      role: seat.roll,
      startDate: seat.fran,
      endDate: seat.till,
      // A change of a seat is a change of its member (the feed's rule).
      modified: ledamot.uppdaterad,
    }),
  };
}

/** An elected member in their public role as a Person, their seats inline. */
export function person(urls: OparlUrls, kommunkod: string, ledamot: LedamotNode): OparlObject {
  return {
    id: urls.object(kommunkod, 'person', ledamot.id),
    type: oparlType('Person'),
    ...compact({
      body: urls.body(kommunkod),
      name: ledamot.namn,
      membership: ledamot.ledamotskap.map((seat) => membership(urls, kommunkod, ledamot, seat)),
      modified: ledamot.uppdaterad,
      [`${VENDOR}:parti`]: ledamot.parti,
      [`${VENDOR}:illustrativaFalt`]: ledamot.illustrativaFalt,
    }),
  };
}
