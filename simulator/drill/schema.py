"""The drill store's schema: one SQLite script per version, applied in order (``PRAGMA user_version``)."""

# One script per schema version; a new version appends one, never edits old ones.
MIGRATIONS = (
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_text TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        auto_dispatch INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        clock REAL NOT NULL DEFAULT 0,
        steps INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'paused' CHECK (status IN ('paused', 'running', 'finished')),
        speed REAL NOT NULL DEFAULT 1
    );
    CREATE TABLE decisions (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        step INTEGER NOT NULL,
        action TEXT NOT NULL,
        args TEXT NOT NULL,
        actor TEXT NOT NULL,
        accepted INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL DEFAULT '',
        wall_time TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    CREATE TABLE injects (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        inject_id TEXT NOT NULL,
        time REAL NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('scenario', 'facilitator')),
        text_en TEXT NOT NULL,
        text_zh TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, inject_id)
    );
    """,
    # 2: the step model a drill was recorded with (see simulator.models.run.STEP_MODEL); older drills are 1
    """
    ALTER TABLE sessions ADD COLUMN step_model INTEGER NOT NULL DEFAULT 1;
    """,
    # 3: a decision is committed before it is played; its outcome is recorded after,
    # so until then ``accepted`` is NULL (SQLite cannot relax NOT NULL in place: rebuild)
    """
    CREATE TABLE decisions_v3 (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        step INTEGER NOT NULL,
        action TEXT NOT NULL,
        args TEXT NOT NULL,
        actor TEXT NOT NULL,
        accepted INTEGER CHECK (accepted IN (0, 1)),
        reason TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL DEFAULT '',
        wall_time TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    INSERT INTO decisions_v3 SELECT session_id, seq, time, step, action, args, actor, accepted, reason, params, result, wall_time FROM decisions;
    DROP TABLE decisions;
    ALTER TABLE decisions_v3 RENAME TO decisions;
    """,
    # 4: the random-draw version a drill was recorded with (simulator.engine.streams.RNG_VERSION); older drills are 1
    """
    ALTER TABLE sessions ADD COLUMN rng_version INTEGER NOT NULL DEFAULT 1;
    """,
    # 5: players' seats decide on their own pages: a decision waits here (pending, or held by the
    # facilitator) until the facilitator's next move plays it as decision ``seq``, or its seat withdraws it
    """
    CREATE TABLE seat_decisions (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seat TEXT NOT NULL,
        action TEXT NOT NULL,
        args TEXT NOT NULL,
        wall_time TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'held', 'played', 'withdrawn')),
        seq INTEGER,
        changed TEXT NOT NULL
    );
    CREATE INDEX seat_decisions_session ON seat_decisions (session_id, status, id);
    """,
    # 6: evaluators' observations during a drill, and the improvement plan's corrective actions,
    # tracked across drills (an action outlives the drill it came from: no cascade from sessions)
    """
    CREATE TABLE observations (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        objective TEXT NOT NULL DEFAULT '',
        task TEXT NOT NULL DEFAULT '',
        rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('', 'P', 'S', 'M', 'U')),
        text TEXT NOT NULL DEFAULT '',
        evaluator TEXT NOT NULL DEFAULT '',
        wall_time TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    CREATE TABLE improvement_actions (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        opened_in TEXT NOT NULL,
        finding TEXT NOT NULL DEFAULT '',
        capability TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        unit_name TEXT NOT NULL DEFAULT '',
        due TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
        closed_in TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX improvement_actions_scenario ON improvement_actions (scenario_id, status);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
