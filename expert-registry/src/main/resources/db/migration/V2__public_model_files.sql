-- A public model's files (config.json, model.safetensors, tokenizer.json), uploaded by an operator
-- and stored as blobs under their SHA-256; the model's digest is computed over them.
create table public_model_file (
    id              uuid primary key,
    public_model_id uuid        not null references public_model (id),
    name            text        not null,
    sha256          varchar(64) not null,
    bytes           bigint      not null,
    unique (public_model_id, name)
);
create index public_model_file_sha256 on public_model_file (sha256);
