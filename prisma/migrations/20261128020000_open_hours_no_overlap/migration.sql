-- Weekly open hours of one instrument never overlap on the same weekday (issue 3). The form's
-- parser already refuses overlaps with a message; this is the first line (STYLE: invariants in the
-- schema). Touching ranges (08:00-12:00, 12:00-14:00) are allowed: int4range is '[)'.
ALTER TABLE open_hours
  ADD CONSTRAINT open_hours_no_overlap
  EXCLUDE USING gist (instrument_id WITH =, weekday WITH =, int4range(start_minute, end_minute) WITH &&);
