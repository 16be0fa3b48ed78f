-- The key of each message that started a thread (an email's message_id, a Slack message, a
-- delivery's webhook-id), written in the same transaction as its thread, so a copy starts
-- none; it goes with its thread, and after the retention window.
create table inbound_thread (
	inbound_key varchar(255) primary key,
	thread_id uuid references agent_thread (id) on delete cascade,
	received_at timestamp with time zone not null
);
create index inbound_thread_received_at on inbound_thread (received_at);
create index inbound_thread_thread_id on inbound_thread (thread_id);

-- The local inbox's calls: the call as its client sent it (asked, the text as written) and
-- with the answer given here (answer), where it stands, and, while an answer is delivered,
-- the webhook that carries it (the outbox: webhook_id, attempts, next_attempt_at). seq is
-- taken from inbox_call_seq at every change the pending lists may show; requested_at is in
-- epoch nanoseconds, as the lists' cursors name it.
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
	escalation_msg text,
	webhook_error text,
	asked text not null,
	answer text,
	webhook_id varchar(64),
	attempts integer not null default 0,
	next_attempt_at timestamp with time zone,
	updated_at timestamp with time zone not null,
	primary key (kind, call_id)
);
create index inbox_call_pending on inbox_call (kind, requested_at desc, call_id desc) where state = 'pending';
create index inbox_call_open on inbox_call (thread_id) where state in ('pending', 'delivering');
create index inbox_call_changes on inbox_call (kind, seq);
create index inbox_call_updated_at on inbox_call (updated_at);
create index inbox_call_outbox on inbox_call (next_attempt_at) where state = 'delivering';
