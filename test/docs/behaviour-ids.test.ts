import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * Every behaviour ID cited in src/ and test/ must name an item of docs/behaviour/.
 *
 * An item is a level-3 heading that starts with its ID and ` — `: `### E44 — Finish cannot save …`.
 * An ID is one letter A–I and a number from 1. A citation is such an ID standing on its own in a
 * comment, string or test name: `(A27)`, `A5:`, `B9 decision`, `E40/E41`, `E15(d)`, and the range
 * `E1–E22` (en dash; a hyphen with the letter repeated also counts), which cites every ID in it.
 * Not citations: an ID glued to a word character or to `%`/`#` on either side, so percent-encoded
 * bytes, hex colours and words such as `E2E` or `E164` are left alone; letters after I, and lower
 * case (`h2`), never match. UTF-8 and SHA-256 have no digit right after the letter.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = join(ROOT, 'docs/behaviour');
const SCANNED = ['src', 'test'];
const SKIPPED = [join(ROOT, 'test/fixtures')];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

const ITEM = /^### ([A-I])([1-9]\d?) — \S/;
const CITATION = /(?<![\w%#])([A-I])([1-9]\d?)(?:\s*(?:[–—]\s*([A-I])?|-([A-I]))([1-9]\d?))?(?![\w%])/g;

interface Citation {
  id: string;
  where: string;
}

function files(dir: string, accept: RegExp): string[] {
  if (SKIPPED.includes(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, accept);
    return accept.test(name) ? [path] : [];
  });
}

function citations(path: string): Citation[] {
  const found: Citation[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((line, index) => {
    const where = `${relative(ROOT, path)}:${index + 1}`;
    for (const match of line.matchAll(CITATION)) {
      const [text, letter, first, dashLetter, hyphenLetter, last] = match;
      if (last === undefined) {
        found.push({ id: `${letter}${first}`, where });
        continue;
      }
      const lastLetter = dashLetter ?? hyphenLetter ?? letter;
      if (lastLetter !== letter || Number(last) <= Number(first)) {
        found.push({ id: `malformed range "${text}"`, where });
        continue;
      }
      for (let n = Number(first); n <= Number(last); n++) found.push({ id: `${letter}${n}`, where });
    }
  });
  return found;
}

/** Items of the catalogue by ID, each with the file that defines it. */
function catalogue(): Map<string, string> {
  const items = new Map<string, string>();
  for (const path of files(DOCS, /\.md$/)) {
    readFileSync(path, 'utf8').split('\n').forEach((line, index) => {
      const match = ITEM.exec(line);
      if (!match) return;
      const id = `${match[1]}${match[2]}`;
      const where = `${relative(ROOT, path)}:${index + 1}`;
      if (items.has(id)) throw new Error(`${id} is defined twice: ${items.get(id)} and ${where}`);
      items.set(id, where);
    });
  }
  return items;
}

const items = catalogue();
const cited = SCANNED.flatMap((dir) => files(join(ROOT, dir), SOURCE)).flatMap(citations);

describe('behaviour IDs (docs/behaviour/)', () => {
  test('every ID cited in src/ and test/ has an item', () => {
    const unresolved = cited.filter((c) => !items.has(c.id)).map((c) => `${c.id} at ${c.where}`);
    expect(unresolved).toEqual([]);
    // The scanner must really find the citations (there are hundreds); a broken pattern finds none.
    expect(new Set(cited.map((c) => c.id)).size).toBeGreaterThan(100);
  });

  test('cross-references inside docs/behaviour/ resolve too', () => {
    const unresolved = files(DOCS, /\.md$/)
      .flatMap(citations)
      .filter((c) => !items.has(c.id))
      .map((c) => `${c.id} at ${c.where}`);
    expect(unresolved).toEqual([]);
  });

  test('items are numbered 1…n per letter without gaps, one letter per file', () => {
    const byLetter = new Map<string, number[]>();
    const lettersByFile = new Map<string, Set<string>>();
    for (const [id, where] of items) {
      const letter = id[0]!;
      byLetter.set(letter, [...(byLetter.get(letter) ?? []), Number(id.slice(1))]);
      const file = where.replace(/:\d+$/, '');
      lettersByFile.set(file, (lettersByFile.get(file) ?? new Set()).add(letter));
    }
    for (const [letter, numbers] of byLetter) {
      const sorted = [...numbers].sort((a, b) => a - b);
      expect(sorted, `items of ${letter}`).toEqual(sorted.map((_, i) => i + 1));
    }
    for (const [file, letters] of lettersByFile) expect([...letters], file).toHaveLength(1);
    expect([...byLetter.keys()].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
  });
});
