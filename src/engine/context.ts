/** Everything one running case holds: devices, actors, oracle, names, findings. */
import { ObjectFactory } from '../fixtures/generate.ts';
import type { CaseDefinition, ObjectBatch } from '../scenario/types.ts';
import type { DeviceDriver, DriverFactory, ObjectSpec, StoreActor, SyncReport } from './ports.ts';
import type { Evidence, Level } from './result.ts';
import { Oracle } from './oracle.ts';
import { CaseDefinitionError, ObjectNames } from './names.ts';
import { TraceBook } from './trace.ts';
import { judgedActor } from './store-faults.ts';

export interface EngineSettings {
  seed: number;
  strict: boolean;
  /** Declared optional features (the ICS). */
  features: Set<string>;
  notificationTimeoutMs: number;
  /** The run's virtual clock starts here (ISO). */
  clockStart: string;
  clauseLevel: (id: string) => Level | undefined;
  /** Folders the store keeps, from the profile's `store.keepFolders` (emptied, never deleted). */
  keepFolders?: string[];
}

export interface Finding {
  step: number;
  clauses: string[];
  messages: string[];
  /** The rule's own level when weaker than its clauses' (e.g. an RFC SHOULD a check judges). */
  level?: Level;
}

export class CaseContext {
  readonly oracle = new Oracle();
  readonly names = new ObjectNames();
  readonly devices = new Map<string, DeviceDriver>();
  readonly actors = new Map<string, StoreActor>();
  readonly findings: Finding[] = [];
  readonly notes: Evidence[] = [];
  readonly objects: ObjectFactory;
  /** UIDVALIDITY of folders just before they were reset, by "user/folder". */
  readonly uidValidityBefore = new Map<string, number>();
  /** Virtual clock, ms since epoch. */
  now: number;
  /** Last sync time per device on the virtual clock (periodic sync). */
  readonly lastSync = new Map<string, number>();
  /** The store's recorded traffic, attributed to devices (client conformance). */
  readonly trace: TraceBook;
  /** What each device's last sync reported. */
  readonly lastReport = new Map<string, SyncReport>();

  constructor(
    readonly definition: CaseDefinition,
    readonly factory: DriverFactory,
    readonly settings: EngineSettings,
    caseSeed: number,
  ) {
    this.objects = new ObjectFactory(caseSeed);
    this.trace = new TraceBook(factory.trace);
    this.now = Date.parse(settings.clockStart);
  }

  get defaultUser(): string {
    const first = Object.values(this.definition.devices)[0];
    return first?.user ?? 'alice';
  }

  device(name: string): DeviceDriver {
    const device = this.devices.get(name);
    if (!device) throw new CaseDefinitionError(`unknown device "${name}"`);
    return device;
  }

  deviceUser(name: string): string {
    const entry = this.definition.devices[name];
    if (!entry) throw new CaseDefinitionError(`unknown device "${name}"`);
    return entry.user;
  }

  async actor(user: string): Promise<StoreActor> {
    let actor = this.actors.get(user);
    if (!actor) {
      const created = await this.factory.createActor(user);
      actor = this.definition.role === 'server' ? judgedActor(created) : created;
      this.actors.set(user, actor);
    }
    return actor;
  }

  /** Generate the objects of a batch (seeded), dated on the virtual clock. */
  generate(batch: ObjectBatch): ObjectSpec[] {
    const count = batch.count ?? 1;
    const specs: ObjectSpec[] = [];
    for (let i = 0; i < count; i++) {
      const ageMs = (batch.ageDays ?? 0) * 86_400_000 + (count - i) * 60_000;
      specs.push(
        this.objects.create({
          type: batch.type,
          date: new Date(this.now - ageMs),
          flags: batch.flags ?? [],
          ...(batch.size !== undefined ? { size: batch.size } : {}),
        }),
      );
    }
    return specs;
  }

  /** Record what was wrong and the clauses it proves broken (never the case's whole list). */
  find(step: number, clauses: string[], messages: string[]): void {
    if (messages.length === 0) return;
    this.findings.push({ step, clauses, messages });
  }
}
