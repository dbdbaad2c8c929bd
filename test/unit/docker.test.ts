import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseRegistry } from '#platform/registry';

// No Docker engine runs on the development machines, so the Docker files are checked here
// statically: the compose file must describe the same graph as config/kommuner.json.
const root = path.resolve(__dirname, '../..');
// Compose resolves YAML merge keys (<<), which the file uses for what services share.
const compose = parse(fs.readFileSync(path.join(root, 'docker/compose.yaml'), 'utf8'), { merge: true });
const registry = parseRegistry(fs.readFileSync(path.join(root, 'config/kommuner.json'), 'utf8'), 'config/kommuner.json');

describe('docker/compose.yaml', () => {
  const services: Record<string, { command?: string[]; environment?: Record<string, string>; depends_on?: unknown }> =
    compose.services;

  it('runs every kommun of the registry with its own database', () => {
    for (const { kommunkod } of registry) {
      const service = services[`kommun-${kommunkod}`];
      expect(service?.command).toEqual(['node', 'dist/subgraphs/kommun/src/main.js', kommunkod]);
      const databaseHost = new URL(service.environment!.DATABASE_URL).hostname;
      expect(databaseHost).toBe(`kommun-${kommunkod}-db`);
      expect(services[databaseHost]).toBeDefined();
    }
  });

  it('gives the gateway a registry with the same kommuner, pointing at their services', () => {
    const gatewayRegistry = parseRegistry(services.gateway.environment!.KOMMUN_REGISTRY, 'compose KOMMUN_REGISTRY');
    expect(gatewayRegistry.map(({ kommunkod, namn, lan }) => ({ kommunkod, namn, lan }))).toEqual(
      registry.map(({ kommunkod, namn, lan }) => ({ kommunkod, namn, lan })),
    );
    for (const { kommunkod, url } of gatewayRegistry) {
      const { hostname, port } = new URL(url);
      expect(hostname).toBe(`kommun-${kommunkod}`);
      expect(services[hostname].environment!.PORT).toBe(port);
    }
    expect(new URL(services.gateway.environment!.SAMVERKAN_URL).hostname).toBe('samverkan');
  });

  it('lets the subgraphs answer only the gateway, with keys made before anything starts', () => {
    const subgraphs = ['samverkan', ...registry.map((k) => `kommun-${k.kommunkod}`)];
    for (const name of subgraphs) {
      expect([name, services[name].environment!.INTERNAL_JWKS_FILE]).toEqual([name, '/keys/internal.jwks.json']);
    }
    expect(services.gateway.environment!.INTERNAL_SIGNING_KEY_FILE).toBe('/keys/internal.private.jwk.json');
    for (const name of ['gateway', ...subgraphs]) {
      expect(services[name].depends_on).toMatchObject({ keys: { condition: 'service_completed_successfully' } });
    }
  });

  it('starts only programs the build produces', () => {
    for (const service of Object.values(services)) {
      const script = service.command?.[1];
      if (!script) continue;
      const source = path.join(root, script.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
      expect(fs.existsSync(source)).toBe(true);
    }
  });
});

describe('docker/Dockerfile', () => {
  it('copies only paths that exist', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'docker/Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect([source, fs.existsSync(path.join(root, source))]).toEqual([source, true]);
  });
});
