/** Named objects of a case: a name (or group name) to where the object lives. */

export interface NamedObject {
  user: string;
  folder: string;
  key: string;
}

export class ObjectNames {
  private readonly byName = new Map<string, NamedObject[]>();

  /** Register a batch: count 1 → `name`; count n → `name.1`…`name.n`, and `name` for all. */
  register(name: string | undefined, objects: NamedObject[]): void {
    if (!name) return;
    if (objects.length === 1) {
      this.byName.set(name, [objects[0]!]);
      return;
    }
    objects.forEach((o, i) => this.byName.set(`${name}.${i + 1}`, [o]));
    this.byName.set(name, objects);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  resolve(names: string[]): NamedObject[] {
    return names.flatMap((name) => {
      const found = this.byName.get(name);
      if (!found) throw new CaseDefinitionError(`unknown object name "${name}"`);
      return found;
    });
  }

  one(name: string): NamedObject {
    const found = this.resolve([name]);
    if (found.length !== 1)
      throw new CaseDefinitionError(`"${name}" names ${found.length} objects, expected one`);
    return found[0]!;
  }
}

/** A mistake in the case itself, found while running it (harness-side: verdict error). */
export class CaseDefinitionError extends Error {
  override readonly name = 'CaseDefinitionError';
}
