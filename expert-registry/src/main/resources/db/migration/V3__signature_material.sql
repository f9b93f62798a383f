-- What a signature check needs, kept as uploaded: the bytes of expert.json, whose SHA-256 the
-- signature covers (a text column re-encodes a manifest that is not UTF-8; JSON may be UTF-16 or
-- UTF-32), and the expert.sig text of a signed upload.
alter table expert alter column manifest type bytea using convert_to(manifest, 'UTF8');
alter table expert add column signature text;
