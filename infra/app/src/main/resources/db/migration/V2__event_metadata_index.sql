-- The audit finds every event one request caused by its correlation id, which lives in the event's
-- metadata (JSON bytes). An expression index needs an immutable function; reading bytes as UTF-8 JSON
-- is immutable for this database's fixed encoding. Unreadable metadata yields null instead of failing
-- the append.
create function shop_event_correlation_id(meta_data bytea) returns text
    language plpgsql immutable strict parallel safe
as $$
begin
    return convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId';
exception when others then
    return null;
end;
$$;

create index domain_event_entry_correlation_id on domain_event_entry (shop_event_correlation_id(meta_data));
