/**
 * Our own checks of OParl 1.1 objects and list pages, written from the specification's JSON
 * schemas (github.com/OParl/spec, schema/*.json): for each type served, its required fields and
 * the kinds of its fields. Returns the problems found; none is a pass.
 */
type Kind = 'url' | 'urls' | 'date' | 'dateTime' | 'integer' | 'boolean' | 'string' | 'strings' | 'objects' | 'object';

const COMMON: Record<string, Kind> = {
  id: 'url',
  type: 'string',
  license: 'string',
  keyword: 'strings',
  created: 'dateTime',
  modified: 'dateTime',
  web: 'url',
  deleted: 'boolean',
};

export const OPARL_TYPES: Record<string, { required: string[]; fields: Record<string, Kind> }> = {
  System: {
    required: ['id', 'type', 'oparlVersion', 'body'],
    fields: {
      oparlVersion: 'string',
      otherOparlVersions: 'urls',
      license: 'url',
      body: 'url',
      name: 'string',
      contactEmail: 'string',
      contactName: 'string',
      website: 'url',
      vendor: 'url',
      product: 'url',
    },
  },
  Body: {
    required: ['id', 'type', 'name', 'organization', 'person', 'meeting', 'paper', 'legislativeTerm'],
    fields: {
      system: 'url',
      shortName: 'string',
      name: 'string',
      website: 'url',
      license: 'url',
      licenseValidSince: 'dateTime',
      oparlSince: 'dateTime',
      ags: 'string',
      rgs: 'string',
      equivalent: 'urls',
      contactEmail: 'string',
      contactName: 'string',
      organization: 'url',
      person: 'url',
      meeting: 'url',
      paper: 'url',
      legislativeTerm: 'objects',
      agendaItem: 'url',
      consultation: 'url',
      file: 'url',
      locationList: 'url',
      legislativeTermList: 'url',
      membership: 'url',
      classification: 'string',
      location: 'object',
      mainOrganization: 'url',
    },
  },
  Organization: {
    required: ['id', 'type'],
    fields: {
      body: 'url',
      name: 'string',
      membership: 'urls',
      meeting: 'url',
      consultation: 'url',
      shortName: 'string',
      post: 'strings',
      subOrganizationOf: 'url',
      organizationType: 'string',
      classification: 'string',
      startDate: 'date',
      endDate: 'date',
      website: 'url',
      location: 'object',
      externalBody: 'url',
      memberCount: 'integer',
      votingMemberCount: 'integer',
    },
  },
  Person: {
    required: ['id', 'type'],
    fields: {
      body: 'url',
      name: 'string',
      familyName: 'string',
      givenName: 'string',
      formOfAddress: 'string',
      affix: 'string',
      title: 'strings',
      gender: 'string',
      phone: 'strings',
      email: 'strings',
      location: 'url',
      locationObject: 'object',
      status: 'strings',
      membership: 'objects',
      image: 'object',
      life: 'string',
      lifeSource: 'string',
    },
  },
  Membership: {
    required: ['id', 'type'],
    fields: {
      person: 'url',
      organization: 'url',
      role: 'string',
      votingRight: 'boolean',
      startDate: 'date',
      endDate: 'date',
      onBehalfOf: 'url',
    },
  },
  Meeting: {
    required: ['id', 'type'],
    fields: {
      name: 'string',
      meetingState: 'string',
      cancelled: 'boolean',
      start: 'dateTime',
      end: 'dateTime',
      location: 'object',
      organization: 'urls',
      participant: 'urls',
      invitation: 'object',
      resultsProtocol: 'object',
      verbatimProtocol: 'object',
      auxiliaryFile: 'objects',
      agendaItem: 'objects',
    },
  },
  AgendaItem: {
    required: ['id', 'type', 'order'],
    fields: {
      meeting: 'url',
      number: 'string',
      order: 'integer',
      name: 'string',
      public: 'boolean',
      consultation: 'url',
      result: 'string',
      resolutionText: 'string',
      resolutionFile: 'object',
      auxiliaryFile: 'objects',
      start: 'dateTime',
      end: 'dateTime',
    },
  },
  Paper: {
    required: ['id', 'type'],
    fields: {
      body: 'url',
      name: 'string',
      reference: 'string',
      date: 'date',
      paperType: 'string',
      relatedPaper: 'urls',
      superordinatedPaper: 'urls',
      subordinatedPaper: 'urls',
      mainFile: 'object',
      auxiliaryFile: 'objects',
      location: 'objects',
      originatorPerson: 'urls',
      underDirectionOf: 'urls',
      originatorOrganization: 'urls',
      consultation: 'objects',
    },
  },
  File: {
    required: ['id', 'type', 'accessUrl'],
    fields: {
      name: 'string',
      fileName: 'string',
      mimeType: 'string',
      date: 'date',
      size: 'integer',
      sha1Checksum: 'string',
      sha512Checksum: 'string',
      text: 'string',
      accessUrl: 'url',
      downloadUrl: 'url',
      externalServiceUrl: 'url',
      masterFile: 'url',
      derivativeFile: 'urls',
      fileLicense: 'url',
      meeting: 'urls',
      agendaItem: 'urls',
      person: 'url',
      paper: 'urls',
    },
  },
  LegislativeTerm: { required: ['id', 'type'], fields: { body: 'url', name: 'string', startDate: 'date', endDate: 'date' } },
};

