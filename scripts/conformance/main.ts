import { parseArgs } from 'node:util';
import { ensureDevKeys } from '#dev-tools/devIssuer';
import { readJwk } from '#platform/auth/keys';
import { ConfigError } from '#platform/configError';
import { runMain } from '#platform/runService';
import { loadTokenConfig } from '../config';
import { formatReport } from './report';
import { conforms, runConformance } from './runConformance';

/**
 * `npm run conformance -- --url <kommun subgraph> --kommunkod <kod> [--internal-key <jwk file>] [--write] [--json]`
 * checks an implementation of the kommun subgraph against schema/kommun.graphql, rule by rule, and
 * exits 1 when a MUST rule fails. Without --internal-key it signs with the development key of a
 * local `npm start`, found as `npm run token` finds it (KEYS_DIR, DATA_DIR).
 */
runMain(async () => {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      kommunkod: { type: 'string' },
      'internal-key': { type: 'string' },
      write: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.url || !URL.canParse(values.url))
    throw new ConfigError('--url needs the kommun subgraph’s GraphQL URL, e.g. --url http://localhost:4003/graphql');
  if (!values.kommunkod || !/^\d{4}$/.test(values.kommunkod))
    throw new ConfigError('--kommunkod needs a four-digit kommunkod, e.g. --kommunkod 2262');
  let keyFile = values['internal-key'];
  if (!keyFile) {
    const { keysDir, internalSigningKeyFile } = loadTokenConfig();
    await ensureDevKeys(keysDir);
    keyFile = internalSigningKeyFile;
  }
  const results = await runConformance({
    url: values.url,
    kommunkod: values.kommunkod,
    internalKey: readJwk(keyFile),
    write: values.write,
  });
  console.log(values.json ? JSON.stringify(results, null, 2) : formatReport(values.url, values.kommunkod, results));
  if (!conforms(results)) process.exitCode = 1;
});
