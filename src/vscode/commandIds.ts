/** Every command Policy Lens contributes; the manifest's `contributes.commands` lists the same ids. */
export const enum CommandId {
  toggleLayer = 'policyLens.toggleLayer',
  treatAsPolicyText = 'policyLens.treatAsPolicyText',
  showClaimsPanel = 'policyLens.showClaimsPanel',
  nextClaim = 'policyLens.nextClaim',
  previousClaim = 'policyLens.previousClaim',
}

/** The Claims view (a later issue). Its focus command exists only once the view is contributed. */
export const CLAIMS_VIEW_ID = 'policyLens.claims';
