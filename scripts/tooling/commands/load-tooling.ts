// The bkdev commands load the tooling's libraries when they run (see scripts/commands.ts). In an
// install without the development dependencies (npm ci --omit=dev) those libraries cannot load:
// say so, and how to get them, instead of a module-resolution stack.
import { BkconnError } from '../../product/errors.ts';

export async function loadTooling<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new BkconnError(
      `This is a development command, and this install has no development dependencies (${(error as Error).message}).`,
      {
        name: 'ToolingNotInstalled',
        cause: error,
        actions: ['Install them in the project folder: npm ci (without --omit=dev).']
      }
    );
  }
}
