import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { ConfigurationService } from '../config';
import { Disposable } from '../disposable';

/** git can hang on a network file system or a credential prompt: never wait longer than this. */
const GIT_TIMEOUT_MS = 3000;

/**
 * Who is tagging, for each annotation's `author`: the `policyLens.analyst` setting, else git's
 * `user.name` in the text's workspace folder (what the analyst's commits of the sidecar will say
 * too), else the login name. git is asked once per folder, in the background; the answer is
 * ready before a document's annotations are (see {@link whenResolved}).
 */
export class AuthorResolver extends Disposable {
  private readonly gitNames = new Map<string, Promise<string | undefined>>();
  private readonly resolved = new Map<string, string | undefined>();
  private loginName: string | undefined;

  constructor(private readonly config: ConfigurationService) {
    super();
    // git config may have changed too when the analyst looks at settings; ask again.
    this.register(config.onDidChange((event) => event.affectsConfiguration('policyLens.analyst') && this.forget()));
  }

  /** Settles when git has answered (or failed) for the folder of `uri`. */
  async whenResolved(uri: vscode.Uri): Promise<void> {
    const key = this.folderKey(uri);
    if (this.resolved.has(key)) return;
    let pending = this.gitNames.get(key);
    if (!pending) {
      pending = gitUserName(this.folderPath(uri));
      this.gitNames.set(key, pending);
    }
    const name = await pending;
    if (this.gitNames.get(key) === pending) this.resolved.set(key, name);
  }

  /** The author for a change to the annotations of `uri`, now. */
  authorFor(uri: vscode.Uri): string | undefined {
    return this.config.current.analyst ?? this.resolved.get(this.folderKey(uri)) ?? this.login();
  }

  private forget(): void {
    this.gitNames.clear();
    this.resolved.clear();
  }

  private login(): string | undefined {
    if (this.loginName === undefined) {
      try {
        this.loginName = os.userInfo().username || '';
      } catch {
        // No user database entry (some containers): leave `author` out.
        this.loginName = '';
      }
    }
    return this.loginName || undefined;
  }

  private folderKey(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? `dir:${vscode.Uri.joinPath(uri, '..').toString()}`;
  }

  private folderPath(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
    return folder.scheme === 'file' ? folder.fsPath : undefined;
  }
}

function gitUserName(cwd: string | undefined): Promise<string | undefined> {
  if (cwd === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    try {
      execFile('git', ['config', 'user.name'], { cwd, timeout: GIT_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
        const name = error ? '' : String(stdout).trim();
        resolve(name === '' ? undefined : name);
      });
    } catch {
      // No git on PATH can also throw synchronously on some platforms.
      resolve(undefined);
    }
  });
}
