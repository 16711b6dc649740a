-- Foundation schema. Invariants live here: CHECKs, unique keys, the booking exclusion
-- constraint, append-only ledger transfers. Application code is the second line.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TYPE role_name AS ENUM ('enterprise_member','institution_staff','county_officer','city_officer','platform_admin');
CREATE TYPE org_status AS ENUM ('pending','county_reviewed','verified','rejected','suspended');
CREATE TYPE institution_type AS ENUM ('university','research_institute','testing_centre','enterprise_lab');
CREATE TYPE sharing_status AS ENUM ('open','internal_only','maintenance','retired');
CREATE TYPE booking_mode AS ENUM ('operated','self_operated');
CREATE TYPE service_unit AS ENUM ('hour','sample','item');
CREATE TYPE application_status AS ENUM ('submitted','county_approved','approved','rejected');
CREATE TYPE voucher_status AS ENUM ('active','expired','revoked');
CREATE TYPE booking_status AS ENUM ('requested','approved','rejected','paid','in_service','delivered','confirmed','disputed','claimed','redeemed','claim_rejected','settled','cancelled','expired');
CREATE TYPE ledger_account_kind AS ENUM ('funding_source','programme_budget','voucher','booking_hold','institution_payable','settlement','clawback');
CREATE TYPE transfer_type AS ENUM ('single','pending','post_pending','void_pending');
CREATE TYPE transfer_status AS ENUM ('pending','posted','voided');

-- GB/T 2260 regions. id = gb_code, except local zones (达州高新区 = city code + local flag).
CREATE TABLE region (
  id            text PRIMARY KEY,
  gb_code       text NOT NULL CHECK (gb_code ~ '^[0-9]{6}$'),
  name          text NOT NULL,
  name_en       text NOT NULL,
  level         text NOT NULL CHECK (level IN ('province','city','county')),
  parent_id     text REFERENCES region(id),
  is_partner    boolean NOT NULL DEFAULT false,
  is_local_zone boolean NOT NULL DEFAULT false,
  is_historic   boolean NOT NULL DEFAULT false,
  sort_order    integer NOT NULL DEFAULT 0
);

CREATE TABLE app_user (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email      text NOT NULL,
  name       text NOT NULL,
  phone      text,
  locale     text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN','en')),
  is_active  boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT app_user_email_lower CHECK (email = lower(email))
);
CREATE UNIQUE INDEX app_user_email_key ON app_user(email);

