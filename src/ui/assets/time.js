// Ages and SLA clocks, measured against the server's clock (`now` from
// GET /api/v1/whoami), which is the simulated one under --simulated-time.

export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400), hh = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60), ss = s % 60;
  if (d) return `${d}d ${hh}h`;
  if (hh) return `${hh}h ${m}m`;
  if (m) return `${m}m ${ss}s`;
  return `${ss}s`;
}

export function age(since, now) { return duration(now - Date.parse(since)); }

export function clockTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// The acknowledgement clock of an incident under its severity's
// response_time: {text, state} with state 'ok', 'due' (running) or 'late'.
export function sla(incident, severity, now) {
  if (!severity || !severity.response_time_seconds) return { text: 'no SLA', state: 'ok' };
  const limit = severity.response_time_seconds * 1000;
  const opened = Date.parse(incident.opened_at);
  if (incident.acknowledged) {
    const took = Date.parse(incident.acknowledged.at) - opened;
    return took <= limit
      ? { text: `acked in ${duration(took)} (SLA ${duration(limit)})`, state: 'ok' }
      : { text: `acked ${duration(took - limit)} late (SLA ${duration(limit)})`, state: 'late' };
  }
  if (incident.status === 'resolved') return { text: 'resolved unacknowledged', state: 'ok' };
  const left = opened + limit - now;
  return left >= 0
    ? { text: `ack due in ${duration(left)}`, state: 'due' }
    : { text: `ack overdue by ${duration(-left)}`, state: 'late' };
}
