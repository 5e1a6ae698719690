import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Whether an address is a public host, and if not, the range that makes it one we do not reach. */
export type AddressVerdict = { public: true } | { public: false; range: string };

/** Whole IPv6 ranges that route to IPv4 somewhere we cannot see: never followed. */
const TRANSLATED_RANGES = new Set(['rfc6052', '6to4', 'teredo']);
/** IPv6 forms whose last 32 bits are an IPv4 address the connection really goes to. */
const EMBEDDING_RANGES = new Set(['ipv4Mapped', 'rfc6145']);

/**
 * An allow-list, not a block list: only globally routable unicast passes (`unicast` in ipaddr.js's
 * `range()`, and for IPv6 inside 2000::/3). Anything unparsable is not public.
 */
export function classifyAddress(address: string): AddressVerdict {
  if (isIP(address) === 0) return { public: false, range: 'invalid' };
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return verdict((parsed as ipaddr.IPv4).range());
  const v6 = parsed as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'loopback' || range === 'unspecified') return { public: false, range };
  // ::a.b.c.d (IPv4-compatible), ::ffff:a.b.c.d and ::ffff:0:a.b.c.d: judge the IPv4 inside.
  if (EMBEDDING_RANGES.has(range) || v6.parts.slice(0, 6).every((part) => part === 0)) {
    return verdict(embeddedIpv4(v6).range());
  }
  if (TRANSLATED_RANGES.has(range)) return { public: false, range };
  if (range !== 'unicast') return { public: false, range };
  // ipaddr.js calls unassigned space unicast too; only 2000::/3 is handed out as global unicast.
  if ((v6.parts[0]! & 0xe000) !== 0x2000) return { public: false, range: 'unassigned' };
  return { public: true };
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).public;
}

function verdict(range: string): AddressVerdict {
  return range === 'unicast' ? { public: true } : { public: false, range };
}

function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}
