/** Every command Policy Lens contributes; the manifest's `contributes.commands` lists the same ids. */
export const enum CommandId {
  toggleLayer = 'policyLens.toggleLayer',
  treatAsPolicyText = 'policyLens.treatAsPolicyText',
  showClaimsPanel = 'policyLens.showClaimsPanel',
  nextClaim = 'policyLens.nextClaim',
  previousClaim = 'policyLens.previousClaim',
  tagClaim = 'policyLens.tagClaim',
  untagClaim = 'policyLens.untagClaim',
  editNote = 'policyLens.editNote',
  acceptSuggestion = 'policyLens.acceptSuggestion',
  nextUntaggedClaim = 'policyLens.nextUntaggedClaim',
  attachOrphan = 'policyLens.attachOrphan',
  undoTagChange = 'policyLens.undoTagChange',
  redoTagChange = 'policyLens.redoTagChange',
  filterClaims = 'policyLens.filterClaims',
  clearClaimFilter = 'policyLens.clearClaimFilter',
  groupClaimsByTag = 'policyLens.groupClaimsByTag',
  groupClaimsByDocument = 'policyLens.groupClaimsByDocument',
  refreshClaims = 'policyLens.refreshClaims',
  openAnnotationsFile = 'policyLens.openAnnotationsFile',
  // Internal: run by tree items; hidden from the palette (`"when": "false"`).
  openClaim = '_policyLens.openClaim',
  filterByTag = '_policyLens.filterByTag',
}

/** The activity-bar container and its views. */
export const VIEW_CONTAINER_ID = 'policyLens';
export const CLAIMS_VIEW_ID = 'policyLens.claims';
export const TAXONOMY_VIEW_ID = 'policyLens.taxonomy';

/** Context keys the manifest's `when` clauses read. */
export const ContextKey = {
  claimsFiltered: 'policyLens.claims.filtered',
  claimsGrouping: 'policyLens.claims.grouping',
  claimsIndexing: 'policyLens.claims.indexing',
} as const;
