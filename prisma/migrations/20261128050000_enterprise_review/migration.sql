-- Enterprise review history, issue 4: one row per step of an enterprise's verification — who
-- decided what, when and why. DOMAIN: "every review step keeps its reviewer, time and reason"; a
-- rejection or a suspension must say why. The enterprise row keeps only the current status; this
-- table is the readable history (the audit chain enterprise:<id> holds the same steps, hash-chained).
CREATE TABLE enterprise_review (
  id            bigserial PRIMARY KEY,
  enterprise_id uuid NOT NULL REFERENCES enterprise(id),
  step          text NOT NULL CHECK (step IN ('county', 'city', 'suspend', 'reinstate')),
  decision      text NOT NULL CHECK (decision IN ('approved', 'rejected', 'suspended', 'reinstated')),
  from_status   org_status NOT NULL,
  to_status     org_status NOT NULL,
  reason        text,
  reviewer_id   uuid NOT NULL REFERENCES app_user(id),
  at            timestamptz(3) NOT NULL,
  CONSTRAINT enterprise_review_step_decision CHECK (
    CASE step
      WHEN 'county' THEN decision IN ('approved', 'rejected')
      WHEN 'city' THEN decision IN ('approved', 'rejected')
      WHEN 'suspend' THEN decision = 'suspended'
      WHEN 'reinstate' THEN decision = 'reinstated'
    END
  ),
  -- A rejection or a suspension is never silent.
  CONSTRAINT enterprise_review_reason_given CHECK (
    decision NOT IN ('rejected', 'suspended') OR length(btrim(coalesce(reason, ''))) > 0
  )
);
CREATE INDEX enterprise_review_enterprise_id_idx ON enterprise_review(enterprise_id, at);

-- The review queue filters on status and sorts by registration time.
CREATE INDEX enterprise_status_created_at_idx ON enterprise(status, created_at);
