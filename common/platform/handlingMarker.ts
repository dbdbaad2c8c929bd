/**
 * How a kommun asks the gateway for a signed link to one of its documents. A kommun cannot sign
 * for the gateway, so `Handling.url` (and a new document's `uppladdningsUrl`) answer a marker;
 * the gateway replaces every marker in a kommun's answer with a link it signs for the caller of
 * that request (gateway/src/handlingar/). A marker grants nothing by itself: whoever follows the
 * link is checked again by the kommun, as the identity the link was signed for.
 */

/** The largest file a document may have unless HANDLING_MAX_BYTES says otherwise (gateway and kommun): 20 MiB. */
export const DEFAULT_HANDLING_MAX_BYTES = 20 * 1024 * 1024;

/** `las`: open the file; `ladda-upp`: upload it (PUT). */
export type HandlingLinkPurpose = 'las' | 'ladda-upp';

export interface HandlingLinkTarget {
  purpose: HandlingLinkPurpose;
  kommunkod: string;
  /** The document's id in its kommun. */
  id: string;
}

/**
 * The query parameter of a gateway's document link that holds its signed token: a bearer
 * secret, so logs and traces never record its value (telemetry/redactSecrets).
 */
export const HANDLING_LINK_PARAMETER = 'lank';

const PREFIX = 'kommungraf-handling:';
const MARKER = /^kommungraf-handling:(las|ladda-upp):(\d{4}):(\d{1,18})$/;

export function handlingMarker({ purpose, kommunkod, id }: HandlingLinkTarget): string {
  return `${PREFIX}${purpose}:${kommunkod}:${id}`;
}

/** The target a marker names; null for any other string. */
export function parseHandlingMarker(value: string): HandlingLinkTarget | null {
  if (!value.startsWith(PREFIX)) return null;
  const match = MARKER.exec(value);
  return match ? { purpose: match[1] as HandlingLinkPurpose, kommunkod: match[2], id: match[3] } : null;
}
