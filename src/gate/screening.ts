/**
 * Safeguarding screening as data: what state a post's current revision is in, and how the machine's
 * verdicts and a person's decisions move it. Pure. The gate (release.ts) reads the state to decide
 * whether text may leave the database; the store keeps one row per post (src/store/screenings.ts).
 *
 * The rules, in words:
 * - A post nobody has screened, or whose clear verdict was for an older revision, is awaiting
 *   screening, and its text is withheld like a flagged post's.
 * - The machine may raise a flag; it never lowers one. A flag no person has reviewed survives
 *   `classify --all`, `train` and a new codebook.
 * - A person's decision covers the revision they saw. A person's flag stands until a person clears
 *   it; a person's "clear" lasts until the post changes, and a newer revision the machine flags goes
 *   back to the safeguarding queue.
 * - A person who flags a post may give the flag its level (S4); it wins over the classifier's until a
 *   person decides again.
 */
import type { SafeguardingLevel } from '../classify/codebook';

export type StoredState = 'machine-clear' | 'machine-flagged' | 'person-cleared' | 'person-flagged';
export type ScreeningState = 'awaiting' | StoredState;

export const SCREENING_STATES: readonly ScreeningState[] = ['awaiting', 'machine-clear', 'machine-flagged', 'person-cleared', 'person-flagged'];

export interface Screening {
  readonly state: StoredState;
  /** The post revision the state was decided on. */
  readonly revision: number;
  /** The classifier's score that set this state (a standing flag keeps the score that raised it), null when only a person has looked. */
  readonly score: number | null;
  /** The latest person's decision (kept when the machine later re-flags a newer revision). */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decidedRevision: number | null;
  /** A person's level for the flag they raised or confirmed (S4); null: the classifier's level stands. */
  readonly level: SafeguardingLevel | null;
}

export interface MachineVerdict {
  readonly flagged: boolean;
  readonly score: number;
  /** The revision the classifier read. */
  readonly revision: number;
}

export interface PersonDecision {
  readonly flagged: boolean;
  /** The revision the person saw. */
  readonly revision: number;
  readonly by: string | null;
  readonly at: string;
  /** The level a person gives their flag; ignored when they clear it. */
  readonly level?: SafeguardingLevel | null;
}

/** The state of the post's current revision. */
export function toScreeningState(stored: Screening | null, currentRevision: number): ScreeningState {
  if (stored === null) return 'awaiting';
  if (isFlagState(stored.state)) return stored.state;
  return stored.revision >= currentRevision ? stored.state : 'awaiting';
}

export function isFlagState(state: ScreeningState): state is 'machine-flagged' | 'person-flagged' {
  return state === 'machine-flagged' || state === 'person-flagged';
}

/** Clear by the machine or a person for this revision: the only states whose text may leave to everyone. */
export function isClearState(state: ScreeningState): state is 'machine-clear' | 'person-cleared' {
  return state === 'machine-clear' || state === 'person-cleared';
}

export function afterMachineVerdict(stored: Screening | null, verdict: MachineVerdict): Screening {
  const person = { decidedBy: stored?.decidedBy ?? null, decidedAt: stored?.decidedAt ?? null, decidedRevision: stored?.decidedRevision ?? null };
  if (stored && isFlagState(stored.state)) {
    // Sticky: the machine cannot lower a flag. A higher score is kept, so the lead sees why it was raised.
    const score = Math.max(stored.score ?? 0, verdict.score);
    return { ...stored, score, revision: stored.state === 'machine-flagged' ? Math.max(stored.revision, verdict.revision) : stored.revision };
  }
  if (stored?.state === 'person-cleared' && verdict.revision <= stored.revision) return stored;
  return { state: verdict.flagged ? 'machine-flagged' : 'machine-clear', revision: verdict.revision, score: verdict.score, ...person, level: null };
}

export function afterPersonDecision(stored: Screening | null, decision: PersonDecision): Screening {
  return {
    state: decision.flagged ? 'person-flagged' : 'person-cleared',
    revision: decision.revision,
    score: stored?.score ?? null,
    decidedBy: decision.by,
    decidedAt: decision.at,
    decidedRevision: decision.revision,
    level: decision.flagged ? (decision.level ?? null) : null,
  };
}

/** How a state reads to a person, e.g. in the export's `screening` column and in `safeguarding`. */
export function describeScreening(state: ScreeningState): string {
  switch (state) {
    case 'awaiting':
      return 'awaiting screening';
    case 'machine-clear':
      return 'clear (machine)';
    case 'machine-flagged':
      return 'flagged (machine), awaiting a person';
    case 'person-cleared':
      return 'cleared by a person';
    case 'person-flagged':
      return 'flagged by a person';
  }
}
