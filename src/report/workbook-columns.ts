/** What each column of the posts export means, as the workbook's README sheet says it. Pure. */
import { WITHHELD_PLACES, type EXPORT_COLUMNS } from './csv';

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

const OUTCOME_FLAG = (n: number) => `1 if the post is about outcome ${n}, 0 if not, empty before it is classified: a number cell, so summing the column counts posts about outcome ${n}.`;

/** Keyed by every column, so a new column without a meaning does not compile. */
const MEANINGS: Readonly<Record<ExportColumn, string>> = {
  source: 'Where the post came from: x, facebook, survey, …',
  source_id: "The post's id at its source (text); withheld-… when its text is withheld, since the id leads to the text.",
  created_at: 'When it was posted: ISO 8601 text in UTC.',
  author: 'A pseudonym for the author (or the handle, with --include-authors); empty when the source gave no author.',
  text: 'The post as it may leave the database: identifiers replaced, and a notice in place of withheld text.',
  url: 'A link to the post, without the author\'s handle.',
  outcomes: 'The outcomes the post is about, as "2;3"; empty for none and before classification (o1…o5 tell the two apart).',
  safeguarding: '1 flagged for safeguarding, 0 screened clear, empty not yet screened.',
  confidence: "How sure the classification is, 0 to 1 (1 for a person's label).",
  tone: 'The tone the classifier read in the post.',
  places: `The places the text names, ";"-separated: the places the counts count it under; ${WITHHELD_PLACES} when its text is withheld.`,
  screening: "The safeguarding screening of the post's current text: awaiting, machine-clear, machine-flagged, person-cleared or person-flagged.",
  own_account: "1 for the campaign's own posts (and retweets of them), 0 for everyone else's.",
  question: 'The survey question an answer responds to; empty for posts and comments.',
  post: 'The post as SOURCE:ID, the form `onevision explain` takes (SOURCE:withheld-… when its text is withheld).',
  kind: 'post, reply, quote, retweet, comment or response (a survey answer).',
  parent_id: 'The post this one replies to or comments on, as SOURCE:ID (its stand-in when that post is withheld; empty when it was erased).',
  conversation_id: 'The thread the post belongs to, as SOURCE:ID (its first post\'s stand-in when that post is withheld; empty when it was erased).',
  o1: OUTCOME_FLAG(1),
  o2: OUTCOME_FLAG(2),
  o3: OUTCOME_FLAG(3),
  o4: OUTCOME_FLAG(4),
  o5: OUTCOME_FLAG(5),
};

export function describeColumn(column: ExportColumn): string {
  return MEANINGS[column];
}
