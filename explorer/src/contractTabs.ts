import { Kind, parse, type DefinitionNode } from 'graphql';

/** A tab of the explorer, as GraphiQL's `defaultTabs` takes it. */
export interface ContractTab {
  query: string;
  variables?: string;
  headers?: string;
}

/**
 * Variables for the contract's operations, from the seed document (seed/): Timrå's ärende
 * KS 2020/1 and its paragraph KS 2019 § 65, the area `kollektivtrafik` that awaits a decision,
 * the kommunstyrelse meeting that treated the follow-up.
 * An operation of the contract that needs variables and is missing here fails
 * test/unit/explorerTabs.test.ts.
 */
export function exampleVariables(today: string): Record<string, Record<string, unknown>> {
  return {
    SokArenden: { kommunkoder: ['2281', '2262'], text: 'samverkan' },
    ArendeDetalj: { kommunkod: '2262', diarienummer: 'KS 2020/1' },
    Paragraf: { kommunkod: '2262', beteckning: 'KS 2019 § 65' },
    KommunensSamverkan: { kommunkod: '2262' },
    SammantradeDetalj: { kommunkod: '2262', id: 'ks-2020-uppfoljning-samverkan' },
    Sammantraden: { lan: '22' },
    OverklagbaraBeslut: { lan: '22' },
    Ledamoter: { kommunkod: '2262' },
    RegistreraArende: {
      kommunkod: '2262',
      input: { ansvarigtOrgan: 'KS', rubrik: 'Fördjupad samverkan med Härnösands kommun' },
    },
    Handlingar: { kommunkod: '2262', diarienummer: 'KS 2020/1' },
    RegistreraHandling: {
      kommunkod: '2262',
      diarienummer: 'KS 2020/1',
      input: { titel: 'Avsiktsförklaring Härnösand', typ: 'SKRIVELSE', filnamn: 'avsiktsforklaring.pdf' },
    },
    AndraSamverkansstatus: {
      id: 'kollektivtrafik',
      input: { status: 'UTREDS', datum: today, kommentar: 'Utredningen återupptas.' },
    },
    DashboardParagraf: { kommunkod: '2262', beteckning: 'KS 2019 § 65' },
    DashboardAndraSamverkansstatus: {
      id: 'kollektivtrafik',
      input: { status: 'UTREDS', datum: today, kommentar: 'Utredningen återupptas.' },
    },
  };
}

/** Writes need a user token; these are the `npm run token` arguments that allow each one. */
export const tokenArguments: Record<string, string> = {
  RegistreraArende: '--kommun 2262 --roll HANDLAGGARE',
  AndraSamverkansstatus: '--kommun 2262 --roll SAMORDNARE',
  RegistreraHandling: '--kommun 2262 --roll HANDLAGGARE',
  DashboardAndraSamverkansstatus: '--kommun 2262 --roll SAMORDNARE',
};

/** The overview first (what Sandbox opens with), the writes last, the rest by file name. */
const fileOrder = ['oversikt', 'samverkan', 'uppdrag', 'arende', 'mutationer'];

/**
 * One tab per operation of the contract files (file name → text), each with its comment and
 * the fragments of its file, its example variables and, for a write, a headers template that
 * names the token command.
 */
export function contractTabs(files: Record<string, string>, today: string): ContractTab[] {
  const examples = exampleVariables(today);
  const rank = (file: string) => {
    const index = fileOrder.indexOf(file.replace(/^.*\//, '').replace(/\.graphql$/, ''));
    return index === -1 ? fileOrder.length : index;
  };
  const ordered = Object.keys(files).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return ordered.flatMap((file) => {
    const text = files[file];
    const definitions = parse(text).definitions;
    // A definition's text runs from the end of the one before it, so it keeps its comment.
    const source = (index: number) =>
      text.slice(index === 0 ? 0 : definitions[index - 1].loc!.end, definitions[index].loc!.end).trim();
    const isOperation = (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION;
    const fragments = definitions.flatMap((d, i) => (isOperation(d) ? [] : [source(i)]));
    return definitions.flatMap((definition, index) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return [];
      const name = definition.name?.value ?? '';
      const variables = examples[name];
      const token = tokenArguments[name];
      return [
        {
          query: [source(index), ...fragments].join('\n\n') + '\n',
          ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
          ...(token
            ? { headers: JSON.stringify({ Authorization: `Bearer <paste the output of: npm run token -- ${token}>` }, null, 2) }
            : {}),
        },
      ];
    });
  });
}
