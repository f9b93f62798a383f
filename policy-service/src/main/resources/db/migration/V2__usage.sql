-- Tokens routed to each expert per tenant and UTC day, from the inference service's usage events.
create table usage_daily (
    expert_id text   not null,
    tenant    text   not null,
    day       date   not null,
    tokens    bigint not null,
    primary key (expert_id, tenant, day)
);
