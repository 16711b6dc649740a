-- Issue 5: the booking flow — decisions, proposals, cancellation rules, delivery, confirmation,
-- the co-payment through Stripe, redemption claims, e-mail notifications and calendar feeds.
-- DOMAIN.md "Bookings, co-payment and redemption".

-- Cancellation rules per instrument: free until N hours before the service; after that a fee of
-- the fee's share given in basis points — which only the co-payment can cover (vouchers never pay
-- cancellation fees). Calendar feeds: one secret token per instrument and per user.
ALTER TABLE instrument
  ADD COLUMN cancel_free_hours integer NOT NULL DEFAULT 24 CHECK (cancel_free_hours BETWEEN 0 AND 720),
  ADD COLUMN cancel_fee_bp     integer NOT NULL DEFAULT 0  CHECK (cancel_fee_bp BETWEEN 0 AND 10000),
  ADD COLUMN calendar_token    text;
CREATE UNIQUE INDEX instrument_calendar_token_key ON instrument(calendar_token);
ALTER TABLE app_user ADD COLUMN calendar_token text;
CREATE UNIQUE INDEX app_user_calendar_token_key ON app_user(calendar_token);

ALTER TABLE booking
  -- A sample/item booking has no slot: the enterprise asks for delivery by this date.
  ADD COLUMN wanted_by             date,
  -- Timers (DOMAIN): approved but unpaid → expired after pay_by; delivered → confirmed after confirm_by.
  ADD COLUMN pay_by                timestamptz(3),
  ADD COLUMN confirm_by            timestamptz(3),
  ADD COLUMN decided_at            timestamptz(3),
  ADD COLUMN decided_by_id         uuid REFERENCES app_user(id),
  ADD COLUMN reject_reason         text,
  -- The institution may propose another time; the enterprise accepts (the slot moves) or not.
  ADD COLUMN proposed_starts_at    timestamptz(3),
  ADD COLUMN proposed_ends_at      timestamptz(3),
  ADD COLUMN proposal_note         text,
  ADD COLUMN cancelled_at          timestamptz(3),
  ADD COLUMN cancelled_by_id       uuid REFERENCES app_user(id),
  ADD COLUMN cancelled_by_side     text CHECK (cancelled_by_side IN ('enterprise', 'institution')),
  ADD COLUMN cancel_reason         text,
  ADD COLUMN cancellation_fee_fen  bigint CHECK (cancellation_fee_fen >= 0),
  -- Delivery: what was actually done and charged, with the evidence numbers and files.
  ADD COLUMN actual_starts_at      timestamptz(3),
  ADD COLUMN actual_ends_at        timestamptz(3),
  ADD COLUMN actual_quantity       integer CHECK (actual_quantity > 0),
  ADD COLUMN final_fee_fen         bigint CHECK (final_fee_fen >= 0),
  ADD COLUMN final_voucher_share_fen bigint CHECK (final_voucher_share_fen >= 0),
  ADD COLUMN final_copay_fen       bigint CHECK (final_copay_fen >= 0),
  ADD COLUMN report_no             text,
  ADD COLUMN report_file           text,
  ADD COLUMN invoice_no            text,
  ADD COLUMN invoice_file          text,
  ADD COLUMN delivered_at          timestamptz(3),
  ADD COLUMN delivered_by_id       uuid REFERENCES app_user(id),
  ADD COLUMN confirmed_at          timestamptz(3),
  ADD COLUMN disputed_at           timestamptz(3),
  ADD COLUMN dispute_reason        text;

-- Rows written before this migration (demo data) moved without reasons.
UPDATE booking SET reject_reason = '（早期数据，未记录理由）' WHERE status = 'rejected' AND reject_reason IS NULL;
UPDATE booking SET cancel_reason = '（早期数据，未记录理由）', cancelled_at = updated_at
 WHERE status = 'cancelled' AND cancel_reason IS NULL;

ALTER TABLE booking
  -- DOMAIN: a redemption may never charge above the fee published when the booking was made.
  ADD CONSTRAINT booking_final_fee_within_snapshot CHECK (final_fee_fen IS NULL OR final_fee_fen <= fee_fen),
  ADD CONSTRAINT booking_final_split_adds_up CHECK (
    final_fee_fen IS NULL
    OR (final_voucher_share_fen IS NOT NULL AND final_copay_fen IS NOT NULL
        AND final_fee_fen = final_voucher_share_fen + final_copay_fen
        AND final_voucher_share_fen <= voucher_share_fen)),
  ADD CONSTRAINT booking_proposal_is_a_range CHECK (
    (proposed_starts_at IS NULL AND proposed_ends_at IS NULL)
    OR (proposed_starts_at IS NOT NULL AND proposed_ends_at IS NOT NULL AND proposed_starts_at < proposed_ends_at)),
  ADD CONSTRAINT booking_actual_is_a_range CHECK (
    actual_starts_at IS NULL OR actual_ends_at IS NULL OR actual_starts_at < actual_ends_at),
  ADD CONSTRAINT booking_delivery_has_evidence CHECK (
    delivered_at IS NULL OR (final_fee_fen IS NOT NULL AND report_no IS NOT NULL AND invoice_no IS NOT NULL)),
  ADD CONSTRAINT booking_rejection_says_why CHECK (
    status <> 'rejected' OR length(btrim(coalesce(reject_reason, ''))) > 0),
  ADD CONSTRAINT booking_cancellation_says_why CHECK (
    status <> 'cancelled' OR (cancelled_at IS NOT NULL AND length(btrim(coalesce(cancel_reason, ''))) > 0)),
  ADD CONSTRAINT booking_dispute_says_why CHECK (
    disputed_at IS NULL OR length(btrim(coalesce(dispute_reason, ''))) > 0);
