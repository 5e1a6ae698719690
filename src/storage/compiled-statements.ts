import { CompiledQuery, type Compilable } from 'kysely';
import type { Db, TransactionRunner } from './database.js';

/** Where one parameter of a compiled statement comes from: a value of the arguments, or a constant of the query. */
type Slot = { path: readonly (string | number)[] } | { constant: unknown };

interface Template {
  sql: string;
  slots: Slot[];
}

/** Marks a text value's place while the statement is built; never reaches a database. */
const MARKER = '\u0000extcall-value:';

/**
 * Numbers are marked by numbers of their own kind, so that code deciding on a value's type (an integer
 * is cast to bigint, any other number to a double) builds for a marker what it builds for the value.
 * Each kind has a range no real constant of a statement comes near; markers lie far apart in it, so
 * that arithmetic on a marker (which would freeze the value) lands between them and is caught.
 */
const INTEGER_MARKERS = { base: 4_000_000_000_000_000, step: 1_000_000 };
const FRACTION_MARKERS = { base: 1_000_000_000_000.5, step: 1_000 };
const MARKER_LIMIT = 1_000_000;

/** Bounds the templates kept; each is a statement of the code in one shape of its arguments. */
const MAX_TEMPLATES = 1000;

/**
 * The hot statements of register and finish, built and compiled by Kysely once per database and shape
 * of their arguments, then run with new values. Building and compiling a query cost more than SQLite
 * took to run it (a profile of register: some 15% of the request).
 *
 * `build` is called once, with the arguments' values replaced by markers; the compiled statement's
 * parameters are traced back to them. So `build` must put every argument value into the statement as a
 * parameter, unchanged (an `in` list is fine: its length is part of the shape; a value that decides the
 * statement's text is not, but for being null or for the kind of number it is): the text has to be the
 * same for every value. Which keys are present, which values are null, whether a number is a safe
 * integer and how long arrays are is the shape: each shape is compiled on its own.
 */
export class CompiledStatements {
  /** Per statement name, its compiled shapes; nearly every statement has one or two. */
  private readonly templates = new Map<string, { shape: Shape; template: Template }[]>();
  private kept = 0;

  /** `inTransaction`: how statements run inside a transaction, when the database has a faster way than Kysely's. */
  constructor(private readonly inTransaction: TransactionRunner | null = null) {}

  async rows<A, R>(db: Db, name: string, args: A, build: (args: A) => Compilable<R>): Promise<R[]> {
    const template = this.templateFor(name, args, build);
    const parameters = template.slots.map((slot) => ('constant' in slot ? slot.constant : valueAt(args, slot.path)));
    const direct = this.runnerFor(db);
    if (direct) return direct(template.sql, parameters) as R[];
    const result = await db.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
    return result.rows;
  }

  /**
   * The template of `name` for the shape of `args`, found by comparing the arguments with each known
   * shape in place. A key string of the shape (name, keys, kinds) cost register some 5% of its main
   * thread's instructions, in concatenating it, flattening it and hashing it for the lookup.
   */
  private templateFor<A, R>(name: string, args: A, build: (args: A) => Compilable<R>): Template {
    let known = this.templates.get(name);
    if (known) for (const entry of known) if (fits(args, entry.shape)) return entry.template;
    const template = compileTemplate(args, build);
    if (this.kept < MAX_TEMPLATES) {
      if (!known) this.templates.set(name, (known = []));
      known.push({ shape: shapeOf(args), template });
      this.kept++;
    }
    return template;
  }

  /** Runs a statement compiled elsewhere the same way: inside a transaction straight on its connection where the database allows. */
  async run<R>(db: Db, statement: CompiledQuery<R>): Promise<R[]> {
    const direct = this.runnerFor(db);
    if (direct) return direct(statement.sql, statement.parameters) as R[];
    return (await db.executeQuery(statement)).rows;
  }

  private runnerFor(db: Db): TransactionRunner | null {
    return db.isTransaction ? this.inTransaction : null;
  }

  async first<A, R>(db: Db, name: string, args: A, build: (args: A) => Compilable<R>): Promise<R | undefined> {
    return (await this.rows(db, name, args, build))[0];
  }
}

