/**
 * Issue 12, item 6: terminal safety. Post text written by strangers reaches the safeguarding lead's
 * terminal (`safeguarding`, `review --safeguarding`) and the analyst's (`explain`, `review`). Nothing
 * in it may clear the screen, move the cursor, overwrite a line, retitle the window, reorder what is
 * shown, or hide a hyperlink's target behind other words.
 */
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, makeTempDir, runCli, type CliResult } from '../helpers/cli';
import { findExportRow } from '../helpers/export-rows';

const FIXTURES = path.join(ROOT, 'test/fixtures/gate');

/** What a terminal or the bidi algorithm acts on: C0 but \n and \t (so ESC, BEL, BS, CR), DEL, C1, bidi controls. */
// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectTerminalSafe(output: string, where: string): void {
  const found = UNSAFE.exec(output);
  const context = found ? JSON.stringify(output.slice(Math.max(0, found.index - 40), found.index + 40)) : '';
  expect(found, `${where} prints U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} raw: ${context}`).toBeNull();
}

/** A hidden link is safe only when its target shows beside its words (or both are gone). */
function expectLinkNotHidden(output: string, words: string, target: string, where: string): void {
  if (output.includes(words)) expect(output, `${where} shows "${words}" but not where it links to`).toContain(target);
}

const FLAGGED = ['esc-flag-clear-screen', 'esc-flag-osc8', 'esc-flag-overwrite', 'esc-flag-c1-osc'];
const CLEAR = ['esc-clear-c1', 'esc-clear-bidi', 'esc-clear-cursor', 'esc-clear-osc8', 'esc-clear-overwrite', 'esc-clear-title'];

let tmp: ReturnType<typeof makeTempDir>;
let db: string;
let fieldsDb: string;
const cli = (file: string, args: string[], input?: string): Promise<CliResult> => runCli(['--db', file, ...args], { cwd: tmp.dir, input });
const both = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

