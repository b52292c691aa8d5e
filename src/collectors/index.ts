/** The collector registry: adding a source is one entry here. Order is the order `collect --source all` runs. */
import type { SourceCollector } from './types';

export const COLLECTORS: SourceCollector[] = [];

export function findCollector(source: string): SourceCollector | undefined {
  return COLLECTORS.find((c) => c.source === source);
}
