import type { KommunEntry } from '#platform/registry';
import { legislativeTerms } from './legislativeTerm';
import type { OparlObject } from './oparlObject';
import { oparlType, VENDOR, type OparlUrls } from './oparlUrls';

/** The System: one gateway, every kommun of its registry a Body. */
export function system(urls: OparlUrls, license: string): OparlObject {
  return {
    id: urls.system(),
    type: oparlType('System'),
    oparlVersion: 'https://schema.oparl.org/1.1/',
    body: urls.bodies(),
    name: 'Kommungraf',
    license,
  };
}

/** A kommun as a Body, from the registry, so that a kommun that is down still has one. */
export function body(urls: OparlUrls, kommun: KommunEntry, license: string): OparlObject {
  const list = (name: Parameters<OparlUrls['list']>[1]) => urls.list(kommun.kommunkod, name);
  return {
    id: urls.body(kommun.kommunkod),
    type: oparlType('Body'),
    system: urls.system(),
    name: `${kommun.namn} kommun`,
    shortName: kommun.namn,
    license,
    classification: 'Kommun',
    organization: list('organizations'),
    person: list('persons'),
    meeting: list('meetings'),
    paper: list('papers'),
    agendaItem: list('agendaitems'),
    membership: list('memberships'),
    file: list('files'),
    legislativeTermList: list('legislativeterms'),
    // Derived from kommunallagen, not read: a kommun that is down still has its terms.
    legislativeTerm: legislativeTerms(urls, kommun.kommunkod),
    [`${VENDOR}:kommunkod`]: kommun.kommunkod,
    [`${VENDOR}:lan`]: kommun.lan,
    ...(kommun.lanskod ? { [`${VENDOR}:lanskod`]: kommun.lanskod } : {}),
  };
}
