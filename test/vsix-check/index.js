// Runs inside code-server after the packaged .vsix was installed: the extension must come from
// the extensions folder (not the repository), activate on a policy text and report its API.
const vscode = require('vscode');
const path = require('path');

async function waitFor(predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return predicate();
}

exports.run = async function run() {
  const failures = [];
  const check = (ok, message) => { console.log(`${ok ? '✔' : '✘'} ${message}`); if (!ok) failures.push(message); };
  const extension = vscode.extensions.getExtension('policy-lens.policy-lens');
  check(Boolean(extension), 'the packaged extension is installed');
  if (extension) {
    const repository = path.resolve(__dirname, '..', '..');
    check(!extension.extensionPath.startsWith(repository), `it runs from the extensions folder (${extension.extensionPath})`);
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'brief.policy.txt'));
    await vscode.window.showTextDocument(document);
    check(document.languageId === 'policy-text', `a *.policy.txt opens as Policy Text (${document.languageId})`);
    check(await waitFor(() => extension.isActive, 15000), 'it activates');
    const api = extension.exports;
    check(api && typeof api.activationMs === 'number', `its API reports activation in ${api && api.activationMs} ms`);
    const analysed = await waitFor(() => Boolean(api.getAnalysis(document.uri)), 10000);
    const analysis = api.getAnalysis(document.uri);
    check(analysed && analysis.claims.length > 0, `it analyses the text (${analysis ? analysis.claims.length : 0} claims)`);
  }
  const passed = (extension ? 6 : 1) - failures.length;
  console.log(`${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} checks failed`);
};
