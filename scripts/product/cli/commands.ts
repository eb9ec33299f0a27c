// Every command of the CLI, in the order --help lists them.
import type { Command } from './command.ts';
import { deployCommand } from './commands/deploy.ts';
import {
  apiUserCheckCommand,
  apiUserCreateCommand,
  permsetAssignCommand
} from './commands/api-user.ts';
import { setupCommand } from './commands/setup.ts';
import { connectCommand } from './commands/connect.ts';
import { orgCreateCommand } from './commands/scratch.ts';
import {
  packageCreateCommand,
  packageVersionCreateCommand,
  packageVersionPromoteCommand
} from './commands/packaging.ts';
import { workflowsCheckCommand } from './commands/workflows.ts';
import { configExportCommand, configImportCommand } from './commands/config.ts';

export const COMMANDS: Command[] = [
  orgCreateCommand,
  deployCommand,
  apiUserCreateCommand,
  permsetAssignCommand,
  apiUserCheckCommand,
  connectCommand,
  setupCommand,
  configExportCommand,
  configImportCommand,
  packageCreateCommand,
  packageVersionCreateCommand,
  packageVersionPromoteCommand,
  workflowsCheckCommand
];
