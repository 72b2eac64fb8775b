// The overview: open incidents grouped by severity (most severe first) with
// their age and SLA clock, and who is on call now and next per schedule.

import { h, table } from './dom.js';
import { age, sla, clockTime } from './time.js';

export function severityOf(severities, id) {
  return severities.find((s) => s.id === id);
}

function incidentRow(inc, severities, now) {
  const clock = sla(inc, severityOf(severities, inc.severity), now);
  return h('tr', { 'data-incident': inc.id },
    h('td', {}, h('a', { href: `#/incidents/${encodeURIComponent(inc.id)}` }, inc.id)),
    h('td', { class: 'title' }, inc.title),
    h('td', {}, h('span', { class: `status status-${inc.status}` }, inc.status)),
    h('td', {}, age(inc.opened_at, now)),
    h('td', {}, h('span', { class: `sla sla-${clock.state}` }, clock.text)),
    h('td', {}, inc.acknowledged ? `${inc.acknowledged.by} via ${inc.acknowledged.via}` : 'no'),
    h('td', {}, inc.lead || ''));
}

export function incidentsSection({ incidents, severities, now }) {
  const known = severities.map((s) => s.id);
  const order = [...known, ...new Set(incidents.map((i) => i.severity).filter((s) => !known.includes(s)))];
  const groups = order
    .map((sev) => ({ sev, list: incidents.filter((i) => i.severity === sev) }))
    .filter((g) => g.list.length);
  return h('section', { 'aria-labelledby': 'open-h', id: 'open-incidents' },
    h('h1', { id: 'open-h' }, `Open incidents (${incidents.length})`),
    groups.length === 0 ? h('p', { class: 'empty' }, 'No open incidents.') : null,
    groups.map(({ sev, list }) => {
      const s = severityOf(severities, sev);
      const headingId = `sev-${sev}`;
      return h('section', { class: `sev-group sev-${sev}`, 'aria-labelledby': headingId },
        h('h2', { id: headingId },
          h('span', { class: `badge sev-${sev}` }, sev), s ? ` ${s.name}` : '', ` (${list.length})`),
        table(['Incident', 'Title', 'Status', 'Age', 'SLA clock', 'Acknowledged', 'Lead'],
          list.map((inc) => incidentRow(inc, severities, now)), `${sev} incidents`));
    }));
}

function shift(s) {
  if (!s) return '—';
  if (!s.person) return 'nobody';
  return s.name || s.person;
}

export function oncallSection(oncall) {
  const rows = (oncall.schedules || []).map((s) => h('tr', {},
    h('th', { scope: 'row' }, s.name || s.id),
    h('td', { class: 'oncall-now' }, shift(s.now)),
    h('td', {}, s.now && s.now.end ? clockTime(s.now.end) : ''),
    h('td', { class: 'oncall-next' }, shift(s.next)),
    h('td', {}, s.next && s.next.start ? clockTime(s.next.start) : '')));
  return h('section', { 'aria-labelledby': 'oncall-h', id: 'oncall' },
    h('h1', { id: 'oncall-h' }, 'On call'),
    rows.length === 0 ? h('p', { class: 'empty' }, 'No schedules configured.')
      : table(['Schedule', 'Now', 'Until', 'Next', 'From'], rows, 'Who is on call'));
}
