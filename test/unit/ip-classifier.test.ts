import { describe, expect, test } from 'vitest';
import { classifyAddress, isPublicAddress } from '../../src/infra/ip-classifier.js';

/** [address, public?, range named in the refusal] */
const TABLE: Array<[string, boolean, string?]> = [
  // Public IPv4 and IPv6.
  ['8.8.8.8', true],
  ['1.1.1.1', true],
  ['93.184.216.34', true],
  ['2606:4700:4700::1111', true],
  ['2a00:1450:4001:82a::200e', true],
  // IPv4 that is not a public host.
  ['0.0.0.0', false, 'unspecified'],
  ['0.1.2.3', false, 'unspecified'],
  ['10.0.0.8', false, 'private'],
  ['172.16.0.1', false, 'private'],
  ['172.31.255.255', false, 'private'],
  ['192.168.1.1', false, 'private'],
  ['127.0.0.1', false, 'loopback'],
  ['127.255.255.254', false, 'loopback'],
  ['169.254.169.254', false, 'linkLocal'],
  ['100.64.0.1', false, 'carrierGradeNat'],
  ['100.127.255.255', false, 'carrierGradeNat'],
  ['198.18.0.1', false, 'reserved'],
  ['198.19.255.255', false, 'reserved'],
  ['192.0.0.8', false, 'reserved'],
  ['192.0.2.10', false, 'reserved'],
  ['198.51.100.7', false, 'reserved'],
  ['203.0.113.200', false, 'reserved'],
  ['224.0.0.1', false, 'multicast'],
  ['239.255.255.250', false, 'multicast'],
  ['240.0.0.1', false, 'reserved'],
  ['255.255.255.255', false, 'broadcast'],
  // Neighbours of the ranges stay public.
  ['100.63.255.255', true],
  ['100.128.0.0', true],
  ['172.15.255.255', true],
  ['172.32.0.0', true],
  ['198.17.255.255', true],
  ['198.20.0.0', true],
  // IPv6 that is not a public host.
  ['::', false, 'unspecified'],
  ['::1', false, 'loopback'],
  ['::2', false, 'unspecified'], // ::0.0.0.2, IPv4-compatible
  ['fe80::1', false, 'linkLocal'],
  ['fc00::1', false, 'uniqueLocal'],
  ['fd12:3456:789a::1', false, 'uniqueLocal'],
  ['ff02::1', false, 'multicast'],
  ['2001:db8::1', false, 'reserved'],
  ['2001:2::1', false, 'benchmarking'],
  ['100::1', false, 'discard'],
  ['fec0::1', false, 'deprecatedSiteLocal'],
  ['1::1', false, 'unassigned'],
  ['4000::1', false, 'unassigned'],
  // Forms that carry an IPv4 address: the IPv4 inside decides.
  ['::7f00:1', false, 'loopback'], // [::127.0.0.1], IPv4-compatible
  ['::a00:8', false, 'private'], // [::10.0.0.8]
  ['::ffff:7f00:1', false, 'loopback'], // IPv4-mapped
  ['::ffff:a9fe:a9fe', false, 'linkLocal'], // ::ffff:169.254.169.254
  ['::ffff:808:808', true], // ::ffff:8.8.8.8
  ['::808:808', true], // ::8.8.8.8
  ['::ffff:0:7f00:1', false, 'loopback'], // IPv4-translated (RFC 6145)
  // Translation and tunnelling ranges are refused whole.
  ['64:ff9b::7f00:1', false, 'rfc6052'], // NAT64 of 127.0.0.1
  ['64:ff9b::808:808', false, 'rfc6052'], // NAT64 of 8.8.8.8: in doubt, refused
  ['64:ff9b:1::1', false, 'rfc6052'],
  ['2002:7f00:1::1', false, '6to4'],
  ['2002:808:808::1', false, '6to4'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, 'teredo'],
  // Not an address at all.
  ['localhost', false, 'invalid'],
  ['', false, 'invalid'],
  ['127.1', false, 'invalid'],
  ['0x7f000001', false, 'invalid'],
];

describe('issue 8 item 6: the address classifier allows only globally routable unicast', () => {
  test.each(TABLE)('%s → public %s (%s)', (address, isPublic, range) => {
    expect(isPublicAddress(address)).toBe(isPublic);
    expect(classifyAddress(address)).toEqual(isPublic ? { public: true } : { public: false, range });
  });
});
