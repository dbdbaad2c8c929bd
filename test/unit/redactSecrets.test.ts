import { Writable } from 'node:stream';
import { createLogger } from '#platform/telemetry/logger';
import { redactSecrets } from '#platform/telemetry/redactSecrets';

// A token shaped as the gateway's (a compact JWS); what it says does not matter here.
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbm9ueW0iLCJoayI6IjIyNjIifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';

describe('redactSecrets', () => {
  it.each([
    ['a link', `/handlingar/2262/7?lank=${TOKEN}`, '/handlingar/2262/7?lank=REDACTED'],
    [
      'a link among other parameters',
      `https://graf.example/handlingar/2262/7?a=1&lank=${TOKEN}#x`,
      'https://graf.example/handlingar/2262/7?a=1&lank=REDACTED#x',
    ],
    [
      'a message that quotes a link',
      `GET "/handlingar/2262/7?lank=${TOKEN}" failed`,
      'GET "/handlingar/2262/7?lank=REDACTED" failed',
    ],
    [
      'a link whose parameter name is percent-encoded',
      `/handlingar/2262/7?%6Cank=${TOKEN}`,
      '/handlingar/2262/7?%6Cank=REDACTED',
    ],
    ['a bearer token', `authorization: Bearer ${TOKEN}`, 'authorization: Bearer REDACTED'],
    ['an opaque bearer token', 'Bearer metrics-token-0123456789, then', 'Bearer REDACTED, then'],
    ['a signed token on its own', `token ${TOKEN} refused`, 'token REDACTED refused'],
  ])('replaces the secret of %s and keeps the rest', (_, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it('leaves text without secrets as it is', () => {
    const text = '/handlingar/2262/7?lankar=1 kommun 2262 (Timrå) did not answer; eyJ is no token';
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("a service's log", () => {
  function logged(write: (log: ReturnType<typeof createLogger>) => void): string {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const log = createLogger({ service: 'gateway', production: true, logLevel: 'info' }, destination);
    write(log);
    return chunks.join('');
  }

  it('never holds a link token or a bearer token, in a URL field, a header or a message', () => {
    const text = logged((log) => {
      log.error({ method: 'GET', url: `/handlingar/2262/7?lank=${TOKEN}`, status: 502 }, 'kommun unavailable');
      log.warn({ request: { url: `/handlingar/2262/7?lank=${TOKEN}` } }, 'slow');
      log.warn({ headers: { authorization: `Bearer ${TOKEN}` } }, 'refused');
      log.info(`opened https://graf.example/handlingar/2262/7?lank=${TOKEN}`);
      log.info('refused %s', `Bearer ${TOKEN}`);
    });
    expect(text).not.toContain(TOKEN);
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ url: '/handlingar/2262/7?lank=REDACTED', status: 502, msg: 'kommun unavailable' });
    expect(lines[1]).toMatchObject({ request: { url: '/handlingar/2262/7?lank=REDACTED' } });
    expect(lines[2]).toMatchObject({ headers: { authorization: 'Bearer REDACTED' } });
    expect(lines[3].msg).toBe('opened https://graf.example/handlingar/2262/7?lank=REDACTED');
    expect(lines[4].msg).toBe('refused Bearer REDACTED');
  });
});
