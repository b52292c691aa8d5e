/** The five One Vision priority outcomes as a report names them (the codebook holds the full wording). */
export const OUTCOME_NUMBERS = [1, 2, 3, 4, 5] as const;

export const OUTCOME_NAMES: Readonly<Record<number, string>> = {
  1: 'Strengthening families and communities',
  2: "Children's physical, emotional and mental health",
  3: 'Protecting children from the risk of harm',
  4: 'Aspiration and achievement towards economic wellbeing',
  5: 'A positive contribution to the community',
};

export const OUTCOME_SHORT_NAMES: Readonly<Record<number, string>> = {
  1: '1 Families & communities',
  2: '2 Health & wellbeing',
  3: '3 Safe from harm',
  4: '4 Aspiration & achievement',
  5: '5 Positive contribution',
};

/**
 * Each outcome's one name in the report: the codebook's own (data/codebook/one-vision-2017.json, which
 * has no shorter form), copied here so the report stays pure; a test keeps the two equal.
 */
export const CODEBOOK_OUTCOME_NAMES: Readonly<Record<number, string>> = {
  1: 'Strengthening families and communities',
  2: "Promoting and protecting children's physical, emotional and mental health",
  3: 'Helping and protecting children from the risk of harm',
  4: 'Raising the aspiration and achievement of children and young people towards economic wellbeing',
  5: 'Making a positive contribution to the community',
};

/** `2;3` → [2, 3]; anything that is not one of the five is ignored. */
export function toOutcomeList(outcomes: string | null): number[] {
  if (!outcomes) return [];
  const list: number[] = [];
  for (const part of outcomes.split(';')) {
    const n = Number(part.trim());
    if ((OUTCOME_NUMBERS as readonly number[]).includes(n) && !list.includes(n)) list.push(n);
  }
  return list.sort((a, b) => a - b);
}
