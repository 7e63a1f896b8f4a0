-- One AES-256 data key per customer, wrapped by the master key. Personal data in events and read models is
-- sealed with it; erasing a customer deletes the key (crypto-shredding) and keeps the row as the mark.
create table customer_data_key (
    customer_id varchar(64) primary key,
    wrapped_key bytea,                 -- AES-256-GCM envelope under the master key; null once erased
    created_at  timestamptz not null,
    erased_at   timestamptz,
    check ((wrapped_key is null) = (erased_at is not null))
);
