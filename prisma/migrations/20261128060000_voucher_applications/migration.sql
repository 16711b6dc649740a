-- Issue 4: declared related parties, voucher applications with two review steps, expiry and
-- revocation of vouchers, and flags for the auditor. DOMAIN.md "Enterprises and institutions",
-- "Vouchers".

-- Related parties ---------------------------------------------------------------------------
-- DOMAIN: an enterprise may not spend vouchers at an institution it is affiliated with (declared
-- shareholding, common controller, same legal representative …). The declaration is the
-- enterprise's; a declared link blocks bookings at that institution (issue 5 reads this table).
CREATE TABLE enterprise_related_party (
  id             bigserial PRIMARY KEY,
  enterprise_id  uuid NOT NULL REFERENCES enterprise(id),
  institution_id uuid NOT NULL REFERENCES institution(id),
  relation       text NOT NULL CHECK (relation IN ('affiliated', 'shareholding', 'common_controller', 'same_legal_rep', 'other')),
  note           text,
  declared_at    timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT enterprise_related_party_once UNIQUE (enterprise_id, institution_id)
);
CREATE INDEX enterprise_related_party_institution_idx ON enterprise_related_party(institution_id);

-- DOMAIN: caps apply per controller group where one is declared. Enterprises whose group names
-- match after trimming, removing white space and folding case share one cap; this index serves
-- that comparison (the same expression is used by the cap query).
CREATE INDEX enterprise_controller_group_key_idx
  ON enterprise (lower(regexp_replace(controller_group, '\s', '', 'g')))
  WHERE controller_group IS NOT NULL;

-- Applications -------------------------------------------------------------------------------
ALTER TABLE voucher_application
  ADD COLUMN applicant_id    uuid REFERENCES app_user(id),
  ADD COLUMN idempotency_key text,
  ADD COLUMN county_decision text CHECK (county_decision IN ('approved', 'rejected')),
  ADD COLUMN city_decision   text CHECK (city_decision IN ('approved', 'rejected')),
  ADD COLUMN updated_at      timestamptz(3) NOT NULL DEFAULT now();

-- A double submit of one form makes one application.
CREATE UNIQUE INDEX voucher_application_enterprise_idempotency_key
  ON voucher_application(enterprise_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX voucher_application_status_created_idx ON voucher_application(status, created_at);
CREATE INDEX voucher_application_enterprise_idx ON voucher_application(enterprise_id, created_at);
CREATE INDEX voucher_application_programme_idx ON voucher_application(programme_id, status);

-- Rows written before this migration (demo data) carry their decisions only as times and status.
UPDATE voucher_application SET
  county_decision = CASE WHEN county_reviewed_at IS NULL THEN NULL
                         WHEN status = 'rejected' AND city_reviewed_at IS NULL THEN 'rejected'
                         ELSE 'approved' END,
  city_decision   = CASE WHEN city_reviewed_at IS NULL THEN NULL
                         WHEN status = 'rejected' THEN 'rejected'
                         ELSE 'approved' END;

-- DOMAIN: every review step keeps its reviewer, time and reason; a rejection says why and is final.
-- NOT VALID: older demo rows recorded county steps done offline without a reviewer; every row
-- written or updated from now on is checked.
ALTER TABLE voucher_application
  ADD CONSTRAINT voucher_application_county_step_complete CHECK (
    county_decision IS NULL OR (county_reviewer_id IS NOT NULL AND county_reviewed_at IS NOT NULL)) NOT VALID,
  ADD CONSTRAINT voucher_application_city_step_complete CHECK (
    city_decision IS NULL OR (city_reviewer_id IS NOT NULL AND city_reviewed_at IS NOT NULL)) NOT VALID;
ALTER TABLE voucher_application
  ADD CONSTRAINT voucher_application_county_reject_reason CHECK (
    county_decision IS DISTINCT FROM 'rejected' OR length(btrim(coalesce(county_reason, ''))) > 0),
  ADD CONSTRAINT voucher_application_city_reject_reason CHECK (
    city_decision IS DISTINCT FROM 'rejected' OR length(btrim(coalesce(city_reason, ''))) > 0),
  -- The status and the decisions tell one story.
  ADD CONSTRAINT voucher_application_status_matches_decisions CHECK (
    CASE status
      WHEN 'submitted' THEN county_decision IS NULL AND city_decision IS NULL
      WHEN 'county_approved' THEN county_decision = 'approved' AND city_decision IS NULL
      WHEN 'approved' THEN city_decision = 'approved' AND county_decision IS DISTINCT FROM 'rejected'
      WHEN 'rejected' THEN county_decision = 'rejected' OR city_decision = 'rejected'
    END);

-- Vouchers: expiry and revocation -------------------------------------------------------------
ALTER TABLE voucher
  ADD COLUMN expired_at    timestamptz(3),
  ADD COLUMN revoked_at    timestamptz(3),
  ADD COLUMN revoked_by_id uuid REFERENCES app_user(id),
  ADD COLUMN revoke_reason text,
  -- DOMAIN: a revoked voucher records a clawback for what was already redeemed (posted).
  ADD COLUMN clawback_fen  bigint CHECK (clawback_fen >= 0),
  ADD CONSTRAINT voucher_expiry_recorded CHECK (status <> 'expired' OR expired_at IS NOT NULL),
  ADD CONSTRAINT voucher_revocation_complete CHECK (
    status <> 'revoked' OR (revoked_at IS NOT NULL AND revoked_by_id IS NOT NULL
      AND length(btrim(coalesce(revoke_reason, ''))) > 0 AND clawback_fen IS NOT NULL));
-- The expiry sweep looks for active vouchers past their end.
CREATE INDEX voucher_status_expires_at_idx ON voucher(status, expires_at);
CREATE INDEX voucher_programme_id_idx ON voucher(programme_id);

-- Flags for the auditor ------------------------------------------------------------------------
-- DOMAIN "Checks the auditor sees as flags": one row per booking and kind (a revoked voucher,
-- later related party, fee above snapshot …); raising the same flag twice changes nothing.
CREATE TABLE booking_flag (
  id           bigserial PRIMARY KEY,
  booking_id   uuid NOT NULL REFERENCES booking(id),
  kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9-]*$'),
  detail       jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared', 'upheld')),
  raised_at    timestamptz(3) NOT NULL,
  raised_by_id uuid REFERENCES app_user(id),
  CONSTRAINT booking_flag_once UNIQUE (booking_id, kind)
);
CREATE INDEX booking_flag_status_idx ON booking_flag(status, raised_at);
