"""The drill log's schema: ``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``.

Append a migration for every change; never edit one that has shipped (a
learner's log was built by it).  Times are Unix epoch seconds (REAL, UTC)
unless a column says ISO 8601.

May import: nothing.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # v1: drills as started
    """
    CREATE TABLE drills (
        id          TEXT PRIMARY KEY,
        dataset_id  TEXT NOT NULL,
        source      TEXT NOT NULL,
        level       INTEGER NOT NULL,
        title       TEXT NOT NULL,
        spec        TEXT NOT NULL,
        seed        INTEGER,
        rows        INTEGER NOT NULL,
        columns     INTEGER NOT NULL,
        notebook    TEXT NOT NULL,          -- path relative to the results folder
        created_at  TEXT NOT NULL,          -- ISO 8601, UTC
        status      TEXT NOT NULL DEFAULT 'started'
    );
    """,
    # v2: seals and grades
    """
    CREATE TABLE seals (
        drill_id   TEXT PRIMARY KEY REFERENCES drills(id) ON DELETE CASCADE,
        sealed_at  TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        text       TEXT NOT NULL
    );
    CREATE TABLE grades (
        drill_id     TEXT PRIMARY KEY REFERENCES drills(id) ON DELETE CASCADE,
        graded_at    TEXT NOT NULL,
        confirmed    INTEGER NOT NULL,
        refuted      INTEGER NOT NULL,
        ungradeable  INTEGER NOT NULL,
        missed       INTEGER NOT NULL,
        precision    REAL,
        recall       REAL,
        sealed       TEXT NOT NULL,          -- sealed | edited | unsealed
        json         TEXT NOT NULL           -- the full grade JSON
    );
    CREATE TABLE grade_hypotheses (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        kind        TEXT,
        columns     TEXT NOT NULL,           -- JSON list
        negated     INTEGER NOT NULL,
        confidence  REAL,
        verdict     TEXT NOT NULL,
        evidence    TEXT NOT NULL,           -- JSON object
        PRIMARY KEY (drill_id, position)
    );
    CREATE TABLE grade_missed (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        columns     TEXT NOT NULL,           -- JSON list
        evidence    TEXT NOT NULL,           -- JSON object
        PRIMARY KEY (drill_id, position)
    );
    """,
    # v3: timed phases, pauses, tasks, and events (peeks, checklist ticks, completion)
    # Times are Unix epoch seconds (REAL, UTC); durations are derived from them, never from a widget.
    """
    CREATE TABLE phases (
        drill_id         TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position         INTEGER NOT NULL,      -- 0-based, in spec order
        key              TEXT NOT NULL,         -- hypotheses | explore | compare | reflect
        planned_minutes  REAL NOT NULL,
        started_at       REAL,
        ended_at         REAL,
        PRIMARY KEY (drill_id, position)
    );
    CREATE TABLE pauses (
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,           -- the phase paused
        started_at  REAL NOT NULL,
        ended_at    REAL,
        reason      TEXT,
        PRIMARY KEY (drill_id, started_at)
    );
    CREATE TABLE tasks (
        id          INTEGER PRIMARY KEY,
        drill_id    TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,              -- e.g. correlation analysis, outlier detection
        started_at  REAL NOT NULL,
        ended_at    REAL,
        seconds     REAL                        -- ended_at - started_at, set when it ends
    );
    CREATE TABLE events (
        id        INTEGER PRIMARY KEY,
        drill_id  TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        at        REAL NOT NULL,
        kind      TEXT NOT NULL,                -- peek | check | uncheck | seal | complete | ...
        detail    TEXT NOT NULL DEFAULT '{}'    -- JSON object
    );
    ALTER TABLE drills ADD COLUMN completed_at REAL;
    ALTER TABLE drills ADD COLUMN total_seconds REAL;
    ALTER TABLE drills ADD COLUMN reflection TEXT;
    """,
    # v4: drills started from a cohort's assignment (`drill start --assignment NAME`), for `drill cohort`
    """
    CREATE TABLE assignments (
        drill_id     TEXT PRIMARY KEY REFERENCES drills(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,             -- the assignment's name in the cohort folder
        cohort       TEXT NOT NULL,             -- the cohort folder, absolute
        assigned_at  TEXT NOT NULL              -- ISO 8601, UTC: when the instructor published it
    );
    """,
    # v5: the process log (issue #12): every cell the drill's kernel ran, and what its code looked at
    # and did (derived once, when the cell is recorded: see runner/session/code_facts.py)
    """
    CREATE TABLE cells (
        id           INTEGER PRIMARY KEY,
        drill_id     TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        kernel       TEXT NOT NULL,               -- one id per kernel process (a restart starts another)
        execution    INTEGER,                     -- IPython's execution count
        cell_id      TEXT,                        -- the notebook cell's id, when the front end sends one
        started_at   REAL NOT NULL,
        seconds      REAL NOT NULL,               -- the cell's run time
        phase        TEXT,                        -- key of the phase running at started_at (NULL: clock not running)
        success      INTEGER NOT NULL,            -- 1 ran, 0 raised
        error        TEXT,                        -- the exception's class name
        code         TEXT NOT NULL,               -- the cell's source as run
        columns      TEXT NOT NULL DEFAULT '[]',  -- JSON list: the dataset's columns the code names
        operations   TEXT NOT NULL DEFAULT '[]',  -- JSON list: operations, e.g. plot:hist, correlation
        whole_frame  TEXT NOT NULL DEFAULT '[]',  -- JSON list of [operation, reach]: on the whole frame
        parsed       INTEGER NOT NULL DEFAULT 1,  -- 0: the code was not Python (a syntax error)
        analysis     INTEGER NOT NULL DEFAULT 1   -- version of the analysis that derived the facts
    );
    CREATE INDEX cells_by_drill ON cells (drill_id, started_at);
    """,
    # v6: intuition drills (spec kind `intuition`): one row per item, written at `drill start` without
    # its truth; the answer, the truth and the error land together when the item is answered
    # (runner.store.intuition).  Truths of unanswered items stay in the private items file.
    """
    CREATE TABLE intuition_items (
        drill_id      TEXT NOT NULL REFERENCES drills(id) ON DELETE CASCADE,
        number        INTEGER NOT NULL,       -- 1-based, the notebook's order
        kind          TEXT NOT NULL,          -- correlation | missing | outliers | skew | mean_median | lineup | ...
        dataset_id    TEXT NOT NULL,
        columns       TEXT NOT NULL,          -- JSON list
        prompt        TEXT NOT NULL,
        form          TEXT NOT NULL,          -- JSON object: the answer's form (estimate, choice, lineup, ...)
        answer        TEXT,                   -- JSON value; NULL until answered
        truth         TEXT,                   -- JSON object; NULL until answered
        error         REAL,                   -- absolute error (estimates) or 0/1 (choices)
        signed_error  REAL,                   -- answer - truth (estimates only)
        hit           INTEGER,                -- 1 within the tolerance / the right choice
        answered_at   REAL,
        seconds       REAL,                   -- time spent on the item (runner.session.intuition)
        late          INTEGER NOT NULL DEFAULT 0,  -- answered after the time was up: shown, not scored
        note          TEXT,                   -- the learner's line: where I was wrong and why
        detail        TEXT NOT NULL DEFAULT '{}',  -- JSON object: the parts of a composite answer
        PRIMARY KEY (drill_id, number)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
