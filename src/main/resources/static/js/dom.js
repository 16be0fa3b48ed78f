// Small helpers shared by the pages. Text is only ever set through text nodes, never as HTML.

/**
 * Creates an element. Attributes named "class" and "text" set the class name and the text;
 * functions under "on..." become listeners; children may be nodes or strings (added as text).
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = String(value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child);
    }
  }
  return node;
}

const TOKEN_KEY = 'agent-api-token';

/** The AGENT_API_TOKEN this browser was given, or an empty string. */
export function apiToken() {
  try {
    return window.localStorage.getItem(TOKEN_KEY) || '';
  } catch (error) {
    return '';
  }
}

/** Shows a form for the service's AGENT_API_TOKEN, once the API refused a request without it. */
function askForToken() {
  if (document.getElementById('token-form')) {
    return;
  }
  const input = el('input', { type: 'password', id: 'api-token', autocomplete: 'off', required: true });
  const form = el('form', { id: 'token-form', class: 'card' },
    el('h2', { text: 'This service needs its API token' }),
    el('p', { class: 'hint', text: 'It was started with AGENT_API_TOKEN. The token is kept in this browser only.' }),
    el('label', { for: 'api-token', text: 'API token' }),
    input,
    el('div', { class: 'actions' }, el('button', { type: 'submit', text: 'Save token' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.localStorage.setItem(TOKEN_KEY, input.value.trim());
    window.location.reload();
  });
  document.getElementById('main').prepend(form);
  input.focus();
}

/** An error the API answered, with the problem response's detail as its message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Calls the service's JSON API; a problem response becomes an ApiError with its detail. */
export async function api(method, path, body) {
  return (await exchange(method, path, body)).data;
}

/**
 * Reads a list the service versions with an ETag: sends the last one back, so an unchanged list costs an
 * empty 304. Answers null while unchanged, else the data, its ETag and the Link header (the next page).
 */
export async function poll(path, etag) {
  const answer = await exchange('GET', path, undefined, etag ? { 'If-None-Match': etag } : {});
  return answer.status === 304 ? null : answer;
}

async function exchange(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (apiToken()) {
    headers.Authorization = `Bearer ${apiToken()}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'The service cannot be reached.');
  }
  if (response.status === 304) {
    return { status: 304 };
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (error) {
    data = null;
  }
  if (response.status === 401) {
    askForToken();
  }
  if (!response.ok) {
    const detail = data && (data.detail || data.title);
    throw new ApiError(response.status, detail || `The service answered ${response.status}.`);
  }
  return { status: response.status, data, etag: response.headers.get('ETag'), link: response.headers.get('Link') };
}

const STATUS_LABELS = {
  running: 'Running',
  awaiting_human_response: 'Waiting for a reply',
  awaiting_approval: 'Waiting for approval',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** A status as a badge people can read. */
export function statusBadge(status) {
  return el('span', { class: `badge status-${status}`, 'data-status': status, text: STATUS_LABELS[status] || status });
}

/** A timestamp as a <time> element in the reader's locale. */
export function time(iso) {
  if (!iso) {
    return null;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return el('time', { text: iso });
  }
  return el('time', { datetime: iso, title: iso, text: date.toLocaleString() });
}

/** Runs a task now and then again each period after it finished, for pages without a stream. */
export function every(periodMillis, task) {
  const run = async () => {
    try {
      await task();
    } finally {
      setTimeout(run, periodMillis);
    }
  };
  run();
}
