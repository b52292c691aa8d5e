/**
 * Numbered, forward-only migrations. `PRAGMA user_version` records how far a database has come.
 * Never edit a migration that has shipped: add the next one.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'posts and authors',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      -- The key behind export pseudonyms: same person, same pseudonym, within this database only.
      INSERT INTO meta (key, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));

      CREATE TABLE authors (
        id               INTEGER PRIMARY KEY,
        source           TEXT NOT NULL,
        source_author_id TEXT NOT NULL,
        handle           TEXT,
        name             TEXT,
        raw              TEXT,
        updated_at       TEXT NOT NULL,
        UNIQUE (source, source_author_id)
      ) STRICT;

      CREATE TABLE posts (
        id               INTEGER PRIMARY KEY,
        source           TEXT NOT NULL,
        source_id        TEXT NOT NULL,
        kind             TEXT NOT NULL DEFAULT 'post',
        created_at       TEXT,
        author_id        INTEGER REFERENCES authors (id) ON DELETE SET NULL,
        text             TEXT NOT NULL,
        url              TEXT,
        lang             TEXT,
        parent_source_id TEXT,
        conversation_id  TEXT,
        metrics          TEXT,
        raw              TEXT,
        -- Bumped whenever anything about the post changes, so classifications can tell they are stale.
        revision         INTEGER NOT NULL DEFAULT 1,
        first_seen_at    TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        deleted_at       TEXT,
        UNIQUE (source, source_id)
      ) STRICT;
      CREATE INDEX posts_by_created_at ON posts (created_at);
      CREATE INDEX posts_by_author ON posts (author_id);
    `,
  },
  {
    version: 2,
    name: 'collection runs, cursors and leases',
    sql: `
      CREATE TABLE runs (
        id           INTEGER PRIMARY KEY,
        source       TEXT NOT NULL,
        command      TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        outcome      TEXT NOT NULL DEFAULT 'running',  -- running | ok | stopped | failed
        pages        INTEGER NOT NULL DEFAULT 0,
        requests     INTEGER NOT NULL DEFAULT 0,
        fetched      INTEGER NOT NULL DEFAULT 0,
        new          INTEGER NOT NULL DEFAULT 0,
        updated      INTEGER NOT NULL DEFAULT 0,
        waits        INTEGER NOT NULL DEFAULT 0,
        wait_seconds REAL NOT NULL DEFAULT 0,
        error        TEXT,
        details      TEXT
      ) STRICT;
      CREATE INDEX runs_by_source ON runs (source, started_at);

      -- Where each collector is up to, written in the same transaction as the posts it describes.
      CREATE TABLE cursors (
        source     TEXT NOT NULL,
        name       TEXT NOT NULL,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source, name)
      ) STRICT;

      -- One collection at a time, whoever starts it.
      CREATE TABLE leases (
        name         TEXT PRIMARY KEY,
        owner        TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        acquired_at  TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'classifications and human labels',
    sql: `
      CREATE TABLE classifications (
        post_id            INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        post_revision      INTEGER NOT NULL,
        outcomes           TEXT NOT NULL,            -- matched outcome numbers ascending, ';'-joined
        scores             TEXT NOT NULL,            -- JSON
        safeguarding       INTEGER NOT NULL,
        safeguarding_score REAL,
        confidence         REAL,
        tone               TEXT,
        explanation        TEXT,                     -- JSON
        codebook_version   TEXT NOT NULL,
        model_version      TEXT NOT NULL,
        classified_at      TEXT NOT NULL
      ) STRICT;

      -- A human decision wins over the machine everywhere and survives re-classification.
      CREATE TABLE labels (
        post_id      INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        outcomes     TEXT NOT NULL,
        safeguarding INTEGER,                        -- NULL: no human decision on the flag
        note         TEXT,
        labelled_by  TEXT,
        labelled_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'export records',
    sql: `
      -- What every export and report contained, so an erasure request can list the files to recall.
      CREATE TABLE exports (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        filters    TEXT,
        row_count  INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE export_posts (
        export_id INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
        post_id   INTEGER NOT NULL,
        PRIMARY KEY (export_id, post_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX export_posts_by_post ON export_posts (post_id);
    `,
  },
  {
    version: 5,
    name: 'trained classifier models',
    sql: `
      -- Models trained by \`onevision train\` from the bundled data plus human labels. The active one
      -- classifies; with none active the bundled default model does. Kept, not overwritten, so a
      -- stored classification's model_version can always be traced.
      CREATE TABLE models (
        id               INTEGER PRIMARY KEY,
        model_version    TEXT NOT NULL UNIQUE,
        codebook_version TEXT NOT NULL,
        feature_version  TEXT NOT NULL,
        trained_at       TEXT NOT NULL,
        active           INTEGER NOT NULL DEFAULT 0,
        summary          TEXT NOT NULL,            -- JSON: cross-validated scores, rows
        model            TEXT NOT NULL             -- JSON: the whole model
      ) STRICT;
      CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;
      CREATE INDEX classifications_by_confidence ON classifications (confidence);
    `,
  },
  {
    version: 6,
    name: 'thread lookups',
    sql: `
      -- A re-read Facebook thread marks what vanished by conversation; replies are found by parent.
      CREATE INDEX posts_by_conversation ON posts (source, conversation_id) WHERE conversation_id IS NOT NULL;
      CREATE INDEX posts_by_parent ON posts (source, parent_source_id) WHERE parent_source_id IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'safeguarding screening per post revision',
    sql: `
      -- Whether a post's text may leave the database, decided once and read by the gate (src/gate).
      -- A post with no row, or whose clear verdict is for an older revision, is awaiting screening.
      -- Flags are sticky: only a person's decision lowers one (src/gate/screening.ts has the rules).
      CREATE TABLE screenings (
        post_id          INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        state            TEXT NOT NULL CHECK (state IN ('machine-clear', 'machine-flagged', 'person-cleared', 'person-flagged')),
        revision         INTEGER NOT NULL,   -- the post revision the state was decided on
        score            REAL,               -- the classifier's latest safeguarding score
        decided_by       TEXT,               -- the latest person's decision, kept when the machine re-flags
        decided_at       TEXT,
        decided_revision INTEGER,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX screenings_flagged ON screenings (state) WHERE state IN ('machine-flagged', 'person-flagged');

      -- From the old rule (a label's flag, else the classification's) to states. A person's "no" covers
      -- the text they saw, so it counts only when the post has not changed since; an unreviewed machine
      -- flag stands whatever the revision.
      INSERT INTO screenings (post_id, state, revision, score, decided_by, decided_at, decided_revision, updated_at)
      SELECT p.id,
             CASE WHEN l.safeguarding = 1 THEN 'person-flagged'
                  WHEN l.safeguarding = 0 AND l.labelled_at >= p.updated_at THEN 'person-cleared'
                  WHEN c.safeguarding = 1 THEN 'machine-flagged'
                  ELSE 'machine-clear' END,
             CASE WHEN l.safeguarding = 1 OR (l.safeguarding = 0 AND l.labelled_at >= p.updated_at) THEN p.revision
                  ELSE c.post_revision END,
             c.safeguarding_score,
             CASE WHEN l.safeguarding IS NOT NULL THEN l.labelled_by END,
             CASE WHEN l.safeguarding IS NOT NULL THEN l.labelled_at END,
             CASE WHEN l.safeguarding = 1 OR (l.safeguarding = 0 AND l.labelled_at >= p.updated_at) THEN p.revision END,
             coalesce(l.labelled_at, c.classified_at)
        FROM posts p
        LEFT JOIN labels l ON l.post_id = p.id
        LEFT JOIN classifications c ON c.post_id = p.id
       WHERE l.safeguarding IS NOT NULL OR c.post_id IS NOT NULL;

      -- Labels now hold outcomes only; the safeguarding decision lives in screenings. Like a screening,
      -- a label covers the text revision the person saw (existing labels: the current one).
      ALTER TABLE labels DROP COLUMN safeguarding;
      ALTER TABLE labels ADD COLUMN post_revision INTEGER;
      UPDATE labels SET post_revision = (SELECT revision FROM posts WHERE posts.id = labels.post_id);
    `,
  },
  {
    version: 8,
    name: 'erasure ledger and audit trail',
    sql: `
      -- One row per act of erasure (forget, purge, a platform deletion, an X compliance job). The recall
      -- list is stored before anything is deleted, so it can always be shown again; status says how far
      -- the act got: planned → erased (rows gone) → wiped (freed bytes gone from the file and its WAL).
      CREATE TABLE erasures (
        id           INTEGER PRIMARY KEY,
        reason       TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        requested_by TEXT,
        status       TEXT NOT NULL CHECK (status IN ('planned', 'erased', 'wiped')),
        posts        INTEGER NOT NULL,
        authors      INTEGER NOT NULL,
        recall       TEXT NOT NULL,          -- JSON: the export and report files that held the posts
        problem      TEXT,                   -- why the act is not finished, when it is not
        finished_at  TEXT
      ) STRICT;

      -- The ledger every writer consults: an erased post is never stored again.
      CREATE TABLE erased_posts (
        source     TEXT NOT NULL,
        source_id  TEXT NOT NULL,
        erasure_id INTEGER NOT NULL REFERENCES erasures (id),
        PRIMARY KEY (source, source_id)
      ) STRICT, WITHOUT ROWID;

      -- Forgotten people, by a keyed hash of their platform id (never the id itself). With
      -- block_future their later posts are refused too.
      CREATE TABLE erased_authors (
        source       TEXT NOT NULL,
        author_hash  TEXT NOT NULL,
        erasure_id   INTEGER NOT NULL REFERENCES erasures (id),
        block_future INTEGER NOT NULL,
        PRIMARY KEY (source, author_hash)
      ) STRICT, WITHOUT ROWID;

      -- Forgotten people's handles and full names, by keyed hash, so a post that arrives later naming
      -- them in its text (a Facebook reply that opens with their name) is scrubbed before it is saved.
      CREATE TABLE erased_identifiers (
        kind       TEXT NOT NULL CHECK (kind IN ('handle', 'name')),
        hash       TEXT NOT NULL,
        erasure_id INTEGER NOT NULL REFERENCES erasures (id),
        PRIMARY KEY (kind, hash)
      ) STRICT, WITHOUT ROWID;

      -- Every human decision and data-protection act, append-only. Never the erased content: an
      -- erasure's entry says how many, not whom.
      CREATE TABLE audit (
        id      INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        os_user TEXT,
        action  TEXT NOT NULL,
        subject TEXT,
        details TEXT                         -- JSON
      ) STRICT;
      CREATE INDEX audit_by_time ON audit (at);

      -- What a written file held, so an erasure can tell whether it is still the file onevision wrote.
      ALTER TABLE exports ADD COLUMN content_hash TEXT;
    `,
  },
  {
    version: 9,
    name: 'survey questions',
    sql: `
      -- The question a survey answer responds to (one post per non-empty answer), so summaries,
      -- reports and exports can split or filter by it. Null for posts and comments.
      ALTER TABLE posts ADD COLUMN question TEXT;
    `,
  },
  {
    version: 10,
    name: 'safeguarding levels and classification changes',
    sql: `
      -- S4 (docs/labelling.md): a machine flag is a 'disclosure' (urgent) or a 'concern' (worth a look),
      -- so the safeguarding lead reads the urgent ones first. NULL when the classifier did not flag.
      ALTER TABLE classifications ADD COLUMN safeguarding_level TEXT CHECK (safeguarding_level IN ('concern', 'disclosure'));
      -- Existing flags get the level the classifier gives when a model names no disclosure threshold:
      -- a score of 0.5 or more is a disclosure, a lower one a concern. A flag with no score cannot be
      -- told apart, so it counts as a disclosure: ranking an urgent post as a concern is the worse mistake.
      UPDATE classifications
         SET safeguarding_level = CASE WHEN safeguarding_score IS NULL OR safeguarding_score >= 0.5 THEN 'disclosure' ELSE 'concern' END
       WHERE safeguarding = 1;

      -- What a new model or codebook changed: one row each time a post's machine outcomes differ from
      -- those another model or codebook version gave the same text (same post revision), so a trend
      -- line that moves can be told apart from the model that moved it (\`onevision changes\`). A post
      -- re-classified because its text changed is not recorded. Outcomes only, never text, and erasing
      -- a post deletes its rows (foreign keys are on in every connection, src/store/database.ts).
      CREATE TABLE classification_changes (
        id             INTEGER PRIMARY KEY,
        post_id        INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        post_revision  INTEGER NOT NULL,
        changed_at     TEXT NOT NULL,
        from_model     TEXT NOT NULL,
        to_model       TEXT NOT NULL,
        from_codebook  TEXT NOT NULL,
        to_codebook    TEXT NOT NULL,
        from_outcomes  TEXT NOT NULL,      -- as classifications.outcomes: ascending, ';'-joined, '' for none
        to_outcomes    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX classification_changes_by_versions ON classification_changes (from_model, to_model, post_id);
      -- Erasure deletes posts one by one; without this each delete would scan the table.
      CREATE INDEX classification_changes_by_post ON classification_changes (post_id);
    `,
  },
  {
    version: 11,
    name: 'accounts, sessions and login attempts',
    sql: `
      -- The people who may use the web desk (\`onevision serve\`), managed with \`onevision users\`. Names
      -- match without regard to case, so "Jo" and "jo" cannot be two accounts or log in as each other.
      -- AUTOINCREMENT: a removed account's id is never given to the next one, so nothing that still
      -- holds the old id can act as the new person. password_hash is scrypt in a self-describing form
      -- (src/web/passwords.ts), never the password. A disabled account keeps its row but cannot log in.
      CREATE TABLE accounts (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role          TEXT NOT NULL CHECK (role IN ('analyst', 'reviewer', 'safeguarding-lead', 'admin')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        disabled_at   TEXT
      ) STRICT;

      -- Logged-in browsers. The cookie holds a random token; only its SHA-256 is stored, so a copy of
      -- this file (a backup, a stolen laptop) cannot be used to log in. The CSRF token is stored as it
      -- is because pages must embed it, and it is worthless without the cookie. Removing an account
      -- ends its sessions (foreign keys are on in every connection, src/store/database.ts).
      CREATE TABLE sessions (
        token_hash   TEXT PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        csrf_token   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_by_account ON sessions (account_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      -- Every login try, so repeated failures for one name or from one address can be slowed down.
      -- Never the password typed. Failures are what the throttle counts, so only they are indexed.
      CREATE TABLE login_attempts (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL COLLATE NOCASE,
        address TEXT NOT NULL,
        ok      INTEGER NOT NULL CHECK (ok IN (0, 1)),
        at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX login_failures_by_name ON login_attempts (name, at) WHERE ok = 0;
      CREATE INDEX login_failures_by_address ON login_attempts (address, at) WHERE ok = 0;
      -- A successful login resets its name's count (src/store/accounts.ts), found by this index.
      CREATE INDEX login_successes_by_name ON login_attempts (name, at) WHERE ok = 1;
    `,
  },
  {
    version: 12,
    name: 'full-text search over posts',
    sql: `
      -- The desk's posts browser searches post text (src/store/browse.ts). An external-content index:
      -- the words are indexed, the text is not copied (it stays in posts.text). Words are cut and
      -- stemmed as src/gate/search.ts cuts them (Porter stems of unicode61 words, accents folded), so
      -- the gate can check that the text it releases to a reader still matches the same query.
      CREATE VIRTUAL TABLE posts_fts USING fts5 (text, content = 'posts', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');

      -- Kept in step with posts by triggers, so every writer (imports, collectors, erasure's scrubbing
      -- of other people's posts, deletions) updates it without knowing it exists. A row changed in any
      -- other column leaves the index alone.
      CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
        INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER posts_fts_after_delete AFTER DELETE ON posts BEGIN
        INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER posts_fts_after_text_update AFTER UPDATE OF text ON posts WHEN old.text IS NOT new.text BEGIN
        INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
      END;

      INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
      -- Without secure-delete FTS5 only marks a deleted post's words as gone and keeps them in the
      -- index's pages until a merge; VACUUM would copy them into the rebuilt file. With it, erasing a
      -- post (or scrubbing a forgotten person's name from another's text) removes its words from the
      -- index at once, so the erasure's wipe leaves none of them in the file's bytes.
      INSERT INTO posts_fts (posts_fts, rank) VALUES ('secure-delete', 1);
    `,
  },
  {
    version: 13,
    name: 'safeguarding decisions',
    sql: `
      -- The safeguarding lead's decisions on the desk (src/store/safeguarding-decisions.ts): "cleared"
      -- (not a disclosure: the text is released to others) or "referred" (passed on under the
      -- safeguarding procedure: the flag stands). The screening row holds the current state; this keeps
      -- every decision with the lead's note, which may describe the disclosure, so it is read only on
      -- the lead's pages and goes with the post when the post is erased. The audit trail's entry for
      -- the decision names its id here, not the note.
      CREATE TABLE safeguarding_decisions (
        id            INTEGER PRIMARY KEY,
        post_id       INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        post_revision INTEGER NOT NULL,   -- the text the lead read: the decision covers it
        decision      TEXT NOT NULL CHECK (decision IN ('cleared', 'referred')),
        note          TEXT NOT NULL CHECK (trim(note) <> ''),
        decided_by    TEXT NOT NULL,
        decided_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX safeguarding_decisions_by_post ON safeguarding_decisions (post_id, id);
    `,
  },
  {
    version: 14,
    name: "a person's safeguarding level",
    sql: `
      -- The level (S4) a person gives the flag they raise or confirm ("label --level"). It orders the
      -- safeguarding queue and trains the level model in place of the classifier's guess. NULL: no
      -- person gave one, and the classifier's latest level stands.
      ALTER TABLE screenings ADD COLUMN level TEXT CHECK (level IN ('concern', 'disclosure'));
    `,
  },
  {
    version: 15,
    name: 'typed author names are names',
    sql: `
      -- A typed author of more than one word ("Tamsin Rowe" in a survey's name column) was kept as a
      -- handle, so the gate never looked for it as a name in other people's posts. No platform handle
      -- holds a space: only typed names move. Their ids (and so their pseudonyms) do not change.
      UPDATE authors SET name = handle, handle = NULL WHERE name IS NULL AND handle GLOB '* *';
    `,
  },
  {
    version: 16,
    name: 'labels an erasure took from the active model',
    sql: `
      -- An erasure deletes the posts' labels, but the model that was active then may have learned from
      -- them (labelled before it was trained): their words can stay in its weights until \`onevision
      -- train\` retrains without them. How many, so \`forget\` and \`doctor\` can ask for that.
      ALTER TABLE erasures ADD COLUMN model_labels INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 17,
    name: 'the last model train made and did not keep',
    sql: `
      -- \`train --dry-run\` (or a train that refused) cross-validates for a minute or more; the \`train\`
      -- that follows on the same rows, codebook and settings would do it all again and get the same
      -- answer (training is deterministic). So the candidate and its comparison are kept here, keyed by
      -- a digest of everything that went into them, at most one row. A cache: deleting it loses nothing.
      -- It holds a model's weights, so deleting posts (an erasure) deletes it too.
      CREATE TABLE model_candidates (
        inputs     TEXT PRIMARY KEY,                 -- digest of rows, codebook, options, active model, software
        trained_at TEXT NOT NULL,
        comparison TEXT NOT NULL,                    -- JSON: both recipes' cross-validated evaluations
        model      TEXT NOT NULL                     -- JSON: the whole candidate model
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
