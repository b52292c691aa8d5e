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
