import type { AttachRequest } from '../../domain/recordings/recordings-service.js';
import { restError } from '../../rest/errors.js';
import { ANY_AUTH, defineMethod } from '../../rest/method-definition.js';
import { param, scalarText } from '../../rest/params.js';

/** `telephony.externalCall.attachRecord`: by base64 content, by upload URL, or by download (E47–E57). */
export const externalCallAttachRecordMethod = defineMethod({
  name: 'telephony.externalCall.attachRecord',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): AttachRequest => {
    const callId = (scalarText(param(raw, 'CALL_ID')) ?? '').trim();
    const url = (scalarText(param(raw, 'RECORD_URL')) ?? '').trim();
    const filename = (scalarText(param(raw, 'FILENAME')) ?? '').trim();
    if (url === '' && filename === '') {
      throw restError('ERROR_CORE', 'Required parameters are not set. Request should contain either URL or FILENAME parameter');
    }
    // E50: a URL means download; else content means attach now; else hand out an upload URL.
    if (url !== '') return { mode: 'download', callId, url, filename: filename || null };
    const content = param(raw, 'FILE_CONTENT');
    if (content !== undefined) {
      const text = scalarText(content);
      if (text === undefined) throw restError('ERROR_CORE', 'File content is not properly encoded. Base64 encoding is expected.');
      return { mode: 'content', callId, filename, content: text };
    }
    return { mode: 'upload-url', callId, filename };
  },
  handler: async ({ services, baseUrl }, request) => ({ result: await services.recordings.attach(request, baseUrl) }),
});
