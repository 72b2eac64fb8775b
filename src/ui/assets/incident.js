// One incident: its state and SLA clock, the buttons and forms to respond
// (acknowledge, update with the handbook's fields, escalate, change severity,
// run or approve a remediation step, publish to the status page, resolve),
// its timeline, alerts, diagnostics, remediation audit with output, and its
// post-mortem draft.
// The forms are built once; a refresh re-renders only the parts whose data
// changed, so typing and focus survive the live updates.

import { h, fill, fillIfChanged, field, table } from './dom.js';
import { get, post } from './api.js';
import { age, sla, clockTime, duration } from './time.js';
import { severityOf } from './overview.js';
import { mountPublish } from './statuspage.js';

const UPDATE_STATUSES = ['investigating', 'identified', 'fixing', 'monitoring'];

function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function headBlock({ inc, severities, now }) {
  const clock = sla(inc, severityOf(severities, inc.severity), now);
  const esc = inc.escalation;
  return [
    h('h1', { id: 'incident-h' }, h('span', { class: `badge sev-${inc.severity}` }, inc.severity), ` ${inc.id} `,
      h('span', { class: 'title' }, inc.title)),
    dl([
      ['Status', h('span', { class: `status status-${inc.status}`, id: 'incident-status' }, inc.status)],
      ['Age', inc.resolved_at ? `resolved after ${duration(Date.parse(inc.resolved_at) - Date.parse(inc.opened_at))}`
        : age(inc.opened_at, now)],
      ['SLA clock', h('span', { class: `sla sla-${clock.state}` }, clock.text)],
      ['Opened', clockTime(inc.opened_at)],
      ['Acknowledged', inc.acknowledged ? `by ${inc.acknowledged.by} via ${inc.acknowledged.via} at ${clockTime(inc.acknowledged.at)}` : 'no'],
      ['Lead', inc.lead || ''],
      ['Runbook', inc.runbook || ''],
      ['Service', Object.entries(inc.group || {}).map(([k, v]) => `${k}=${v}`).join(', ')],
      ['Summary', inc.summary],
      ['Next', inc.next],
      ['ETA', inc.eta],
      ['Root cause', inc.root_cause],
      ['Escalation', esc ? `${esc.policy}: level ${esc.level} (${esc.state})${esc.paged.length ? `, paged ${esc.paged.join(', ')}` : ''}${esc.next_deadline ? `, next at ${clockTime(esc.next_deadline)}` : ''}` : ''],
      ['Alerts', `${inc.firing_alerts} firing of ${inc.total_alerts}`],
    ]),
  ];
}

function timelineBlock(timeline) {
  if (!timeline.length) return h('p', { class: 'empty' }, 'Nothing yet.');
  return h('ol', { class: 'timeline' }, timeline.map((e) => h('li', { class: `tl-${e.kind}` },
    h('time', { datetime: e.at }, clockTime(e.at)), ' ',
    h('span', { class: 'kind' }, e.kind), ' ',
    h('span', { class: 'actor' }, `${e.actor} via ${e.via}`), ' ',
    h('span', { class: 'text' }, e.text))));
}

function labels(obj) {
  return h('ul', { class: 'labels' }, Object.entries(obj || {}).map(([k, v]) =>
    h('li', {}, h('span', { class: 'lk' }, k), '=', h('span', { class: 'lv' }, v))));
}

function alertsBlock(alerts) {
  if (!alerts.length) return h('p', { class: 'empty' }, 'No alerts.');
  return table(['Status', 'Labels', 'Summary', 'Since', 'Source'], alerts.map((a) => h('tr', {},
    h('td', {}, h('span', { class: `status status-${a.status}` }, a.status)),
    h('td', {}, labels(a.labels)),
    h('td', {}, (a.annotations && (a.annotations.summary || a.annotations.description)) || ''),
    h('td', {}, clockTime(a.starts_at)),
    h('td', {}, a.source))), 'Alerts');
}

function command(c) {
  if (!c) return '';
  if (c.argv) return c.argv.join(' ');
  if (c.method) return `${c.method} ${c.url}`;
  return JSON.stringify(c);
}

function stepResult(s) {
  const r = s.result || {};
  const bits = [];
  if (r.exit_code !== undefined && r.exit_code !== null) bits.push(`exit ${r.exit_code}`);
  if (r.signal) bits.push(`signal ${r.signal}`);
  if (r.http_status) bits.push(`HTTP ${r.http_status}`);
  if (r.timed_out) bits.push('timed out');
  if (r.duration_ms !== undefined) bits.push(`${r.duration_ms} ms`);
  return bits.join(', ');
}

