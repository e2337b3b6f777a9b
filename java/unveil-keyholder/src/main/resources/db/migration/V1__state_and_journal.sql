-- The keyholder daemon's state, version 1 (spec/keyholder-daemon.md). No secret is ever stored:
-- per-release keys are re-derived from the wallet, so no table has a column that could hold one.
-- Addresses and hashes are lowercase 0x-hex text; times are Unix milliseconds (UTC).

-- The releases the bot holds a slot of, with the release state as it last saw it on chain.
CREATE TABLE held_release (
  chain_id    INTEGER NOT NULL CHECK (chain_id >= 1),
  address     TEXT    NOT NULL CHECK (length(address) = 42 AND address GLOB '0x*' AND lower(address) = address),
  factory     TEXT    NOT NULL CHECK (length(factory) = 42 AND factory GLOB '0x*' AND lower(factory) = factory),
  slot        INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 31),
  state       TEXT    NOT NULL CHECK (state IN ('NONE','ENROLLING','SAMPLING','OPEN','FUNDED','RELEASED','SETTLED','CANCELLED','FAILED')),
  next_step   TEXT,   -- what the engine last decided it will do, for people (`keyholder status`)
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (chain_id, address)
) STRICT;

-- How far the bot has read a factory's logs: the last block processed and its hash (for reorg detection).
CREATE TABLE chain_cursor (
  chain_id     INTEGER NOT NULL,
  factory      TEXT    NOT NULL,
  block_number INTEGER NOT NULL CHECK (block_number >= 0),
  block_hash   TEXT    NOT NULL CHECK (length(block_hash) = 66),
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (chain_id, factory)
) STRICT;

-- Every log already acted on, so a back-fill that overlaps, or a node that repeats itself, does nothing twice.
CREATE TABLE seen_log (
  block_hash   TEXT    NOT NULL CHECK (length(block_hash) = 66),
  tx_hash      TEXT    NOT NULL CHECK (length(tx_hash) = 66),
  log_index    INTEGER NOT NULL CHECK (log_index >= 0),
  chain_id     INTEGER NOT NULL,
  factory      TEXT    NOT NULL,
  block_number INTEGER NOT NULL,
  seen_at      INTEGER NOT NULL,
  PRIMARY KEY (block_hash, tx_hash, log_index)
) STRICT;
CREATE INDEX seen_log_by_block ON seen_log (chain_id, factory, block_number);

-- The action journal: what the bot intends to send, written before anything is signed or sent.
-- (chain_id, release, kind, slot, round) is the idempotency key; (chain_id, account, nonce) is unique, so two
-- actions never share a nonce (a fee bump is another attempt of the same action, not another action).
CREATE TABLE action (
  id                INTEGER PRIMARY KEY,
  chain_id          INTEGER NOT NULL,
  release           TEXT    NOT NULL,
  kind              TEXT    NOT NULL CHECK (kind IN ('ENROL','PUBLISH_SHARE','CLAIM_DEPOSIT','DRAW_SAMPLES','CANCEL','EXPIRE','SETTLE')),
  slot              INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 31),
  round             INTEGER NOT NULL DEFAULT 0 CHECK (round BETWEEN 0 AND 2),
  account           TEXT    NOT NULL CHECK (length(account) = 42 AND lower(account) = account),
  status            TEXT    NOT NULL CHECK (status IN ('INTENDED','SIGNED','BROADCAST','CONFIRMED','DONE_BY_OTHERS','FAILED')),
  nonce             INTEGER CHECK (nonce >= 0),
  confirmed_tx_hash TEXT,
  confirmed_block   INTEGER,
  reason            TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  UNIQUE (chain_id, release, kind, slot, round),
  UNIQUE (chain_id, account, nonce),
  FOREIGN KEY (chain_id, release) REFERENCES held_release (chain_id, address),
  CHECK ((status = 'INTENDED') = (nonce IS NULL) OR status IN ('DONE_BY_OTHERS','FAILED')),
  CHECK ((status = 'CONFIRMED') = (confirmed_tx_hash IS NOT NULL))
) STRICT;
CREATE INDEX action_pending ON action (status) WHERE status IN ('SIGNED','BROADCAST');

-- Every signed transaction of an action, exactly as signed: the first, then each fee bump on the same nonce.
CREATE TABLE attempt (
  action_id                INTEGER NOT NULL REFERENCES action (id),
  seq                      INTEGER NOT NULL CHECK (seq >= 1),
  raw_tx                   BLOB    NOT NULL,
  tx_hash                  TEXT    NOT NULL UNIQUE CHECK (length(tx_hash) = 66),
  max_fee_per_gas          TEXT    NOT NULL,
  max_priority_fee_per_gas TEXT    NOT NULL,
  created_at               INTEGER NOT NULL,
  broadcast_at             INTEGER,
  PRIMARY KEY (action_id, seq)
) STRICT;

