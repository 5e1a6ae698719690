import { scopeSatisfied } from '../domain/scopes.js';
import type { AuthContext } from '../domain/auth/auth-context.js';
import type { MethodDefinition } from './method-definition.js';

/** The dispatch table: method name (any letter case) → its definition. */
export class MethodRegistry {
  private readonly byName = new Map<string, MethodDefinition<any>>();

  constructor(definitions: readonly MethodDefinition<any>[]) {
    for (const definition of definitions) {
      const key = definition.name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`method ${definition.name} is defined twice`);
      this.byName.set(key, definition);
    }
  }

  find(name: string): MethodDefinition<any> | undefined {
    return this.byName.get(name.toLowerCase());
  }

  all(): MethodDefinition<any>[] {
    return [...this.byName.values()];
  }

  /** Scope codes that some method of this server belongs to. */
  scopes(): string[] {
    return [...new Set(this.all().map((d) => d.scope))].sort();
  }

  /** Whether `auth` may call `definition` at all, setting aside its parameters. */
  isAvailable(definition: MethodDefinition<any>, auth: AuthContext, appContextOnly: boolean): boolean {
    return scopeSatisfied(definition.scope, auth.scopes) && authTypeAllowed(definition, auth, appContextOnly);
  }
}

/** B9: the method's credential kinds; with `appContextOnly`, webhooks also lose the documented app-only methods. */
export function authTypeAllowed(definition: MethodDefinition<any>, auth: AuthContext, appContextOnly: boolean): boolean {
  if (!definition.authTypes.includes(auth.type)) return false;
  return !(appContextOnly && auth.type === 'webhook' && definition.documentedAppOnly === true);
}
