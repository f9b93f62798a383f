-- The experts this service knows, from the registry's events: who owns each one.
create table owned_expert (
    expert_id     text primary key,
    owner_id      text        not null,
    domain        text        not null,
    registered_at timestamptz not null,
    withdrawn_at  timestamptz
);

-- An owner's decision on one expert. No row: the expert is OFF.
create table expert_license (
    expert_id       text primary key references owned_expert (expert_id),
    state           text        not null,
    tenants         text[]      not null,
    license_classes text[]      not null,
    valid_from      timestamptz,
    valid_until     timestamptz,
    -- The state last published: the owner's, or OFF outside [valid_from, valid_until).
    published_state text        not null,
    -- Grows with every published snapshot; never reused, also across deletes and restarts.
    revision        bigint      not null,
    updated_at      timestamptz not null,
    version         bigint      not null
);
create index expert_license_window on expert_license (valid_from, valid_until);

-- Every change of a license: who, when, what before and after, and why.
create table license_change (
    id         bigserial primary key,
    expert_id  text        not null,
    actor      text        not null,
    actor_role text        not null,
    changed_at timestamptz not null,
    before     text,
    after      text,
    reason     text,
    emergency  boolean     not null
);
create index license_change_expert on license_change (expert_id, id);

create table tenant (
    id              text primary key,
    display_name    text,
    license_classes text[]      not null,
    suspended       boolean     not null,
    revision        bigint      not null,
    updated_at      timestamptz not null,
    version         bigint      not null
);

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

create table processed_event (
    event_id     text primary key,
    topic        text        not null,
    processed_at timestamptz not null
);
