import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { afterMachineVerdict, afterPersonDecision, SCREENING_STATES, toScreeningState, type Screening, type StoredState } from '../../src/gate/screening';
import { SCREENING_STATE_SQL } from '../../src/store/screenings';

const at = '2026-11-30T10:00:00.000Z';
const machine = (flagged: boolean, revision = 1) => ({ flagged, score: flagged ? 0.9 : 0.1, revision });
const person = (flagged: boolean, revision = 1) => ({ flagged, revision, by: 'DSL Jo', at });

describe('screening state of a post revision', () => {
  it('is awaiting screening until the machine or a person has looked', () => {
    expect(toScreeningState(null, 1)).toBe('awaiting');
  });

  it('a clear verdict covers only the revision it was given on', () => {
    const clear = afterMachineVerdict(null, machine(false, 1));
    expect(toScreeningState(clear, 1)).toBe('machine-clear');
    expect(toScreeningState(clear, 2)).toBe('awaiting');
    const cleared = afterPersonDecision(clear, person(false, 1));
    expect(toScreeningState(cleared, 1)).toBe('person-cleared');
    expect(toScreeningState(cleared, 2)).toBe('awaiting');
  });

  it('a flag stands on every later revision', () => {
    expect(toScreeningState(afterMachineVerdict(null, machine(true, 1)), 5)).toBe('machine-flagged');
    expect(toScreeningState(afterPersonDecision(null, person(true, 1)), 5)).toBe('person-flagged');
  });
});

describe('the machine raises flags and never lowers one', () => {
  it('re-classifying a machine flag as clear (a retrain, a new codebook) leaves it flagged', () => {
    const flagged = afterMachineVerdict(null, machine(true, 1));
    const retrained = afterMachineVerdict(flagged, machine(false, 1));
    expect(retrained.state).toBe('machine-flagged');
    expect(retrained.score).toBe(0.9);
    expect(afterMachineVerdict(retrained, machine(false, 2)).state).toBe('machine-flagged');
  });

  it('cannot lower a person\'s flag either', () => {
    expect(afterMachineVerdict(afterPersonDecision(null, person(true, 1)), machine(false, 2)).state).toBe('person-flagged');
  });

  it('raises a flag on a clear post', () => {
    expect(afterMachineVerdict(afterMachineVerdict(null, machine(false, 1)), machine(true, 1)).state).toBe('machine-flagged');
  });
});

describe("a person's decision covers the revision they saw", () => {
  it('re-classifying the same revision keeps the person\'s clear', () => {
    const cleared = afterPersonDecision(afterMachineVerdict(null, machine(true, 1)), person(false, 1));
    expect(afterMachineVerdict(cleared, machine(true, 1)).state).toBe('person-cleared');
  });

  it('a newer revision the machine flags goes back to the queue, remembering who cleared the old one', () => {
    const cleared = afterPersonDecision(afterMachineVerdict(null, machine(true, 1)), person(false, 1));
    const edited = afterMachineVerdict(cleared, machine(true, 2));
    expect(edited).toMatchObject({ state: 'machine-flagged', revision: 2, decidedBy: 'DSL Jo', decidedRevision: 1 });
  });

  it('a newer revision the machine finds clear is clear for that revision', () => {
    const cleared = afterPersonDecision(null, person(false, 1));
    expect(afterMachineVerdict(cleared, machine(false, 2))).toMatchObject({ state: 'machine-clear', revision: 2 });
  });

  it("keeps a person's level through re-classification, and drops it when a person clears the flag", () => {
    const leveled = afterPersonDecision(afterMachineVerdict(null, machine(true, 1)), { ...person(true, 1), level: 'concern' });
    expect(leveled).toMatchObject({ state: 'person-flagged', level: 'concern' });
    expect(afterMachineVerdict(leveled, machine(true, 2)).level).toBe('concern');
    const cleared = afterPersonDecision(leveled, { ...person(false, 2), level: 'disclosure' });
    expect(cleared).toMatchObject({ state: 'person-cleared', level: null });
    expect(afterMachineVerdict(cleared, machine(true, 3))).toMatchObject({ state: 'machine-flagged', level: null });
  });

  it('only a person clears a flag, and says who and when', () => {
    const flagged = afterMachineVerdict(null, machine(true, 3));
    expect(afterPersonDecision(flagged, person(false, 3))).toEqual({ state: 'person-cleared', revision: 3, score: 0.9, decidedBy: 'DSL Jo', decidedAt: at, decidedRevision: 3, level: null });
  });
});

describe('the SQL the queues filter on', () => {
  it('agrees with toScreeningState for every stored state and revision', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE posts (id INTEGER PRIMARY KEY, revision INTEGER); CREATE TABLE screenings (post_id INTEGER, state TEXT, revision INTEGER);`);
    const stored: Array<StoredState | null> = [null, ...SCREENING_STATES.filter((s): s is StoredState => s !== 'awaiting')];
    let id = 0;
    const expected = new Map<number, string>();
    for (const state of stored) {
      for (const storedRevision of [1, 2, 3]) {
        for (const current of [1, 2, 3]) {
          id += 1;
          db.prepare('INSERT INTO posts VALUES (?, ?)').run(id, current);
          const screening: Screening | null = state === null ? null : { state, revision: storedRevision, score: null, decidedBy: null, decidedAt: null, decidedRevision: null, level: null };
          if (screening) db.prepare('INSERT INTO screenings VALUES (?, ?, ?)').run(id, state, storedRevision);
          expected.set(id, toScreeningState(screening, current));
        }
      }
    }
    const rows = db.prepare(`SELECT p.id, ${SCREENING_STATE_SQL} AS state FROM posts p LEFT JOIN screenings s ON s.post_id = p.id`).all() as Array<{ id: number; state: string }>;
    expect(new Map(rows.map((r) => [r.id, r.state]))).toEqual(expected);
    db.close();
  });
});
