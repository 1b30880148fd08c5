// The nclint extension starts `nclint lsp` and hands it the SFDX files of
// the workspace. Everything else (diagnostics, hover, definition,
// references, code actions) is the language server's.
import * as fs from 'fs';
import { ExtensionContext, workspace } from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import { documentSelector, serverCommand } from './server';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  await start(context);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('nclint.path') || e.affectsConfiguration('nclint.config')) {
        await client?.stop();
        await start(context);
      }
    }),
  );
}

async function start(context: ExtensionContext): Promise<void> {
  const cfg = workspace.getConfiguration('nclint');
  const { command, args } = serverCommand(
    cfg.get<string>('path', ''),
    cfg.get<string>('config', ''),
    context.asAbsolutePath('bin'),
    process.platform,
    fs.existsSync,
  );
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: {
      // A change on disk to these reloads the project (the server also
      // registers its own watchers when the client allows it).
      fileEvents: workspace.createFileSystemWatcher(
        '**/{sfdx-project.json,.nclint.yml,.nclint.yaml,.forceignore,package.xml,*-meta.xml,*.cls,*.trigger,*.crt}',
      ),
    },
    outputChannelName: 'nclint',
  };
  // The client id "nclint" makes the nclint.trace.server setting work.
  client = new LanguageClient('nclint', 'nclint', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

