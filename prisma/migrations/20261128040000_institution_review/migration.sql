-- Institution admission (入库) history, issue 3: one row per review step — who decided what, when
-- and why. DOMAIN: "every review step keeps its reviewer, time and reason"; a rejection or a
-- suspension must say why. The institution row keeps only the current status; this table is the
-- readable history (the audit chain institution:<id> holds the same steps, hash-chained).
CREATE TABLE institution_review (
  id             bigserial PRIMARY KEY,
  institution_id uuid NOT NULL REFERENCES institution(id),
  step           text NOT NULL CHECK (step IN ('county', 'city', 'suspend', 'reinstate')),
  decision       text NOT NULL CHECK (decision IN ('approved', 'rejected', 'suspended', 'reinstated')),
  from_status    org_status NOT NULL,
  to_status      org_status NOT NULL,
  reason         text,
  reviewer_id    uuid NOT NULL REFERENCES app_user(id),
  at             timestamptz(3) NOT NULL,
  CONSTRAINT institution_review_step_decision CHECK (
    CASE step
      WHEN 'county' THEN decision IN ('approved', 'rejected')
      WHEN 'city' THEN decision IN ('approved', 'rejected')
      WHEN 'suspend' THEN decision = 'suspended'
      WHEN 'reinstate' THEN decision = 'reinstated'
    END
  ),
  -- A rejection or a suspension is never silent.
  CONSTRAINT institution_review_reason_given CHECK (
    decision NOT IN ('rejected', 'suspended') OR length(btrim(coalesce(reason, ''))) > 0
  )
);
CREATE INDEX institution_review_institution_id_idx ON institution_review(institution_id, at);

-- The review queue filters on status and sorts by submission time.
CREATE INDEX institution_status_created_at_idx ON institution(status, created_at);
