/* global document, window, navigator, FormData */
// The API explorer: posts the chosen method, parameters and credential to the console, which runs the
// call through the REST pipeline; shows the raw answer pretty-printed and the same call as a curl command.

const form = document.getElementById('explorer-form');
const methodInput = document.getElementById('explorer-method');
const scopeLine = document.getElementById('explorer-scope');
const result = document.getElementById('explorer-result');
const statusLine = document.getElementById('explorer-status');
const headerList = document.getElementById('explorer-headers');
const bodyBlock = document.getElementById('explorer-body');
const curlBlock = document.getElementById('explorer-curl');
const copyButton = document.getElementById('explorer-copy');
const copied = document.getElementById('explorer-copied');
const errorLine = document.getElementById('explorer-error');
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

/** Method name (lower case) → scope, from the datalist's options. */
const scopes = new Map(
  [...document.querySelectorAll('#explorer-methods option')].map((option) => [option.value.toLowerCase(), option.dataset.scope ?? '']),
);

function showScope() {
  const name = methodInput.value.trim();
  if (!name) return;
  const scope = scopes.get(name.toLowerCase());
  scopeLine.textContent = scope === undefined ? 'Scope: not a method of this server (the portal will say so).' : `Scope: ${scope}`;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function showError(message) {
  errorLine.textContent = message;
  errorLine.hidden = false;
}

async function call(event) {
  event.preventDefault();
  errorLine.hidden = true;
  const data = new FormData(form);
  const payload = {
    method: String(data.get('method') ?? ''),
    params: String(data.get('params') ?? ''),
    credential: data.get('credential'),
    appId: data.get('appId'),
    webhook: String(data.get('webhook') ?? ''),
  };
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  try {
    const response = await fetch('/console/explorer/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify(payload),
      credentials: 'same-origin',
    });
    const answer = await response.json();
    if (!response.ok) {
      showError(answer.message ?? answer.error_description ?? `The console answered HTTP ${response.status}.`);
      return;
    }
    statusLine.textContent = `HTTP ${answer.status}`;
    headerList.replaceChildren(
      ...Object.entries(answer.headers).flatMap(([name, value]) => {
        const term = document.createElement('dt');
        term.textContent = name;
        const detail = document.createElement('dd');
        detail.textContent = value;
        return [term, detail];
      }),
    );
    bodyBlock.textContent = pretty(answer.body);
    curlBlock.textContent = answer.curl;
    copied.textContent = '';
    result.hidden = false;
  } catch (error) {
    showError(`The call could not be made: ${error.message}`);
  } finally {
    submit.disabled = false;
  }
}

async function copyCurl() {
  try {
    await navigator.clipboard.writeText(curlBlock.textContent ?? '');
    copied.textContent = 'Copied.';
  } catch {
    // No clipboard (an insecure origin): select the text so that the person can copy it.
    const range = document.createRange();
    range.selectNodeContents(curlBlock);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    copied.textContent = 'Selected: copy it with your keyboard.';
  }
}

methodInput.addEventListener('input', showScope);
methodInput.addEventListener('change', showScope);
form.addEventListener('submit', call);
copyButton.addEventListener('click', copyCurl);
showScope();
