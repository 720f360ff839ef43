// `npm run package:teams`: writes build/partner-link-teams-app.zip for this deployment, or says
// what to fix, one line per problem.
import fs from 'node:fs';
import path from 'node:path';
import { buildAppPackage, PackageError, readPackageSettings } from './app-package';

const ROOT = path.join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const settings = readPackageSettings(process.env);
  const { zip, manifest } = await buildAppPackage(settings, path.join(ROOT, 'manifest'), version);
  const out = path.join(ROOT, 'build', 'partner-link-teams-app.zip');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zip);
  console.log(
    `Wrote ${path.relative(process.cwd(), out)} (Teams app ${manifest.id}, version ${manifest.version}, bot ${settings.MicrosoftAppId}, https://${settings.BOT_DOMAIN}).`,
  );
  console.log(
    'Upload it in the Teams admin center (Teams apps → Manage apps → Upload new app) or in the Developer Portal.',
  );
}

main().catch((error: unknown) => {
  if (error instanceof PackageError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(`Could not write the Teams app package: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
