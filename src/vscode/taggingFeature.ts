import * as vscode from 'vscode';
import type { AuthorResolver } from './annotations/author';
import { SidecarService } from './annotations/sidecarService';
import { ClaimsView, savedClaimsViewState } from './claims/claimsView';
import { WorkspaceClaims } from './claims/workspaceClaims';
import { registerAcceptSuggestionCommand } from './commands/acceptSuggestion';
import { registerAttachOrphanCommand } from './commands/attachOrphan';
import { registerClearClaimFilterCommand } from './commands/clearClaimFilter';
import { registerEditNoteCommand } from './commands/editNote';
import { registerFilterByTagCommand } from './commands/filterByTag';
import { registerFilterClaimsCommand } from './commands/filterClaims';
import { registerGroupClaimsByDocumentCommand } from './commands/groupClaimsByDocument';
import { registerGroupClaimsByTagCommand } from './commands/groupClaimsByTag';
import { registerNextUntaggedClaimCommand } from './commands/nextUntaggedClaim';
import { registerOpenAnnotationsFileCommand } from './commands/openAnnotationsFile';
import { registerOpenClaimCommand } from './commands/openClaim';
import { registerRedoTagChangeCommand } from './commands/redoTagChange';
import { registerRefreshClaimsCommand } from './commands/refreshClaims';
import { registerTagClaimCommand } from './commands/tagClaim';
import { registerUndoTagChangeCommand } from './commands/undoTagChange';
import { registerUntagClaimCommand } from './commands/untagClaim';
import type { ConfigurationService } from './config';
import { Disposable } from './disposable';
import type { PolicyTextLanguageAssigner } from './languageAssignment';
import type { Notifier } from './notifier';
import type { PolicyDocumentStore } from './policyDocuments';
import type { TaggingServices } from './tagging/claimTarget';
import { TaxonomyView } from './taxonomy/taxonomyView';
import type { WorkspaceLexicons } from './workspaceLexicon';

export interface TaggingDependencies {
  readonly workspaceState: vscode.Memento;
  readonly config: ConfigurationService;
  readonly documents: PolicyDocumentStore;
  readonly lexicons: WorkspaceLexicons;
  readonly assigner: PolicyTextLanguageAssigner;
  readonly author: AuthorResolver;
  readonly notifier: Notifier;
}

/**
 * Issue 4, the analyst's daily work: sidecars kept with the texts, the Claims and Taxonomy
 * views, and the tagging commands. Everything here can be disposed and built again from disk and
 * workspaceState (see Restartable).
 */
export class TaggingFeature extends Disposable {
  readonly sidecars: SidecarService;
  readonly claims: WorkspaceClaims;
  readonly claimsView: ClaimsView;
  readonly taxonomyView: TaxonomyView;

  constructor({ workspaceState, config, documents, lexicons, assigner, author, notifier }: TaggingDependencies) {
    super();
    this.sidecars = this.register(new SidecarService(documents, author, notifier));
    this.claims = this.register(new WorkspaceClaims(documents, this.sidecars, config, assigner, lexicons, savedClaimsViewState(workspaceState)));
    this.claimsView = this.register(new ClaimsView(this.claims, workspaceState, config, documents, this.sidecars));
    this.taxonomyView = this.register(new TaxonomyView(this.claims.index));

    const nodeOf = (id: string) => this.claimsView.provider.nodeOf(id);
    const services: TaggingServices = {
      sidecars: this.sidecars,
      notifier,
      nodeOf,
      selectedNode: () => {
        const [selected] = this.claimsView.treeView.selection;
        return selected === undefined ? undefined : nodeOf(selected);
      },
    };
    this.register(registerTagClaimCommand(services));
    this.register(registerUntagClaimCommand(services));
    this.register(registerEditNoteCommand(services));
    this.register(registerAcceptSuggestionCommand(services));
    this.register(registerAttachOrphanCommand(services));
    this.register(registerNextUntaggedClaimCommand(documents, this.sidecars, notifier));
    this.register(registerUndoTagChangeCommand(this.sidecars, notifier));
    this.register(registerRedoTagChangeCommand(this.sidecars, notifier));
    this.register(registerFilterClaimsCommand(this.claimsView, this.claims));
    this.register(registerClearClaimFilterCommand(this.claimsView));
    this.register(registerGroupClaimsByTagCommand(this.claimsView));
    this.register(registerGroupClaimsByDocumentCommand(this.claimsView));
    this.register(registerRefreshClaimsCommand(this.claims));
    this.register(registerOpenAnnotationsFileCommand(nodeOf, notifier));
    this.register(registerOpenClaimCommand());
    this.register(registerFilterByTagCommand(this.claimsView));

    // Index in the background once activation is over: activate() stays short, and the badge
    // (untagged claims) fills in without the panel being opened.
    const start = setTimeout(() => this.claims.start(), 0);
    this.register({ dispose: () => clearTimeout(start) });
  }

  /** Writes what is pending and waits for it (before a restart). */
  async flush(): Promise<void> {
    await this.sidecars.flushAll();
  }
}
