/**
 * The desk's front page: the report's figures and charts, counted afresh from the database on every
 * request by the same code as `onevision summary` and `onevision report`, for the period, source and
 * question chosen in its form.
 */
import { readClassifierScores } from '../../cli/classifier-scores';
import { parseFilterFlags } from '../../cli/filters';
import { loadSummaryModel, readPlaceTagger } from '../../cli/summaries';
import { toReportContent } from '../../report/report-content';
import type { SummaryFilter } from '../../report/summary-model';
import { loadSourceStatus } from '../../store/posts';
import type { Desk, PageArgs } from '../desk';
import type { Html } from '../html';
import { renderOverview, renderOverviewProblems } from './overview-view';
import { toDates, toQuestion, toSource } from './posts-query';

export function registerOverview(desk: Desk): void {
  desk.route({ method: 'GET', url: '/', capability: 'browse', handle: showOverview });
}

function showOverview(args: PageArgs): Html {
  const shown = readFilterQuery(args.request.query);
  const sources = loadSourceStatus(args.db).map((s) => s.source);
  const problems = findFilterProblems(shown);
  if (problems.length > 0) {
    args.reply.code(400);
    return args.page('Overview', renderOverviewProblems({ shown, sources, problems }), { current: '/' });
  }
  const filter = parseFilterFlags(shown);
  const { model, summary } = loadSummaryModel(args.db, args.gate(), filter, { shown: { ...shown, question: filter.question } });
  const content = toReportContent({
    summary,
    period: model.period,
    source: filter.source,
    question: filter.question,
    generatedAt: args.now.toISOString(),
    classifierScores: readClassifierScores(undefined, summary.modelVersions.map((v) => v.version)),
    gazetteerVersion: readPlaceTagger().gazetteer.version,
  });
  return args.page('Overview', renderOverview({ shown, model, summary, content, sources }), { current: '/' });
}

/**
 * The form's fields checked as the posts page checks them, in the desk's words ("From", not --from),
 * so a mistake shows the form again with what to mend instead of an error page.
 */
function findFilterProblems(shown: SummaryFilter): string[] {
  const problems: string[] = [];
  toDates(shown.from ?? '', shown.to ?? '', problems);
  toSource(shown.source ?? '', problems);
  toQuestion(shown.question ?? '', problems);
  return problems;
}

/** The form's fields as `summary`'s flags; an empty field means no filter. */
function readFilterQuery(query: unknown): SummaryFilter {
  const fields = (query ?? {}) as Record<string, unknown>;
  const field = (name: string): string | undefined => {
    const value = fields[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return { from: field('from'), to: field('to'), source: field('source'), question: field('question') };
}
