// Publishing an incident to the public status page: the form is pre-filled
// from GET /api/v1/incidents/{id}/publish (the runbook's status-page texts,
// the impact and components its severity suggests) and sent, as the person
// chose it, to POST /api/v1/incidents/{id}/publish (lead and above). Once
// published, the form gives way to what the public sees.

import { h, fill, field } from './dom.js';
import { get, post } from './api.js';

const STATUSES = ['investigating', 'identified', 'monitoring'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];
const COMPONENT_STATUSES = ['degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

function select(name, values, chosen, extra = []) {
  return h('select', { name }, extra, values.map((v) => h('option', { value: v, selected: v === chosen }, v)));
}

function publishedBlock(pub) {
  return h('p', { class: 'published' }, 'Published on the status page as ',
    h('strong', {}, pub.name), `: ${pub.status}, impact ${pub.impact}.`);
}

// Fills `el` with the publish form or what is published; `act(button,
// label, call)` runs the change and shows its outcome.
export async function mountPublish(el, path, act) {
  let answer;
  try {
    answer = await get(`${path}/publish`);
  } catch (e) {
    fill(el, h('p', { class: 'error' }, `Status page: ${e.describe ? e.describe() : e}`));
    return;
  }
  if (answer.published) {
    fill(el, publishedBlock(answer.published));
    return;
  }
  const d = answer.draft;
  const messages = answer.messages || {};
  const chosen = new Map((d.components || []).map((c) => [c.id, c.status]));
  const name = h('input', { type: 'text', name: 'name', value: d.name, autocomplete: 'off' });
  const body = h('textarea', { name: 'body', rows: '4' });
  body.value = d.body;
  const status = select('status', STATUSES, d.status);
  status.addEventListener('change', () => {
    const m = messages[status.value];
    if (m) {
      name.value = m.title;
      body.value = m.body;
    }
  });
  const components = (answer.components || []).map((c) => field(`${c.name} (${c.group || 'component'})`,
    select(`component:${c.id}`, COMPONENT_STATUSES, chosen.get(c.id),
      [h('option', { value: '', selected: !chosen.has(c.id) }, 'not affected')])));
  const submit = h('button', { type: 'submit' }, 'Publish to status page');
  const form = h('form', { id: 'publish-form' },
    field('Public title', name), field('Status', status),
    field('Impact', select('impact', IMPACTS, d.impact)), field('Public message', body),
    components.length ? h('fieldset', {}, h('legend', {}, 'Affected components'), components) : null,
    submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const picked = (answer.components || [])
      .map((c) => ({ id: c.id, status: form.elements[`component:${c.id}`].value }))
      .filter((c) => c.status);
    const sent = { name: name.value.trim(), status: status.value, impact: form.elements.impact.value,
      body: body.value.trim(), components: picked };
    if (await act(submit, 'published to the status page', () => post(`${path}/publish`, sent))) {
      await mountPublish(el, path, act);
    }
  });
  fill(el, h('p', { class: 'hint' }, 'Only what is written here becomes public; nothing else from this incident does.'),
    form);
}
