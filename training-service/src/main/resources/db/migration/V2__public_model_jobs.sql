-- A public-model job (the operator's): the name it is registered under, its size preset and the
-- vocabulary its tokenizer is trained to. Null for the other kinds.
alter table training_job add column model_name text;
alter table training_job add column preset text;
alter table training_job add column vocab_size integer;
