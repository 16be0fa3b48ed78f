// The local inbox: lists pending human contacts and approvals (polled every second, as the inbox has no
// stream, with the lists' ETags, so an unchanged list costs an empty 304) and answers them through the
// inbox's JSON API, which delivers the real webhook.
import { api, el, every, poll, time } from './dom.js';

const INBOX = '/local/humanlayer/v1/agent';

const list = document.getElementById('inbox');
const empty = document.getElementById('inbox-empty');
const failure = document.getElementById('inbox-error');
const announcer = document.getElementById('inbox-announcer');
const heading = document.getElementById('inbox-heading');
const more = document.getElementById('inbox-more');

/** Each pending list as last read: its first page, that page's ETag, and whether more pages follow. */
const lists = [
  { kind: 'function_call', path: `${INBOX}/function_calls/pending`, etag: null, calls: [], more: false },
  { kind: 'human_contact', path: `${INBOX}/human_contacts/pending`, etag: null, calls: [], more: false },
];

/** The rendered items by call id, kept across refreshes so half-typed answers survive. */
const items = new Map();
/** Calls answered from this page, hidden even if a refresh that started earlier still lists them. */
const answered = new Set();
let nextId = 0;

function announce(text) {
  announcer.textContent = text;
}

function threadLink(call) {
  const threadId = call.spec && call.spec.state && call.spec.state.thread_id;
  if (!threadId) {
    return null;
  }
  return el('p', {}, el('a', { href: `/threads/${encodeURIComponent(threadId)}`, text: 'Open the thread' }));
}

function header(headingId, title, call) {
  return el('div', { class: 'item-head' },
    el('h2', { id: headingId, tabindex: '-1', text: title }),
    call.escalation_msg ? el('span', { class: 'badge escalated', text: 'Escalated' }) : null,
    el('span', { class: 'meta' }, 'asked ', time(call.status && call.status.requested_at)));
}

/** Where HumanLayer would ask: the call's spec.channel, in words. */
function channel(call) {
  const spec = call.spec || {};
  const given = spec.channel;
  let kind = 'default';
  let text = 'the project\'s default channel';
  if (given && given.email) {
    const email = given.email;
    const others = (email.additional_recipients || []).map((recipient) => `${recipient.field || 'to'} ${recipient.address}`);
    kind = 'email';
    text = [`email to ${email.address}`, others.length ? `(${others.join(', ')})` : null,
      email.experimental_subject_line ? `· subject “${email.experimental_subject_line}”` : null,
      email.experimental_in_reply_to_message_id ? `· in reply to ${email.experimental_in_reply_to_message_id}` : null]
      .filter(Boolean).join(' ');
  } else if (given && given.slack) {
    kind = 'slack';
    text = [`Slack ${given.slack.channel_or_user_id || '(the app installer)'}`,
      given.slack.thread_ts ? `in thread ${given.slack.thread_ts}` : null].filter(Boolean).join(' ');
  } else if (given && given.sms) {
    kind = 'sms';
    text = `SMS to ${given.sms.phone_number}`;
  } else if (given && given.whatsapp) {
    kind = 'whatsapp';
    text = `WhatsApp to ${given.whatsapp.phone_number}`;
  } else if (given && given.channel_id !== undefined && given.channel_id !== null) {
    kind = 'channel_id';
    text = `HumanLayer channel ${given.channel_id}`;
  }
  const about = given && ((given.email && given.email.context_about_user)
    || (given.slack && given.slack.context_about_channel_or_user)
    || (given.sms && given.sms.context_about_user) || (given.whatsapp && given.whatsapp.context_about_user));
  return el('p', { class: 'meta channel', 'data-channel': kind }, `Channel: ${text}`, about ? ` · ${about}` : '');
}

/**
 * The call's canned answers (response_options or reject_options) as radio buttons; picking one fills the text box
 * with its prompt_fill (or title), and the answer names it. Answers { element, picked() }, or null without options.
 */
