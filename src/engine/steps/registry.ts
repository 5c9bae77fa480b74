/** Verb → handler. One place that knows every step a case can name. */
import type { CaseContext } from '../context.ts';
import type { Step } from '../../scenario/types.ts';
import * as device from './device-steps.ts';
import * as store from './store-steps.ts';
import { expect } from './expect-steps.ts';
import { check } from './check-steps.ts';
import { serverControl } from './server-control.ts';

type Handler<K extends Step['do']> = (
  ctx: CaseContext,
  step: Extract<Step, { do: K }>,
  index: number,
) => Promise<void>;

export const STEP_HANDLERS: { [K in Step['do']]: Handler<K> } = {
  sync: device.sync,
  add: device.add,
  delete: device.remove,
  flag: device.flag,
  'create-folder': device.createFolder,
  'delete-folder': device.deleteFolder,
  'fetch-content': device.fetchContent,
  copy: device.copy,
  preferences: device.preferences,
  listen: device.listen,
  deliver: store.deliver,
  'server-delete': store.serverDelete,
  'server-flag': store.serverFlag,
  'server-create-folder': store.serverCreateFolder,
  'server-delete-folder': store.serverDeleteFolder,
  'server-reset-folder': store.serverResetFolder,
  'server-control': serverControl,
  tick: store.tick,
  check,
  expect: (ctx, step, index) => expect(ctx, step, index),
};

export function runStep(ctx: CaseContext, step: Step, index: number): Promise<void> {
  const handler = STEP_HANDLERS[step.do] as Handler<Step['do']>;
  return handler(ctx, step as never, index);
}

export function stepLabel(step: Step): string {
  const who =
    'device' in step
      ? `${Array.isArray(step.device) ? step.device.join(', ') : step.device}: `
      : '';
  const what =
    step.do === 'expect'
      ? `expect ${Object.keys(step)
          .filter((k) => k !== 'do' && k !== 'clauses')
          .join(', ')}`
      : step.do === 'check'
        ? `check ${step.check}`
        : step.do;
  const where = 'folder' in step && step.folder ? ` ${step.folder}` : '';
  const objects =
    'objects' in step && Array.isArray(step.objects) ? ` ${step.objects.join(', ')}` : '';
  return `${who}${what}${where}${objects}`;
}
