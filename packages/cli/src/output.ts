export interface LineSink {
  write(chunk: string): unknown;
}
