/** OParl's type URLs. */
export const oparlType = (name: string) => `https://schema.oparl.org/1.1/${name}`;

/** The vendor prefix of fields that carry what OParl has no field for (Swedish identifiers). */
export const VENDOR = 'kommungraf';

/** The lists of a Body, by the path segment they are served at. */
export const BODY_LISTS = [
  'organizations',
  'persons',
  'meetings',
  'papers',
  'agendaitems',
  'memberships',
  'files',
  'legislativeterms',
] as const;
export type BodyList = (typeof BODY_LISTS)[number];

/**
 * Every OParl URL, from the gateway's public address: an object's URL is its kommunkod and its
 * natural key (an organ's id, a diarienummer, a paragraph's beteckning), so it stays the same
 * across restarts and replicas.
 */
export class OparlUrls {
  readonly root: string;
  constructor(base: string) {
    this.root = `${base.replace(/\/$/, '')}/oparl/v1`;
  }
  system = () => `${this.root}/system`;
  bodies = () => `${this.root}/bodies`;
  body = (kommunkod: string) => `${this.root}/body/${kommunkod}`;
  list = (kommunkod: string, list: BodyList) => `${this.body(kommunkod)}/${list}`;
  /** An object of a body: its kind and its key's parts, each escaped (a diarienummer holds a slash). */
  object = (kommunkod: string, kind: string, ...key: (string | number)[]) =>
    `${this.body(kommunkod)}/${kind}/${key.map((part) => encodeURIComponent(String(part))).join('/')}`;
}
