import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseRegistry } from '../../common/src/registry';

// No Docker engine runs on the development machines, so the Docker files are checked here
// statically: the compose file must describe the same graph as config/kommuner.json.
const root = path.resolve(__dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker/compose.yaml'), 'utf8'));
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
