import GRDB

/// The schema, one migration per step; never edit a shipped migration, add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions, tokens, events, snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE session (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT,
                    candidate_name TEXT NOT NULL,
                    interviewer_name TEXT NOT NULL,
                    created_at DOUBLE NOT NULL,
                    ended_at DOUBLE
                );
                CREATE TABLE role_token (
                    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('candidate', 'interviewer', 'proctor')),
                    token_sha256 BLOB NOT NULL UNIQUE,
                    PRIMARY KEY (session_id, role)
                );
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    start_at DOUBLE NOT NULL,
                    end_at DOUBLE,
                    confidence DOUBLE NOT NULL,
                    details TEXT,
                    created_at DOUBLE NOT NULL
                );
                CREATE INDEX event_by_session ON event(session_id, start_at);
                CREATE TABLE snapshot (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                    sha256 TEXT NOT NULL,
                    jpeg BLOB NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                CREATE INDEX snapshot_by_event ON snapshot(event_id);
                CREATE TABLE review (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
                    reviewer TEXT NOT NULL,
                    at DOUBLE NOT NULL,
                    note TEXT
                );
                CREATE INDEX review_by_event ON review(event_id, id);
                """)
        }
        migrator.registerMigration("v2: interrupted events, server heartbeat") { db in
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE server_heartbeat (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    at DOUBLE NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3: events flagged_at (when the rule fired; start is the condition's onset)") { db in
            // Rows stored before spans were flagged when they started.
            try db.execute(sql: """
                ALTER TABLE event ADD COLUMN flagged_at DOUBLE;
                UPDATE event SET flagged_at = start_at WHERE flagged_at IS NULL;
                """)
        }
        // The operator's session list: whether a page ever joined (created vs live), newest first.
        migrator.registerMigration("dashboard: session joined_at, list order") { db in
            try db.execute(sql: """
                ALTER TABLE session ADD COLUMN joined_at DOUBLE;
                CREATE INDEX session_by_created ON session(created_at, id);
                """)
        }
        // Short messages sent to the candidate from the live console, kept as the session's record.
        migrator.registerMigration("dashboard: candidate messages") { db in
            try db.execute(sql: """
                CREATE TABLE candidate_message (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    sender TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at DOUBLE NOT NULL
                );
                CREATE INDEX candidate_message_by_session ON candidate_message(session_id, id);
                """)
        }
        migrator.registerMigration("recording: one WebM recording per session") { db in
            try db.execute(sql: """
                CREATE TABLE recording (
                    session_id TEXT PRIMARY KEY NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    state TEXT NOT NULL CHECK (state IN ('off', 'pending', 'refused', 'recording', 'complete', 'interrupted', 'empty')),
                    file TEXT,
                    started_at DOUBLE,
                    ended_at DOUBLE,
                    duration_seconds DOUBLE,
                    bytes INTEGER,
                    sha256 TEXT,
                    note TEXT
                );
                """)
        }
        migrator.registerMigration("identity: the enrolled face descriptor") { db in
            // The candidate's face descriptor enrolled at the start of the call (128 float32,
            // little-endian): deleted with the session, so also by the retention purge.
            try db.execute(sql: """
                CREATE TABLE identity_enrolment (
                    session_id TEXT PRIMARY KEY NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    descriptor BLOB NOT NULL,
                    enrolled_at DOUBLE NOT NULL
                );
                """)
        }
        migrator.registerMigration("policy: the session's policy as JSON") { db in
            // SessionPolicy's JSON (checks, thresholds, prices); NULL for sessions created before
            // policies existed, which read as the standard policy.
            try db.execute(sql: "ALTER TABLE session ADD COLUMN policy TEXT")
        }
        // Many nodes on one store (used on PostgreSQL; an SQLite file has one implicit node): each
        // server's row and heartbeat, the node a session's call runs on, and when that node was
        // found dead with the session live.
        migrator.registerMigration("nodes: node table, session placement") { db in
            try db.execute(sql: """
                CREATE TABLE node (
                    id TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    capacity INTEGER NOT NULL,
                    live_sessions INTEGER NOT NULL,
                    heartbeat_at DOUBLE NOT NULL,
                    failed_at DOUBLE
                );
                ALTER TABLE session ADD COLUMN node_id TEXT;
                ALTER TABLE session ADD COLUMN interrupted_at DOUBLE;
                CREATE INDEX session_by_node ON session(node_id, ended_at);
                """)
        }
        // Recorded-video analysis as jobs: queued by the API, claimed by any node with a free
        // analysis slot, progress and outcome written by the attempt holding the job.
        migrator.registerMigration("jobs: recorded-video analysis queue") { db in
            try db.execute(sql: """
                CREATE TABLE analysis_job (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    policy TEXT,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                    node_id TEXT,
                    attempt INTEGER NOT NULL DEFAULT 0,
                    progress DOUBLE NOT NULL DEFAULT 0,
                    created_at DOUBLE NOT NULL,
                    started_at DOUBLE,
                    finished_at DOUBLE,
                    error TEXT,
                    session_id TEXT REFERENCES session(id) ON DELETE SET NULL,
                    result TEXT
                );
                CREATE INDEX analysis_job_by_state ON analysis_job(state, id);
                """)
        }
        // The node whose data folder holds a recording's file (issue 15, files): the session may
        // be taken over by another node, the file stays where it was written.
        migrator.registerMigration("recording: the node holding the file") { db in
            try db.execute(sql: "ALTER TABLE recording ADD COLUMN node_id TEXT")
        }
        return migrator
    }
}
