// Starts `custody lsp` for .custody files. Everything else (diagnostics, hover, go to
// definition, references, rename, formatting) comes from the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('custody').get('path') || 'custody';
  client = new LanguageClient(
    'custody',
    'custody',
    { command, args: ['lsp'] },
    { documentSelector: [{ scheme: 'file', language: 'custody' }, { scheme: 'untitled', language: 'custody' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