beforeAll(async () => {
  tmp = makeTempDir();
  db = tmp.file('onevision.db');
  fieldsDb = tmp.file('fields.db');
  for (const [file, fixture] of [
    [db, 'terminal-escapes.ndjson'],
    [fieldsDb, 'terminal-escapes-fields.ndjson'],
  ] as const) {
    const imported = await cli(file, ['import', path.join(FIXTURES, fixture), '--json']);
    expect(imported.code, imported.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => tmp.cleanup());

describe('the test data', () => {
  it('has the disclosures flagged and the rest screened clear', async () => {
    const rows = parse((await cli(db, ['export'])).stdout, { columns: true }) as Array<Record<string, string>>;
    const state = (id: string) => findExportRow(rows, db, 'survey', id)?.screening;
    for (const id of FLAGGED) expect(state(id), id).toBe('machine-flagged');
    for (const id of CLEAR) expect(state(id), id).toBe('machine-clear');
  });
});

describe('safeguarding (the lead reads flagged text in full)', () => {
  it('shows every disclosure with its escape sequences made visible, none acted on', async () => {
    const result = await cli(db, ['safeguarding']);
    expect(result.code).toBe(0);
    const out = both(result);
    expectTerminalSafe(out, 'safeguarding');
    for (const id of FLAGGED) expect(out).toContain(`survey:${id}`);
    expect(out).toContain('My stepdad hits me');
    expect(out).toContain('I cut myself when it gets bad');
    // A carriage return cannot hide what came before it.
    expect(out).toContain("I'm fine");
    expect(out).toContain("I'm not fine");
    expectLinkNotHidden(out, 'click', 'http://evil.example', 'safeguarding');
    expectLinkNotHidden(out, 'nothing to see', 'http://evil.example/c1', 'safeguarding');
  });

  it('review --safeguarding cards are as safe', async () => {
    const result = await cli(db, ['review', '--safeguarding', '--by', 'dsl'], 'ssssq');
    expect(result.code, result.stderr).toBe(0);
    const out = both(result);
    expectTerminalSafe(out, 'review --safeguarding');
    expect(out).toContain('My stepdad hits me');
    expect(out).toContain("I'm not fine");
    expectLinkNotHidden(out, 'click', 'http://evil.example', 'review --safeguarding');
    expectLinkNotHidden(out, 'nothing to see', 'http://evil.example/c1', 'review --safeguarding');
  });
});

describe('explain SOURCE:ID', () => {
  it.each(CLEAR)('%s: the text is printed with nothing a terminal would act on', async (id) => {
    const result = await cli(db, ['explain', `survey:${id}`]);
    expect(result.code, result.stderr).toBe(0);
    expectTerminalSafe(both(result), `explain survey:${id}`);
  });

  it('keeps the words around the sequences, and hidden links show their target', async () => {
    const outputs = await Promise.all(['esc-clear-osc8', 'esc-clear-overwrite', 'esc-clear-c1'].map((id) => cli(db, ['explain', `survey:${id}`]).then(both)));
    const [osc8, overwrite, c1] = outputs as [string, string, string];
    expectLinkNotHidden(osc8, 'see the plans', 'http://evil.example/steal', 'explain');
    expect(osc8).toContain('Skate park for Hayle!');
    expect(overwrite).toContain("I'm fine");
    expect(overwrite).toContain('A youth centre in Falmouth');
    expect(c1).toContain('needs more youth workers');
  });

  it.each(FLAGGED)('%s (withheld): nothing unsafe either', async (id) => {
    const result = await cli(db, ['explain', `survey:${id}`]);
    expect(result.code, result.stderr).toBe(0);
    expectTerminalSafe(both(result), `explain survey:${id}`);
  });
});

describe('review (the analyst\'s cards on stderr)', () => {
  it('shows each clear post with nothing a terminal would act on', async () => {
    const result = await cli(db, ['review', '--by', 'analyst'], 'sssssssq');
    expect(result.code, result.stderr).toBe(0);
    const out = both(result);
    expectTerminalSafe(out, 'review');
    expect(out).toContain('needs more youth workers');
    expect(out).toContain('cost too much for students');
    expect(out).toContain('CAMHS waiting lists are too long');
    expect(out).toContain('Careers advice in Bodmin');
    expect(out).toContain("I'm fine");
    expect(out).toContain('A youth centre in Falmouth');
    expectLinkNotHidden(out, 'see the plans', 'http://evil.example/steal', 'review');
    expect(out).toMatch(/reviewed \d+ of \d+: 0 labelled/);
  });
});

/** One post's part of an output: a `safeguarding` entry (blank-line separated) or a review card. */
function partWith(output: string, marker: string): string {
  const parts = output.split(/\n\n|\n(?=── \d+\/\d+ )/);
  const part = parts.find((p) => p.includes(marker));
  expect(part, `an entry with "${marker}"`).toBeDefined();
  return part!;
}

describe('the fields printed beside the text: a link, an author and an id from an imported file', () => {
  let safeguarding: string;
  let leadCards: string;
  let cards: string;
  beforeAll(async () => {
    safeguarding = both(await cli(fieldsDb, ['safeguarding']));
    leadCards = both(await cli(fieldsDb, ['review', '--safeguarding', '--by', 'dsl'], 'sssq'));
    cards = both(await cli(fieldsDb, ['review', '--by', 'analyst'], 'sssq'));
  }, 60_000);

  it('safeguarding: the link', () => expectTerminalSafe(partWith(safeguarding, 'I hurt myself again'), 'safeguarding (link)'));
  it('safeguarding: the author a respondent typed', () => expectTerminalSafe(partWith(safeguarding, "My mum's boyfriend"), 'safeguarding (author)'));
  it('review --safeguarding: the link', () => expectTerminalSafe(partWith(leadCards, 'I hurt myself again'), 'review --safeguarding (link)'));
  it('review --safeguarding: the author a respondent typed', () => expectTerminalSafe(partWith(leadCards, "My mum's boyfriend"), 'review --safeguarding (author)'));
  it('review: the link', () => expectTerminalSafe(partWith(cards, 'in Camborne please'), 'review (link)'));
  it('review: the id', () => expectTerminalSafe(partWith(cards, 'in Bodmin please'), 'review (id)'));
});
