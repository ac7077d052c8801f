import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { isLayer, LAYERS, type ConfigurationService, type Layer } from '../config';

const LAYER_DESCRIPTIONS: Readonly<Record<Layer, readonly [label: string, detail: string]>> = {
  claims: ['Claims', 'A faint background on each claim, by type'],
  figures: ['Figures', 'Money, percentages, dates, durations and quantities in colour'],
  actors: ['Actors', 'A dotted underline under each actor mention, by kind'],
};

/**
 * Policy Lens: Toggle Layer… With a layer ('claims' | 'figures' | 'actors', e.g. from a
 * keybinding's args) flips it and resolves to whether it is now shown; without one, asks which
 * layers to show. Writes the `policyLens.layers.*` settings (see ConfigurationService).
 */
export function registerToggleLayerCommand(config: ConfigurationService): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.toggleLayer, async (layer?: unknown): Promise<boolean | undefined> => {
    if (layer === undefined) {
      await pickLayers(config);
      return undefined;
    }
    if (!isLayer(layer)) {
      void vscode.window.showErrorMessage(`Policy Lens: unknown layer ${JSON.stringify(layer)}; expected one of ${LAYERS.join(', ')}.`);
      return undefined;
    }
    const visible = !config.current.layers[layer];
    await config.setLayerVisible(layer, visible);
    return visible;
  });
}

async function pickLayers(config: ConfigurationService): Promise<void> {
  const items = LAYERS.map((layer) => ({
    label: LAYER_DESCRIPTIONS[layer][0],
    detail: LAYER_DESCRIPTIONS[layer][1],
    picked: config.current.layers[layer],
    layer,
  }));
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Policy Lens: layers to show' });
  if (!chosen) return;
  const shown = new Set(chosen.map((item) => item.layer));
  for (const layer of LAYERS) {
    if (shown.has(layer) !== config.current.layers[layer]) await config.setLayerVisible(layer, shown.has(layer));
  }
}
