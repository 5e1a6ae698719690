import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startPortal, type RunningPortal } from '../../src/embed/start-portal.js';
import { CHROMIUM_PATH, launchChromium, screenshot } from '../helpers/browser.js';
import { EventReceiver } from '../helpers/event-receiver.js';

/**
 * The console in a real browser (Debian's Chromium driven by playwright-core). Without Chromium the
 * suite is skipped on a developer's machine, never in CI (`.ci/run` installs it; CI=true fails instead).
 */
const runs = CHROMIUM_PATH !== null || process.env.CI === 'true';

/** A short WAV file the browser can decode: 8 kHz, 16-bit mono, `seconds` of a 440 Hz tone. */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe.runIf(runs)('the console in Chromium', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const receiver = new EventReceiver();
  const CUSTOMER_PHONE = '+12025550188';
  let callId = '';
  let contactId = 0;

  /** A REST call as the demo application; the answer's `result`. */
  async function rest(method: string, params: Record<string, unknown>): Promise<any> {
    const response = await fetch(`${portal.baseUrl}/rest/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, auth: portal.app.accessToken }),
    });
    const body = (await response.json()) as { result?: unknown; error?: string; error_description?: string };
    if (!response.ok) throw new Error(`${method}: ${response.status} ${body.error} ${body.error_description}`);
    return body.result;
  }

  beforeAll(async () => {
    portal = await startPortal();
    await receiver.listen();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver.close();
    await portal?.close();
  });

  test('a one-time link signs in and lands on the call list', async () => {
    await page.goto(await portal.consoleLink());
    expect(new URL(page.url()).pathname).toBe('/console/calls');
    await expect(page.getByRole('heading', { name: 'Calls', level: 1 }).isVisible()).resolves.toBe(true);
    await screenshot(page, '01-calls-empty');
  });

  test('a call appears in the live view after register + show, and leaves it after finish', async () => {
    contactId = await rest('crm.contact.add', {
      fields: { NAME: 'Ada', LAST_NAME: 'Browser', PHONE: [{ VALUE: CUSTOMER_PHONE, VALUE_TYPE: 'WORK' }] },
    });
    await page.goto(`${portal.baseUrl}/console/live`);
    const registered = await rest('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: CUSTOMER_PHONE,
      TYPE: 2,
      SHOW: 0,
      CRM_CREATE: 0,
    });
    callId = registered.CALL_ID;
    await rest('telephony.externalCall.show', { CALL_ID: callId, USER_ID: 1 });
    const card = page.locator(`[data-call-id="${callId}"]`);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.textContent()).toContain(CUSTOMER_PHONE);
    await screenshot(page, '02-live-card');
    await rest('telephony.externalCall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 95, STATUS_CODE: 200 });
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, '03-live-after-finish');
  });

  test("the call's recording plays in the browser: the audio element reports its duration", async () => {
    await rest('telephony.externalCall.attachRecord', {
      CALL_ID: callId,
      FILENAME: 'call.wav',
      FILE_CONTENT: toneWav(3).toString('base64'),
    });
    await page.goto(`${portal.baseUrl}/console/calls/${encodeURIComponent(callId)}`);
    const duration = await page.locator('audio').evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<number>((resolveDuration, reject) => {
          if (audio.readyState >= 1) return resolveDuration(audio.duration);
          audio.addEventListener('loadedmetadata', () => resolveDuration(audio.duration));
          audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)));
          audio.load();
        }),
    );
    expect(duration).toBeGreaterThan(2.9);
    expect(duration).toBeLessThan(3.1);
    await screenshot(page, '04-call-page');
  });

  test('the statistics filter narrows the table', async () => {
    await rest('telephony.externalCall.finish', {
      CALL_ID: (await rest('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+12025550999', TYPE: 1 })).CALL_ID,
      USER_ID: 2,
      DURATION: 5,
    });
    await page.goto(`${portal.baseUrl}/console/calls`);
    expect(await page.locator('#calls-table tbody tr').count()).toBe(2);
    await page.getByLabel('Phone number').fill('1 202 555 0188');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/phone=1\+202\+555\+0188/);
    expect(await page.locator('#calls-table tbody tr').count()).toBe(1);
    expect(await page.locator('#calls-table tbody').textContent()).toContain(CUSTOMER_PHONE);
    await screenshot(page, '05-calls-filtered');
  });

  test("a contact's timeline shows the call", async () => {
    await page.goto(`${portal.baseUrl}/console/crm/contacts/${contactId}`);
    const timeline = page.locator('ol.timeline');
    await timeline.waitFor();
    expect(await timeline.textContent()).toMatch(/call/i);
    expect(await page.locator(`ol.timeline a[href="/console/calls/${encodeURIComponent(callId)}"]`).count()).toBeGreaterThan(0);
    await screenshot(page, '06-contact-timeline');
  });

  test('a failed event delivery shows with its error', async () => {
    receiver.answer = () => 500;
    await rest('event.bind', { event: 'OnCrmContactAdd', handler: `${receiver.url}?contact` });
    await rest('crm.contact.add', { fields: { NAME: 'Grace', LAST_NAME: 'Event' } });
    for (let i = 0; i < 100 && !(await portal.events()).some((d) => d.attempts > 0); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await portal.events()).some((d) => d.lastError !== null)).toBe(true);
    await page.goto(`${portal.baseUrl}/console/integration`);
    await screenshot(page, '07-integration');
    await page
      .getByRole('link', { name: /deliveries/i })
      .first()
      .click();
    await page.waitForURL(/\/console\/integration\/deliveries/);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('ONCRMCONTACTADD');
    expect(text).toContain('HTTP 500');
    await screenshot(page, '08-integration-deliveries');
  });

  test('charts and the API explorer render', async () => {
    await page.goto(`${portal.baseUrl}/console/charts`);
    await page.locator('canvas').first().waitFor();
    await screenshot(page, '09-charts');
    await page.goto(`${portal.baseUrl}/console/explorer`);
    await screenshot(page, '10-explorer');
    await page.goto(`${portal.baseUrl}/console/integration/journal`);
    await screenshot(page, '11-journal');
  });

  test('the pages fit a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const small = await phone.newPage();
    await small.goto(await portal.consoleLink());
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(small, '12-phone-calls');
    await phone.close();
  });
});
