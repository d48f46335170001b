-- Facts, as received (append-only), and the state derived from them.

CREATE TABLE agent_events (
  id {{id}},
  event_id TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  extension TEXT,
  received_ms BIGINT NOT NULL,
  client_time_ms BIGINT,
  client_drift_ms BIGINT,
  payload TEXT NOT NULL
);
CREATE INDEX ix_agent_events_received ON agent_events (received_ms);
CREATE INDEX ix_agent_events_username ON agent_events (username, received_ms);

CREATE TABLE recording_facts (
  id {{id}},
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  kind TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX ix_recording_facts_recording ON recording_facts (recording_id, segment_index);
CREATE INDEX ix_recording_facts_received ON recording_facts (received_ms);

CREATE TABLE agents (
  username TEXT PRIMARY KEY,
  first_name TEXT,
  last_name TEXT,
  extension TEXT,
  team_id TEXT,
  team_name TEXT,
  state TEXT,
  state_change_ms BIGINT,
  reason_code_id TEXT,
  logged_in INTEGER NOT NULL DEFAULT 0,
  login_ms BIGINT,
  logout_ms BIGINT,
  last_seen_ms BIGINT NOT NULL
);
CREATE INDEX ix_agents_extension ON agents (extension);

CREATE TABLE dialogs (
  dialog_id TEXT PRIMARY KEY,
  username TEXT,
  extension TEXT,
  call_type TEXT,
  from_address TEXT,
  to_address TEXT,
  far_end TEXT,
  state TEXT,
  start_ms BIGINT,
  end_ms BIGINT,
  removed INTEGER NOT NULL DEFAULT 0,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  snapshot TEXT NOT NULL
);
CREATE INDEX ix_dialogs_extension ON dialogs (extension, start_ms);
CREATE INDEX ix_dialogs_start ON dialogs (start_ms);

CREATE TABLE dialog_participant_states (
  dialog_id TEXT NOT NULL,
  media_address TEXT NOT NULL,
  state TEXT NOT NULL,
  state_change_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (dialog_id, media_address, state, state_change_ms)
);

CREATE TABLE recordings (
  recording_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  agent_extension TEXT,
  far_end_address TEXT,
  refci TEXT,
  x_session_id TEXT,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT
);

CREATE TABLE recording_segments (
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  agent_extension TEXT,
  far_end_address TEXT,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT,
  audio_file TEXT,
  audio_seconds {{double}},
  end_reason TEXT,
  flags TEXT,
  quality TEXT,
  PRIMARY KEY (recording_id, segment_index)
);
CREATE INDEX ix_segments_extension ON recording_segments (agent_extension, start_ms);
CREATE INDEX ix_segments_start ON recording_segments (start_ms);

CREATE TABLE links (
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  dialog_id TEXT,
  status TEXT NOT NULL,
  confidence {{double}} NOT NULL,
  reason TEXT NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (recording_id, segment_index)
);
CREATE INDEX ix_links_dialog ON links (dialog_id);
