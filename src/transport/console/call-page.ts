import type { CallHistoryEvent, CallTimeline, PersonSummary } from '../../features/telephony/call-history.js';
import { consoleError } from '../../kernel/errors/console-error.js';
import { formatPortalDate } from '../../kernel/portal-time.js';
import type { ConsoleRoutes } from './console-routes.js';
import { html, type SafeHtml } from './html.js';
import { consolePage } from './layout.js';
import { callTypeLabel, crmEntityPath, formatDuration, userName } from './present.js';

/** One call: its facts, its history step by step, its CRM entity, recording and transcript. */
export function registerCallPage(routes: ConsoleRoutes): void {
  routes.page('/console/calls/:callId', async (viewer, request) => {
    const { callId } = request.params as { callId: string };
    const timeline = await routes.services.callHistory.timeline(callId, viewer.user);
    if (!timeline) throw consoleError('NOT_FOUND');
    const timeZone = routes.services.config.timeZone;
    return consolePage({
      title: `Call ${callId}`,
      viewer,
      section: 'calls',
      styles: ['call.css'],
      body: html`<p><a href="/console/calls">&larr; All calls</a></p>
        <h1>Call <code class="call-id">${callId}</code></h1>
        <div class="grid">
          <section class="panel" aria-labelledby="facts-heading">
            <h2 id="facts-heading">Facts</h2>
            ${facts(timeline, timeZone)}
          </section>
          <section class="panel" aria-labelledby="history-heading">
            <h2 id="history-heading">History</h2>
            ${history(timeline.events, timeZone)}
          </section>
        </div>
        <section class="panel recording" aria-labelledby="recording-heading">
          <h2 id="recording-heading">Recording</h2>
          ${
            timeline.recording
              ? html`<audio controls preload="metadata" src="${timeline.recording.url}" aria-label="Recording of the call"></audio>
                  <p class="muted">
                    <a href="${timeline.recording.url}" download="${timeline.recording.filename}">${timeline.recording.filename}</a>
                  </p>`
              : html`<p class="muted">No recording attached.</p>`
          }
        </section>
        <section class="panel" aria-labelledby="transcript-heading">
          <h2 id="transcript-heading">Transcript</h2>
          ${
            timeline.transcript
              ? html`<dl class="fields transcript">
                  ${timeline.transcript.lines.map(
                    (line) =>
                      html`<dt>${line.side === 'User' ? 'Employee' : 'Client'} <small>${line.start}&ndash;${line.stop} s</small></dt>
                        <dd>${line.message}</dd>`,
                  )}
                </dl>`
              : html`<p class="muted">No transcript attached.</p>`
          }
        </section>`,
    });
  });
}

