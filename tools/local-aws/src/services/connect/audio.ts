import { createHash } from 'node:crypto';

const SAMPLE_RATE = 8000;
const BITS_PER_SAMPLE = 16;
const HEADER_BYTES = 44;

/** A RIFF/WAVE header for mono 16-bit PCM at 8 kHz, telephone quality like Connect's prompts. */
function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SAMPLE_RATE, 24);
  header.writeUInt32LE((SAMPLE_RATE * BITS_PER_SAMPLE) / 8, 28);
  header.writeUInt16LE(BITS_PER_SAMPLE / 8, 32);
  header.writeUInt16LE(BITS_PER_SAMPLE, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

const generated = new Map<string, Buffer>();

/**
 * Half a second of a tone whose pitch derives from `name`: the same bytes for the same name in every instance and
 * every run, so that exports of two instances' stock prompts are identical. Shared between instances, never mutated.
 */
export function promptAudio(name: string): Buffer {
  let audio = generated.get(name);
  if (!audio) {
    const frequency = 300 + (createHash('sha256').update(name).digest().readUInt16BE(0) % 900);
    const samples = SAMPLE_RATE / 2;
    const data = Buffer.alloc(samples * 2);
    for (let index = 0; index < samples; index += 1) {
      data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequency * index) / SAMPLE_RATE)), index * 2);
    }
    audio = Buffer.concat([wavHeader(data.length), data]);
    generated.set(name, audio);
  }
  return audio;
}

/** Whether bytes look like a WAV file: a RIFF container of type WAVE. */
export function isWav(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WAVE';
}
