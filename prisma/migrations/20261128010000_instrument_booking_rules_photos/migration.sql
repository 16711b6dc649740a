-- Booking rules an institution sets per instrument (issue 3), and instrument photos.
ALTER TABLE instrument
  ADD COLUMN min_notice_hours     integer NOT NULL DEFAULT 24  CHECK (min_notice_hours BETWEEN 0 AND 720),
  ADD COLUMN max_advance_days     integer NOT NULL DEFAULT 60  CHECK (max_advance_days BETWEEN 1 AND 365),
  ADD COLUMN slot_minutes         integer NOT NULL DEFAULT 30  CHECK (slot_minutes IN (15, 30, 60)),
  ADD COLUMN min_duration_minutes integer NOT NULL DEFAULT 60  CHECK (min_duration_minutes BETWEEN 15 AND 1440),
  ADD COLUMN max_duration_minutes integer NOT NULL DEFAULT 480 CHECK (max_duration_minutes BETWEEN 15 AND 10080),
  ADD COLUMN buffer_minutes       integer NOT NULL DEFAULT 0   CHECK (buffer_minutes BETWEEN 0 AND 240),
  ADD COLUMN requires_approval    boolean NOT NULL DEFAULT true,
  ADD CONSTRAINT instrument_duration_range CHECK (min_duration_minutes <= max_duration_minutes);

-- Photos live outside the web root under a server-chosen file name; this row is the only way to them.
CREATE TABLE instrument_photo (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instrument_id uuid NOT NULL REFERENCES instrument(id),
  file_name     text NOT NULL CHECK (file_name ~ '^[0-9a-f-]{36}\.(jpg|png|webp)$'),
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size     integer NOT NULL CHECK (byte_size > 0 AND byte_size <= 5242880),
  width         integer,
  height        integer,
  sort_order    integer NOT NULL DEFAULT 0,
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX instrument_photo_file_name_key ON instrument_photo(file_name);
CREATE INDEX instrument_photo_instrument_id_idx ON instrument_photo(instrument_id);
