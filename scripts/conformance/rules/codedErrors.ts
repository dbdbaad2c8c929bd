import { ErrorCode } from '#platform/errors';
import { describeErrors, pass, fail, type KitContext, type Rule } from '../kit';
import { feeds } from './syncFeed';

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

function cases(ctx: KitContext): Case[] {
  const k = ctx.kommunkod;
  const list: Case[] = [
    {
      label: 'Kommun.arenden with a forged `after` cursor',
      query: 'query($k: ID!, $a: String) { kommun(kommunkod: $k) { arenden(first: 2, after: $a) { nodes { diarienummer } } } }',
      variables: { k, a: Buffer.from('["forged"]').toString('base64url') },
    },
    {
      label: 'Kommun.arenden with `first: -1`',
      query: 'query($k: ID!) { kommun(kommunkod: $k) { arenden(first: -1) { nodes { diarienummer } } } }',
      variables: { k },
    },
    {
      label: 'overklagbaraBeslut with `per: "2021-02-30"` (no such day)',
      query: 'query($k: [ID!], $per: Date) { overklagbaraBeslut(kommunkoder: $k, per: $per) { kommunkod } }',
      variables: { k: [k], per: '2021-02-30' },
    },
  ];
  for (const feed of feeds(ctx).filter((f) => !f.inFilter)) {
    list.push({
      label: `Kommun.${feed.field} with a forged \`andradeEfter\` marker`,
      query: `query($k: ID!, $m: String) { kommun(kommunkod: $k) { ${feed.field}(andradeEfter: $m) { andringsmarkor } } }`,
      variables: { k, m: 'forged-marker' },
    });
  }
  return list;
}

/** A client's mistake is answered as one (BAD_USER_INPUT, from common/platform/errors.ts), never as a server fault. */
export const codedErrors: Rule = {
  name: 'coded-errors',
  level: 'MUST',
  description: `bad input is refused with extensions.code ${ErrorCode.BAD_USER_INPUT} (forged cursors and markers, impossible dates, a negative page size)`,
  async check(ctx) {
    const problems: string[] = [];
    for (const c of cases(ctx)) {
      const answer = await ctx.readAsOfficer(c.query, c.variables);
      if (!answer.errors?.some((e) => e.extensions?.code === ErrorCode.BAD_USER_INPUT))
        problems.push(`${c.label}: ${describeErrors(answer)}`);
    }
    return problems.length ? fail(problems.join('; ')) : pass();
  },
};
