-- Claims are decided in batches: one DiscountClaimsGrantedEvent holds many grants, each naming the request
-- (correlation id) it was claimed in, while the event's metadata names the batch. The audit finds a claim's
-- event by its request's correlation id through this index: the correlation ids of an event's grants, read
-- from its payload (JSON bytes), only for grant events (a partial index: no other append pays for it). One
-- parse and one GIN entry per grant, within the batch's own insert, is the cost on the write path.
-- Unreadable payloads yield null instead of failing the append.
create function shop_grant_correlation_ids(payload bytea) returns text[]
    language plpgsql immutable strict parallel safe
as $$
begin
    return array(select grant_entry ->> 'correlationId'
                 from jsonb_array_elements(convert_from(payload, 'UTF8')::jsonb -> 'grants') grant_entry
                 where grant_entry ->> 'correlationId' is not null);
exception when others then
    return null;
end;
$$;

create index domain_event_entry_grant_correlation_ids on domain_event_entry
    using gin (shop_grant_correlation_ids(payload))
    where payload_type = 'com.example.shop.campaign.DiscountClaimsGrantedEvent';
