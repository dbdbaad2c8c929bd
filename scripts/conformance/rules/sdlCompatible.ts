import { SchemaCompatibility } from '../../../gateway/src/kommunRouter';
import { fail, pass, type Rule } from '../kit';

/** The router's own check: a kommun whose schema fails it is answered KOMMUN_INCOMPATIBLE. */
export const sdlCompatible: Rule = {
  name: 'sdl-compatible',
  level: 'MUST',
  description: '`_service { sdl }` serves everything schema/kommun.graphql promises (the kommun router’s own check)',
  async check(ctx) {
    const answer = await ctx.read('{ _service { sdl } }');
    const sdl = (answer.data?._service as { sdl?: unknown } | undefined)?.sdl;
    if (typeof sdl !== 'string') return fail(`no _service { sdl } in the answer (HTTP ${answer.status})`);
    const { compatible, problems } = new SchemaCompatibility(ctx.contractSdl).check(sdl);
    return compatible
      ? pass()
      : fail(problems.slice(0, 10).join('; ') + (problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''));
  },
};
