-- A training job of this owner. Its data never leaves the machine; only paths are kept here.
create table training_job (
    id                uuid primary key,
    kind              text        not null,
    state             text        not null,
    -- The public model (expert and dense jobs) by registry id and digest, or the local merged
    -- model a router-tuning job starts from.
    public_model_id   text,
    public_model_digest text,
    model_path        text,
    data_path         text        not null,
    validation_path   text,
    domain            text        not null,
    -- The resolved hyperparameters, as JSON.
    hyperparameters   text        not null,
    auto_register     boolean     not null,
    step              bigint      not null,
    total_steps       bigint      not null,
    loss              double precision,
    learning_rate     double precision,
    tokens_per_second double precision,
    eta_seconds       double precision,
    -- Final metrics as JSON, once the job succeeded.
    metrics           text,
    artifact_digest   text,
    registration      text        not null,
    expert_id         text,
    expert_status     text,
    registration_error text,
    error             text,
    cancel_requested  boolean     not null,
    -- How often the job's process was started (1, then one more per resume).
    attempts          integer     not null,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    version           bigint      not null
);
create index training_job_queue on training_job (state, created_at);

create table outbox_event (
    id         bigserial primary key,
    event_id   text        not null unique,
    topic      text        not null,
    event_key  text        not null,
    -- null for a tombstone
    payload    text,
    created_at timestamptz not null,
    sent_at    timestamptz
);
create index outbox_event_unsent on outbox_event (id) where sent_at is null;

-- service-kit's log of consumed events; this service consumes none, but the entity is shared.
create table processed_event (
    event_id     text primary key,
    topic        text        not null,
    processed_at timestamptz not null
);