function options(id, given, legend, text) {
  if (!Array.isArray(given) || given.length === 0) {
    return null;
  }
  let filled = null;
  const none = el('input', { type: 'radio', id: `${id}-none`, name: `${id}-option`, value: '', checked: true });
  const choices = [el('div', { class: 'option' }, none, el('label', { for: `${id}-none`, text: 'None of these' }))];
  given.forEach((option, index) => {
    const radio = el('input', { type: 'radio', id: `${id}-option-${index}`, name: `${id}-option`, value: option.name,
      'data-option': option.name, 'aria-describedby': option.description ? `${id}-option-${index}-hint` : null });
    radio.addEventListener('change', () => {
      const fill = option.prompt_fill || option.title || option.name;
      if (!text.value.trim() || text.value === filled) {
        text.value = fill;
        filled = fill;
      }
    });
    choices.push(el('div', { class: 'option' }, radio,
      el('label', { for: `${id}-option-${index}`, text: option.title || option.name }),
      option.description ? el('span', { id: `${id}-option-${index}-hint`, class: 'hint', text: ` ${option.description}` }) : null));
  });
  const element = el('fieldset', { class: 'options' }, el('legend', { text: legend }), choices);
  return {
    element,
    picked: () => {
      const checked = element.querySelector('input:checked');
      return checked && checked.value ? checked.value : null;
    },
  };
}

function escalation(call) {
  if (!call.escalation_msg) {
    return null;
  }
  return el('p', { class: 'escalation text' }, el('strong', { text: 'Escalated: ' }), call.escalation_msg);
}

/** Sends an answer; on success the item leaves the list, on failure it says why and stays. */
async function respond(item, path, body, done) {
  const buttons = item.element.querySelectorAll('button');
  buttons.forEach((button) => { button.disabled = true; });
  item.error.hidden = true;
  try {
    await api('POST', `${INBOX}/${path}/${encodeURIComponent(item.callId)}/respond`, body);
  } catch (error) {
    item.error.textContent = `Not sent: ${error.message}`;
    item.error.hidden = false;
    buttons.forEach((button) => { button.disabled = false; });
    return;
  }
  answered.add(item.callId);
  const following = item.element.nextElementSibling || item.element.previousElementSibling;
  remove(item.callId);
  announce(done);
  const focusTarget = following ? following.querySelector('h2') : heading;
  focusTarget.focus();
}

function approvalItem(call) {
  const id = `item-${nextId++}`;
  const spec = call.spec || {};
  const kwargs = spec.kwargs || {};
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const comment = el('textarea', { id: `${id}-comment`, name: 'comment', rows: 2, 'aria-describedby': `${id}-comment-hint` });
  const item = { callId: call.call_id, error };
  const rejectOptions = options(`${id}-reject`, spec.reject_options, 'Reason for rejecting', comment);
  const approve = el('button', { type: 'button', class: 'approve', text: 'Approve',
    onclick: () => respond(item, 'function_calls', { approved: true }, `Approved ${spec.fn}. The agent continues.`) });
  const reject = el('button', { type: 'button', class: 'danger reject', text: 'Reject',
    onclick: () => {
      const picked = rejectOptions && rejectOptions.picked();
      respond(item, 'function_calls', { approved: false, comment: comment.value.trim(),
        ...(picked ? { reject_option_name: picked } : {}) }, `Rejected ${spec.fn}. The agent continues with your comment.`);
    } });
  item.element = el('li', { class: 'card', 'data-call-id': call.call_id, 'data-kind': 'function_call' },
    el('article', { 'aria-labelledby': `${id}-title` },
      header(`${id}-title`, 'Approve a call?', call),
      el('p', { class: 'text' }, 'The agent wants to call ', el('code', { class: 'fn', text: spec.fn }), ' with:'),
      el('dl', { class: 'arguments' }, Object.entries(kwargs).sort(([first], [second]) => first.localeCompare(second)).flatMap(([name, value]) => [
        el('dt', { text: name }),
        el('dd', { 'data-argument': name, text: typeof value === 'string' ? value : JSON.stringify(value) }),
      ])),
      channel(call),
      escalation(call),
      rejectOptions && rejectOptions.element,
      el('label', { for: `${id}-comment`, text: 'Comment (sent to the agent if you reject)' }),
      el('p', { id: `${id}-comment-hint`, class: 'hint', text: 'For example: use 5 instead of 4' }),
      comment,
      error,
      el('div', { class: 'actions' }, approve, reject),
      threadLink(call)));
  return item;
}

