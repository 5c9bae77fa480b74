/** The shape of a case file after schema validation (schema/case.schema.json). */
import type { ObjectType } from '../model/types.ts';
import type { Level } from '../engine/result.ts';
import type { SyncPreferences } from '../engine/ports.ts';
import type { NmsTraceRule } from '../engine/nms-trace-rules.ts';

export type Feature =
  | 'notifications'
  | 'qresync'
  | 'condstore'
  | 'metadata-only'
  | 'copy-linkage'
  | 'filters'
  | 'metadata'
  | 'objectid'
  | 'multi-user'
  | 'copy'
  | 'listens'
  | 'filter-date'
  | 'filter-type'
  | 'periodic'
  | 'content-on-demand'
  | 'server-control';

export interface CasePreferences extends SyncPreferences {
  periodMs?: number;
}

export interface ObjectBatch {
  folder: string;
  type: ObjectType;
  count?: number;
  name?: string;
  flags?: string[];
  ageDays?: number;
  size?: number;
  user?: string;
}

export type Step =
  | { do: 'sync'; device: string | string[] }
  | ({ do: 'add'; device: string } & ObjectBatch)
  | { do: 'delete'; device: string; objects: string[] }
  | { do: 'flag'; device: string; objects: string[]; add?: string[]; remove?: string[] }
  | { do: 'create-folder'; device: string; folder: string }
  | { do: 'delete-folder'; device: string; folder: string }
  | { do: 'fetch-content'; device: string; objects: string[] }
  | { do: 'copy'; device: string; object: string; to: string; name: string }
  | { do: 'preferences'; device: string; preferences: CasePreferences }
  | { do: 'listen'; device: string; folder: string }
  | ({ do: 'deliver' } & ObjectBatch)
  | { do: 'server-delete'; objects: string[] }
  | { do: 'server-flag'; objects: string[]; add?: string[]; remove?: string[] }
  | { do: 'server-create-folder'; folder: string; user?: string }
  | { do: 'server-delete-folder'; folder: string; user?: string }
  | { do: 'server-reset-folder'; folder: string; user?: string }
  | {
      do: 'server-control';
      control: 'reset-box' | 'expire-restart-tokens' | 'refuse-next' | 'page-size';
      status?: 429 | 503;
      retryAfter?: number;
      size?: number;
      user?: string;
    }
  | { do: 'tick'; ms: number }
  | { do: 'check'; check: string; user?: string; clauses?: string[] }
  | ({ do: 'expect' } & Expectation);

export interface Expectation {
  clauses?: string[];
  store?: 'oracle';
  devices?: 'all' | string[];
  converged?: true;
  notified?: { device: string };
  linked?: string[];
  sameContent?: string[];
  content?: { device: string; full?: string[]; metadata?: string[] };
  uidValidityChanged?: string;
  quiet?: string;
  trace?: {
    device: string;
    /** trace-rules.ts, plus the NMS-only ones of nms-trace-rules.ts. */
    rules: NmsTraceRule[];
    folders?: string[];
  };
}

export interface CaseDefinition {
  id: string;
  title: string;
  description?: string;
  clauses: string[];
  level: Level;
  role: 'server' | 'client';
  bindings: Array<'imap' | 'nms'>;
  requires?: Feature[];
  scenario?: string;
  devices: Record<
    string,
    { user: string; preferences?: CasePreferences; simulated?: boolean; binding?: 'imap' | 'nms' }
  >;
  given?: {
    folders?: Array<string | { name: string; user?: string }>;
    objects?: ObjectBatch[];
  };
  steps: Array<Step & { note?: string }>;
}

/** A loaded case with where it came from, for messages and reports. */
export interface LoadedCase {
  file: string;
  definition: CaseDefinition;
  /** Source position of each step, by index, for file:line:col messages. */
  stepPositions: Array<{ line: number; col: number }>;
}
