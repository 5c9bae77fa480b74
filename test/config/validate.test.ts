import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  formatProblem,
  formatProblems,
  loadValidated,
  validateYaml,
} from '../../src/config/validate.ts';
import { displayPath, toPointer } from '../../src/config/yaml-source.ts';

const caseSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  definitions: {
    sync: {
      type: 'object',
      additionalProperties: false,
      required: ['do'],
      properties: { do: { const: 'sync' }, device: { type: 'string' } },
    },
    add: {
      type: 'object',
      additionalProperties: false,
      required: ['do', 'folder'],
      properties: { do: { const: 'add' }, folder: { type: 'string' }, count: { type: 'integer' } },
    },
  },
  type: 'object',
  additionalProperties: false,
  required: ['id', 'binding'],
  properties: {
    id: { type: 'string' },
    binding: { enum: ['imap', 'nms'] },
    devices: { type: 'integer', minimum: 1 },
    expires: { type: 'string', format: 'date' },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['do'],
        properties: {
          do: { enum: ['sync', 'add', 'delete'] },
          device: { type: 'string' },
        },
      },
    },
    verbs: {
      type: 'array',
      items: { oneOf: [{ $ref: '#/definitions/sync' }, { $ref: '#/definitions/add' }] },
    },
  },
};

function check(text: string, file = 'suite/case.yaml') {
  return validateYaml<{ id: string }>(file, text, caseSchema);
}

