import { restError } from '../../../kernel/errors/rest-error.js';
import { ANY_AUTH } from '../../../kernel/method.js';
import { param, scalarText, trimmedText } from '../../../kernel/params/readers.js';
import { defineMethod } from '../../define-method.js';
import type { AttachRequest } from '../recordings-service.js';

/** `telephony.externalCall.attachRecord`: by base64 content, by upload URL, or by download (E47–E57). */
export const externalCallAttachRecordMethod = defineMethod({
  name: 'telephony.externalCall.attachRecord',
  scope: 'telephony',
  authTypes: ANY_AUTH,
  batchable: true,
  params: (raw): AttachRequest => {
    const callId = trimmedText(raw, 'CALL_ID');
    const url = trimmedText(raw, 'RECORD_URL');
    const filename = trimmedText(raw, 'FILENAME');
    if (url === '' && filename === '') throw restError('RECORD_SOURCE_MISSING');
    // E50: a URL means download; else content means attach now; else hand out an upload URL.
    if (url !== '') return { mode: 'download', callId, url, filename: filename || null };
    const content = param(raw, 'FILE_CONTENT');
    if (content !== undefined) {
      const text = scalarText(content);
      if (text === undefined) throw restError('FILE_CONTENT_NOT_BASE64');
      return { mode: 'content', callId, filename, content: text };
    }
    return { mode: 'upload-url', callId, filename };
  },
  handler: async ({ services, baseUrl }, request) => ({ result: await services.recordings.attach(request, baseUrl) }),
});
