/** Semantic checks of a case beyond its schema: clause ids, devices, object names. */
import type { CheckContext, Problem } from '../config/validate.ts';
import type { ClauseRegistry } from '../clauses/registry.ts';
import type { CaseDefinition } from './types.ts';
import { isNmsOnlyRule } from '../engine/nms-trace-rules.ts';

export function checkCase(
  def: CaseDefinition,
  ctx: CheckContext,
  registry: ClauseRegistry,
): Problem[] {
  const problems: Problem[] = [];
  const clause = (id: string, pointer: string) => {
    const known = registry.byId.get(id);
    if (!known)
      problems.push(
        ctx.problem(
          pointer,
          `unknown clause id "${id}" (see ${registry.file}; e.g. ${[...registry.byId.keys()].slice(0, 3).join(', ')})`,
        ),
      );
    else if (known.status === 'superseded')
      problems.push(
        ctx.problem(
          pointer,
          `clause ${id} is superseded by ${known.supersededBy}; cite that instead`,
        ),
      );
  };
  def.clauses.forEach((id, i) => clause(id, `/clauses/${i}`));
  const devices = new Set(Object.keys(def.devices));
  const names = new Set<string>();
  const define = (name: string | undefined, count: number | undefined) => {
    if (!name) return;
    names.add(name);
    for (let i = 1; i <= (count ?? 1) && (count ?? 1) > 1; i++) names.add(`${name}.${i}`);
  };
  for (const batch of def.given?.objects ?? []) define(batch.name, batch.count);
  def.steps.forEach((step, i) => {
    const at = `/steps/${i}`;
    if ('device' in step) {
      for (const d of Array.isArray(step.device) ? step.device : [step.device]) {
        if (!devices.has(d))
          problems.push(
            ctx.problem(
              `${at}/device`,
              `unknown device "${d}"; devices: ${[...devices].join(', ')}`,
            ),
          );
      }
    }
    const refs =
      'objects' in step && Array.isArray(step.objects)
        ? step.objects
        : step.do === 'copy'
          ? [step.object]
          : [];
    for (const ref of refs) {
      if (!names.has(ref))
        problems.push(
          ctx.problem(at, `object "${ref}" is not defined by given or an earlier step`),
        );
    }
    if (step.do === 'check')
      (step.clauses ?? []).forEach((id, j) => clause(id, `${at}/clauses/${j}`));
    if (step.do === 'expect') {
      (step.clauses ?? []).forEach((id, j) => clause(id, `${at}/clauses/${j}`));
      for (const ref of [
        ...(step.linked ?? []),
        ...(step.sameContent ?? []),
        ...(step.content?.full ?? []),
        ...(step.content?.metadata ?? []),
      ]) {
        if (!names.has(ref))
          problems.push(
            ctx.problem(at, `object "${ref}" is not defined by given or an earlier step`),
          );
      }
      const device =
        step.notified?.device ?? step.content?.device ?? step.quiet ?? step.trace?.device;
      if (device && !devices.has(device))
        problems.push(ctx.problem(at, `unknown device "${device}"`));
      if (Array.isArray(step.devices))
        for (const d of step.devices)
          if (!devices.has(d)) problems.push(ctx.problem(at, `unknown device "${d}"`));
    }
    problems.push(...nmsOnlyProblems(def, step, at, ctx));
    if (step.do === 'add' || step.do === 'deliver') define(step.name, step.count);
    if (step.do === 'copy') define(step.name, 1);
  });
  return problems;
}

/** NMS-only trace rules and store controls need a client case bound to NMS alone. */
function nmsOnlyProblems(
  def: CaseDefinition,
  step: CaseDefinition['steps'][number],
  at: string,
  ctx: CheckContext,
): Problem[] {
  const nmsOnly = def.role === 'client' && def.bindings.length === 1 && def.bindings[0] === 'nms';
  if (nmsOnly) return [];
  const need = 'a client case with bindings: [nms]';
  if (step.do === 'server-control')
    return [ctx.problem(at, `server-control ${step.control} needs ${need}`)];
  if (step.do !== 'expect' || !step.trace) return [];
  return step.trace.rules
    .map((rule, j) => ({ rule, j }))
    .filter(({ rule }) => isNmsOnlyRule(rule))
    .map(({ rule, j }) =>
      ctx.problem(
        `${at}/trace/rules/${j}`,
        `trace rule ${rule} judges NMS traffic: it needs ${need}`,
      ),
    );
}
