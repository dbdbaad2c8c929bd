import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** What `docker compose` prints, or its error with what it printed on stderr. */
async function command(file: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd: root, maxBuffer: 64 * 1024 * 1024, env: process.env });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stderr || stdout || (error as Error).message}`, { cause: error });
  }
}

/** Compose v2 (`docker compose`) where the plugin is there, else Debian's docker-compose 1.29. */
async function composeCommand(): Promise<string[]> {
  try {
    await run('docker', ['compose', 'version']);
    return ['docker', 'compose'];
  } catch {
    return ['docker-compose'];
  }
}

export const docker = (...args: string[]) => command('docker', args);

/**
 * docker/compose.yaml with the test's host-network override, as one project. The base images
 * and the project's image come from the environment (NODE_IMAGE, POSTGRES_IMAGE, REDIS_IMAGE,
 * KOMMUNGRAF_IMAGE), as scripts/testContainers.sh sets them.
 *
 * The project runs from the configuration compose itself resolves from both files (`config`),
 * less the published ports of the services on the host's network: there every service listens on
 * the host already, and Debian's docker-compose 1.29 refuses host networking beside published
 * ports (Compose v2 would take `ports: !reset []` in the override, which 1.29 cannot parse).
 */
export class ComposeProject {
  private constructor(
    readonly name: string,
    private readonly base: string[],
  ) {}

  static async open(name: string, profiles: string[]): Promise<ComposeProject> {
    const [file, ...first] = await composeCommand();
    const profileArgs = profiles.flatMap((p) => ['--profile', p]);
    const sources = ['-f', 'docker/compose.yaml', '-f', 'test/containers/compose.host.yaml'];
    const resolved = parse(await command(file, [...first, '-p', name, ...sources, ...profileArgs, 'config']));
    for (const service of Object.values(resolved.services) as { network_mode?: string; ports?: unknown }[]) {
      if (service.network_mode === 'host') delete service.ports;
    }
    const resolvedFile = path.join(os.tmpdir(), `${name}.compose.yaml`);
    // YAML 1.1, as docker-compose 1.29 reads it: `no` stays a string, quoted.
    fs.writeFileSync(resolvedFile, stringify(resolved, { version: '1.1' }));
    const base = [...first, '-p', name, '--project-directory', root, '-f', resolvedFile, ...profileArgs];
    return new ComposeProject(name, [file, ...base]);
  }

  compose(...args: string[]): Promise<string> {
    const [file, ...base] = this.base;
    return command(file, [...base, ...args]);
  }

  /** The container of a service (the first, where it has several). */
  async container(service: string): Promise<string> {
    const id = (await this.compose('ps', '-q', service)).trim().split('\n')[0];
    if (!id) throw new Error(`no container for ${service}`);
    return id;
  }

  /** Runs a command in a service's container, as `user` (root by default: it sees every file). */
  async exec(service: string, commandLine: string[], user = '0'): Promise<string> {
    return docker('exec', '-u', user, await this.container(service), ...commandLine);
  }

  /** Each container of the project: its service, state and health ('' without a health check). */
  async states(): Promise<{ service: string; state: string; health: string; exitCode: number }[]> {
    const ids = (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${this.name}`)).trim();
    if (!ids) return [];
    const format =
      '{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}';
    const lines = (await docker('inspect', '--format', format, ...ids.split('\n'))).trim().split('\n');
    return lines.map((line) => {
      const [service, state, exitCode, health = ''] = line.split(' ');
      return { service, state, health, exitCode: Number(exitCode) };
    });
  }

  /**
   * Waits until every long-running container is healthy and every one-off job has exited 0;
   * fails at once when one exits otherwise. The bound is loose: only a hang reaches it.
   */
  async waitHealthy(timeoutMs = 600_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await this.states();
      const failed = states.filter((s) => s.state === 'exited' && s.exitCode !== 0);
      if (failed.length) throw new Error(`exited: ${failed.map((s) => `${s.service} (${s.exitCode})`).join(', ')}`);
      const waiting = states.filter((s) => (s.state === 'exited' ? false : s.health !== 'healthy'));
      if (states.length && !waiting.length) return;
      if (Date.now() > deadline) {
        throw new Error(`not healthy: ${waiting.map((s) => `${s.service} ${s.state} ${s.health}`).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /** What the project leaves on the engine: containers, networks and volumes with its label. */
  async leftovers(): Promise<string[]> {
    const label = `label=com.docker.compose.project=${this.name}`;
    const [containers, networks, volumes] = await Promise.all([
      docker('ps', '-aq', '--filter', label),
      docker('network', 'ls', '-q', '--filter', label),
      docker('volume', 'ls', '-q', '--filter', label),
    ]);
    return [containers, networks, volumes].flatMap((out) => out.trim().split('\n').filter(Boolean));
  }
}
