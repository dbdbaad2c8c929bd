import net from 'node:net';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** POSTs one GraphQL operation and fails unless the answer has data and no errors. */
export async function checkedQuery(url: string, body: string): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  let json: { data?: Record<string, any>; errors?: unknown[] };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} without JSON: ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || json.errors || !json.data) {
    throw new Error(`${url} answered HTTP ${response.status} with ${text.slice(0, 500)}`);
  }
  return json.data;
}
