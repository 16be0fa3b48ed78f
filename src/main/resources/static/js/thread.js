// A thread, live: its events and status arrive over GET /thread/{id}/events (server-sent events), so the page
// follows the loop without reloading; EventSource reconnects by itself and resumes with Last-Event-ID.
import { api, apiToken, el, statusBadge } from './dom.js';

const TOOLS = ['add', 'subtract', 'multiply', 'divide'];

const threadId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
const events = document.getElementById('events');
const status = document.getElementById('status');
const connection = document.getElementById('connection');
const waiting = document.getElementById('waiting');
const failure = document.getElementById('failure');
const channel = document.getElementById('channel');
const cancelled = document.getElementById('cancelled');
const cancelForm = document.getElementById('cancel-form');
const cancelReason = document.getElementById('cancel-reason');
const cancelButton = document.getElementById('cancel-button');
const cancelError = document.getElementById('cancel-error');
document.getElementById('thread-id').textContent = threadId;

function text(value) {
  return el('p', { class: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) });
}

function respondentLine(respondent) {
  if (!respondent) {
    return null;
  }
  const channels = {
    local_inbox: 'the local inbox',
    humanlayer: 'HumanLayer',
    thread_message: 'a message to the thread',
    deadline: 'the deadline',
  };
  const user = respondent.user && (respondent.user.email || respondent.user.name);
  const when = respondent.responded_at ? new Date(respondent.responded_at).toLocaleString() : null;
  return el('p', { class: 'meta' },
    `via ${channels[respondent.channel] || respondent.channel}`,
    user ? ` by ${user}` : '',
    when ? ` · ${when}` : '');
}

/** Where a thread's first message came from, when it began by email, Slack or a HumanLayer conversation. */
function originLine(origin) {
  if (!origin) {
    return null;
  }
  const { email, slack, conversation } = origin;
  if (email) {
    return el('p', { class: 'meta', text: `by email from ${email.from_address}`
      + (email.subject ? ` · subject “${email.subject}”` : '') });
  }
  if (slack) {
    return el('p', { class: 'meta', text: `in Slack, channel ${slack.channel_id}`
      + (slack.from_user_id ? ` · by ${slack.from_user_id}` : '') + (slack.thread_ts ? ` · thread ${slack.thread_ts}` : '') });
  }
  if (conversation) {
    return el('p', { class: 'meta', text: `in a HumanLayer conversation, contact channel ${conversation.contact_channel_id}`
      + (conversation.agent_name ? ` · to ${conversation.agent_name}` : '') });
  }
  return null;
}

/** Where the thread's requests go: its own channel, or the service's default channels. */
function channelText(channel) {
  if (!channel) {
    return 'Requests go to the default channels.';
  }
  if (channel.email) {
    return `Requests go by email to ${channel.email.address}`
      + (channel.email.subject ? `, as “${channel.email.subject}”` : '') + '.';
  }
  if (channel.slack) {
    return `Requests go to Slack ${channel.slack.channel_or_user_id}`
      + (channel.slack.thread_ts ? `, in thread ${channel.slack.thread_ts}` : '') + '.';
  }
  return `Requests go to HumanLayer contact channel ${channel.channel_id}.`;
}

