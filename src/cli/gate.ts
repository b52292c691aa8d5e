/** The gate for one database: its pseudonym key, the people it knows, and the campaign's own accounts. */
import type { Config } from '../config';
import { createGate, type Gate } from '../gate/release';
import type { Db } from '../store/database';
import { loadKnownPeople, loadPseudonymKey } from '../store/exports';

export function openGate(db: Db, config: Pick<Config, 'x' | 'facebook'>): Gate {
  return createGate({
    pseudonymKey: loadPseudonymKey(db),
    people: loadKnownPeople(db),
    own: { xHandles: new Set(config.x.ownAccounts), facebookPage: config.facebook.pageId },
  });
}
