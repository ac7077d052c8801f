import * as vscode from 'vscode';
import { createApi, type PolicyLensApi } from './vscode/api';
import { ClaimTypes } from './vscode/claimTypes';
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
import { PolicyDocumentStore } from './vscode/policyDocuments';
import { PolicyStatusBar } from './vscode/statusBar';
import { PolicyDocumentSymbolProvider } from './vscode/symbols';
import { WorkspaceLexicons } from './vscode/workspaceLexicon';

export type { PolicyLensApi } from './vscode/api';

export function activate(context: vscode.ExtensionContext): PolicyLensApi {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };

  const config = own(new ConfigurationService());
  const lexicons = own(new WorkspaceLexicons());
  const store = own(new PolicyDocumentStore(lexicons));
  // No tags yet: every view shows the suggested type until tagging provides an override.
  const claimTypes = new ClaimTypes(undefined);
  const assigner = own(new PolicyTextLanguageAssigner(config, context.workspaceState));
  const styles = own(new DecorationStyles());
  const decorator = own(new PolicyDecorator(store, config, styles, claimTypes, lexicons.whenLoaded()));
  const statusBar = own(new PolicyStatusBar(store, claimTypes, decorator));

  const policyText: vscode.DocumentSelector = { language: POLICY_TEXT_LANGUAGE };
  own(vscode.languages.registerHoverProvider(policyText, new PolicyHoverProvider(store, config, claimTypes)));
  own(vscode.languages.registerDocumentSymbolProvider(policyText, new PolicyDocumentSymbolProvider(store, config, claimTypes), { label: 'Policy Lens' }));
  own(registerToggleLayerCommand(config));
  own(registerTreatAsPolicyTextCommand(assigner));
  own(registerShowClaimsPanelCommand());
  own(registerNextClaimCommand(store));
  own(registerPreviousClaimCommand(store));

  return createApi({ activationMs: performance.now() - started, store, decorator, statusBar, lexicons, assigner });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
