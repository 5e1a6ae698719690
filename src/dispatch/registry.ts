import type { AuthContext } from '../kernel/auth-context.js';
import { scopeSatisfied } from '../kernel/scopes.js';
import type { FeatureMethod } from '../features/define-method.js';

/** The dispatch table: method name (any letter case) → its definition. */
export class MethodRegistry {
  private readonly byName = new Map<string, FeatureMethod>();

  constructor(definitions: readonly FeatureMethod[]) {
    for (const definition of definitions) {
      const key = definition.name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`method ${definition.name} is defined twice`);
      this.byName.set(key, definition);
    }
  }

  find(name: string): FeatureMethod | undefined {
    return this.byName.get(name.toLowerCase());
  }

  all(): FeatureMethod[] {
    return [...this.byName.values()];
  }

  /** Scope codes that some method of this server belongs to. */
  scopes(): string[] {
    return [...new Set(this.all().map((d) => d.scope))].sort();
  }

  /** Whether `auth` may call `definition` at all, setting aside its parameters. */
  isAvailable(definition: FeatureMethod, auth: AuthContext, appContextOnly: boolean): boolean {
    return scopeSatisfied(definition.scope, auth.scopes) && authTypeAllowed(definition, auth, appContextOnly);
  }
}

/** B9: the method's credential kinds; with `appContextOnly`, webhooks also lose the documented app-only methods. */
export function authTypeAllowed(definition: FeatureMethod, auth: AuthContext, appContextOnly: boolean): boolean {
  if (!definition.authTypes.includes(auth.type)) return false;
  return !(appContextOnly && auth.type === 'webhook' && definition.documentedAppOnly === true);
}
