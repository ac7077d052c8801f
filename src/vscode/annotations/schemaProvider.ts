import * as vscode from 'vscode';
import { SIDECAR_VERSION } from '../../core/sidecar/schema';

/** The scheme of `$schema: policy-lens:/schemas/annotations-1.schema.json` in every sidecar. */
export const SCHEMA_SCHEME = 'policy-lens';

/**
 * Serves the sidecar JSON Schema under our own scheme, so that VS Code's JSON language service
 * validates sidecars by their `$schema` without any network (see SIDECAR_SCHEMA_URI). Only the
 * format this build reads is served: a file from a newer version gets "unable to load schema",
 * and our own error says to update.
 */
export class SidecarSchemaProvider implements vscode.TextDocumentContentProvider {
  private schema: Thenable<string> | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  provideTextDocumentContent(uri: vscode.Uri): Thenable<string> {
    if (uri.path !== `/schemas/annotations-${SIDECAR_VERSION}.schema.json`) {
      return Promise.reject(new Error(`Policy Lens has no schema ${uri.toString()}; this version serves annotations-${SIDECAR_VERSION}.schema.json.`));
    }
    this.schema ??= vscode.workspace.fs
      .readFile(vscode.Uri.joinPath(this.extensionUri, 'schemas', 'annotations.schema.json'))
      .then((bytes) => new TextDecoder('utf-8').decode(bytes));
    return this.schema;
  }
}
