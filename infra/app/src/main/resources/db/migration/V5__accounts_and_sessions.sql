-- Accounts, login throttling, sessions with rotating refresh tokens, and the keys that sign access tokens.
-- Every statement on these tables binds its values (JdbcClient named parameters).

create table account (
    id            uuid primary key,
    email         varchar(254) not null unique,   -- stored lower-cased
    password_hash varchar(200) not null,          -- Argon2id, PHC string
    role          varchar(16)  not null check (role in ('CUSTOMER', 'ADMIN')),
    customer_id   varchar(64) unique,             -- null for staff
    created_at    timestamptz  not null
);

-- failures are counted per e-mail address, known or not, so that throttling does not reveal which exist
create table login_throttle (
    email        varchar(254) primary key,
    failures     int          not null,
    window_start timestamptz  not null,
    locked_until timestamptz
);

-- one row per login: the refresh tokens it hands out form a family that dies as a whole
create table auth_session (
    id                uuid primary key,
    account_id        uuid        not null references account (id),
    started_at        timestamptz not null,
    last_refreshed_at timestamptz not null,
    revoked_at        timestamptz,
    revoked_reason    varchar(32)
);
create index auth_session_account on auth_session (account_id);

-- only the SHA-256 of a refresh token is kept; a token is used once, and used again means stolen
create table refresh_token (
    token_hash bytea primary key,
    session_id uuid        not null references auth_session (id),
    issued_at  timestamptz not null,
    used_at    timestamptz
);
create index refresh_token_session on refresh_token (session_id);

-- RSA keys that sign access tokens; the private key is wrapped by the master key
create table signing_key (
    kid         varchar(64) primary key,
    public_key  bytea       not null,   -- X.509 SubjectPublicKeyInfo
    private_key bytea       not null,   -- PKCS#8, AES-256-GCM envelope under the master key
    created_at  timestamptz not null,
    retired_at  timestamptz             -- no longer signs; still verifies until tokens it signed expire
);

-- idempotency keys are scoped by the caller: "<account id> <client key>"
alter table idempotency_key alter column idempotency_key type varchar(320);
