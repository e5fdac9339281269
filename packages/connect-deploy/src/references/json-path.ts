export type JsonPath = readonly (string | number)[];

/** `Actions[3].Parameters.QueueId` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
}
