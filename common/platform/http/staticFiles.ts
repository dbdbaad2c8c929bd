import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

/** A built single-page app (Vite's `dist/`) served under a URL prefix, e.g. `/graphiql`. */
export interface StaticSite {
  /** Where the app lives, without a trailing slash: `/graphiql`. */
  urlPrefix: string;
  /** The folder of the build: `index.html` and `assets/`. */
  dir: string;
  /** Said in the 404 when the folder has no `index.html`, e.g. how to build it. */
  notBuiltHint?: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Answers a GET or HEAD under one of the sites' prefixes and returns true; returns false for
 * any other path, so the caller goes on. Files under `assets/` carry a content hash in their
 * name (Vite), so they are cached for a year; everything else is revalidated. A path without a
 * file extension that names no file is a client route and gets `index.html`; a missing file
 * with an extension is a 404, never `index.html` (a missing script must not parse HTML).
 */
export function serveStaticSite(sites: StaticSite[], req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  const site = sites.find((s) => pathname === s.urlPrefix || pathname.startsWith(`${s.urlPrefix}/`));
  if (!site) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, `${site.urlPrefix} serves files: use GET`, { allow: 'GET, HEAD' });
    return true;
  }
  if (pathname === site.urlPrefix) {
    // The app's relative links resolve against the folder, so the folder is the address.
    const search = new URL(req.url ?? '/', 'http://localhost').search;
    res.writeHead(308, { location: `${site.urlPrefix}/${search}` }).end();
    return true;
  }
  const root = path.resolve(site.dir);
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index) && isBeingBuilt(root)) {
    sendBeingBuilt(res, site, req.method === 'HEAD');
    return true;
  }
  if (!fs.existsSync(index)) {
    sendText(res, 404, `Nothing is built at ${site.urlPrefix}/ yet${site.notBuiltHint ? `: ${site.notBuiltHint}` : ''}`);
    return true;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(site.urlPrefix.length + 1));
  } catch {
    sendText(res, 400, 'The path is not valid percent-encoding');
    return true;
  }
  const file = path.resolve(root, relative);
  // `..`, an absolute path or a NUL never leaves the folder, and dotfiles (the build's own
  // records) are not the app's: such a request is simply not found.
  const hidden = relative.split(/[\\/]/).some((segment) => segment.startsWith('.'));
  if (hidden || relative.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
    sendText(res, 404, `Nothing at ${pathname}`);
    return true;
  }
  const found = isFile(file) ? file : path.extname(relative) === '' ? index : null;
  if (!found) {
    sendText(res, 404, `Nothing at ${pathname}`);
    return true;
  }
  const body = fs.readFileSync(found);
  const hashed = found !== index && path.relative(root, found).startsWith(`assets${path.sep}`);
  res.writeHead(200, {
    'content-type': contentTypes[path.extname(found).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

/**
 * Where a build of `dir` is written while it runs (scripts/frontendBuild.ts), beside it, before
 * it is moved into place: the server sees from it that the app is on its way. The pid names the
 * building process, so that a folder a killed build left behind is not taken for a build.
 */
export function buildingDirFor(dir: string, pid: number): string {
  return path.join(path.dirname(dir), `.${path.basename(dir)}-building-${pid}`);
}

function isBeingBuilt(dir: string): boolean {
  const prefix = `.${path.basename(dir)}-building-`;
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(dir));
  } catch {
    return false;
  }
  return names.some((name) => name.startsWith(prefix) && isRunning(Number(name.slice(prefix.length))));
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Seconds between the reloads of the page said while an app is built. */
const RELOAD_SECONDS = 2;

/**
 * A page for the first start, while the app is built beside a gateway that already answers:
 * it says so and reloads itself (no script: a refresh the page's own header asks for) until the
 * app is there, rather than a 404 the user would have to retry by hand.
 */
function sendBeingBuilt(res: http.ServerResponse, site: StaticSite, headOnly: boolean): void {
  const where = `${site.urlPrefix}/`;
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="refresh" content="${RELOAD_SECONDS}"><title>Building ${where}</title></head>` +
    `<body><p>${where} is being built (the first start builds it once, in about a minute). ` +
    'This page reloads itself until it is there.</p></body></html>\n';
  res.writeHead(503, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'retry-after': String(RELOAD_SECONDS),
    'x-content-type-options': 'nosniff',
  });
  res.end(headOnly ? undefined : body);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function sendText(res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}
