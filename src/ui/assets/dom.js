// Building DOM nodes. Every string becomes a text node (textContent), never
// markup: incident titles, alert labels and command output come from outside
// and must not be able to inject HTML or script.

// h('a', {href: '#/x', class: 'link', onclick: fn}, 'text', childNode, [more])
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'value') {
      el.value = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Replaces the children of `el` by `children`.
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Renders into `el` only when `data` differs from what it last showed, so a
// refresh that changes nothing keeps focus, selection and scroll in place.
export function fillIfChanged(el, data, render) {
  const key = JSON.stringify(data);
  if (el.dataset.shown === key) return;
  el.dataset.shown = key;
  fill(el, render(data));
}

// A labelled form field: <div class="field"><label for=id>…</label><input id=id …></div>
let fieldCount = 0;
export function field(labelText, control) {
  const id = control.id || `f${++fieldCount}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control);
}

export function table(headers, rows, caption) {
  return h('table', {},
    caption ? h('caption', { class: 'sr-only' }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}
