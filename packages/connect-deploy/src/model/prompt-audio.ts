/**
 * Prompt audio checked offline, from the file's own header (never its extension), against what Connect accepts for
 * a prompt ("Create prompts", Amazon Connect Administrator Guide): a .wav file, less than 50 MB and less than 5
 * minutes long; 8 kHz mono is recommended, higher rates are down-sampled by Connect. A file that is not such audio
 * is refused before anything is uploaded.
 */

export const MAX_PROMPT_BYTES = 50 * 1024 * 1024;
export const MAX_PROMPT_SECONDS = 5 * 60;

/** WAVE format tags of the codecs a telephony prompt is recorded in and Connect decodes. */
const CODECS: Record<number, string> = { 1: 'PCM', 6: 'A-law', 7: 'U-law' };
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export interface PromptAudioInfo {
  codec: string;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  seconds: number;
}

export type PromptAudioCheck = { ok: true; info: PromptAudioInfo } | { ok: false; message: string };

const HOW_TO_CONVERT =
  'convert it to an 8 kHz mono U-law .wav (e.g. ffmpeg -i in -ar 8000 -ac 1 -acodec pcm_mulaw out.wav)';

function describeStart(bytes: Buffer): string {
  if (
    bytes.length >= 3 &&
    (bytes.toString('latin1', 0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0))
  )
    return 'an MP3 file';
  if (bytes.length >= 4 && bytes.toString('latin1', 0, 4) === 'OggS') return 'an Ogg file';
  if (bytes.length >= 4 && bytes.toString('latin1', 0, 4) === 'fLaC') return 'a FLAC file';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return 'an MP4/M4A file';
  return 'not audio Connect can play';
}

/** Reads the RIFF/WAVE header and checks codec, size and length. */
export function checkPromptAudio(bytes: Buffer): PromptAudioCheck {
  if (bytes.length >= MAX_PROMPT_BYTES)
    return { ok: false, message: `is ${bytes.length} bytes; Connect accepts prompts of less than 50 MB` };
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE')
    return {
      ok: false,
      message: `is ${describeStart(bytes)}, not a .wav file; Connect prompts are .wav files: ${HOW_TO_CONVERT}`,
    };
  let format:
    { codec: number; channels: number; sampleRate: number; byteRate: number; bitsPerSample: number } | undefined;
  let dataBytes: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return { ok: false, message: 'has a truncated WAVE format chunk' };
      let codec = bytes.readUInt16LE(body);
      if (codec === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length)
        codec = bytes.readUInt16LE(body + 24);
      format = {
        codec,
        channels: bytes.readUInt16LE(body + 2),
        sampleRate: bytes.readUInt32LE(body + 4),
        byteRate: bytes.readUInt32LE(body + 8),
        bitsPerSample: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      // Recorders that stream leave the size unset (0 or 0xFFFFFFFF): the data runs to the end of the file.
      dataBytes = size === 0 || size === 0xffffffff || body + size > bytes.length ? bytes.length - body : size;
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!format) return { ok: false, message: 'is a .wav file without a format chunk; it cannot be played' };
  if (dataBytes === undefined) return { ok: false, message: 'is a .wav file without audio data' };
  const codec = CODECS[format.codec];
  if (!codec)
    return {
      ok: false,
      message: `is a .wav file in codec 0x${format.codec.toString(16).padStart(4, '0')}, which Connect cannot play; ${HOW_TO_CONVERT}`,
    };
  if (format.channels < 1 || format.sampleRate < 1 || format.byteRate < 1)
    return { ok: false, message: 'has a WAVE format chunk with no channels, sample rate or byte rate' };
  const seconds = dataBytes / format.byteRate;
  if (seconds >= MAX_PROMPT_SECONDS)
    return {
      ok: false,
      message: `is ${Math.round(seconds)} seconds long; Connect accepts prompts of less than 5 minutes: shorten or split it`,
    };
  return {
    ok: true,
    info: {
      codec,
      channels: format.channels,
      sampleRate: format.sampleRate,
      bitsPerSample: format.bitsPerSample,
      seconds,
    },
  };
}