function compileTemplate<A, R>(args: A, build: (args: A) => Compilable<R>): Template {
  const paths: (readonly (string | number)[])[] = [];
  const compiled = build(markersOf(args, [], paths) as A).compile();
  const slots = compiled.parameters.map((parameter): Slot => {
    const index = markerIndex(parameter);
    if (index !== null && index < paths.length) return { path: paths[index]! };
    if (index !== null || nearNumberMarker(parameter)) throw misusedArgument();
    return { constant: parameter };
  });
  // A value used otherwise than as a whole parameter (inside one, or in the text) would be frozen at its marker.
  const constants = slots.map((slot) => ('constant' in slot ? (JSON.stringify(slot.constant) ?? '') : ''));
  const numberMarkers = paths.map((_, i) => [
    String(INTEGER_MARKERS.base + i * INTEGER_MARKERS.step),
    String(FRACTION_MARKERS.base + i * FRACTION_MARKERS.step),
  ]);
  if (
    [compiled.sql, ...constants].some(
      (text) => text.includes(MARKER) || numberMarkers.some((forms) => forms.some((form) => text.includes(form))),
    )
  )
    throw misusedArgument();
  return { sql: compiled.sql, slots };
}

function misusedArgument(): Error {
  return new Error('a compiled statement uses an argument value other than as a parameter');
}

/** The index of the argument a parameter marks; null when it is no marker. */
function markerIndex(parameter: unknown): number | null {
  if (typeof parameter === 'string') return parameter.startsWith(MARKER) ? Number(parameter.slice(MARKER.length)) : null;
  if (typeof parameter !== 'number') return null;
  for (const { base, step } of [INTEGER_MARKERS, FRACTION_MARKERS]) {
    const index = (parameter - base) / step;
    if (Number.isInteger(index) && index >= 0 && index < MARKER_LIMIT) return index;
  }
  return null;
}

/** A number inside a marker range that is no marker: a marker changed by arithmetic. */
function nearNumberMarker(parameter: unknown): boolean {
  if (typeof parameter !== 'number') return false;
  return [INTEGER_MARKERS, FRACTION_MARKERS].some(({ base, step }) => parameter >= base - step && parameter < base + MARKER_LIMIT * step);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The same structure with every value replaced by a marker, its path noted at the marker's index.
 * undefined and null stay as they are: Kysely leaves an undefined column out, and code may build
 * differently for null (a filter left out); both are part of the shape.
 */
function markersOf(value: unknown, path: readonly (string | number)[], paths: (readonly (string | number)[])[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => markersOf(item, [...path, i], paths));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = markersOf(item, [...path, key], paths);
    return out;
  }
  if (value === undefined || value === null) return value;
  const index = paths.push(path) - 1;
  if (index >= MARKER_LIMIT) throw new Error('a compiled statement has too many arguments');
  if (typeof value !== 'number') return `${MARKER}${index}`;
  const { base, step } = Number.isSafeInteger(value) ? INTEGER_MARKERS : FRACTION_MARKERS;
  return base + index * step;
}

/**
 * What can change a statement's text: keys present (and not undefined) in their order, nulls, kinds of
 * numbers and array lengths, recursively.
 */
type Shape = 'integer' | 'fraction' | 'null' | 'value' | { items: Shape[] } | { keys: string[]; values: Shape[] };

function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return { items: value.map(shapeOf) };
  if (isPlainObject(value)) {
    const keys: string[] = [];
    const values: Shape[] = [];
    for (const key in value) {
      const item = value[key];
      if (item === undefined) continue;
      keys.push(key);
      values.push(shapeOf(item));
    }
    return { keys, values };
  }
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'integer' : 'fraction';
  return value === null ? 'null' : 'value';
}

/** Whether `value` has `shape`: what shapeOf(value) would describe, found without building it. */
function fits(value: unknown, shape: Shape): boolean {
  if (typeof shape === 'string') {
    if (typeof value === 'number') return shape === (Number.isSafeInteger(value) ? 'integer' : 'fraction');
    if (value === null) return shape === 'null';
    return shape === 'value' && !Array.isArray(value) && !isPlainObject(value);
  }
  if ('items' in shape) {
    if (!Array.isArray(value) || value.length !== shape.items.length) return false;
    for (let i = 0; i < value.length; i++) if (!fits(value[i], shape.items[i]!)) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  let i = 0;
  for (const key in value) {
    const item = value[key];
    if (item === undefined) continue;
    if (key !== shape.keys[i] || !fits(item, shape.values[i]!)) return false;
    i++;
  }
  return i === shape.keys.length;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const step of path) value = (value as Record<string | number, unknown>)[step];
  return value;
}
