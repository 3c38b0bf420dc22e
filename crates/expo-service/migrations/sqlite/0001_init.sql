-- Negotiation requests from the hall's form. Every column except the ids, the booth and the
-- timestamps holds personal data, and whole rows are deleted after the retention period.
CREATE TABLE negotiations (
    id                INTEGER PRIMARY KEY,
    receipt           TEXT    NOT NULL UNIQUE,
    idempotency_key   TEXT    NOT NULL UNIQUE,
    body_sha256       TEXT    NOT NULL,
    exhibition        TEXT    NOT NULL,
    booth             TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    organization      TEXT    NOT NULL,
    phone             TEXT,
    email             TEXT,
    topic             TEXT    NOT NULL,
    message           TEXT    NOT NULL,
    time_slot         TEXT,
    lang              TEXT    NOT NULL,
    client_created_at TEXT    NOT NULL,
    received_at_ms    INTEGER NOT NULL,
    handled_at_ms     INTEGER
);
CREATE INDEX negotiations_booth ON negotiations (exhibition, booth, id);
CREATE INDEX negotiations_received ON negotiations (received_at_ms);

-- Anonymous count of stored negotiation requests per day and booth, kept after retention
-- deletes the requests themselves.
CREATE TABLE negotiation_daily_counts (
    exhibition TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    booth      TEXT    NOT NULL,
    requests   INTEGER NOT NULL,
    PRIMARY KEY (exhibition, day, booth)
);

-- Anonymous visit events. `visit` is a random id the page makes per visit.
CREATE TABLE visit_events (
    id             INTEGER PRIMARY KEY,
    exhibition     TEXT    NOT NULL,
    visit          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    day            TEXT    NOT NULL,
    occurred_at_ms INTEGER NOT NULL,
    received_at_ms INTEGER NOT NULL,
    zone           TEXT,
    booth          TEXT,
    panel          TEXT
);
CREATE INDEX visit_events_day ON visit_events (exhibition, day, visit);
CREATE INDEX visit_events_booth ON visit_events (exhibition, booth, day) WHERE booth IS NOT NULL;

-- Exhibitor and organizer access tokens; only the SHA-256 hash of each token is stored.
CREATE TABLE access_tokens (
    id            INTEGER PRIMARY KEY,
    token_sha256  TEXT    NOT NULL UNIQUE,
    exhibition    TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('organizer', 'booth')),
    booth         TEXT,
    label         TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER,
    CHECK ((role = 'booth') = (booth IS NOT NULL))
);
