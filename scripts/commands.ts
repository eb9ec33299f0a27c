// Every command of the bkconn plugin, by oclif id (oclif's "explicit" command discovery, see
// package.json "oclif"): the id's parts are the words a user types, `sf bkconn api-user check`
// or `npx bkconn api-user check`. An explicit map rather than a folder pattern because the
// commands are TypeScript that Node runs as it is (type stripping), with no build step, and
// oclif's pattern discovery looks for compiled .js. oclif reads ids, flags and help from the
// committed oclif.manifest.json (`npm run cli:manifest`), so `--help` loads none of these.
//
// bkconn: the product, what a user installs and runs. bkdev: the tooling that develops it; a
// bkdev command loads the tooling's libraries only when it runs (they need the development
// dependencies), so an install without them still runs every bkconn command.
// First: its warning filter must be in place before the shared rules load.
import './product/commands/quiet-warnings.ts';
import ApiUserCheck from './product/commands/bkconn/api-user/check.ts';
import ApiUserCreate from './product/commands/bkconn/api-user/create.ts';
import ConfigExport from './product/commands/bkconn/config/export.ts';
import ConfigImport from './product/commands/bkconn/config/import.ts';
import Connect from './product/commands/bkconn/connect.ts';
import Deploy from './product/commands/bkconn/deploy.ts';
import OrgCreate from './product/commands/bkconn/org/create.ts';
import PermsetAssign from './product/commands/bkconn/permset/assign.ts';
import Serve from './product/commands/bkconn/serve.ts';
import Setup from './product/commands/bkconn/setup.ts';
import Sync from './product/commands/bkconn/sync.ts';
import LocalOrgStart from './tooling/commands/bkdev/local-org/start.ts';
import PackageCreate from './tooling/commands/bkdev/package/create.ts';
import PackageVersionCreate from './tooling/commands/bkdev/package/version/create.ts';
import PackageVersionPromote from './tooling/commands/bkdev/package/version/promote.ts';
import Validate from './tooling/commands/bkdev/validate.ts';
import WorkflowsCheck from './tooling/commands/bkdev/workflows/check.ts';

export const COMMANDS = {
  'bkconn:setup': Setup,
  'bkconn:deploy': Deploy,
  'bkconn:api-user:create': ApiUserCreate,
  'bkconn:api-user:check': ApiUserCheck,
  'bkconn:permset:assign': PermsetAssign,
  'bkconn:connect': Connect,
  'bkconn:config:export': ConfigExport,
  'bkconn:config:import': ConfigImport,
  'bkconn:org:create': OrgCreate,
  'bkconn:sync': Sync,
  'bkconn:serve': Serve,
  'bkdev:validate': Validate,
  'bkdev:local-org:start': LocalOrgStart,
  'bkdev:package:create': PackageCreate,
  'bkdev:package:version:create': PackageVersionCreate,
  'bkdev:package:version:promote': PackageVersionPromote,
  'bkdev:workflows:check': WorkflowsCheck
};
