import { SignJWT, generateKeyPair } from 'jose';
import { INTERNAL_ISSUER } from '#platform/auth/internalToken';
import { KEY_ALGORITHM } from '#platform/auth/keys';
import { ErrorCode } from '#platform/errors';
import { describeErrors, fail, pass, type Asker, type GraphQLAnswer, type Rule } from '../kit';

const refused = (answer: GraphQLAnswer) =>
  !answer.data &&
  (answer.status === 401 || Boolean(answer.errors?.some((e) => e.extensions?.code === ErrorCode.UNAUTHENTICATED)));

/** A kommun answers only the gateway: anyone else who finds its URL gets nothing, `_service` and `_entities` included. */
export const internalTokenRequired: Rule = {
  name: 'internal-token-required',
  level: 'MUST',
  description: `a call without the gateway's internal token for this kommun is refused (HTTP 401 / ${ErrorCode.UNAUTHENTICATED}), _service included`,
  async check(ctx) {
    const { privateKey } = await generateKeyPair(KEY_ALGORITHM);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: KEY_ALGORITHM })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(`kommun:${ctx.kommunkod}`)
      .setSubject('anonym')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(privateKey);
    const askers: [string, Asker][] = [
      ['no token', { token: 'none' }],
      [`a token for kommun:${ctx.otherKommunkod}`, { token: 'internal', caller: null, audience: `kommun:${ctx.otherKommunkod}` }],
      ['a token signed by another key', { token: 'raw', value: forged }],
    ];
    const problems: string[] = [];
    for (const [label, asker] of askers) {
      for (const query of ['{ _service { sdl } }', `{ kommun(kommunkod: "${ctx.kommunkod}") { namn } }`]) {
        const answer = await ctx.ask(asker, query);
        if (!refused(answer)) problems.push(`${label}, ${query}: ${describeErrors(answer)}${answer.data ? ', with data' : ''}`);
      }
    }
    return problems.length ? fail(problems.join('; ')) : pass();
  },
};