function facts(timeline: CallTimeline, timeZone: string): SafeHtml {
  const stats = timeline.statistics;
  const active = timeline.active;
  const crm = timeline.crm;
  const crmLink = crm
    ? html`<a href="${crmEntityPath(crm.type, crm.id)}">${crm.title ?? `${crm.type} ${crm.id}`}</a>
        <small class="muted">(${crm.type} ${crm.id})</small>`
    : '—';
  if (stats) {
    const answered = stats.CALL_FAILED_CODE === '200';
    return html`<dl class="fields">
      <dt>Status</dt>
      <dd>
        <span class="badge ${answered ? 'ok' : 'bad'}"
          >${answered ? 'answered' : `${stats.CALL_FAILED_CODE} ${stats.CALL_FAILED_REASON}`}</span
        >
      </dd>
      <dt>Employee</dt>
      <dd>${person(timeline.finishedBy, Number(stats.PORTAL_USER_ID))}</dd>
      <dt>Phone</dt>
      <dd>${stats.PHONE_NUMBER}</dd>
      <dt>Line</dt>
      <dd>${stats.PORTAL_NUMBER}</dd>
      <dt>Type</dt>
      <dd>${callTypeLabel(Number(stats.CALL_TYPE))}</dd>
      <dt>Started</dt>
      <dd>${String(stats.CALL_START_DATE).replace('T', ' ').slice(0, 19)}</dd>
      <dt>Duration</dt>
      <dd>${formatDuration(Number(stats.CALL_DURATION))}</dd>
      <dt>Cost</dt>
      <dd>${stats.COST} ${stats.COST_CURRENCY}</dd>
      <dt>CRM</dt>
      <dd>${crmLink}</dd>
      <dt>CRM activity</dt>
      <dd>${timeline.activityId ?? '—'}</dd>
      ${
        stats.EXTERNAL_CALL_ID
          ? html`<dt>External id</dt>
              <dd>${stats.EXTERNAL_CALL_ID}</dd>`
          : ''
      }
    </dl>`;
  }
  return html`<dl class="fields">
    <dt>Status</dt>
    <dd><span class="badge warn">in progress</span></dd>
    <dt>Employee</dt>
    <dd>${person(active?.user ?? null, 0)}</dd>
    <dt>Phone</dt>
    <dd>${active?.phoneNumber}</dd>
    <dt>Line</dt>
    <dd>${active?.lineNumber ?? '—'}</dd>
    <dt>Type</dt>
    <dd>${callTypeLabel(active?.callType ?? 0)}</dd>
    <dt>Started</dt>
    <dd>${active ? when(active.startAt, timeZone) : '—'}</dd>
    <dt>Card shown to</dt>
    <dd>${active && active.viewers.length > 0 ? active.viewers.map(userName).join(', ') : 'nobody'}</dd>
    <dt>CRM</dt>
    <dd>${crmLink}</dd>
  </dl>`;
}

function history(events: readonly CallHistoryEvent[], timeZone: string): SafeHtml {
  if (events.length === 0) return html`<p class="muted">No history recorded for this call.</p>`;
  return html`<ol class="timeline">
    ${events.map((event) => html`<li data-kind="${event.kind}">${when(event.at, timeZone)} ${describe(event)}</li>`)}
  </ol>`;
}

/** An instant: machine-readable in UTC, shown in the portal's time zone. */
function when(unixSeconds: number, timeZone: string): SafeHtml {
  const iso = new Date(unixSeconds * 1000).toISOString();
  const shown = formatPortalDate(unixSeconds * 1000, timeZone)
    .replace('T', ' ')
    .slice(0, 19);
  return html`<time datetime="${iso}">${shown}</time>`;
}

function describe(event: CallHistoryEvent): string {
  const who = event.user ? userName(event.user) : null;
  const d = event.detail;
  switch (event.kind) {
    case 'registered':
      return `Registered for ${who ?? 'an unknown user'}${d.phone ? `, caller ${String(d.phone)}` : ''}${d.line ? ` on line ${String(d.line)}` : ''}`;
    case 'card_shown':
      return `Card shown to ${who ?? 'an unknown user'}`;
    case 'card_hidden':
      return d.by === 'finish'
        ? `Card closed for ${who ?? 'an unknown user'} (call finished)`
        : `Card hidden from ${who ?? 'an unknown user'}`;
    case 'finished':
      return `Finished by ${who ?? 'an unknown user'}${typeof d.duration === 'number' ? ` after ${formatDuration(d.duration)}` : ''}${
        d.failedCode && d.failedCode !== '200' ? ` (code ${String(d.failedCode)})` : ''
      }`;
    case 'recording_attached':
      return `Recording attached${d.filename ? `: ${String(d.filename)}` : ''}${d.replaced ? ' (replacing the earlier one)' : ''}`;
    case 'transcript_attached':
      return `Transcript attached${typeof d.messages === 'number' ? ` (${d.messages} messages)` : ''}${d.replaced ? ', replacing the earlier one' : ''}`;
  }
}

function person(user: PersonSummary | null, fallbackId: number): string {
  return user ? userName(user) : `user ${fallbackId}`;
}