function contactItem(call) {
  const id = `item-${nextId++}`;
  const spec = call.spec || {};
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const answer = el('textarea', { id: `${id}-answer`, name: 'response', rows: 2, required: true });
  const item = { callId: call.call_id, error };
  const responseOptions = options(`${id}-response`, spec.response_options, 'Choose an answer', answer);
  const form = el('form', { novalidate: true },
    responseOptions && responseOptions.element,
    el('label', { for: `${id}-answer`, text: 'Your answer' }),
    answer,
    error,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'send', text: 'Send answer' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = answer.value.trim();
    if (!text) {
      error.textContent = 'Write an answer first.';
      error.hidden = false;
      answer.focus();
      return;
    }
    const picked = responseOptions && responseOptions.picked();
    respond(item, 'human_contacts', { response: text, ...(picked ? { response_option_name: picked } : {}) },
      'Answer sent. The agent continues.');
  });
  item.element = el('li', { class: 'card', 'data-call-id': call.call_id, 'data-kind': 'human_contact' },
    el('article', { 'aria-labelledby': `${id}-title` },
      header(`${id}-title`, 'The agent says', call),
      spec.subject ? el('p', { class: 'subject' }, el('strong', { text: 'Subject: ' }), spec.subject) : null,
      el('p', { class: 'text message', text: spec.msg }),
      channel(call),
      escalation(call),
      form,
      threadLink(call)));
  return item;
}

function remove(callId) {
  const item = items.get(callId);
  if (item) {
    item.element.remove();
    items.delete(callId);
  }
  empty.hidden = items.size > 0;
}

function requestedAt(call) {
  const millis = Date.parse(call.status && call.status.requested_at);
  return Number.isNaN(millis) ? 0 : millis;
}

/** Shows the pending calls newest first, adding and removing items without touching the others. */
function show(calls) {
  const pending = calls.filter((call) => !answered.has(call.call_id))
    .sort((first, second) => requestedAt(second) - requestedAt(first));
  const ids = new Set(pending.map((call) => call.call_id));
  [...items.keys()].filter((callId) => !ids.has(callId)).forEach(remove);
  let added = 0;
  pending.forEach((call, index) => {
    let item = items.get(call.call_id);
    if (!item) {
      item = call.kind === 'function_call' ? approvalItem(call) : contactItem(call);
      items.set(call.call_id, item);
      added++;
    }
    if (list.children[index] !== item.element) {
      list.insertBefore(item.element, list.children[index] || null);
    }
  });
  empty.hidden = items.size > 0;
  if (added > 0) {
    announce(added === 1 ? 'One new request in the inbox.' : `${added} new requests in the inbox.`);
  }
}

/** Reads one list again unless it is unchanged; answers whether it changed. */
async function load(list) {
  const answer = await poll(list.path, list.etag);
  if (answer === null) {
    return false;
  }
  list.etag = answer.etag;
  list.calls = answer.data.map((call) => ({ ...call, kind: list.kind }));
  list.more = /rel="next"/.test(answer.link || '');
  return true;
}

async function refresh() {
  try {
    const changed = await Promise.all(lists.map(load));
    failure.hidden = true;
    if (changed.some(Boolean)) {
      show(lists.flatMap((list) => list.calls));
    }
    more.hidden = !lists.some((list) => list.more);
  } catch (error) {
    failure.textContent = error.status === 404
      ? 'The local inbox is off: this service sends its requests to HumanLayer, so answer them there.'
      : `Could not load the inbox: ${error.message}`;
    failure.hidden = false;
  }
}

every(1000, refresh);
