import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseRegistry } from '#platform/registry';

// The Docker files checked statically, quickly, in every `npm test`: the compose file must
// describe the same graph as config/kommuner.json. `npm run test:containers` runs them.
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
      expect([name, services[name].environment!.INTERNAL_JWKS_FILE]).toEqual([name, '/keys/public/internal.jwks.json']);
    }
    for (const name of ['gateway', 'gateway-2']) {
      expect([name, services[name].environment!.INTERNAL_SIGNING_KEY_FILE]).toEqual([
        name,
        '/keys/internal/internal.private.jwk.json',
      ]);
    }
    for (const name of ['gateway', 'gateway-2', ...subgraphs]) {
      expect(services[name].depends_on).toMatchObject({ keys: { condition: 'service_completed_successfully' } });
    }
  });

  // Issue 21 item 7: test/containers/ checks the same inside the running containers.
  it('mounts each private key only where it signs, the public key sets read-only everywhere else', () => {
    type Mount = { service: string; volume: string; target: string; mode?: string };
    const mounts: Mount[] = Object.entries(services).flatMap(([service, s]) =>
      ((s as { volumes?: string[] }).volumes ?? []).map((v) => {
        const [volume, target, mode] = v.split(':');
        return { service, volume, target, mode };
      }),
    );
    // The keys step writes each private key into a directory of its own (scripts/containerKeys.ts):
    // the volume mounted there holds that key.
    const keysStep = services.keys.environment!;
    const volumeAt = (dir: string) => mounts.find((m) => m.service === 'keys' && m.target === dir)?.volume;
    const issuerVolume = volumeAt(keysStep.KEYS_DIR);
    const internalVolume = volumeAt(keysStep.INTERNAL_KEY_DIR);
    const publicVolume = volumeAt(keysStep.PUBLIC_KEYS_DIR);
    expect([issuerVolume, internalVolume, publicVolume].every(Boolean)).toBe(true);
    expect(new Set([issuerVolume, internalVolume, publicVolume]).size).toBe(3);
    const mountedBy = (volume?: string) => [...new Set(mounts.filter((m) => m.volume === volume).map((m) => m.service))].sort();

    // Tokens are minted in the keys step only; the gateways sign internal tokens, nothing else does.
    expect(mountedBy(issuerVolume)).toEqual(['keys']);
    const signers = Object.entries(services)
      .filter(([, s]) => s.environment?.INTERNAL_SIGNING_KEY_FILE)
      .map(([name]) => name);
    expect(signers.sort()).toEqual(['gateway', 'gateway-2']);
    expect(mountedBy(internalVolume)).toEqual(['gateway', 'gateway-2', 'keys']);
    for (const name of signers) {
      const mount = mounts.find((m) => m.service === name && m.volume === internalVolume)!;
      expect(services[name].environment!.INTERNAL_SIGNING_KEY_FILE.startsWith(`${mount.target}/`)).toBe(true);
      expect([name, mount.mode]).toEqual([name, 'ro']);
    }
    // A subgraph mounts the public key sets, read-only, and no other volume.
    const subgraphs = ['samverkan', ...registry.map((k) => `kommun-${k.kommunkod}`)];
    for (const name of subgraphs) {
      const own = mounts.filter((m) => m.service === name).map(({ volume, mode }) => ({ volume, mode }));
      expect([name, own]).toEqual([name, [{ volume: publicVolume, mode: 'ro' }]]);
      expect(services[name].environment!.INTERNAL_JWKS_FILE.startsWith(`${keysStep.PUBLIC_KEYS_DIR}/`)).toBe(true);
    }
  });

  it('runs the gateway, samverkan and the kommuner each as a user of its own, none as root, each made by the image', () => {
    const user = (name: string) => (services[name] as { user?: string }).user;
    const kinds = ['gateway', 'samverkan', `kommun-${registry[0].kommunkod}`].map(user);
    expect(new Set(kinds).size).toBe(3);
    expect(user('gateway-2')).toBe(user('gateway'));
    for (const { kommunkod } of registry) expect(user(`kommun-${kommunkod}`)).toBe('kommun');
    const dockerfile = fs.readFileSync(path.join(root, 'docker/Dockerfile'), 'utf8');
    const made = new Set([...dockerfile.matchAll(/useradd [^\n]* (\w+) \\?$/gm)].map((m) => m[1]));
    for (const name of kinds) {
      expect([name, made.has(name!)]).toEqual([name, true]);
      expect(['root', '0']).not.toContain(name);
    }
  });

  it('starts only programs the build produces', () => {
    for (const service of Object.values(services)) {
      const script = service.command?.[1];
      // Services of other images (redis) run their own programs.
      if (!script || !(service as { build?: unknown }).build) continue;
      const source = path.join(root, script.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
      expect(fs.existsSync(source)).toBe(true);
    }
  });
});

