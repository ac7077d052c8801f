import * as vscode from 'vscode';

/**
 * Owns a set of disposables and disposes them with itself, so a feature cannot forget a
 * listener: everything it subscribes to goes through {@link register}.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) {
      disposable.dispose();
    } else {
      this.owned.push(disposable);
    }
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last registered first: later parts may depend on earlier ones.
    for (const disposable of this.owned.splice(0).reverse()) disposable.dispose();
  }
}
