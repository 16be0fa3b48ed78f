-- One row per thread: body is the thread as JSON, kept as written (json, not jsonb, which
-- would rewrite 1E+3 as 1000), and the truth; the other columns copy what
-- the queries need. waiting_since is pending.since in epoch nanoseconds while the thread is
-- paused, else null. The lease columns are for work a replica owes (a running loop, a
-- request not yet confirmed sent).
create table agent_thread (
	id uuid primary key,
	version bigint not null,
	status varchar(32) not null,
	body json not null,
	created_at timestamp with time zone not null,
	updated_at timestamp with time zone not null,
	waiting_since bigint,
	lease_owner varchar(200),
	lease_epoch bigint not null default 0,
	lease_until timestamp with time zone
);
create index agent_thread_created_at on agent_thread (created_at desc);
create index agent_thread_updated_at on agent_thread (updated_at);
create index agent_thread_status on agent_thread (status);
create index agent_thread_waiting_since on agent_thread (waiting_since) where waiting_since is not null;
create index agent_thread_lease_until on agent_thread (lease_until) where lease_owner is not null;

-- The webhook-ids handled within the retention window, with what was done with each.
create table webhook_delivery (
	webhook_id varchar primary key,
	status varchar(32) not null,
	thread_id varchar(36),
	call_id varchar,
	received_at timestamp with time zone not null
);
create index webhook_delivery_received_at on webhook_delivery (received_at);
