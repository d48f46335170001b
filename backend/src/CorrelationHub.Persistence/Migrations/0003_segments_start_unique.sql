-- The export reads segments in (start, recording, segment) order and each segment's links in rank order. The index
-- holds the segments' key, so it is unique; declared UNIQUE, it lets SQLite take the links' rank order from the
-- links key instead of sorting every segment's links in a temporary b-tree.
DROP INDEX ix_segments_start;
CREATE UNIQUE INDEX ix_segments_start ON recording_segments (start_ms, recording_id, segment_index);