-- Status only moves forward, whatever writes the file: INTENDED -> SIGNED -> BROADCAST -> CONFIRMED,
-- and from any open status to DONE_BY_OTHERS or FAILED.
CREATE TRIGGER action_status_forward BEFORE UPDATE OF status ON action
WHEN NEW.status <> OLD.status AND NOT (
     (OLD.status = 'INTENDED'  AND NEW.status IN ('SIGNED','DONE_BY_OTHERS','FAILED'))
  OR (OLD.status = 'SIGNED'    AND NEW.status IN ('BROADCAST','CONFIRMED','DONE_BY_OTHERS','FAILED'))
  OR (OLD.status = 'BROADCAST' AND NEW.status IN ('CONFIRMED','DONE_BY_OTHERS','FAILED')))
BEGIN
  SELECT RAISE(ABORT, 'action status may only move forward');
END;

-- Nothing is marked signed or broadcast without the exact bytes that were (or will be) sent.
CREATE TRIGGER action_bytes_first BEFORE UPDATE OF status ON action
WHEN NEW.status IN ('SIGNED','BROADCAST','CONFIRMED')
 AND NOT EXISTS (SELECT 1 FROM attempt WHERE action_id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'an action is journaled with its signed bytes before it is signed, broadcast or confirmed');
END;

-- The nonce of an action is fixed once taken; a signed attempt is never rewritten.
CREATE TRIGGER action_nonce_fixed BEFORE UPDATE OF nonce ON action
WHEN OLD.nonce IS NOT NULL AND NEW.nonce IS NOT OLD.nonce
BEGIN
  SELECT RAISE(ABORT, 'an action keeps the nonce it took');
END;
CREATE TRIGGER attempt_immutable BEFORE UPDATE OF raw_tx, tx_hash, action_id, seq ON attempt
BEGIN
  SELECT RAISE(ABORT, 'a signed attempt is never rewritten');
END;

-- The solicitations the bot accepted (spec/keyholder-protocol.md section 8.2), each with the offer it
-- answered. One row per (chain, release): a bot holds one slot of a release, and soliciting it again
-- with the same terms renews the row. The solicitation is kept in its signed wire form (public: the
-- artist sent it, and it only states terms); the release key appears only as its address, since the
-- key itself is derived again from the wallet. valid_until is in Unix seconds, as the protocol has it.
CREATE TABLE offer (
  chain_id          INTEGER NOT NULL CHECK (chain_id >= 1),
  release           TEXT    NOT NULL CHECK (length(release) = 42 AND release GLOB '0x*' AND lower(release) = release),
  factory           TEXT    NOT NULL CHECK (length(factory) = 42 AND factory GLOB '0x*' AND lower(factory) = factory),
  group_index       INTEGER NOT NULL CHECK (group_index BETWEEN 0 AND 7),
  slot              INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 31),
  artist            TEXT    NOT NULL CHECK (length(artist) = 42 AND artist GLOB '0x*' AND lower(artist) = artist),
  solicitation      TEXT    NOT NULL CHECK (json_valid(solicitation)),
  solicitation_hash TEXT    NOT NULL CHECK (length(solicitation_hash) = 66 AND lower(solicitation_hash) = solicitation_hash),
  release_key       TEXT    NOT NULL CHECK (length(release_key) = 42 AND release_key GLOB '0x*' AND lower(release_key) = release_key),
  valid_until       INTEGER NOT NULL CHECK (valid_until >= 0),
  archive_cid       TEXT    CHECK (archive_cid IS NULL OR length(archive_cid) BETWEEN 8 AND 128),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (chain_id, release)
) STRICT;
CREATE INDEX offer_by_valid_until ON offer (valid_until);

-- The artists' solicitation nonces seen (section 5): a nonce is refused again until its solicitation
-- has expired (forget_after = expiresAt + 60 s of skew, Unix seconds), after which the solicitation
-- itself is refused as expired, so the row may go.
CREATE TABLE solicitation_nonce (
  artist       TEXT    NOT NULL CHECK (length(artist) = 42 AND artist GLOB '0x*' AND lower(artist) = artist),
  nonce        TEXT    NOT NULL CHECK (length(nonce) = 66 AND lower(nonce) = nonce),
  forget_after INTEGER NOT NULL CHECK (forget_after >= 0),
  seen_at      INTEGER NOT NULL,
  PRIMARY KEY (artist, nonce)
) STRICT;
CREATE INDEX solicitation_nonce_by_age ON solicitation_nonce (forget_after);
