import * as vscode from 'vscode';

export type NotificationSeverity = 'error' | 'warning' | 'info';

export interface NotificationRecord {
  readonly severity: NotificationSeverity;
  readonly message: string;
}

/** How many messages the extension API keeps for tests. */
const KEPT = 50;

/**
 * Shows messages to the analyst and remembers the last few, so that integration tests can check
 * what was said (a real VS Code gives no way to read notifications back). Messages are prefixed
 * "Policy Lens: " here, once.
 */
export class Notifier {
  private readonly recent: NotificationRecord[] = [];

  error<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
    this.remember('error', message);
    return vscode.window.showErrorMessage(`Policy Lens: ${message}`, ...actions);
  }

  warning<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
    this.remember('warning', message);
    return vscode.window.showWarningMessage(`Policy Lens: ${message}`, ...actions);
  }

  info<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
    this.remember('info', message);
    return vscode.window.showInformationMessage(`Policy Lens: ${message}`, ...actions);
  }

  /** A short confirmation in the status bar, for frequent acts (undo, tagging by keyboard). */
  status(message: string): void {
    this.remember('info', message);
    vscode.window.setStatusBarMessage(`$(tag) ${message}`, 3000);
  }

  get notifications(): readonly NotificationRecord[] {
    return this.recent;
  }

  private remember(severity: NotificationSeverity, message: string): void {
    this.recent.push({ severity, message });
    if (this.recent.length > KEPT) this.recent.splice(0, this.recent.length - KEPT);
  }
}
