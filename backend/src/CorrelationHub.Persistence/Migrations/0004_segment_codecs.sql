-- The codec of each track of a segment, "left/right" (agent/far end), as the ingest reported it: G.729 and Opus legs
-- are recorded now, and the export names what each side spoke.
ALTER TABLE recording_segments ADD COLUMN codecs TEXT;
