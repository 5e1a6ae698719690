/** Types of prng.mjs for the TypeScript tests. */
export function mulberry32(seed: number): () => number;