function toolCall(data) {
  const intent = data.intent;
  if (TOOLS.includes(intent)) {
    const args = Object.entries(data).filter(([name]) => name !== 'intent')
      .map(([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
    return {
      kind: 'tool_call',
      who: intent === 'divide' ? 'Agent asks to call a tool (needs approval)' : 'Agent calls a tool',
      body: [el('p', { class: 'call', text: `${intent}(${args})` })],
    };
  }
  if (intent === 'request_more_information') {
    return { kind: 'agent-message', who: 'Agent asks', body: [text(data.message)] };
  }
  if (intent === 'done_for_now') {
    return { kind: 'agent-message', who: 'Agent says (done for now)', body: [text(data.message)] };
  }
  return { kind: 'tool_call', who: `Agent: ${intent}`, body: [text(data)] };
}

function toolResponse(data, respondent) {
  if (respondent && respondent.approved === true) {
    return {
      kind: 'approved',
      who: 'Approved; result',
      body: [el('p', { class: 'result', text: String(data) })],
    };
  }
  if (respondent && respondent.approved === false) {
    return {
      kind: 'rejected',
      who: 'Rejected',
      body: [respondent.comment ? el('p', { class: 'text' }, 'Comment: ', el('q', { text: respondent.comment })) : null,
        el('p', { class: 'meta', text: `The agent was told: ${data}` })],
    };
  }
  if (typeof data === 'number') {
    return { kind: 'tool_response', who: 'Result', body: [el('p', { class: 'result', text: String(data) })] };
  }
  return { kind: 'tool_response', who: 'Tool response', body: [text(data)] };
}

/** One event as people read it; every piece of user or model text goes in as text, never as HTML. */
function render(event) {
  let shown;
  switch (event.type) {
    case 'user_input':
      shown = { kind: 'user_input', who: event.origin ? 'The user wrote' : 'You asked',
        body: [text(event.data), originLine(event.origin)] };
      break;
    case 'tool_call':
      shown = toolCall(event.data || {});
      break;
    case 'tool_response':
      shown = toolResponse(event.data, event.respondent);
      break;
    case 'human_response':
      shown = { kind: 'human_response', who: 'Human answered', body: [text(event.data)] };
      break;
    case 'error':
      shown = { kind: 'error', who: 'Error (shown to the agent)', body: [text(event.data)] };
      break;
    default:
      shown = { kind: event.type, who: event.type, body: [text(event.data)] };
  }
  return el('li', { class: shown.kind, 'data-index': event.index, 'data-type': event.type },
    el('p', { class: 'who', text: shown.who }),
    shown.body,
    respondentLine(event.respondent));
}

let lastEvent = null;
let currentStatus = null;

/** A thread can be cancelled unless it was, or its done_for_now message waits only for an optional reply. */
function cancellable() {
  const finished = currentStatus === 'awaiting_human_response' && lastEvent && lastEvent.type === 'tool_call'
    && lastEvent.data && lastEvent.data.intent === 'done_for_now';
  return currentStatus !== null && currentStatus !== 'cancelled' && !finished;
}

function showCancel() {
  cancelForm.hidden = !cancellable();
}

function showStatus(current) {
  status.replaceChildren(statusBadge(current.status));
  status.dataset.status = current.status;
  currentStatus = current.status;
  showCancel();
  if (current.cancellation) {
    const by = current.cancellation.requested_by;
    const when = current.cancellation.at ? new Date(current.cancellation.at).toLocaleString() : null;
    cancelled.replaceChildren(`Cancelled by ${by}`, when ? ` · ${when}` : '',
      current.cancellation.reason ? '. Reason: ' : '',
      current.cancellation.reason ? el('q', { text: current.cancellation.reason }) : '');
    cancelled.hidden = false;
  } else {
    cancelled.hidden = true;
  }
  const call = current.waiting_for;
  if (call) {
    const what = call.kind === 'function_call' ? 'an approval' : 'a reply';
    waiting.replaceChildren(`Waiting for ${what} (call `, el('code', { text: call.call_id }), '). Answer it in the ',
      el('a', { href: '/inbox', text: 'inbox' }), ' or in HumanLayer.',
      call.escalation ? ` Escalation: ${call.escalation}.` : '');
    waiting.hidden = false;
  } else {
    waiting.hidden = true;
  }
  if (current.failure) {
    failure.textContent = `Failed at ${current.failure.step}: ${current.failure.reason}`;
    failure.hidden = false;
  } else {
    failure.hidden = true;
  }
}

let next = 0;
const token = apiToken();
const source = new EventSource(`/thread/${encodeURIComponent(threadId)}/events`
  + (token ? `?access_token=${encodeURIComponent(token)}` : ''));

source.addEventListener('thread-event', (message) => {
  const event = JSON.parse(message.data);
  if (event.index < next) {
    return;
  }
  next = event.index + 1;
  lastEvent = event;
  showCancel();
  events.append(render(event));
  if (event.index === 0 && typeof event.data === 'string') {
    document.title = `${event.data.slice(0, 60)} · Agent service`;
  }
});

source.addEventListener('status', (message) => showStatus(JSON.parse(message.data)));

api('GET', `/thread/${encodeURIComponent(threadId)}`).then((thread) => {
  channel.textContent = channelText(thread.channel);
}, () => {
  channel.hidden = true;
});

cancelForm.addEventListener('submit', async (submitted) => {
  submitted.preventDefault();
  cancelButton.disabled = true;
  cancelError.hidden = true;
  const reason = cancelReason.value.trim();
  try {
    const thread = await api('POST', `/thread/${encodeURIComponent(threadId)}/cancel`,
      reason ? { reason, requested_by: 'the thread page' } : { requested_by: 'the thread page' });
    showStatus(thread);
  } catch (error) {
    cancelError.textContent = error.message;
    cancelError.hidden = false;
  } finally {
    cancelButton.disabled = false;
  }
});

source.addEventListener('open', () => {
  connection.textContent = 'Live';
});

source.addEventListener('error', async () => {
  if (source.readyState !== EventSource.CLOSED) {
    connection.textContent = 'Reconnecting…';
    return;
  }
  connection.textContent = '';
  try {
    await api('GET', `/thread/${encodeURIComponent(threadId)}`);
    failure.textContent = 'The live stream stopped; reload the page to follow the thread again.';
  } catch (error) {
    failure.textContent = error.message;
  }
  status.replaceChildren(el('span', { class: 'badge status-failed', text: 'Unavailable' }));
  failure.hidden = false;
});
