-- CorrelationHub schema. Facts are stored as received (append-only); everything else is derived from them and
-- can be rebuilt. Times are BIGINT unix milliseconds (UTC). Booleans are INTEGER 0/1. Shared by SQLite and
-- PostgreSQL: {{id}} and {{double}} are the only dialect tokens.

-- ---------------------------------------------------------------------------------------------------- facts
CREATE TABLE agent_events (
  id {{id}},
  event_id TEXT NOT NULL UNIQUE,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  extension TEXT,
  dialog_id TEXT,
  received_ms BIGINT NOT NULL,
  event_ms BIGINT NOT NULL,
  client_time_ms BIGINT,
  client_drift_ms BIGINT,
  payload TEXT NOT NULL
);
CREATE INDEX ix_agent_events_time ON agent_events (event_ms);
CREATE INDEX ix_agent_events_dialog ON agent_events (dialog_id);

CREATE TABLE recording_facts (
  id {{id}},
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  kind TEXT NOT NULL,
  received_ms BIGINT NOT NULL,
  occurred_ms BIGINT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX ix_recording_facts_recording ON recording_facts (recording_id, segment_index);
CREATE INDEX ix_recording_facts_received ON recording_facts (received_ms);
CREATE INDEX ix_recording_facts_time ON recording_facts (occurred_ms);

-- One CUCM CTI trace line pairing a call leg (CH = the recording's x-refci) with its global call (the dialog id).
CREATE TABLE cti_legs (
  dialog_id TEXT NOT NULL,
  refci TEXT NOT NULL,
  gch_node INTEGER NOT NULL,
  gch BIGINT NOT NULL,
  ch_node INTEGER NOT NULL,
  dn TEXT,
  device_name TEXT,
  session_id TEXT,
  trace_ms BIGINT,
  imported_ms BIGINT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (dialog_id, refci)
);
CREATE INDEX ix_cti_legs_refci ON cti_legs (refci);

-- ----------------------------------------------------------------------------------------- derived: agents
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
  active_ms BIGINT,
  last_seen_ms BIGINT NOT NULL
);
CREATE INDEX ix_agents_extension ON agents (extension);

-- Presence compacted from events: a row per login, per logout, and per (agent, extension, minute) seen.
-- Sessions are derived from these rows (AgentSessionBuilder), so arrival order does not matter.
CREATE TABLE agent_presence (
  username TEXT NOT NULL,
  kind TEXT NOT NULL,
  extension TEXT NOT NULL,
  bucket_ms BIGINT NOT NULL,
  first_ms BIGINT NOT NULL,
  last_ms BIGINT NOT NULL,
  team_id TEXT,
  team_name TEXT,
  PRIMARY KEY (username, kind, extension, bucket_ms)
);
CREATE INDEX ix_agent_presence_extension ON agent_presence (extension, bucket_ms);
CREATE INDEX ix_agent_presence_bucket ON agent_presence (bucket_ms);

-- The agent state timeline on Finesse server time.
CREATE TABLE agent_states (
  username TEXT NOT NULL,
  state_change_ms BIGINT NOT NULL,
  state TEXT NOT NULL,
  reason_code_id TEXT,
  extension TEXT,
  PRIMARY KEY (username, state_change_ms, state)
);
CREATE INDEX ix_agent_states_time ON agent_states (state_change_ms);

-- ---------------------------------------------------------------------------------------- derived: dialogs
CREATE TABLE dialogs (
  dialog_id TEXT PRIMARY KEY,
  media_type TEXT,
  state TEXT,
  call_type TEXT,
  from_address TEXT,
  to_address TEXT,
  dialed_number TEXT,
  dnis TEXT,
  queue_name TEXT,
  queue_number TEXT,
  call_key TEXT,
  call_variables TEXT,
  secondary_id TEXT,
  associated_dialog_id TEXT,
  snapshot_ms BIGINT NOT NULL,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL
);

-- One agent device's part in a dialog. start/end: first ACTIVE and final drop (derived from participant states);
-- call_type as this agent's desktop saw it (a transferred call is ACD_IN for one agent and TRANSFER for the next).
CREATE TABLE dialog_legs (
  dialog_id TEXT NOT NULL,
  extension TEXT NOT NULL,
  username TEXT,
  agent_address TEXT,
  call_type TEXT,
  start_ms BIGINT,
  end_ms BIGINT,
  removed_ms BIGINT,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL,
  final_ms BIGINT,
  PRIMARY KEY (dialog_id, extension)
);
CREATE INDEX ix_dialog_legs_extension ON dialog_legs (extension, start_ms);
CREATE INDEX ix_dialog_legs_start ON dialog_legs (start_ms, dialog_id, extension);
CREATE INDEX ix_dialog_legs_username ON dialog_legs (username, removed_ms);

-- Each participant state once per (participant, state, Finesse time): replays and reordering add nothing.
CREATE TABLE dialog_participant_states (
  dialog_id TEXT NOT NULL,
  media_address TEXT NOT NULL,
  state TEXT NOT NULL,
  state_change_ms BIGINT NOT NULL,
  media_address_type TEXT,
  start_ms BIGINT,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (dialog_id, media_address, state, state_change_ms)
);

-- Exact keys of a dialog (extension '' = the whole dialog): call GUIDs from media properties, CTI trace pairs.
CREATE TABLE dialog_keys (
  dialog_id TEXT NOT NULL,
  extension TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (dialog_id, extension, kind, value)
);
CREATE INDEX ix_dialog_keys_value ON dialog_keys (kind, value);

-- ------------------------------------------------------------------------------------- derived: recordings
CREATE TABLE recordings (
  recording_id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  agent_extension TEXT,
  far_end_address TEXT,
  refci TEXT,
  x_session_id TEXT,
  near_end_device TEXT,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT,
  last_fact_ms BIGINT NOT NULL
);
CREATE INDEX ix_recordings_start ON recordings (start_ms);

CREATE TABLE recording_segments (
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  agent_extension TEXT,
  far_end_address TEXT,
  far_end_changes TEXT,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT,
  audio_file TEXT,
  audio_seconds {{double}},
  available_ms BIGINT,
  end_reason TEXT,
  flags TEXT,
  quality TEXT,
  last_fact_ms BIGINT NOT NULL,
  PRIMARY KEY (recording_id, segment_index)
);
CREATE INDEX ix_segments_extension ON recording_segments (agent_extension, start_ms);
CREATE INDEX ix_segments_start ON recording_segments (start_ms, recording_id, segment_index);

CREATE TABLE segment_keys (
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (recording_id, segment_index, kind, value)
);
CREATE INDEX ix_segment_keys_value ON segment_keys (kind, value);

-- ------------------------------------------------------------------------------------------- conclusions
-- The engine's links, replaced whenever it re-runs. Rank 0 is the best; an ambiguous segment has a row per candidate.
CREATE TABLE links (
  recording_id TEXT NOT NULL,
  segment_index INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  dialog_id TEXT,
  extension TEXT,
  username TEXT,
  status TEXT NOT NULL,
  confidence {{double}} NOT NULL,
  reason TEXT NOT NULL,
  final INTEGER NOT NULL DEFAULT 0,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (recording_id, segment_index, rank)
);
CREATE INDEX ix_links_dialog ON links (dialog_id, extension);

-- ------------------------------------------------------------------------------------------- compliance
CREATE TABLE legal_holds (
  recording_id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  placed_by TEXT,
  placed_ms BIGINT NOT NULL
);

-- Every hold placed or released, kept for audit (never deleted by retention).
CREATE TABLE legal_hold_log (
  id {{id}},
  recording_id TEXT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT,
  actor TEXT,
  at_ms BIGINT NOT NULL
);

-- ------------------------------------------------------------------------------------------------ pipeline
-- How far the background stages got (gadget events applied to derived state up to this fact id).
CREATE TABLE pipeline_state (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO pipeline_state (name, value) VALUES ('agent_events_projected', 0);
