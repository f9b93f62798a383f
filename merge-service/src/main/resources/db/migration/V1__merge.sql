-- What the merge service knows of each registered expert: its validation outcome and whether the
-- next model version must take it in (validated, not merged yet) or leave it (withdrawn).
create table tracked_expert (
    expert_id       text primary key,
    owner_id        text        not null,
    domain          text        not null,
    artifact_digest varchar(64) not null,
    anchor_digest   varchar(64) not null,
    -- The public model's registered name, which is the served model's name; null when the anchor
    -- is not a registered public model.
    model_name      text,
    state           text        not null,
    report          text        not null,
    registered_at   timestamptz not null,
    decided_at      timestamptz not null,
    withdrawn_at    timestamptz,
    -- Validated experts enter versions in this order, so router rows keep their relative order.
    merge_order     bigint,
    needs_merge     boolean     not null,
    version         bigint      not null
);
create sequence merge_order_seq;
create index tracked_expert_needs_merge on tracked_expert (anchor_digest) where needs_merge;

-- Immutable once written, but for a candidate's publication.
create table model_version (
    id               bigserial primary key,
    model_name       text        not null,
    number           bigint      not null,
    public_digest    varchar(64) not null,
    top_k            integer     not null,
    trigger          text        not null,
    status           text        not null,
    rolled_back_from bigint,
    created_at       timestamptz not null,
    published_at     timestamptz,
    unique (model_name, number)
);

create table model_version_expert (
    version_id      bigint      not null references model_version (id),
    position        integer     not null,
    expert_id       text        not null,
    artifact_digest varchar(64) not null,
    domain          text        not null,
    primary key (version_id, position)
);

create table outbox_event (
    id         bigserial primary key,
    event_id   text        not null unique,
    topic      text        not null,
    event_key  text        not null,
    payload    text        not null,
    created_at timestamptz not null,
    sent_at    timestamptz
);
create index outbox_event_unsent on outbox_event (id) where sent_at is null;

create table processed_event (
    event_id     text primary key,
    topic        text        not null,
    processed_at timestamptz not null
);
