import { describe, expect, test } from 'vitest';
import { hashSecret } from '../../src/kernel/secrets.js';

// Stored tokens and secrets are looked up by this hash: it must stay SHA-256 of the UTF-8 text, in hex,
// whichever way Node computes it, or every credential saved before an upgrade stops working.
describe('hashSecret', () => {
  test('is SHA-256 in lowercase hex (two well-known vectors)', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecret('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test('hashes the UTF-8 bytes of text beyond ASCII', () => {
    // SHA-256 of the bytes c3 a9 (é in UTF-8), not of the Latin-1 byte e9 (de2e331d…).
    expect(hashSecret('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });
});
