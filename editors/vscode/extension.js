// The policylang extension: the language (grammar, brackets, comments) is declared in
// package.json; this starts `policylang lsp` and hands .policy and *.tests.yaml files to it.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("policylang.server");
  const server = {
    command: settings.get("command", "policylang"),
    args: settings.get("args", ["lsp"]),
  };
  client = new LanguageClient(
    "policylang",
    "policylang",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "policy" },
        { scheme: "untitled", language: "policy" },
        // Code lenses "Evaluate this example" over the cases of a policy's tests file.
        { scheme: "file", pattern: "**/*.tests.yaml" },
      ],
      initializationOptions: {
        debounceMs: settings.get("debounceMs", 150),
        lintNotes: vscode.workspace.getConfiguration("policylang.lint").get("notes", false),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
