/**
 * Fixtures for `cpmct serve`: folders and seeded objects loaded straight into the model, and
 * the store behaviours to take on (simulators/server/store-behaviours.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '../config/paths.ts';
import { ConfigError, loadValidated } from '../config/validate.ts';
import { ObjectFactory } from '../fixtures/generate.ts';
import type { MessageStore } from '../model/store.ts';
import type { ObjectType } from '../model/types.ts';

interface FixtureFile {
  behaviours?: string[];
  users: Record<
    string,
    {
      folders?: string[];
      objects?: Array<{
        folder: string;
        type: ObjectType;
        count?: number;
        flags?: string[];
        ageDays?: number;
      }>;
    }
  >;
}

const SCHEMA = JSON.parse(readFileSync(join(SCHEMA_DIR, 'fixture.schema.json'), 'utf8')) as object;

/** The behaviours a fixture asks the store to take on (read before the store starts). */
export function fixtureBehaviours(file: string): string[] {
  const loaded = loadValidated<FixtureFile>(file, SCHEMA);
  if (!loaded.value) throw new ConfigError(loaded.problems);
  return loaded.value.behaviours ?? [];
}

export function loadFixture(
  file: string,
  stores: Map<string, MessageStore>,
  seed: number,
  now = Date.parse('2026-01-15T12:00:00Z'),
) {
  const loaded = loadValidated<FixtureFile>(file, SCHEMA);
  if (!loaded.value) throw new ConfigError(loaded.problems);
  const factory = new ObjectFactory(seed);
  let folders = 0;
  let objects = 0;
  for (const [user, content] of Object.entries(loaded.value.users)) {
    const store = stores.get(user);
    if (!store)
      throw new ConfigError([
        loaded.problemAt(
          `/users/${user}`,
          `no such user; users: ${[...stores.keys()].join(', ')}`,
          'key',
        ),
      ]);
    for (const folder of content.folders ?? []) {
      if (!store.hasFolder(folder)) store.createFolder(folder);
      folders++;
    }
    for (const batch of content.objects ?? []) {
      if (!store.hasFolder(batch.folder)) store.createFolder(batch.folder);
      const count = batch.count ?? 1;
      for (let i = 0; i < count; i++) {
        const date = new Date(now - (batch.ageDays ?? 0) * 86_400_000 - (count - i) * 60_000);
        const spec = factory.create({ type: batch.type, date, flags: batch.flags ?? [] });
        store.append(batch.folder, spec.raw, { flags: spec.flags, internalDate: date });
        objects++;
      }
    }
  }
  return { folders, objects };
}
