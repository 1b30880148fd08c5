// Pure helpers of the extension (no vscode import), tested with node --test.
import * as path from 'path';

/** Metadata API type folders nclint reads, for the document selector. */
export const typeFolders = [
  'namedCredentials',
  'externalCredentials',
  'permissionsets',
  'permissionsetgroups',
  'mutingpermissionsets',
  'profiles',
  'certs',
  'externalServiceRegistrations',
  'dataSources',
  'authproviders',
  'outboundNetworkConnections',
  'flows',
  'classes',
  'triggers',
  'settings',
  'samlssoconfigs',
  'platformEventSubscriberConfigs',
];

/**
 * Files the language server is told about: by file pattern, since the
 * language IDs of Apex and metadata XML differ between setups.
 */
export const documentSelector = [
  { scheme: 'file', pattern: '**/*.{cls,trigger}' },
  { scheme: 'file', pattern: '**/*-meta.xml' },
  { scheme: 'file', pattern: `**/{${typeFolders.join(',')}}/**` },
  { scheme: 'file', pattern: '**/{sfdx-project.json,.nclint.yml,.nclint.yaml}' },
];

/**
 * The command that starts the server: nclint.path when set, else the
 * binary bundled in binDir by a platform-specific package, else nclint on
 * PATH (the universal package).
 */
export function serverCommand(
  configuredPath: string,
  configFile: string,
  binDir: string,
  platform: string,
  exists: (p: string) => boolean,
): { command: string; args: string[] } {
  const args = ['lsp'];
  if (configFile) {
    args.push('--config', configFile);
  }
  if (configuredPath) {
    return { command: configuredPath, args };
  }
  const bundled = path.join(binDir, platform === 'win32' ? 'nclint.exe' : 'nclint');
  if (exists(bundled)) {
    return { command: bundled, args };
  }
  return { command: 'nclint', args };
}