function stepsBlock(steps, empty) {
  if (!steps.length) return h('p', { class: 'empty' }, empty);
  return h('ol', { class: 'steps' }, steps.map((s) => {
    const r = s.result || {};
    const output = [r.output_head, r.output_tail].filter(Boolean).join(r.output_tail ? '\n…\n' : '');
    return h('li', {},
      h('p', {}, h('strong', {}, `${s.kind === 'diagnostic' ? 'Diagnostic' : 'Step'} ${s.step}: ${s.name}`), ' ',
        h('span', { class: `state state-${s.state}` }, s.state), ' ',
        `${s.actor} via ${s.via}, ${clockTime(s.started_at)}`, stepResult(s) ? ` (${stepResult(s)})` : ''),
      h('p', {}, h('code', {}, command(s.command))),
      output ? h('pre', { class: 'output', tabindex: '0', 'aria-label': `Output of ${s.name}` }, output) : null);
  }));
}

function postmortemBlock(pm) {
  return [
    dl([
      ['State', pm.state],
      ['Required', pm.required === undefined || pm.required === null ? '' : (pm.required ? 'yes' : 'no')],
      ['Why', (pm.reasons || []).join('; ')],
      ['Due', pm.due ? `${clockTime(pm.due)}${pm.overdue ? ' (overdue)' : ''}` : ''],
      ['Written', pm.written_at ? `${clockTime(pm.written_at)} by ${pm.written_by}` : ''],
      ['URL', pm.url || ''],
    ]),
    (pm.action_items || []).length
      ? table(['Action', 'Owner', 'Due', 'Status'], pm.action_items.map((a) =>
        h('tr', {}, h('td', {}, a.action), h('td', {}, a.owner), h('td', {}, a.due || ''), h('td', {}, a.status))),
      'Action items')
      : null,
    h('h3', {}, 'Draft'),
    h('pre', { class: 'markdown', tabindex: '0', 'aria-label': 'Post-mortem draft' }, pm.markdown || ''),
  ];
}

function section(id, title, ...body) {
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), ...body);
}

