import { ConfigError } from '#platform/configError';

/** The arguments of `npm run import` and `npm run export`: `--kommun <kommunkod> <path>`, in either order. */
export function kommunArgs(args: string[], usage: string): { kommunkod: string; target: string } {
  const at = args.indexOf('--kommun');
  const kommunkod = at >= 0 ? args[at + 1] : undefined;
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  if (!kommunkod || !/^\d{4}$/.test(kommunkod) || rest.length !== 1 || rest[0].startsWith('--')) throw new ConfigError(usage);
  return { kommunkod, target: rest[0] };
}
