-- The expert registry: public models (anchors), owners' signing keys, experts with their
-- lifecycle history, the transactional outbox, and the log of consumed events.

create table public_model (
    id                uuid primary key,
    name              text        not null unique,
    digest            varchar(64)    not null unique,
    config            text        not null,
    hidden_size       integer     not null,
    intermediate_size integer     not null,
    num_layers        integer     not null,
    registered_by     text        not null,
    registered_at     timestamptz not null
);

create table owner_key (
    id            uuid primary key,
    owner_id      text        not null,
    public_key    bytea       not null,
    registered_by text        not null,
    registered_at timestamptz not null,
    unique (owner_id, public_key)
);

create table expert (
    id              uuid primary key,
    owner_id        text        not null,
    domain          text        not null,
    -- One registration per artifact: the same bytes uploaded twice are the same expert.
    artifact_digest varchar(64)    not null unique,
    anchor_digest   varchar(64)    not null references public_model (digest),
    artifact_bytes  bigint      not null,
    format_version  integer     not null,
    manifest        text        not null,
    signed          boolean     not null,
    state           text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    version         bigint      not null
);
create index expert_owner on expert (owner_id);
create index expert_state on expert (state);

create table expert_state_change (
    id         bigserial primary key,
    expert_id  uuid        not null references expert (id),
    from_state text,
    to_state   text        not null,
    actor      text        not null,
    reason     text,
    changed_at timestamptz not null
);
create index expert_state_change_expert on expert_state_change (expert_id, id);

-- The experts of the latest published version of each model: a withdrawn expert's blob stays
-- while any of these refers to it.
create table model_version_expert (
    model_name text   not null,
    version    bigint not null,
    expert_id  uuid   not null references expert (id),
    primary key (model_name, expert_id)
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
