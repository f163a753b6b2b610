/**
 * A mistake in the spec found while loading or exploring it. It names the spec file, the
 * process and the handler; during search, the engine attaches the path that reached it.
 */
export class SpecError extends Error {
  file: string | undefined;
  /** Step labels from the initial state to the state where the error happened. */
  trace: readonly unknown[] | undefined;
  constructor(
    readonly detail: string,
    readonly where: { readonly process?: string; readonly handler?: string } = {},
  ) {
    super(detail);
    this.name = 'SpecError';
  }

  /** The full message: file, process, handler, detail. */
  describe(): string {
    const parts: string[] = [];
    if (this.file) parts.push(this.file);
    if (this.where.process) parts.push(`process '${this.where.process}'`);
    if (this.where.handler) parts.push(`handler '${this.where.handler}'`);
    return (parts.length ? parts.join(', ') + ': ' : '') + this.detail;
  }
}
