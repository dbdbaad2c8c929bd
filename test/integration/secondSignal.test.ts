import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { postGraphQL } from '../helpers/graphql';

/**
 * A service that is stopping finishes its requests in flight; a SIGINT meanwhile (a second
 * Ctrl-C, or the one `npm start` passes on to its services, which it stops by SIGTERM) ends it
 * at once with code 1. The service here is the standalone kommun router with a request held
 * open by a kommun that never answers. Without the SIGINT it would stop only at its 20 s bound:
 * the bound here (10 s) is loose, only that wait breaks it.
 */
const root = path.resolve(__dirname, '../..');

it('a SIGINT after a SIGTERM ends a service at once, with code 1, though a request is still in flight', async () => {
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const kommunPort = (silent.address() as net.AddressInfo).port;
  const registry = {
    kommuner: [
      {
        kommunkod: '2262',
        namn: 'Timrå',
        lan: 'Västernorrlands län',
        lanskod: '22',
        url: `http://127.0.0.1:${kommunPort}/graphql`,
        timeoutMs: 60_000,
      },
    ],
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/src/kommunRouterHosts/standalone/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', KOMMUN_REGISTRY: JSON.stringify(registry), KOMMUN_ROUTER_ANONYMOUS: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /ready at (http:\/\/[^\s"]+)/.exec(output);
        if (ready) resolve(ready[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`the router exited before it was ready:\n${output}`)));
    });
    const inFlight = postGraphQL(url, '{ kommun(kommunkod: "2262") { namn } }').catch(() => undefined);
    // The request has reached the silent kommun.
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    child.kill('SIGTERM');
    // Later than the same Ctrl-C delivered twice (2 s): a person's second one.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(child.exitCode).toBeNull();
    const interrupted = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(Date.now() - interrupted).toBeLessThan(10_000);
    await inFlight;
  } finally {
    child.kill('SIGKILL');
    silent.close();
  }
}, 60_000);
