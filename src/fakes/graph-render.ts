/**
 * The fake Graph API's view of a Page data set: field-expansion parsing (`a,b{c},comments.limit(5){…}`)
 * and rendering of posts, comments and replies with Graph's shapes: nested edges as `{data, paging,
 * summary}`, left out when empty, `paging.next` as absolute graph.facebook.com URLs carrying the token.
 */

export interface FakeFrom {
  readonly id: string;
  readonly name: string;
}

export interface FakeComment {
  id: string;
  message?: string;
  created_time: string;
  from?: FakeFrom;
  like_count?: number;
  permalink_url?: string;
  attachment?: Record<string, unknown>;
  parent?: { id: string };
  replies?: FakeComment[];
}

export interface FakePost {
  id: string;
  message?: string;
  story?: string;
  created_time: string;
  updated_time?: string;
  from?: FakeFrom;
  permalink_url?: string;
  status_type?: string;
  attachments?: Array<Record<string, unknown>>;
  comments?: FakeComment[];
}

/** The shape of data/sample/facebook-page.json. */
export interface FakePageData {
  page: { id: string; name: string; username?: string };
  posts: FakePost[];
}

export interface FieldSpec {
  readonly name: string;
  readonly modifiers: Readonly<Record<string, string>>;
  readonly children: readonly FieldSpec[] | null;
}

/** A Graph error the server answers with (HTTP 400). */
export class FakeGraphError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly type = 'OAuthException',
    readonly subcode?: number,
  ) {
    super(message);
  }
}

export function parseFields(text: string): FieldSpec[] {
  let at = 0;
  const list = (): FieldSpec[] => {
    const specs: FieldSpec[] = [];
    for (;;) {
      const name = /^[a-z_]+/i.exec(text.slice(at))?.[0];
      if (!name) throw new FakeGraphError(100, `(#100) Syntax error "Expected field name" at character ${at}: ${text}`);
      at += name.length;
      const modifiers: Record<string, string> = {};
      while (text[at] === '.') {
        const mod = /^\.([a-z_]+)\(([^)]*)\)/i.exec(text.slice(at));
        if (!mod) throw new FakeGraphError(100, `(#100) Syntax error "Expected modifier" at character ${at}: ${text}`);
        modifiers[mod[1] as string] = mod[2] as string;
        at += mod[0].length;
      }
      let children: FieldSpec[] | null = null;
      if (text[at] === '{') {
        at += 1;
        children = list();
        if (text[at] !== '}') throw new FakeGraphError(100, `(#100) Syntax error "Expected }" at character ${at}: ${text}`);
        at += 1;
      }
      specs.push({ name, modifiers, children });
      if (text[at] !== ',') return specs;
      at += 1;
    }
  };
  const specs = list();
  if (at !== text.length) throw new FakeGraphError(100, `(#100) Syntax error "Unexpected ${text[at]}" at character ${at}: ${text}`);
  return specs;
}

export function serialiseFields(specs: readonly FieldSpec[]): string {
  return specs
    .map((s) => `${s.name}${Object.entries(s.modifiers).map(([k, v]) => `.${k}(${v})`).join('')}${s.children ? `{${serialiseFields(s.children)}}` : ''}`)
    .join(',');
}

export interface RenderContext {
  readonly version: string;
  readonly token: string;
  readonly maxLimit: number;
}

export interface ListOptions {
  readonly limit: number;
  readonly after: string | undefined;
  /** Path and query (without `after` and the token) for `paging.next`. */
  readonly nextPath: string;
  readonly nextParams: ReadonlyArray<[string, string]>;
  readonly summary?: Record<string, unknown> | undefined;
}

/** One page of a list in Graph's envelope, with cursors and a `next` link when more remain. */
export function toListPage<T extends { id: string }>(items: readonly T[], options: ListOptions, ctx: RenderContext, render: (item: T) => unknown): Record<string, unknown> {
  const limit = Math.max(0, Math.min(options.limit, ctx.maxLimit));
  const start = options.after === undefined ? 0 : resumeIndex(items, options.after);
  const slice = items.slice(start, start + limit);
  const out: Record<string, unknown> = { data: slice.map(render) };
  const first = slice[0];
  const last = slice[slice.length - 1];
  if (first && last) {
    const paging: Record<string, unknown> = { cursors: { before: toCursor(start, first.id), after: toCursor(start + slice.length - 1, last.id) } };
    if (limit > 0 && start + slice.length < items.length) paging.next = toNextUrl(ctx, options, toCursor(start + slice.length - 1, last.id));
    out.paging = paging;
  }
  if (options.summary) out.summary = options.summary;
  return out;
}

/** `after` undefined: a link that repeats the same request (the empty-page-with-next case). */
export function toNextUrl(ctx: RenderContext, options: Pick<ListOptions, 'nextPath' | 'nextParams'>, after: string | undefined): string {
  const query = new URLSearchParams([['access_token', ctx.token], ...options.nextParams.filter(([k]) => k !== 'after' && k !== 'access_token')]);
  if (after !== undefined) query.set('after', after);
  return `https://graph.facebook.com/${ctx.version}/${options.nextPath}?${query.toString()}`;
}

/** A new spelling of a cursor for the same place (the start when undefined): Graph's cursors differ even when a page repeats. */
export function toFreshCursor(after: string | undefined): string {
  const place = after === undefined ? '-1:' : Buffer.from(after, 'base64').toString('utf8');
  return Buffer.from(`${place}:`).toString('base64').replace(/=+$/, '');
}

function toCursor(index: number, id: string): string {
  return Buffer.from(`${index}:${id}`).toString('base64').replace(/=+$/, '');
}

function resumeIndex(items: ReadonlyArray<{ id: string }>, after: string): number {
  const [index, id] = Buffer.from(after, 'base64').toString('utf8').split(':');
  const found = items.findIndex((item) => item.id === id);
  return found >= 0 ? found + 1 : Number(index) + 1;
}
