// The VS Code extension without VS Code: loads editors/vscode/extension.js with stand-ins
// for the `vscode` and `vscode-languageclient/node` modules and checks that activation
// starts `custody lsp` (or the configured binary) for custody documents, that deactivation
// stops it, and that package.json's contributions point at files that exist and agree
// with the grammar.
// usage: node vscode_extension_test.js EXTENSION_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const dir = path.resolve(process.argv[2]);
let failures = 0;
const check = (ok, what) => { if (!ok) { failures++; console.log('FAIL ' + what); } };

const started = [];
let stopped = 0;
let configured = 'custody';
const stubs = {
  vscode: { workspace: { getConfiguration: (section) => ({ get: (key) => (section === 'custody' && key === 'path' ? configured : undefined) }) } },
  'vscode-languageclient/node': {
    LanguageClient: class {
      constructor(id, name, server, client) { Object.assign(this, { id, name, server, client }); }
      start() { started.push(this); return Promise.resolve(); }
      stop() { stopped++; return Promise.resolve(); }
      dispose() {}
    },
  },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return stubs[request] ? request : resolve.call(this, request, ...rest);
};
for (const [name, exports] of Object.entries(stubs)) {
  const m = new Module(name);
  m.exports = exports;
  m.loaded = true;
  Module._cache[name] = m;
}

const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const ext = require(path.join(dir, pkg.main));
(async () => {
  const context = { subscriptions: [] };
  await ext.activate(context);
  check(started.length === 1, 'activate starts one client');
  const c = started[0] || {};
  check(c.server && c.server.command === 'custody' && JSON.stringify(c.server.args) === '["lsp"]',
        'the server command is `custody lsp`: ' + JSON.stringify(c.server));
  check(c.client && c.client.documentSelector.some((s) => s.language === 'custody' && s.scheme === 'file'),
        'the client serves custody files');
  check(context.subscriptions.length === 1, 'the client is disposed with the extension');
  await ext.deactivate();
  check(stopped === 1, 'deactivate stops the client');
  configured = '/opt/custody/bin/custody';
  await ext.activate({ subscriptions: [] });
  check(started[1] && started[1].server.command === configured, 'the custody.path setting names the binary');

  const lang = pkg.contributes.languages[0];
  check(lang.id === 'custody' && lang.extensions.includes('.custody'), 'the language is custody, *.custody');
  check(fs.existsSync(path.join(dir, lang.configuration)), 'the language configuration exists');
  const g = pkg.contributes.grammars[0];
  const grammar = JSON.parse(fs.readFileSync(path.join(dir, g.path), 'utf8'));
  check(g.scopeName === grammar.scopeName && g.language === 'custody', 'the grammar contribution matches the grammar');
  check(pkg.dependencies['vscode-languageclient'] !== undefined, 'vscode-languageclient is a dependency');
  console.log(`vscode extension: ${failures} failed`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log('FAIL ' + (e.stack || e)); process.exit(1); });
