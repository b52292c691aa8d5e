/** The collector registry: adding a source is one entry here. Order is the order `collect --source all` runs. */
import type { SourceCollector } from './types';
import { xCollector } from './x/collector';
import { facebookCollector } from './facebook';

export const COLLECTORS: SourceCollector[] = [xCollector, facebookCollector];

export function findCollector(source: string): SourceCollector | undefined {
  return COLLECTORS.find((c) => c.source === source);
}
