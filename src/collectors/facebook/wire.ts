/** The Graph API shapes onevision reads (only the fields it asks for; see fields.ts). */

export interface GraphPaging {
  readonly cursors?: { readonly before?: string; readonly after?: string };
  /** Absolute URL to graph.facebook.com carrying the access token; absent on the last page. */
  readonly next?: string;
  readonly previous?: string;
}

export interface GraphList<T> {
  readonly data: readonly T[];
  readonly paging?: GraphPaging;
  readonly summary?: { readonly total_count?: number; readonly order?: string };
}

export interface GraphFrom {
  readonly id: string;
  readonly name?: string;
}

export interface GraphAttachment {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly url?: string;
}

export interface GraphComment {
  /** Absent under Page Public Content Access. */
  readonly id?: string;
  readonly message?: string;
  readonly created_time?: string;
  /** Absent without a Page token. */
  readonly from?: GraphFrom;
  readonly permalink_url?: string;
  readonly like_count?: number;
  readonly comment_count?: number;
  readonly parent?: { readonly id: string };
  readonly attachment?: GraphAttachment;
  /** Replies, when expanded. Left out when there are none. */
  readonly comments?: GraphList<GraphComment>;
}

export interface GraphPost {
  readonly id: string;
  readonly message?: string;
  readonly story?: string;
  readonly created_time?: string;
  readonly updated_time?: string;
  readonly permalink_url?: string;
  readonly status_type?: string;
  readonly from?: GraphFrom;
  readonly attachments?: GraphList<GraphAttachment>;
  readonly comments?: GraphList<GraphComment>;
}

export interface GraphErrorBody {
  readonly error: {
    readonly message?: string;
    readonly type?: string;
    readonly code?: number;
    readonly error_subcode?: number;
    readonly is_transient?: boolean;
    readonly fbtrace_id?: string;
  };
}

export function isGraphList(value: unknown): value is GraphList<unknown> {
  return typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data);
}

export function isGraphError(value: unknown): value is GraphErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null;
}
