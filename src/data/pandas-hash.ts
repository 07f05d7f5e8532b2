/**
 * pandas.util.hash_pandas_object for the column types a digest keeps (int64, float64 and str),
 * ported from pandas/core/util/hashing.py and pandas/_libs/hashing.pyx (pandas 2.x and 3.x
 * give the same values). Everything is unsigned 64-bit arithmetic, done on BigInt.
 */

const M64 = (1n << 64n) - 1n;
/** pandas' default hash_key, "0123456789123456", as SipHash's two little-endian key words. */
const K0 = 0x3736353433323130n;
const K1 = 0x3635343332313938n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & M64;
}

/** SipHash-2-4 of `data` under pandas' key (hash_object_array for each str element). */
export function siphash24(data: Uint8Array): bigint {
  let v0 = 0x736f6d6570736575n ^ K0;
  let v1 = 0x646f72616e646f6dn ^ K1;
  let v2 = 0x6c7967656e657261n ^ K0;
  let v3 = 0x7465646279746573n ^ K1;
  const round = () => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const n = data.length;
  const end = n - (n % 8);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < end; i += 8) {
    const m = view.getBigUint64(i, true);
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
  let b = BigInt(n & 0xff) << 56n;
  for (let i = end; i < n; i++) b |= BigInt(data[i]!) << BigInt(8 * (i - end));
  v3 ^= b;
  round();
  round();
  v0 ^= b;
  v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) round();
  return (v0 ^ v1 ^ v2 ^ v3) & M64;
}

/** The splitmix64 finaliser _hash_ndarray applies to every element. */
export function mix(v: bigint): bigint {
  v ^= v >> 30n;
  v = (v * 0xbf58476d1ce4e5b9n) & M64;
  v ^= v >> 27n;
  v = (v * 0x94d049bb133111ebn) & M64;
  v ^= v >> 31n;
  return v;
}

const f64 = new DataView(new ArrayBuffer(8));
/** np.nan's bit pattern: every NaN hashes as this one (hashing.py normalises NaNs). */
const NAN_BITS = 0x7ff8000000000000n;

export function hashFloat64(values: readonly number[]): bigint[] {
  return values.map((v) => {
    if (Number.isNaN(v)) return mix(NAN_BITS);
    if (v === 0) return mix(0n); // -0.0 hashes as 0.0
    f64.setFloat64(0, v, true);
    return mix(f64.getBigUint64(0, true));
  });
}

export function hashInt64(values: readonly (number | bigint)[]): bigint[] {
  return values.map((v) => mix(BigInt.asUintN(64, BigInt(v))));
}

const utf8 = new TextEncoder();

export function hashStrings(values: readonly string[]): bigint[] {
  const seen = new Map<string, bigint>();
  return values.map((s) => {
    let h = seen.get(s);
    if (h === undefined) seen.set(s, (h = mix(siphash24(utf8.encode(s)))));
    return h;
  });
}

/** combine_hash_arrays: CPython's tuple hash, column by column. */
export function combineHashArrays(arrays: readonly bigint[][], length: number): bigint[] {
  if (arrays.length === 0) return new Array<bigint>(length).fill(0x345678n + 97531n);
  const numItems = BigInt(arrays.length);
  let mult = 1000003n;
  const out = new Array<bigint>(length).fill(0x345678n);
  arrays.forEach((a, i) => {
    const inverse = numItems - BigInt(i);
    for (let r = 0; r < length; r++) out[r] = ((out[r]! ^ a[r]!) * mult) & M64;
    mult = (mult + 82520n + inverse + inverse) & M64;
  });
  return out.map((v) => (v + 97531n) & M64);
}

/** The uint64 array's bytes, as hashlib sees a numpy array (native little-endian). */
export function uint64Bytes(values: readonly bigint[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigUint64(i * 8, v, true));
  return bytes;
}