// Mounts the page of incident `id` into `main`. `ctx`: {severities, now(),
// notify(text), fail(prefix, error), refresh()}. Returns {refresh()}.
export function mountIncident(main, id, ctx) {
  const path = `/api/v1/incidents/${encodeURIComponent(id)}`;
  const head = h('div', { class: 'incident-head' });
  const timeline = h('div'), alerts = h('div'), diagnostics = h('div'), remediation = h('div'),
    audit = h('div'), postmortem = h('div');
  let current = null;

  // Runs one change: disables `button` while it is in flight, then shows
  // what happened (or the API's refusal) and refreshes.
  async function act(button, label, call) {
    button.disabled = true;
    try {
      await call();
      ctx.notify(`${id}: ${label}.`);
      await ctx.refresh();
      return true;
    } catch (e) {
      ctx.fail(`${label} failed`, e);
      return false;
    } finally {
      button.disabled = false;
      syncButtons();
    }
  }

  const ackButton = h('button', { type: 'button', id: 'ack', onclick: () =>
    act(ackButton, 'acknowledged', () => post(`${path}/ack`)) }, 'Acknowledge');
  const escalateButton = h('button', { type: 'button', id: 'escalate', onclick: () =>
    act(escalateButton, 'escalated', () => post(`${path}/escalate`)) }, 'Escalate');

  function form(idName, submitText, fields, body, done) {
    const submit = h('button', { type: 'submit' }, submitText);
    const f = h('form', { id: idName, novalidate: false }, fields, submit);
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (await act(submit, done, () => post(body.path, body.make(f)))) {
        f.reset();
        const details = f.closest('details');
        if (details) {
          details.open = false;
          details.querySelector('summary').focus();
        }
      }
    });
    return f;
  }
  const text = (name, attrs = {}) => h('input', { type: 'text', name, autocomplete: 'off', ...attrs });
  const area = (name, attrs = {}) => h('textarea', { name, rows: '2', ...attrs });
  const val = (f, name) => f.elements[name].value.trim();

  const updateForm = form('update-form', 'Post update', [
    field('Status', h('select', { name: 'status' }, h('option', { value: '' }, '(unchanged)'),
      UPDATE_STATUSES.map((s) => h('option', { value: s }, s)))),
    field('Summary (what we know)', area('summary', { required: true })),
    field('Next (what we are doing)', text('next')),
    field('ETA', text('eta')),
  ], { path: `${path}/updates`, make: (f) => {
    const b = { summary: val(f, 'summary'), next: val(f, 'next'), eta: val(f, 'eta') };
    if (val(f, 'status')) b.status = val(f, 'status');
    return b;
  } }, 'update posted');

  const severityForm = form('severity-form', 'Change severity', [
    field('Severity', h('select', { name: 'severity' }, ctx.severities.map((s) =>
      h('option', { value: s.id }, `${s.id} ${s.name}`)))),
    field('Reason', text('reason')),
  ], { path: `${path}/severity`, make: (f) => ({ severity: val(f, 'severity'), reason: val(f, 'reason') }) },
  'severity changed');

  const resolveForm = form('resolve-form', 'Resolve', [
    field('Root cause', area('root_cause')),
    field('Resolution', area('resolution')),
    field('Users affected', text('users')),
    field('Payments affected', text('payments')),
    field('Revenue impact', text('revenue')),
  ], { path: `${path}/resolve`, make: (f) => {
    const b = { root_cause: val(f, 'root_cause'), resolution: val(f, 'resolution') };
    const impact = { users: val(f, 'users'), payments: val(f, 'payments'), revenue: val(f, 'revenue') };
    if (impact.users || impact.payments || impact.revenue) b.impact = impact;
    return b;
  } }, 'resolved');

  const forms = [updateForm, severityForm, resolveForm];

  // Loaded when opened, so the draft is current and typing is never redrawn.
  const publishBody = h('div');
  const publishDetails = h('details', { id: 'publish' }, h('summary', {}, 'Publish to the status page'), publishBody);
  publishDetails.addEventListener('toggle', () => {
    if (publishDetails.open) mountPublish(publishBody, path, act);
  });

  function syncButtons() {
    if (!current) return;
    const closed = current.status === 'resolved';
    ackButton.disabled = closed || !!current.acknowledged;
    escalateButton.disabled = closed;
    for (const f of forms) for (const el of f.elements) el.disabled = closed;
  }

  function remediationBlock(actions) {
    if (!actions.length) return h('p', { class: 'empty' }, 'This runbook has no remediation steps.');
    return h('ol', { class: 'steps' }, actions.map((a) => {
      const runnable = a.type === 'exec' || a.type === 'http';
      const run = h('button', { type: 'button', class: 'run-step', 'data-step': a.step }, `Run step ${a.step}`);
      run.addEventListener('click', () => act(run, `step ${a.step} started`, () => post(`${path}/actions/${a.step}/run`)));
      const approve = h('button', { type: 'button', class: 'approve-step', 'data-step': a.step }, `Approve step ${a.step}`);
      approve.addEventListener('click', () => act(approve, `step ${a.step} approved`, () => post(`${path}/actions/${a.step}/approve`)));
      return h('li', {},
        h('strong', {}, a.name), ` (${a.type})`,
        a.requires_approval ? h('span', { class: 'needs' }, ` needs approval by ${a.requires_approval}`) : null,
        a.command ? [' ', h('code', {}, command(a.command))] : null,
        h('span', { class: 'buttons' }, runnable ? run : null, a.requires_approval ? approve : null));
    }));
  }

  fill(main,
    h('p', {}, h('a', { href: '#/' }, '← All open incidents')),
    h('article', { 'aria-labelledby': 'incident-h' },
      head,
      section('respond', 'Respond',
        h('div', { class: 'buttons' }, ackButton, escalateButton),
        h('details', {}, h('summary', {}, 'Post an update'), updateForm),
        h('details', {}, h('summary', {}, 'Change severity'), severityForm),
        h('details', {}, h('summary', {}, 'Resolve'), resolveForm),
        publishDetails),
      section('timeline', 'Timeline', timeline),
      section('alerts', 'Alerts', alerts),
      section('diagnostics', 'Diagnostics', diagnostics),
      section('remediation', 'Remediation', remediation, h('h3', {}, 'What ran'), audit),
      section('postmortem', 'Post-mortem', postmortem)));

  async function refresh() {
    const [inc, acts, pm] = await Promise.allSettled([
      get(path), get(`${path}/actions`), get(`${path}/postmortem`, { accept: 'application/json' })]);
    if (inc.status === 'rejected') throw inc.reason;
    current = inc.value;
    const now = ctx.now();
    fillIfChanged(head, { inc: current, now }, () => headBlock({ inc: current, severities: ctx.severities, now }));
    fillIfChanged(timeline, current.timeline || [], timelineBlock);
    fillIfChanged(alerts, current.alerts || [], alertsBlock);
    if (acts.status === 'fulfilled') {
      const steps = acts.value.steps || [];
      fillIfChanged(diagnostics, steps.filter((s) => s.kind === 'diagnostic'),
        (d) => stepsBlock(d, 'No diagnostics ran.'));
      fillIfChanged(remediation, acts.value.actions || [], remediationBlock);
      fillIfChanged(audit, steps.filter((s) => s.kind !== 'diagnostic'), (d) => stepsBlock(d, 'No step ran yet.'));
    } else {
      fillIfChanged(remediation, { error: acts.reason.describe() }, (d) => h('p', { class: 'error' }, d.error));
    }
    if (pm.status === 'fulfilled') fillIfChanged(postmortem, pm.value, postmortemBlock);
    else fillIfChanged(postmortem, { error: pm.reason.describe() }, (d) => h('p', { class: 'error' }, d.error));
    syncButtons();
  }

  return { refresh };
}