const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value);
const CHECK: Record<Kind, (value: unknown) => boolean> = {
  url: isUrl,
  urls: (v) => Array.isArray(v) && v.every(isUrl),
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  dateTime: (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  objects: (v) => Array.isArray(v) && v.every((o) => typeof o === 'object' && o !== null && !Array.isArray(o)),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** The OParl type name of an object (`https://schema.oparl.org/1.1/Paper` → `Paper`), or undefined. */
export const oparlTypeName = (object: Record<string, unknown>) =>
  typeof object.type === 'string' ? /^https:\/\/schema\.oparl\.org\/1\.1\/(\w+)$/.exec(object.type)?.[1] : undefined;

/** The problems of one object (inline objects included), each naming the object and field. */
export function oparlObjectProblems(object: Record<string, unknown>, where = String(object.id)): string[] {
  const name = oparlTypeName(object);
  const spec = name && OPARL_TYPES[name];
  if (!spec) return [`${where}: type ${String(object.type)} is not an OParl 1.1 type served here`];
  const problems: string[] = [];
  // A deleted object keeps id, type and created and must say when it was deleted.
  const required = object.deleted === true ? ['id', 'type', 'modified'] : spec.required;
  for (const field of required) if (!(field in object)) problems.push(`${where}: ${name} lacks ${field}`);
  for (const [field, value] of Object.entries(object)) {
    if (field.includes(':')) continue;
    const kind = spec.fields[field] ?? COMMON[field];
    if (!kind) problems.push(`${where}: ${name} has no field ${field}`);
    else if (!CHECK[kind](value)) problems.push(`${where}: ${name}.${field} is not ${kind}: ${JSON.stringify(value)}`);
    if (kind === 'objects')
      for (const inner of value as Record<string, unknown>[]) problems.push(...oparlObjectProblems(inner, `${where} ${field}`));
  }
  return problems;
}

/** The problems of one page of an external list. */
export function oparlListProblems(page: Record<string, any>, url: string): string[] {
  const problems: string[] = [];
  if (!Array.isArray(page.data)) problems.push(`${url}: no data`);
  if (typeof page.pagination !== 'object' || page.pagination === null) problems.push(`${url}: no pagination`);
  if (typeof page.links !== 'object' || page.links === null) problems.push(`${url}: no links`);
  if (problems.length > 0) return problems;
  const { totalElements, elementsPerPage, currentPage, totalPages } = page.pagination;
  for (const [field, value] of Object.entries({ totalElements, elementsPerPage, currentPage, totalPages }))
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) problems.push(`${url}: pagination.${field} is ${value}`);
  if (currentPage < totalPages && !page.links.next) problems.push(`${url}: page ${currentPage} of ${totalPages} has no next`);
  if (currentPage < totalPages && page.data.length !== elementsPerPage)
    problems.push(`${url}: a page before the last is not full`);
  for (const [field, value] of Object.entries(page.links))
    if (!isUrl(value)) problems.push(`${url}: links.${field} is not a URL`);
  return problems;
}
