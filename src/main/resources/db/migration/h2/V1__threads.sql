-- As db/migration/postgresql/V1__threads.sql, in H2's types: the body as a character large
-- object (the store never queries inside it), and indexes without a where clause.
create table agent_thread (
	id uuid primary key,
	version bigint not null,
	status varchar(32) not null,
	body character large object not null,
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
create index agent_thread_waiting_since on agent_thread (waiting_since);
create index agent_thread_lease_until on agent_thread (lease_until);

create table webhook_delivery (
	webhook_id varchar primary key,
	status varchar(32) not null,
	thread_id varchar(36),
	call_id varchar,
	received_at timestamp with time zone not null
);
create index webhook_delivery_received_at on webhook_delivery (received_at);
