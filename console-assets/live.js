/* global document, window, EventSource */
// The live view of call cards: renders each snapshot the server sends (event "cards").
// EventSource reconnects by itself after a dropped connection.

const region = document.getElementById('live-cards');
const status = document.getElementById('live-status');

const TYPES = { 1: 'Outgoing', 2: 'Incoming', 3: 'Incoming, redirected', 4: 'Callback', 5: 'Informational' };
const SECTIONS = { CONTACT: 'contacts', COMPANY: 'companies', LEAD: 'leads', DEAL: 'deals' };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function formatter(timeZone) {
  try {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium', timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  }
}

const dates = formatter(region?.dataset.timeZone);

function card(call) {
  const started = new Date(call.startedAt * 1000);
  const fields = element('dl', { class: 'fields' });
  const crm = call.crm
    ? element(
        'a',
        { href: `/console/crm/${SECTIONS[call.crm.type] ?? 'contacts'}/${call.crm.id}` },
        call.crm.title ?? `${call.crm.type} ${call.crm.id}`,
      )
    : 'not in the CRM';
  fields.append(element('dt', {}, 'CRM'), element('dd', {}, crm));
  if (call.crm?.responsible) fields.append(element('dt', {}, 'Responsible'), element('dd', {}, call.crm.responsible.name));
  if (call.lineNumber) fields.append(element('dt', {}, 'Line'), element('dd', {}, call.lineNumber));
  fields.append(element('dt', {}, 'Since'), element('dd', {}, element('time', { datetime: started.toISOString() }, dates.format(started))));
  return element(
    'li',
    { class: 'live-card', 'data-call-id': call.callId },
    element('a', { class: 'live-phone', href: `/console/calls/${encodeURIComponent(call.callId)}` }, call.phoneNumber),
    ' ',
    element('span', { class: 'badge' }, TYPES[call.callType] ?? `type ${call.callType}`),
    fields,
  );
}

/** Changes the status line only when the news is new, so screen readers are not told the same twice. */
function say(text) {
  if (status && status.textContent !== text) status.textContent = text;
}

function render(snapshot) {
  if (snapshot.employees.length === 0) {
    region.replaceChildren(element('p', { class: 'panel muted live-empty' }, 'No cards shown now.'));
    return;
  }
  region.replaceChildren(
    ...snapshot.employees.map((employee) =>
      element(
        'section',
        { class: 'panel live-employee', 'aria-label': `Cards of ${employee.name}` },
        element('h2', {}, employee.name),
        element('ul', { class: 'live-list' }, ...employee.cards.map(card)),
      ),
    ),
  );
}

if (region && 'EventSource' in window) {
  const source = new EventSource(region.dataset.stream);
  source.addEventListener('cards', (event) => {
    render(JSON.parse(event.data));
    say('Up to date.');
  });
  source.addEventListener('open', () => {
    say('Connected: updates as calls come and go.');
  });
  source.addEventListener('error', () => {
    say(source.readyState === EventSource.CLOSED ? 'Disconnected. Reload the page to try again.' : 'Connection lost, reconnecting…');
  });
}
