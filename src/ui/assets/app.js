// The dashboard's shell: the login form, the hash router (#/, #/oncall,
// #/incidents/INC-42), the live refresh (polling the JSON API every few
// seconds while the page is open) and the error and notice lines.

import { h, fill, fillIfChanged, field } from './dom.js';
import { ApiError, get, session } from './api.js';
import { clockTime } from './time.js';
import { incidentsSection, oncallSection } from './overview.js';
import { mountIncident } from './incident.js';

const POLL_MS = 3000;

const $ = (id) => document.getElementById(id);
const main = $('main');

const state = {
  me: null,          // GET /api/v1/whoami
  severities: [],    // GET /api/v1/severities
  now: Date.now(),   // the server's clock at the last refresh
  view: null,        // {key, refresh()}
  seen: null,        // ids of open incidents shown last, to announce new ones
  timer: 0,
};

function notify(text) {
  $('error').textContent = '';
  $('notice').textContent = text;
}

function fail(prefix, e) {
  if (e instanceof ApiError && e.status === 401) return logout('Your token is no longer accepted; log in again.');
  const what = e instanceof ApiError ? e.describe() : String(e && e.message ? e.message : e);
  $('error').textContent = prefix ? `${prefix}: ${what}` : what;
}

function loginView(message) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false' });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h('form', { id: 'login', class: 'login' },
    h('h1', {}, 'Log in to klaxon'),
    h('p', {}, 'Use an API token (klaxon tokens create, or api_tokens in the configuration). ',
      'It is kept in this tab only, until you log out or close it.'),
    field('API token', input), submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    try {
      const token = input.value.trim();
      await get('/api/v1/whoami', { token });
      session.set(token);
      notify('');
      await start();
    } catch (e) {
      $('error').textContent = e instanceof ApiError && e.status === 401
        ? 'Log in failed: this token is unknown, revoked or expired.'
        : `Log in failed: ${e instanceof ApiError ? e.describe() : e}`;
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  fill(main, form);
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
  if (message) $('error').textContent = message;
  input.focus();
}

function logout(message) {
  clearTimeout(state.timer);
  session.clear();
  state.me = null;
  state.view = null;
  loginView(message);
}

function route() {
  const hash = location.hash || '#/';
  const m = hash.match(/^#\/incidents\/([^/]+)$/);
  if (m) return { key: `incident:${m[1]}`, incident: decodeURIComponent(m[1]) };
  if (hash === '#/oncall') return { key: 'oncall' };
  return { key: 'overview' };
}

function overviewView(withIncidents) {
  const incidents = h('div'), oncall = h('div');
  fill(main, withIncidents ? incidents : null, oncall);
  return {
    async refresh() {
      const [list, on] = await Promise.all([
        withIncidents ? get('/api/v1/incidents?status=open&limit=500') : null,
        get('/api/v1/oncall')]);
      if (list) {
        const ids = list.incidents.map((i) => i.id);
        const fresh = state.seen ? ids.filter((id) => !state.seen.includes(id)) : [];
        state.seen = ids;
        if (fresh.length) notify(`New incident${fresh.length > 1 ? 's' : ''}: ${fresh.join(', ')}`);
        fillIfChanged(incidents, { list: list.incidents, now: state.now },
          () => incidentsSection({ incidents: list.incidents, severities: state.severities, now: state.now }));
      }
      fillIfChanged(oncall, on, oncallSection);
    },
  };
}

function show() {
  const r = route();
  if (state.view && state.view.key === r.key) return;
  $('error').textContent = '';
  const view = r.incident
    ? mountIncident(main, r.incident, { severities: state.severities, now: () => state.now, notify, fail, refresh: tick })
    : overviewView(r.key === 'overview');
  state.view = { key: r.key, refresh: view.refresh };
  document.title = r.incident ? `${r.incident} · klaxon` : 'klaxon';
  tick().then(() => main.focus({ preventScroll: true }));
}

// One refresh of the current view; reschedules itself.
async function tick() {
  clearTimeout(state.timer);
  if (!state.me) return;
  try {
    const me = await get('/api/v1/whoami');
    state.now = Date.parse(me.now);
    if (state.view) await state.view.refresh();
    $('freshness').textContent = `Live: updated ${clockTime(me.now)} (server time), every ${POLL_MS / 1000} s`;
  } catch (e) {
    fail('Refresh failed', e);
  }
  clearTimeout(state.timer);
  if (state.me) state.timer = setTimeout(tick, POLL_MS);
}

async function start() {
  try {
    const [me, sev] = await Promise.all([get('/api/v1/whoami'), get('/api/v1/severities')]);
    state.me = me;
    state.severities = sev.severities;
    state.now = Date.parse(me.now);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return logout('');
    fail('Cannot reach klaxon', e);
    return;
  }
  $('who').textContent = `${state.me.person_name || state.me.actor} (${state.me.role})`;
  $('nav').hidden = false;
  $('logout').hidden = false;
  state.view = null;
  show();
}

$('logout').addEventListener('click', () => logout(''));
window.addEventListener('hashchange', () => { if (state.me) show(); });
if (session.token()) start(); else loginView('');
