-- Catalogue search (issue 3): a CJK bigram tsvector on instrument with a GIN index, as Lucene's
-- CJK analyzer does. pg_trgm cannot index a two-character Chinese query (色谱 has no full
-- trigram: STACK.md); a bigram is one exact lexeme. search_index_tokens mirrors
-- app/features/instruments/search/tokens.ts token for token (tested in catalogue.test.ts).
-- Also: internal-use hours per instrument and year, for the utilisation figures.

-- Rules (same as tokens.ts): NFKC, lower-case A–Z, runs of Han characters / [a-z0-9]; a Han run
-- gives each character and each neighbouring pair; a Latin run gives itself and, when it mixes
-- letters and digits, its letter-only and digit-only parts.
CREATE FUNCTION search_index_tokens(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  norm  text := translate(normalize(t, NFKC), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
  run   text;
  chars text[];
  i     integer;
  out   text[] := '{}';
BEGIN
  FOR run IN
    SELECT m.match[1]
    FROM regexp_matches(norm, '([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+|[a-z0-9]+)', 'g') WITH ORDINALITY AS m(match, n)
    ORDER BY m.n
  LOOP
    IF run ~ '^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]' THEN
      chars := regexp_split_to_array(run, '');
      out := out || chars;
      FOR i IN 1 .. array_length(chars, 1) - 1 LOOP
        out := out || (chars[i] || chars[i + 1]);
      END LOOP;
    ELSE
      out := out || run;
      IF run ~ '[a-z]' AND run ~ '[0-9]' THEN
        out := out || ARRAY(
          SELECT p.part[1]
          FROM regexp_matches(run, '([a-z]+|[0-9]+)', 'g') WITH ORDINALITY AS p(part, n)
          ORDER BY p.n);
      END IF;
    END IF;
  END LOOP;
  RETURN out;
END $$;

-- One field's tokens as a tsvector with positions and a weight (A name … D long texts). The
-- tokens hold only Han characters, a–z and 0–9, so quoting them for tsvector input is exact.
CREATE FUNCTION search_weighted_tsv(t text, weight text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    string_agg(format('''%s'':%s%s', x.tok, least(x.n, 16383), weight), ' ')::tsvector,
    ''::tsvector)
  FROM unnest(search_index_tokens(coalesce(t, ''))) WITH ORDINALITY AS x(tok, n)
$$;

CREATE FUNCTION instrument_search_tsv(
  name text, name_en text, model text, manufacturer text, category_names text,
  specifications text, research_fields text, uses text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT search_weighted_tsv(name, 'A')
      || search_weighted_tsv(concat_ws(' ', name_en, model), 'B')
      || search_weighted_tsv(concat_ws(' ', manufacturer, category_names), 'C')
      || search_weighted_tsv(concat_ws(' ', specifications, research_fields, uses), 'D')
$$;

ALTER TABLE instrument ADD COLUMN search_tsv tsvector;

-- A trigger, not a generated column: the category's names live in another table.
CREATE FUNCTION instrument_search_tsv_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_tsv := instrument_search_tsv(
    NEW.name, NEW.name_en, NEW.model, NEW.manufacturer,
    (SELECT concat_ws(' ', c.name, c.name_en, p.name, p.name_en)
       FROM instrument_category c LEFT JOIN instrument_category p ON p.code = c.parent_code
      WHERE c.code = NEW.category_code),
    NEW.specifications, NEW.research_fields, NEW.uses);
  RETURN NEW;
END $$;

CREATE TRIGGER instrument_search_tsv_fill
  BEFORE INSERT OR UPDATE OF name, name_en, model, manufacturer, category_code, specifications, research_fields, uses
  ON instrument FOR EACH ROW EXECUTE FUNCTION instrument_search_tsv_fill();

-- A renamed category (or a moved one) refreshes its instruments' search text.
CREATE FUNCTION instrument_category_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE instrument SET category_code = category_code
   WHERE category_code = NEW.code
      OR category_code IN (SELECT code FROM instrument_category WHERE parent_code = NEW.code);
  RETURN NULL;
END $$;

CREATE TRIGGER instrument_category_search_refresh
  AFTER UPDATE OF name, name_en, parent_code ON instrument_category FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.name_en IS DISTINCT FROM NEW.name_en
        OR OLD.parent_code IS DISTINCT FROM NEW.parent_code)
  EXECUTE FUNCTION instrument_category_search_refresh();

UPDATE instrument SET name = name;

CREATE INDEX instrument_search_tsv_idx ON instrument USING gin (search_tsv);

-- DOMAIN (utilisation): effective hours = completed bookings + the institution's own internal use.
-- Internal use is declared per instrument and year (minutes, so no fractions in the client).
CREATE TABLE instrument_internal_use (
  instrument_id uuid    NOT NULL REFERENCES instrument(id),
  year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  minutes       integer NOT NULL CHECK (minutes BETWEEN 0 AND 527040),
  note          text,
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (instrument_id, year)
);
