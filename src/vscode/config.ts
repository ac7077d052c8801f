import * as vscode from 'vscode';
import { Disposable } from './disposable';

export const CONFIG_SECTION = 'policyLens';

export type Layer = 'claims' | 'figures' | 'actors';
export const LAYERS: readonly Layer[] = ['claims', 'figures', 'actors'];

export function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

/** Setting keys inside the `policyLens` section. */
export const Setting = {
  filePatterns: 'filePatterns',
  decorationDebounceMs: 'decorations.debounceMs',
  outlineMaxSymbols: 'outline.maxSymbols',
  analyst: 'analyst',
  claimsFollowCursor: 'claims.followCursor',
  layer: (layer: Layer) => `layers.${layer}`,
} as const;

/** The window-wide settings, read once per change of our section. */
export interface Config {
  /** Which decoration layers are shown (`policyLens.layers.*`). */
  readonly layers: Readonly<Record<Layer, boolean>>;
  /** Quiet time after a keystroke before decorations are redrawn (`policyLens.decorations.debounceMs`). */
  readonly decorationDebounceMs: number;
  /** Most symbols the Outline gets for one document (`policyLens.outline.maxSymbols`). */
  readonly outlineMaxSymbols: number;
  /** The name written as `author` of annotations (`policyLens.analyst`); undefined: git's `user.name`, else the login name. */
  readonly analyst: string | undefined;
  /** Whether the Claims panel selects the claim at the cursor (`policyLens.claims.followCursor`). */
  readonly claimsFollowCursor: boolean;
}

const DEFAULT_DEBOUNCE_MS = 150;
const MAX_DEBOUNCE_MS = 2000;
const DEFAULT_OUTLINE_MAX_SYMBOLS = 3000;

function integerSetting(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

function stringSetting(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function readConfig(): Readonly<Config> {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return Object.freeze({
    layers: Object.freeze({
      claims: section.get<unknown>(Setting.layer('claims')) !== false,
      figures: section.get<unknown>(Setting.layer('figures')) !== false,
      actors: section.get<unknown>(Setting.layer('actors')) !== false,
    }),
    decorationDebounceMs: integerSetting(section.get<unknown>(Setting.decorationDebounceMs), DEFAULT_DEBOUNCE_MS, 0, MAX_DEBOUNCE_MS),
    outlineMaxSymbols: integerSetting(section.get<unknown>(Setting.outlineMaxSymbols), DEFAULT_OUTLINE_MAX_SYMBOLS, 0, Number.MAX_SAFE_INTEGER),
    analyst: stringSetting(section.get<unknown>(Setting.analyst)),
    claimsFollowCursor: section.get<unknown>(Setting.claimsFollowCursor) !== false,
  });
}

/**
 * A typed snapshot of our settings, refreshed only when our section changes. Listeners get the
 * VS Code event to ask which setting changed.
 */
export class ConfigurationService extends Disposable {
  private snapshot: Readonly<Config> = readConfig();
  private readonly changed = this.register(new vscode.EventEmitter<vscode.ConfigurationChangeEvent>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(CONFIG_SECTION)) return;
        this.snapshot = readConfig();
        this.changed.fire(event);
      }),
    );
  }

  get current(): Readonly<Config> {
    return this.snapshot;
  }

  /** `policyLens.filePatterns` is resource-scoped: each workspace folder may have its own. */
  filePatternsFor(uri: vscode.Uri): readonly string[] {
    const patterns = vscode.workspace.getConfiguration(CONFIG_SECTION, uri).get<unknown>(Setting.filePatterns);
    return Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  }

  /**
   * Shows or hides a layer. Writes where the setting is defined now, so the change takes effect
   * (a workspace value would hide a user one); the user settings when it is not set anywhere,
   * because which layers an analyst reads with is a personal habit, not a project rule.
   */
  async setLayerVisible(layer: Layer, visible: boolean): Promise<void> {
    const section = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const key = Setting.layer(layer);
    const defined = section.inspect<boolean>(key);
    const target = defined?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await section.update(key, visible, target);
  }
}
