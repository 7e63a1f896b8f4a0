-- The nodes of a cluster and their roles: each node announces itself every second (LiveNodes), removes its row when
-- it stops, and counts the nodes seen in the last three seconds to share out the shared processors' segments.
create table cluster_node (
    node_id varchar(255) primary key,
    roles   varchar(64)  not null,
    seen_at timestamptz  not null
);
