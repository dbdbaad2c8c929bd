import { createHash } from 'node:crypto';

/** A short digest of what kept answers depend on besides the request (the supergraph, the registry). */
export const digestOf = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 16);