describe('docker/compose.yaml health and observability', () => {
  type Service = {
    image?: string;
    build?: unknown;
    profiles?: string[];
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    environment?: Record<string, string>;
    expose?: string[];
    ports?: string[];
    volumes?: string[];
  };
  const services: Record<string, Service> = compose.services;
  /** Images with no program Docker could run a check with; each says so in compose.yaml. */
  const uncheckable = new Set(['otel-collector']);
  /** One-off jobs, which exit when done: the others wait for them to complete, not to be healthy. */
  const oneOff = new Set(['keys']);

  it('checks the health of every long-running service', () => {
    for (const [name, service] of Object.entries(services)) {
      if (uncheckable.has(name) || oneOff.has(name)) continue;
      expect([name, service.healthcheck?.test?.[0]]).toEqual([name, expect.stringMatching(/^CMD(-SHELL)?$/)]);
    }
    // Our own services ask their own /health, on the port they listen on.
    const ours = Object.entries(services).filter(([name, s]) => s.build && !oneOff.has(name));
    for (const [name, service] of ours) {
      expect([name, service.healthcheck!.test.join(' ')]).toEqual([name, expect.stringContaining('/health')]);
      expect(service.environment?.PORT).toBeDefined();
    }
  });

  it('starts the gateway once every subgraph is healthy', () => {
    for (const name of ['samverkan', ...registry.map((k) => `kommun-${k.kommunkod}`)]) {
      expect(services.gateway.depends_on![name]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('lets the collector scrape /metrics of every service on its own port, with the token every service has', () => {
    const collector = parse(fs.readFileSync(path.join(root, 'docker/otel-collector.yaml'), 'utf8'));
    const scrape = collector.receivers.prometheus.config.scrape_configs[0];
    expect(scrape.metrics_path).toBe('/metrics');
    expect(scrape.authorization).toEqual({ type: 'Bearer', credentials: '${env:METRICS_TOKEN}' });
    const targets: string[] = scrape.static_configs.flatMap((c: { targets: string[] }) => c.targets);
    // Services of a profile (a second gateway replica) are scraped where that profile runs.
    const ours = Object.entries(services).filter(([name, s]) => s.build && !oneOff.has(name) && !s.profiles);
    expect(targets.sort()).toEqual(ours.map(([name, s]) => `${name}:${s.environment!.PORT}`).sort());
    for (const [name, s] of ours) {
      expect([name, s.environment!.METRICS_TOKEN]).toEqual([name, services['otel-collector'].environment!.METRICS_TOKEN]);
      if (name !== 'gateway') expect([name, s.expose]).toEqual([name, [s.environment!.PORT]]);
    }
    // Traces in over OTLP, out to Jaeger; metrics out to Prometheus, which scrapes the collector.
    expect(collector.service.pipelines.traces.receivers).toEqual(['otlp']);
    expect(collector.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
    const prometheus = parse(fs.readFileSync(path.join(root, 'docker/prometheus.yaml'), 'utf8'));
    expect(prometheus.scrape_configs[0].static_configs[0].targets).toEqual([
      `otel-collector:${collector.exporters.prometheus.endpoint.split(':').pop()}`,
    ]);
  });

  it('runs the collector, Prometheus, Jaeger and Grafana only in the observability profile', () => {
    for (const name of ['otel-collector', 'prometheus', 'jaeger', 'grafana']) {
      expect([name, services[name]?.profiles]).toEqual([name, ['observability']]);
    }
    for (const [name, service] of Object.entries(services)) {
      if (name === 'gateway-2') expect(service.profiles).toEqual(['replicas']);
      else if (service.build || name.endsWith('-db')) expect([name, service.profiles]).toEqual([name, undefined]);
    }
  });

  it("provisions Grafana with its data sources and a dashboard of the services' metrics", () => {
    for (const volume of services.grafana.volumes!) {
      const source = volume.split(':')[0];
      expect([source, fs.existsSync(path.join(root, 'docker', source))]).toEqual([source, true]);
    }
    const datasources = parse(
      fs.readFileSync(path.join(root, 'docker/grafana/provisioning/datasources/datasources.yaml'), 'utf8'),
    ).datasources.map((d: { uid: string }) => d.uid);
    const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'docker/grafana/dashboards/kommungraf.json'), 'utf8'));
    const expressions: string[] = [];
    for (const panel of dashboard.panels) {
      expect(datasources).toContain(panel.datasource.uid);
      for (const target of panel.targets) expressions.push(target.expr);
    }
    const used = new Set(
      expressions.flatMap((e) => [...e.matchAll(/\b(kommungraf_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g)].map((m) => m[1])),
    );
    // The metrics the services register (common/platform/telemetry/metrics.ts, issue 13 item 2).
    const registered = new Set(
      sourceFiles(path.join(root, 'common')).flatMap((file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(/name: '(kommungraf_[a-z_]+)'/g)].map((m) => m[1]),
      ),
    );
    const expected = registered.size > 0 ? registered : new Set(assumedMetrics);
    expect([...used].filter((name) => !expected.has(name))).toEqual([]);
    for (const metric of expected) expect([metric, used.has(metric)]).toEqual([metric, true]);
  });
});

/**
 * The metric names the dashboard was written against, from the telemetry branch of issue 13; the
 * test above checks the dashboard against the code's own registrations once they are there.
 */
const assumedMetrics = [
  'kommungraf_graphql_request_duration_seconds',
  'kommungraf_kommun_fetch_duration_seconds',
  'kommungraf_kommun_answer_cache_total',
  'kommungraf_dataloader_batch_size',
  'kommungraf_db_pool_connections',
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('docker/Dockerfile', () => {
  it('copies only paths that exist', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'docker/Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect([source, fs.existsSync(path.join(root, source))]).toEqual([source, true]);
  });
});