-- DOMAIN: invoice and report numbers are unique across the whole system.
CREATE UNIQUE INDEX booking_report_no_key ON booking(report_no) WHERE report_no IS NOT NULL;
CREATE UNIQUE INDEX booking_invoice_no_key ON booking(invoice_no) WHERE invoice_no IS NOT NULL;
CREATE INDEX booking_status_pay_by_idx ON booking(status, pay_by);
CREATE INDEX booking_status_confirm_by_idx ON booking(status, confirm_by);
CREATE INDEX booking_enterprise_created_idx ON booking(enterprise_id, created_at);
CREATE INDEX booking_voucher_id_idx ON booking(voucher_id);

-- The readable history of a booking: one row per transition fired (the audit chain holds the same,
-- hash-chained; this is what the pages show).
CREATE TABLE booking_event (
  id            bigserial PRIMARY KEY,
  booking_id    uuid NOT NULL REFERENCES booking(id),
  transition    text NOT NULL,
  from_status   booking_status NOT NULL,
  to_status     booking_status NOT NULL,
  actor_kind    text NOT NULL CHECK (actor_kind IN ('enterprise_member', 'institution_staff', 'county_officer', 'city_officer', 'platform_admin', 'system')),
  actor_user_id uuid REFERENCES app_user(id),
  reason        text,
  detail        jsonb NOT NULL DEFAULT '{}',
  at            timestamptz(3) NOT NULL
);
CREATE INDEX booking_event_booking_idx ON booking_event(booking_id, at);

-- Co-payment through Stripe -----------------------------------------------------------------------
CREATE TABLE payment (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id         uuid NOT NULL REFERENCES booking(id),
  provider           text NOT NULL DEFAULT 'stripe',
  intent_id          text,
  client_secret      text,
  amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
  currency           text NOT NULL DEFAULT 'cny' CHECK (currency = 'cny'),
  status             text NOT NULL CHECK (status IN ('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled', 'failed')),
  refunded_fen       bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
  -- Stripe's `created` of the last event applied: an older event arriving late changes nothing.
  last_event_created bigint,
  last_error         text,
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at         timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT payment_refund_within_amount CHECK (refunded_fen <= amount_fen),
  CONSTRAINT payment_one_per_booking UNIQUE (booking_id)
);
CREATE UNIQUE INDEX payment_intent_id_key ON payment(intent_id) WHERE intent_id IS NOT NULL;

CREATE TABLE payment_refund (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id      uuid NOT NULL REFERENCES payment(id),
  refund_id       text,
  amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
  status          text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
  reason          text,
  idempotency_key text NOT NULL,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT payment_refund_idempotency_key_key UNIQUE (idempotency_key)
);
CREATE UNIQUE INDEX payment_refund_refund_id_key ON payment_refund(refund_id) WHERE refund_id IS NOT NULL;

-- Every Stripe webhook event, stored once by its id (replays and duplicates find it here).
CREATE TABLE stripe_event (
  id           text PRIMARY KEY,
  type         text NOT NULL,
  created      bigint NOT NULL,
  payload      jsonb NOT NULL,
  received_at  timestamptz(3) NOT NULL DEFAULT now(),
  processed_at timestamptz(3),
  outcome      text
);
CREATE INDEX stripe_event_unprocessed_idx ON stripe_event(received_at) WHERE processed_at IS NULL;

-- Redemption claims ------------------------------------------------------------------------------
-- DOMAIN: a confirmed booking paid partly by a voucher becomes one redemption claim with its
-- evidence, grouped per institution per month for settlement; the bureau that issued the voucher
-- pays (谁发券谁兑付), so the claim names the issuing region.
CREATE TABLE redemption_claim (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id        uuid NOT NULL REFERENCES booking(id),
  institution_id    uuid NOT NULL REFERENCES institution(id),
  voucher_id        uuid NOT NULL REFERENCES voucher(id),
  issuing_region_id text NOT NULL REFERENCES region(id),
  period            date NOT NULL CHECK (extract(day FROM period) = 1),
  amount_fen        bigint NOT NULL CHECK (amount_fen > 0),
  evidence          jsonb NOT NULL,
  status            text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'rejected', 'settled')),
  claimed_at        timestamptz(3) NOT NULL,
  decided_at        timestamptz(3),
  decided_by_id     uuid REFERENCES app_user(id),
  decision_reason   text,
  CONSTRAINT redemption_claim_one_per_booking UNIQUE (booking_id)
);
CREATE INDEX redemption_claim_institution_period_idx ON redemption_claim(institution_id, period);
CREATE INDEX redemption_claim_region_status_idx ON redemption_claim(issuing_region_id, status, claimed_at);

-- E-mail -------------------------------------------------------------------------------------------
-- Every message the platform sends, once per dedupe key (a notification job retried or run by two
-- workers sends one mail). In development and tests the transport only records (the /dev/mail page
-- and the tests read this table).
CREATE TABLE mail_message (
  id                  bigserial PRIMARY KEY,
  dedupe_key          text NOT NULL,
  template            text NOT NULL,
  to_address          text NOT NULL,
  to_user_id          uuid REFERENCES app_user(id),
  locale              text NOT NULL DEFAULT 'zh-CN',
  subject             text NOT NULL,
  text_body           text NOT NULL,
  html_body           text,
  booking_id          uuid REFERENCES booking(id),
  transport           text NOT NULL,
  provider_message_id text,
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  sent_at             timestamptz(3),
  CONSTRAINT mail_message_dedupe_key_key UNIQUE (dedupe_key)
);
CREATE INDEX mail_message_to_idx ON mail_message(to_address, created_at);
CREATE INDEX mail_message_booking_idx ON mail_message(booking_id);
