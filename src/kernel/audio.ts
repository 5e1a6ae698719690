/** Audio formats a call recording may have (E51). */
export type AudioFormat = 'wav' | 'mp3';

export const AUDIO_CONTENT_TYPES: Record<AudioFormat, string> = { wav: 'audio/wav', mp3: 'audio/mpeg' };

/** The format a file name claims by its extension (case-insensitive), or null. */
export function audioFormatOfName(name: string): AudioFormat | null {
  const match = /\.(wav|mp3)$/i.exec(name.trim());
  return match ? (match[1]!.toLowerCase() as AudioFormat) : null;
}

/** Whether the bytes really start like the claimed format: a RIFF/WAVE header, or an ID3 tag or MPEG frame sync. */
export function looksLike(format: AudioFormat, data: Buffer): boolean {
  if (format === 'wav') {
    return (
      data.length >= 12 &&
      (data.toString('latin1', 0, 4) === 'RIFF' || data.toString('latin1', 0, 4) === 'RIFX') &&
      data.toString('latin1', 8, 12) === 'WAVE'
    );
  }
  if (data.length >= 3 && data.toString('latin1', 0, 3) === 'ID3') return true;
  return data.length >= 2 && data[0] === 0xff && (data[1]! & 0xe0) === 0xe0;
}