CREATE TABLE password (
  user_id    uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  hash       text NOT NULL CHECK (hash LIKE '$argon2id$%'),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE session (
  id         text PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  expires_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  ip         text,
  user_agent text
);
CREATE INDEX session_user_id_idx ON session(user_id);

CREATE TABLE enterprise (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name             text NOT NULL CHECK (length(trim(name)) > 0),
  uscc             text NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  region_id        text NOT NULL REFERENCES region(id),
  status           org_status NOT NULL DEFAULT 'pending',
  sme_reg_no       text,
  sme_reg_year     integer,
  other_status     text,
  legal_rep        text,
  staff_count      integer CHECK (staff_count >= 0),
  sales_fen        bigint CHECK (sales_fen >= 0),
  assets_fen       bigint CHECK (assets_fen >= 0),
  contact_name     text,
  contact_phone    text,
  address          text,
  bank_account     text,
  controller_group text,
  created_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX enterprise_uscc_key ON enterprise(uscc);

CREATE TABLE institution (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text NOT NULL CHECK (length(trim(name)) > 0),
  name_en       text,
  uscc          text NOT NULL CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  type          institution_type NOT NULL,
  region_id     text NOT NULL REFERENCES region(id),
  status        org_status NOT NULL DEFAULT 'pending',
  legal_rep     text,
  cma_no        text,
  cnas_no       text,
  bank_name     text,
  bank_account  text,
  contact_name  text,
  contact_phone text,
  address       text,
  created_at    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX institution_uscc_key ON institution(uscc);

CREATE TABLE role_membership (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role           role_name NOT NULL,
  enterprise_id  uuid REFERENCES enterprise(id),
  institution_id uuid REFERENCES institution(id),
  region_id      text REFERENCES region(id),
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  -- A membership is scoped to exactly what its role acts on.
  CONSTRAINT role_membership_scope CHECK (
    CASE role
      WHEN 'enterprise_member' THEN enterprise_id IS NOT NULL AND institution_id IS NULL AND region_id IS NULL
      WHEN 'institution_staff' THEN institution_id IS NOT NULL AND enterprise_id IS NULL AND region_id IS NULL
      WHEN 'county_officer'    THEN region_id IS NOT NULL AND enterprise_id IS NULL AND institution_id IS NULL
      WHEN 'city_officer'      THEN region_id IS NOT NULL AND enterprise_id IS NULL AND institution_id IS NULL
      WHEN 'platform_admin'    THEN enterprise_id IS NULL AND institution_id IS NULL AND region_id IS NULL
    END
  )
);
CREATE INDEX role_membership_user_id_idx ON role_membership(user_id);
CREATE UNIQUE INDEX role_membership_unique ON role_membership(user_id, role, coalesce(enterprise_id::text, ''), coalesce(institution_id::text, ''), coalesce(region_id, ''));

CREATE TABLE instrument_category (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  name_en     text NOT NULL,
  parent_code text REFERENCES instrument_category(code),
  sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE instrument (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  institution_id     uuid NOT NULL REFERENCES institution(id),
  asset_no           text NOT NULL CHECK (length(trim(asset_no)) > 0),
  name               text NOT NULL CHECK (length(trim(name)) > 0),
  name_en            text,
  model              text,
  manufacturer       text,
  country            text,
  original_value_fen bigint NOT NULL CHECK (original_value_fen >= 0),
  in_use_since       date,
  category_code      text NOT NULL REFERENCES instrument_category(code),
  lab                text,
  address            text,
  specifications     text,
  research_fields    text,
  uses               text,
  accessories        text,
  accreditation      text,
  contact_name       text,
  contact_phone      text,
  sharing_status     sharing_status NOT NULL DEFAULT 'open',
  booking_mode       booking_mode NOT NULL DEFAULT 'operated',
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at         timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX instrument_institution_id_asset_no_key ON instrument(institution_id, asset_no);
CREATE INDEX instrument_category_code_idx ON instrument(category_code);

CREATE TABLE service_item (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instrument_id uuid NOT NULL REFERENCES instrument(id),
  name          text NOT NULL CHECK (length(trim(name)) > 0),
  name_en       text,
  unit          service_unit NOT NULL,
  fee_fen       integer NOT NULL CHECK (fee_fen >= 0),
  min_quantity  integer NOT NULL DEFAULT 1 CHECK (min_quantity >= 1),
  description   text,
  is_active     boolean NOT NULL DEFAULT true
);
CREATE INDEX service_item_instrument_id_idx ON service_item(instrument_id);

CREATE TABLE open_hours (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instrument_id uuid NOT NULL REFERENCES instrument(id),
  weekday       integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute  integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute    integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (start_minute < end_minute)
);
CREATE INDEX open_hours_instrument_id_idx ON open_hours(instrument_id);

CREATE TABLE blackout (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  instrument_id uuid NOT NULL REFERENCES instrument(id),
  starts_at     timestamptz(3) NOT NULL,
  ends_at       timestamptz(3) NOT NULL,
  is_extra_open boolean NOT NULL DEFAULT false,
  reason        text,
  CHECK (starts_at < ends_at)
);
CREATE INDEX blackout_instrument_id_idx ON blackout(instrument_id);

-- Ledger ------------------------------------------------------------------------------------
CREATE TABLE ledger_account (
  id                             bigserial PRIMARY KEY,
  kind                           ledger_account_kind NOT NULL,
  code                           text NOT NULL,
  owner_type                     text,
  owner_id                       text,
  debits_pending                 bigint NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
  debits_posted                  bigint NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
  credits_pending                bigint NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
  credits_posted                 bigint NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
  debits_must_not_exceed_credits boolean NOT NULL DEFAULT false,
  credits_must_not_exceed_debits boolean NOT NULL DEFAULT false,
  created_at                     timestamptz(3) NOT NULL DEFAULT now(),
  -- DOMAIN: a voucher's or a programme budget's available balance can never go negative.
  CONSTRAINT ledger_account_debits_within_credits
    CHECK (NOT debits_must_not_exceed_credits OR debits_pending + debits_posted <= credits_posted),
  CONSTRAINT ledger_account_credits_within_debits
    CHECK (NOT credits_must_not_exceed_debits OR credits_pending + credits_posted <= debits_posted)
);
CREATE UNIQUE INDEX ledger_account_code_key ON ledger_account(code);

CREATE TABLE ledger_transfer (
  id                bigserial PRIMARY KEY,
  idempotency_key   text NOT NULL,
  debit_account_id  bigint NOT NULL REFERENCES ledger_account(id),
  credit_account_id bigint NOT NULL REFERENCES ledger_account(id),
  amount            bigint NOT NULL CHECK (amount > 0),
  type              transfer_type NOT NULL,
  status            transfer_status NOT NULL,
  pending_id        bigint REFERENCES ledger_transfer(id),
  kind              text NOT NULL,
  ref_type          text,
  ref_id            text,
  expires_at        timestamptz(3),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id),
  CHECK ((type IN ('post_pending','void_pending')) = (pending_id IS NOT NULL)),
  CHECK (type = 'pending' OR status = 'posted' OR (type = 'void_pending' AND status = 'voided'))
);
CREATE UNIQUE INDEX ledger_transfer_idempotency_key_key ON ledger_transfer(idempotency_key);
-- A pending transfer is resolved (posted or voided) at most once.
CREATE UNIQUE INDEX ledger_transfer_pending_id_key ON ledger_transfer(pending_id);
CREATE INDEX ledger_transfer_debit_account_id_idx ON ledger_transfer(debit_account_id);
CREATE INDEX ledger_transfer_credit_account_id_idx ON ledger_transfer(credit_account_id);
CREATE INDEX ledger_transfer_ref_type_ref_id_idx ON ledger_transfer(ref_type, ref_id);

-- Transfers are append-only: never deleted; only a pending transfer's status may change, once.
CREATE FUNCTION ledger_transfer_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger_transfer rows are never deleted (id %)', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.type <> 'pending' OR OLD.status <> 'pending' OR NEW.status = 'pending'
     OR (to_jsonb(NEW) - 'status') <> (to_jsonb(OLD) - 'status') THEN
    RAISE EXCEPTION 'ledger_transfer % is immutable (only a pending transfer''s status may change, once)', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER ledger_transfer_append_only BEFORE UPDATE OR DELETE ON ledger_transfer
  FOR EACH ROW EXECUTE FUNCTION ledger_transfer_append_only();

-- Programmes and vouchers -------------------------------------------------------------------
CREATE TABLE programme (
  id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id               text NOT NULL REFERENCES region(id),
  year                    integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name                    text NOT NULL,
  serial_prefix           text NOT NULL CHECK (serial_prefix ~ '^[A-Z]{2,6}$'),
  total_budget_fen        bigint NOT NULL CHECK (total_budget_fen >= 0),
  apply_from              timestamptz(3) NOT NULL,
  apply_to                timestamptz(3) NOT NULL,
  cap_fen                 bigint NOT NULL DEFAULT 20000000 CHECK (cap_fen > 0),
  share_bp                integer NOT NULL DEFAULT 5000 CHECK (share_bp BETWEEN 3000 AND 8000),
  allowed_categories      text[] NOT NULL DEFAULT '{}',
  validity_months         integer NOT NULL DEFAULT 12 CHECK (validity_months BETWEEN 1 AND 60),
  redemption_grace_months integer NOT NULL DEFAULT 3 CHECK (redemption_grace_months BETWEEN 0 AND 24),
  accept_partner_regions  boolean NOT NULL DEFAULT true,
  last_serial             integer NOT NULL DEFAULT 0 CHECK (last_serial >= 0),
  budget_account_id       bigint REFERENCES ledger_account(id),
  created_at              timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (apply_from < apply_to)
);
CREATE UNIQUE INDEX programme_region_id_year_name_key ON programme(region_id, year, name);
CREATE UNIQUE INDEX programme_budget_account_id_key ON programme(budget_account_id);

CREATE TABLE voucher_application (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id       uuid NOT NULL REFERENCES programme(id),
  enterprise_id      uuid NOT NULL REFERENCES enterprise(id),
  amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
  purpose            text NOT NULL,
  planned_use        text,
  status             application_status NOT NULL DEFAULT 'submitted',
  county_reviewer_id uuid REFERENCES app_user(id),
  county_reviewed_at timestamptz(3),
  county_reason      text,
  city_reviewer_id   uuid REFERENCES app_user(id),
  city_reviewed_at   timestamptz(3),
  city_reason        text,
  created_at         timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE voucher (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  serial         text NOT NULL,
  programme_id   uuid NOT NULL REFERENCES programme(id),
  enterprise_id  uuid NOT NULL REFERENCES enterprise(id),
  application_id uuid REFERENCES voucher_application(id),
  face_value_fen bigint NOT NULL CHECK (face_value_fen > 0),
  status         voucher_status NOT NULL DEFAULT 'active',
  issued_at      timestamptz(3) NOT NULL,
  expires_at     timestamptz(3) NOT NULL,
  redeem_by      timestamptz(3) NOT NULL,
  account_id     bigint NOT NULL REFERENCES ledger_account(id),
  CHECK (issued_at < expires_at AND expires_at <= redeem_by)
);
CREATE UNIQUE INDEX voucher_serial_key ON voucher(serial);
CREATE UNIQUE INDEX voucher_application_id_key ON voucher(application_id);
CREATE UNIQUE INDEX voucher_account_id_key ON voucher(account_id);
CREATE INDEX voucher_enterprise_id_idx ON voucher(enterprise_id);

-- Bookings ----------------------------------------------------------------------------------
CREATE TABLE booking (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enterprise_id     uuid NOT NULL REFERENCES enterprise(id),
  instrument_id     uuid NOT NULL REFERENCES instrument(id),
  service_item_id   uuid NOT NULL REFERENCES service_item(id),
  voucher_id        uuid REFERENCES voucher(id),
  requested_by_id   uuid REFERENCES app_user(id),
  status            booking_status NOT NULL DEFAULT 'requested',
  during            tstzrange,
  starts_at         timestamptz(3),
  ends_at           timestamptz(3),
  quantity          integer NOT NULL CHECK (quantity > 0),
  unit              service_unit NOT NULL,
  unit_fee_fen      integer NOT NULL CHECK (unit_fee_fen >= 0),
  fee_fen           bigint NOT NULL CHECK (fee_fen >= 0),
  share_bp          integer NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
  voucher_share_fen bigint NOT NULL CHECK (voucher_share_fen >= 0),
  copay_fen         bigint NOT NULL CHECK (copay_fen >= 0),
  hold_transfer_id  bigint REFERENCES ledger_transfer(id),
  idempotency_key   text NOT NULL,
  purpose           text,
  decide_by         timestamptz(3),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz(3) NOT NULL DEFAULT now(),
  -- DOMAIN: fee = voucher share + co-payment, exactly; fee = quantity × snapshot unit fee.
  CONSTRAINT booking_split_adds_up CHECK (fee_fen = voucher_share_fen + copay_fen),
  CONSTRAINT booking_fee_is_snapshot CHECK (fee_fen = quantity::bigint * unit_fee_fen),
  CONSTRAINT booking_voucher_share_needs_voucher CHECK (voucher_share_fen = 0 OR voucher_id IS NOT NULL),
  -- `during` mirrors starts_at/ends_at so the exclusion constraint can use it.
  CONSTRAINT booking_during_matches CHECK (
    (during IS NULL AND starts_at IS NULL AND ends_at IS NULL)
    OR (during = tstzrange(starts_at, ends_at, '[)') AND starts_at < ends_at)
  ),
  -- DOMAIN: two active bookings of one instrument never overlap.
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (instrument_id WITH =, during WITH &&)
    WHERE (during IS NOT NULL AND status IN ('requested','approved','paid','in_service'))
);
CREATE UNIQUE INDEX booking_enterprise_id_idempotency_key_key ON booking(enterprise_id, idempotency_key);
CREATE INDEX booking_instrument_id_idx ON booking(instrument_id);
CREATE INDEX booking_status_decide_by_idx ON booking(status, decide_by);

-- Outbox and audit --------------------------------------------------------------------------
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  queue        text NOT NULL,
  name         text NOT NULL,
  payload      jsonb NOT NULL,
  available_at timestamptz(3) NOT NULL DEFAULT now(),
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  sent_at      timestamptz(3)
);
CREATE INDEX outbox_unsent_idx ON outbox(id) WHERE sent_at IS NULL;

-- Wake the relay when a row commits (NOTIFY is delivered at commit).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', NEW.id::text);
  RETURN NEW;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify();

-- One hash chain per organisation stream: the head row is the lock, so chains never contend.
CREATE TABLE audit_stream (
  stream    text PRIMARY KEY,
  last_seq  integer NOT NULL CHECK (last_seq >= 0),
  last_hash text NOT NULL
);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  stream        text NOT NULL,
  seq           integer NOT NULL CHECK (seq >= 1),
  actor_user_id uuid,
  org_type      text NOT NULL,
  org_id        text NOT NULL,
  action        text NOT NULL,
  entity_type   text NOT NULL,
  entity_id     text NOT NULL,
  before        jsonb,
  after         jsonb,
  at            timestamptz(3) NOT NULL,
  prev_hash     text NOT NULL,
  hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX audit_log_stream_seq_key ON audit_log(stream, seq);
CREATE INDEX audit_log_entity_type_entity_id_idx ON audit_log(entity_type, entity_id);
