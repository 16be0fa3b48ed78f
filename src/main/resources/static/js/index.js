// The start page: launches a thread from the form and lists recent threads, refreshed every 2 seconds.
import { api, el, every, statusBadge, time } from './dom.js';

const form = document.getElementById('launch');
const message = document.getElementById('message');
const button = document.getElementById('launch-button');
const launchError = document.getElementById('launch-error');
const recent = document.getElementById('recent');
const recentEmpty = document.getElementById('recent-empty');
const recentError = document.getElementById('recent-error');

function showLaunchError(text) {
  launchError.textContent = text;
  launchError.hidden = !text;
  message.setAttribute('aria-invalid', text ? 'true' : 'false');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = message.value.trim();
  if (!text) {
    showLaunchError('Write a message for the agent first.');
    message.focus();
    return;
  }
  showLaunchError('');
  button.disabled = true;
  try {
    const launched = await api('POST', '/thread', { message: text });
    window.location.assign(`/threads/${encodeURIComponent(launched.thread_id)}`);
  } catch (error) {
    showLaunchError(error.message);
    button.disabled = false;
    message.focus();
  }
});

message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    form.requestSubmit();
  }
});

let shown = '';

async function refresh() {
  let threads;
  try {
    threads = await api('GET', '/thread?limit=20');
    recentError.hidden = true;
  } catch (error) {
    recentError.textContent = `Could not load the threads: ${error.message}`;
    recentError.hidden = false;
    return;
  }
  const fingerprint = JSON.stringify(threads);
  if (fingerprint === shown) {
    return;
  }
  shown = fingerprint;
  recentEmpty.hidden = threads.length > 0;
  recent.replaceChildren(...threads.map((thread) => el('li', { 'data-thread-id': thread.thread_id },
    el('a', { href: `/threads/${encodeURIComponent(thread.thread_id)}`, text: thread.message || thread.thread_id }),
    statusBadge(thread.status),
    el('span', { class: 'meta' }, time(thread.created_at)))));
}

every(2000, refresh);
