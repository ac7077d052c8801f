import * as vscode from 'vscode';
import { AuthorResolver } from './vscode/annotations/author';
import { SCHEMA_SCHEME, SidecarSchemaProvider } from './vscode/annotations/schemaProvider';
import { createApi, type PolicyLensApi } from './vscode/api';
import { ClaimAnnotationRelay, ClaimTypes } from './vscode/claimTypes';
import { registerNextClaimCommand } from './vscode/commands/nextClaim';
import { registerPreviousClaimCommand } from './vscode/commands/previousClaim';
import { registerShowClaimsPanelCommand } from './vscode/commands/showClaimsPanel';
import { registerToggleLayerCommand } from './vscode/commands/toggleLayer';
import { registerTreatAsPolicyTextCommand } from './vscode/commands/treatAsPolicyText';
import { ConfigurationService } from './vscode/config';
import { DecorationStyles } from './vscode/decorationStyles';
import { PolicyDecorator } from './vscode/decorator';
import { PolicyHoverProvider } from './vscode/hover';
import { POLICY_TEXT_LANGUAGE } from './vscode/language';
import { PolicyTextLanguageAssigner } from './vscode/languageAssignment';
import { Notifier } from './vscode/notifier';
import { PolicyDocumentStore } from './vscode/policyDocuments';
import { Restartable } from './vscode/restartable';
import { PolicyStatusBar } from './vscode/statusBar';
import { PolicyDocumentSymbolProvider } from './vscode/symbols';
import { TaggingFeature } from './vscode/taggingFeature';
import { WorkspaceLexicons } from './vscode/workspaceLexicon';

export type { PolicyLensApi } from './vscode/api';

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };

  const config = own(new ConfigurationService());
  const notifier = new Notifier();
  const lexicons = own(new WorkspaceLexicons());
  const store = own(new PolicyDocumentStore(lexicons));
  // Views ask the relay for tags; the tagging feature behind it can be rebuilt (Restartable).
  const tags = own(new ClaimAnnotationRelay());
  const claimTypes = new ClaimTypes(tags);
  const assigner = own(new PolicyTextLanguageAssigner(config, context.workspaceState));
  const styles = own(new DecorationStyles());
  const decorator = own(new PolicyDecorator(store, config, styles, claimTypes, lexicons.whenLoaded()));
  const statusBar = own(new PolicyStatusBar(store, claimTypes, decorator));
  const author = own(new AuthorResolver(config));
  const tagging = own(
    new Restartable(() => {
      const feature = new TaggingFeature({ workspaceState: context.workspaceState, config, documents: store, lexicons, assigner, author, notifier });
      tags.setSource(feature.sidecars);
      return feature;
    }),
  );

  const policyText: vscode.DocumentSelector = { language: POLICY_TEXT_LANGUAGE };
  own(vscode.languages.registerHoverProvider(policyText, new PolicyHoverProvider(store, config, claimTypes)));
  own(vscode.languages.registerDocumentSymbolProvider(policyText, new PolicyDocumentSymbolProvider(store, config, claimTypes), { label: 'Policy Lens' }));
  own(vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, new SidecarSchemaProvider(context.extensionUri)));
  own(registerToggleLayerCommand(config));
  own(registerTreatAsPolicyTextCommand(assigner));
  own(registerShowClaimsPanelCommand());
  own(registerNextClaimCommand(store));
  own(registerPreviousClaimCommand(store));

  return createApi({ activationMs: performance.now() - started, store, decorator, statusBar, lexicons, assigner, tagging, notifier });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; disposing the tagging feature starts
  // writing any tag change still waiting for its debounce.
}
