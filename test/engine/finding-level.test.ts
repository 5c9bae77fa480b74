/** A finding may carry its rule's own level (an RFC SHOULD a binding check judges): it warns. */
import { expect } from 'chai';
import type { EngineSettings, Finding } from '../../src/engine/context.ts';
import type { Level } from '../../src/engine/result.ts';
import { verdictOf } from '../../src/engine/verdict.ts';

const LEVELS: Record<string, Level> = { 'SD-5.5.2.3': 'SHALL', 'SD-5.5.2.20-notify': 'MAY' };

function settings(strict = false): EngineSettings {
  return {
    seed: 1,
    strict,
    clockStart: '2026-01-15T12:00:00Z',
    features: new Set(),
    notificationTimeoutMs: 1000,
    clauseLevel: (id) => LEVELS[id],
  } as EngineSettings;
}

const finding = (clause: string, level?: Level): Finding => ({
  step: 0,
  clauses: [clause],
  messages: ['something was wrong'],
  ...(level ? { level } : {}),
});

describe('engine: finding levels', () => {
  it('a finding on a SHALL clause fails; with level SHOULD it warns', () => {
    expect(verdictOf([finding('SD-5.5.2.3')], settings(), false)).to.equal('fail');
    expect(verdictOf([finding('SD-5.5.2.3', 'SHOULD')], settings(), false)).to.equal('warn');
  });

  it('a finding on a MAY clause stays a warning; strict mode still fails', () => {
    expect(verdictOf([finding('SD-5.5.2.20-notify', 'SHOULD')], settings(), false)).to.equal(
      'warn',
    );
    expect(verdictOf([finding('SD-5.5.2.3', 'SHOULD')], settings(true), false)).to.equal('fail');
  });

  it('a SHALL finding next to a SHOULD one still fails the case', () => {
    const findings = [finding('SD-5.5.2.3', 'SHOULD'), finding('SD-5.5.2.3')];
    expect(verdictOf(findings, settings(), false)).to.equal('fail');
  });
});
