/** Characters outside Latin-1: V8 then holds the whole string at two bytes per character. */
const TWO_BYTE = /[\u0100-\uffff]/;

/**
 * About how many bytes V8 holds for a string: one per character while every character is
 * Latin-1 (åäö included), two once any one is not (an en dash, as in "Sundsvall–Timrå").
 */
export function heapBytes(text: string): number {
  return TWO_BYTE.test(text) ? 2 * text.length : text.length;
}
