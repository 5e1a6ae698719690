// A small seeded PRNG (mulberry32) and the choices the generators make with it.

/** 32-bit state, one step per draw; the same seed gives the same sequence on every machine. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of request `index` of run `seed`: each request can be replayed alone. */
export function requestRng(seed, index) {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return new Random(mulberry32(h ^ (h >>> 15)));
}

export class Random {
  constructor(next) {
    this.next = next;
  }
  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** An integer in [min, max]. */
  between(min, max) {
    return min + this.int(max - min + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  /** `[weight, value]` pairs; a value may be a function, called with this generator. */
  weighted(pairs) {
    const total = pairs.reduce((sum, [w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [w, value] of pairs) {
      at -= w;
      if (at < 0) return typeof value === 'function' ? value(this) : value;
    }
    const last = pairs[pairs.length - 1][1];
    return typeof last === 'function' ? last(this) : last;
  }
  bytes(n) {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  /** Printable ASCII of length n. */
  word(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(33 + this.int(94));
    return s;
  }
  alnum(n) {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += chars[this.int(chars.length)];
    return s;
  }
}
