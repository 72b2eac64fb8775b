// klaxon's JSON API, with the token the person logged in with. The token is
// kept in sessionStorage: it lasts as long as the tab and is never put in a
// URL. Every request says it comes from the dashboard (X-Klaxon-Via: ui), so
// the timeline records `via: ui`.

const KEY = 'klaxon.token';

export const session = {
  token() { return sessionStorage.getItem(KEY) || ''; },
  set(token) { sessionStorage.setItem(KEY, token); },
  clear() { sessionStorage.removeItem(KEY); },
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
  // What to show: the status in words and the server's reason.
  describe() {
    const words = { 400: 'Bad request', 401: 'Not logged in', 403: 'Not allowed', 404: 'Not found',
      409: 'Conflict', 413: 'Too large', 429: 'Busy', 503: 'Unavailable' }[this.status];
    return this.status ? `${words || 'Error'} (HTTP ${this.status}): ${this.message}` : this.message;
  }
}

// Calls the API; resolves with the decoded JSON (or text) answer, rejects
// with an ApiError carrying the status and the server's {"error"} reason.
export async function api(method, path, body, { token = session.token(), accept } = {}) {
  const headers = { 'Authorization': `Bearer ${token}`, 'X-Klaxon-Via': 'ui' };
  if (accept) headers['Accept'] = accept;
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `klaxon did not answer (${e.message})`);
  }
  const text = await res.text();
  let data = text;
  if ((res.headers.get('content-type') || '').includes('json')) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!res.ok) {
    const reason = data && typeof data === 'object' && data.error ? data.error : (text || res.statusText);
    throw new ApiError(res.status, reason);
  }
  return data;
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body = {}) => api('POST', path, body);
