/** A foreign key between two tables: rows of `child` refer to rows of `parent`. */
export interface TableReference {
  child: string;
  parent: string;
}

/**
 * The tables in an order where every parent comes before its children, so rows can be inserted with
 * the foreign keys checked as they go. Ties keep the given order; a table that refers to itself is
 * no constraint here (its rows are copied in key order); tables caught in a cycle keep their given
 * order at the end, where a deferred check would be their only way in.
 */
export function parentsFirst(tables: readonly string[], references: readonly TableReference[]): string[] {
  const known = new Set(tables);
  const waitingFor = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { child, parent } of references) {
    if (child !== parent && known.has(child) && known.has(parent)) waitingFor.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const table of tables) {
      if (placed.has(table) || [...waitingFor.get(table)!].some((parent) => !placed.has(parent))) continue;
      ordered.push(table);
      placed.add(table);
      progress = true;
    }
  }
  return [...ordered, ...tables.filter((table) => !placed.has(table))];
}
