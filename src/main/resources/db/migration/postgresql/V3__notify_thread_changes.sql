-- Every write of a thread (a new one, or a new version) is announced to the other
-- replicas on the channel agent_thread, as '<id> <replica>', in the same statement and
-- transaction as the write: a listener hears only committed changes, and a write costs no
-- second round trip. The replica is the writing connection's agent.replica setting (the
-- service sets it on each connection), so a replica can skip its own writes; a write from
-- elsewhere names none. A lease taken over or renewed leaves the version, and is not
-- announced.
create function agent_thread_changed() returns trigger language plpgsql as $$
begin
	perform pg_notify('agent_thread', new.id::text || ' ' || coalesce(current_setting('agent.replica', true), ''));
	return null;
end
$$;

create trigger agent_thread_changed after insert or update of version on agent_thread
	for each row execute function agent_thread_changed();
