import type * as vscode from 'vscode';

/**
 * Holds a feature that can be torn down and built again from what it keeps on disk and in
 * workspaceState: what a window reload does, which the extension API offers to integration
 * tests (a real reload would end the test run).
 */
export class Restartable<T extends vscode.Disposable> implements vscode.Disposable {
  private value: T;
  private disposed = false;

  constructor(private readonly create: () => T) {
    this.value = create();
  }

  get current(): T {
    return this.value;
  }

  /** Runs `beforeDispose` on the old instance (to flush it), disposes it, creates a new one. */
  async restart(beforeDispose: (old: T) => Promise<void>): Promise<T> {
    const old = this.value;
    await beforeDispose(old);
    old.dispose();
    if (!this.disposed) this.value = this.create();
    return this.value;
  }

  dispose(): void {
    this.disposed = true;
    this.value.dispose();
  }
}
