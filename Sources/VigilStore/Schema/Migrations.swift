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
        return migrator
    }
}
