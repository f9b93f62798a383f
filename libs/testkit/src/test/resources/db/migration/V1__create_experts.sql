CREATE TABLE expert (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
