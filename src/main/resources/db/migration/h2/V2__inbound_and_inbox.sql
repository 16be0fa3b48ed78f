-- As db/migration/postgresql/V2__inbound_and_inbox.sql, in H2's types: the calls as
-- character large objects, and indexes without a where clause.
create table inbound_thread (
	inbound_key varchar(255) primary key,
	thread_id uuid references agent_thread (id) on delete cascade,
	received_at timestamp with time zone not null
);
create index inbound_thread_received_at on inbound_thread (received_at);
create index inbound_thread_thread_id on inbound_thread (thread_id);

create sequence inbox_call_seq;
create table inbox_call (
	kind varchar(16) not null,
	call_id varchar(255) not null,
	version bigint not null,
	seq bigint not null,
	state varchar(32) not null,
	thread_id uuid,
	requested_at bigint not null,
	responded_at varchar(64),
	escalation_msg character large object,
	webhook_error character large object,
	asked character large object not null,
	answer character large object,
	webhook_id varchar(64),
	attempts integer not null default 0,
	next_attempt_at timestamp with time zone,
	updated_at timestamp with time zone not null,
	primary key (kind, call_id)
);
create index inbox_call_pending on inbox_call (kind, state, requested_at desc, call_id desc);
create index inbox_call_open on inbox_call (thread_id, state);
create index inbox_call_changes on inbox_call (kind, seq);
create index inbox_call_updated_at on inbox_call (updated_at);
create index inbox_call_outbox on inbox_call (state, next_attempt_at);