describe('config/validate', () => {
  it('accepts a valid document and returns the value', () => {
    const r = check('id: a\nbinding: imap\nsteps:\n  - do: sync\n');
    expect(r.problems).to.deep.equal([]);
    expect(r.value).to.deep.equal({ id: 'a', binding: 'imap', steps: [{ do: 'sync' }] });
  });

  it('reports a YAML syntax error at its position', () => {
    const r = check('id: a\nbinding: [imap\nsteps: 3\n');
    expect(r.value).to.equal(undefined);
    expect(r.problems).to.have.length.greaterThan(0);
    const p = r.problems[0]!;
    expect(p.file).to.equal('suite/case.yaml');
    expect(p.line).to.be.within(2, 3);
    expect(p.message).to.match(/^YAML syntax error: /);
    expect(p.message).not.to.include('\n');
  });

  it('reports a duplicate key as a syntax error at the duplicate', () => {
    const r = check('id: a\nbinding: imap\nid: b\n');
    expect(formatProblems(r.problems)).to.match(
      /^suite\/case\.yaml:3:1: YAML syntax error: .*unique/,
    );
  });

  it('points at an unknown key and lists the valid keys', () => {
    const r = check('id: a\nbinding: imap\n  # comment\nbindings: nms\n');
    expect(r.problems.map(formatProblem)).to.deep.equal([
      'suite/case.yaml:4:1: bindings: unknown key "bindings" (did you mean "binding"?); ' +
        'valid keys: id, binding, devices, expires, steps, verbs',
    ]);
  });

  it('says which enum values are valid', () => {
    const r = check('id: a\nbinding: imapp\n');
    expect(formatProblems(r.problems)).to.equal(
      'suite/case.yaml:2:10: binding: must be one of: imap, nms (got "imapp"; did you mean "imap"?)',
    );
  });

  it('says which type is expected and what was given', () => {
    const r = check('id: [x]\nbinding: nms\ndevices: two\n');
    expect(r.problems.map(formatProblem)).to.deep.equal([
      'suite/case.yaml:1:5: id: must be a string (got a list)',
      'suite/case.yaml:3:10: devices: must be an integer (got "two")',
    ]);
  });

  it('locates a problem in a nested array item', () => {
    const text =
      'id: a\nbinding: imap\nsteps:\n  - do: sync\n  - do: add\n  - device: d1\n    do: synk\n';
    const r = check(text);
    expect(formatProblems(r.problems)).to.equal(
      'suite/case.yaml:7:9: steps[2].do: must be one of: sync, add, delete (got "synk"; did you mean "sync"?)',
    );
  });

  it('reports every problem at once, sorted by position', () => {
    const text = [
      'binding: smtp', // 1: enum
      'devices: 0', // 2: minimum
      'expires: 2025-02-30', // 3: not a real date
      'steps:',
      '  - do: add',
      '    colour: red', // 6: unknown key
      '  - {}', // 7: missing do
    ].join('\n');
    const lines = check(text).problems.map(formatProblem);
    expect(lines).to.deep.equal([
      'suite/case.yaml:1:1: missing required key "id"',
      'suite/case.yaml:1:10: binding: must be one of: imap, nms (got "smtp")',
      'suite/case.yaml:2:10: devices: must be >= 1',
      'suite/case.yaml:3:10: expires: must be a valid date (YYYY-MM-DD) (got "2025-02-30")',
      'suite/case.yaml:6:5: steps[0].colour: unknown key "colour"; valid keys: do, device',
      'suite/case.yaml:7:5: steps[1]: missing required key "do"',
    ]);
  });

  it('collapses oneOf branches to the branch that was meant', () => {
    const text = 'id: a\nbinding: imap\nverbs:\n  - do: add\n    count: x\n  - do: teleport\n';
    const lines = check(text).problems.map(formatProblem);
    expect(lines).to.deep.equal([
      'suite/case.yaml:4:5: verbs[0]: missing required key "folder"',
      'suite/case.yaml:5:12: verbs[0].count: must be an integer (got "x")',
      'suite/case.yaml:6:9: verbs[1].do: must be one of: sync, add (got "teleport")',
    ]);
  });

  it('reports an empty file as a problem at 1:1', () => {
    expect(check('').problems.map(formatProblem)).to.deep.equal([
      'suite/case.yaml:1:1: must be a mapping (got an empty value)',
    ]);
  });

  it('gives positions for JSON pointers, falling back to the nearest ancestor', () => {
    const r = check('id: a\nbinding: imap\nsteps:\n  - do: sync\n    device: d9\n');
    expect(r.positionOf('/steps/0/device')).to.deep.equal({ line: 5, col: 13 });
    expect(r.positionOf('/steps/0/device', 'key')).to.deep.equal({ line: 5, col: 5 });
    expect(r.positionOf('/steps/0/nothing')).to.deep.equal({ line: 4, col: 5 });
    expect(r.positionOf('')).to.deep.equal({ line: 1, col: 1 });
    expect(formatProblem(r.problemAt('/steps/0/device', 'unknown device "d9"'))).to.equal(
      'suite/case.yaml:5:13: steps[0].device: unknown device "d9"',
    );
  });

  it('runs extra checks only on schema-valid data and reports them with positions', () => {
    const text = 'id: a\nbinding: imap\nsteps:\n  - do: sync\n    device: d9\n';
    const r = validateYaml<{ steps: { device?: string }[] }>('c.yaml', text, caseSchema, {
      extraChecks: (v, ctx) =>
        v.steps.flatMap((s, i) =>
          s.device === 'd9'
            ? [ctx.problem(toPointer(['steps', i, 'device']), 'no such device')]
            : [],
        ),
    });
    expect(r.value).to.equal(undefined);
    expect(r.data).to.deep.include({ id: 'a' });
    expect(r.problems.map(formatProblem)).to.deep.equal([
      'c.yaml:5:13: steps[0].device: no such device',
    ]);
    let called = false;
    check('binding: 1\n');
    validateYaml('c.yaml', 'binding: 1\n', caseSchema, { extraChecks: () => void (called = true) });
    expect(called).to.equal(false);
  });

  it('follows aliases to the anchored node', () => {
    const text = 'id: a\nbinding: imap\nsteps:\n  - &s {do: bogus}\n  - *s\n';
    const lines = check(text).problems.map(formatProblem);
    expect(lines[0]).to.match(/^suite\/case\.yaml:4:\d+: steps\[0\]\.do: must be one of/);
    expect(lines[1]).to.match(/^suite\/case\.yaml:4:\d+: steps\[1\]\.do: must be one of/);
  });

  describe('loadValidated', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'cpmct-cfg-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads a file and reports with its path', () => {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, 'id: a\nbinding: x\n');
      const r = loadValidated(file, caseSchema);
      expect(r.problems.map(formatProblem)).to.deep.equal([
        `${file}:2:10: binding: must be one of: imap, nms (got "x")`,
      ]);
    });

    it('reports a missing file as one problem without a position', () => {
      const file = join(dir, 'missing.yaml');
      const r = loadValidated(file, caseSchema);
      expect(r.problems.map(formatProblem)).to.deep.equal([`${file}: file not found`]);
    });
  });

  it('ConfigError carries the problems and formats them one per line', () => {
    const r = check('binding: x\n');
    const err = new ConfigError(r.problems);
    expect(err.problems).to.have.length(2);
    expect(err.message.split('\n')).to.have.length(2);
  });

  it('displays JSON pointers as paths', () => {
    expect(displayPath('/steps/3/do')).to.equal('steps[3].do');
    expect(displayPath('/features/metadata-only')).to.equal('features.metadata-only');
    expect(displayPath('/env/A~1B')).to.equal('env["A/B"]');
    expect(displayPath('')).to.equal('');
  });
});
