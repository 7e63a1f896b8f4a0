-- The aggregates moved from com.example.shop.<feature> to com.example.shop.command.<feature> (ADR 0015). A snapshot
-- names its aggregate's class; one of the old name would be read as an unknown payload and the events after it
-- applied to an empty aggregate. Snapshots are only a shortcut: without them an aggregate loads from its events,
-- and the next snapshot is taken under the new name.
delete from snapshot_event_entry
where payload_type in ('com.example.shop.inventory.Stock', 'com.example.shop.campaign.DiscountCampaign',
                       'com.example.shop.catalog.Product', 'com.example.shop.order.Order');
