/**
 * Python's `base64.b64decode(s)` (binascii.a2b_base64, non-strict) and `b64encode`.
 * Non-alphabet characters are skipped; decoding stops at the pad that completes a quantum;
 * an incomplete final quantum is an error.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const TABLE = new Map([...ALPHABET].map((c, i) => [c, i]));

export class Base64Error extends Error {}

export function b64decode(s: string): Uint8Array {
  // b64decode(str) first encodes to ASCII and raises ValueError for anything else.
  if (/[^\x00-\x7f]/.test(s)) throw new Base64Error("string argument should contain only ASCII characters");
  const out: number[] = [];
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  for (const ch of s) {
    if (ch === "=") {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const v = TABLE.get(ch);
    if (v === undefined) continue;
    pads = 0;
    switch (quadPos) {
      case 0:
        quadPos = 1;
        leftChar = v;
        break;
      case 1:
        quadPos = 2;
        out.push(((leftChar << 2) | (v >> 4)) & 0xff);
        leftChar = v & 0x0f;
        break;
      case 2:
        quadPos = 3;
        out.push(((leftChar << 4) | (v >> 2)) & 0xff);
        leftChar = v & 0x03;
        break;
      default:
        quadPos = 0;
        out.push(((leftChar << 6) | v) & 0xff);
        leftChar = 0;
    }
  }
  if (quadPos === 1) {
    throw new Base64Error("Invalid base64-encoded string: number of data characters cannot be 1 more than a multiple of 4");
  }
  if (quadPos !== 0) throw new Base64Error("Incorrect padding");
  return Uint8Array.from(out);
}

export function b64encode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}
