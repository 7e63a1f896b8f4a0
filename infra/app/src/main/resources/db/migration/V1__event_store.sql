-- Axon's JDBC event store, token store and the HTTP idempotency keys.
-- Payloads are bytea (JSON bytes from Jackson), never large objects (oid).

create table domain_event_entry (
    global_index         bigserial    not null primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    time_stamp     varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

create table idempotency_key (
    idempotency_key       varchar(255)  not null primary key,
    request_hash          bytea         not null,
    status                integer,
    response_body         bytea,
    response_content_type varchar(255),
    response_location     varchar(2048),
    created_at            timestamptz   not null default now()
);

create index idempotency_key_created_at on idempotency_key (created_at);
