-- Local accounts of the map, the REST API and audio (Access:Mode=Accounts), their sign-in sessions, and the audit
-- log. Usernames are stored lower-case. Shared by SQLite and PostgreSQL: the id token and the append_only token are the
-- dialect tokens (the latter: triggers that refuse UPDATE, DELETE and TRUNCATE on the table).

-- role: administrator (every team, admin actions) or supervisor (the teams of account_teams).
-- password_hash: ASP.NET Core PasswordHasher v3 (PBKDF2-HMAC-SHA512, 128-bit salt per account, iteration count in the hash).
-- version: +1 at every change of role, teams or name, so signed-in sessions pick the change up at their next request.
CREATE TABLE accounts (
  username TEXT PRIMARY KEY,
  display_name TEXT,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  password_changed_ms BIGINT NOT NULL
);

-- The Finesse team ids a supervisor account may see.
CREATE TABLE account_teams (
  username TEXT NOT NULL,
  team_id TEXT NOT NULL,
  PRIMARY KEY (username, team_id)
);

-- One row per sign-in; the cookie names it. Ended by sign-out, a password change or the account's removal.
CREATE TABLE account_sessions (
  session_id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  ended_ms BIGINT,
  end_reason TEXT
);
CREATE INDEX ix_account_sessions_username ON account_sessions (username);
CREATE INDEX ix_account_sessions_created ON account_sessions (created_ms);

-- Who did what, append-only: sign-ins, playbacks, exports, account and legal-hold changes. Never a password or token.
CREATE TABLE audit_log (
  id {{id}},
  at_ms BIGINT NOT NULL,
  actor TEXT,
  via TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  details TEXT,
  client TEXT
);
CREATE INDEX ix_audit_log_time ON audit_log (at_ms);
CREATE INDEX ix_audit_log_actor ON audit_log (actor, at_ms);
{{append_only:audit_log}}

-- A row's team is its agent's team at the time: the agent's latest sign-in (login presence mark) before it.
CREATE INDEX ix_agent_presence_username_kind ON agent_presence (username, kind, bucket_ms);
