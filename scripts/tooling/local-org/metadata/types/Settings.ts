// Settings: org settings (settings/Activities.settings holds <ActivitiesSettings>), stored for
// retrieve once the root element names the settings.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_settings.htm
import { XMLValidator } from 'fast-xml-parser';
import type { DeployComponent } from '../components.ts';
import { storeComponent } from './stored.ts';
import { ComponentError, parser, type ApplyContext, type ComponentMessage } from './shared.ts';

/**
 * Org settings (settings/Activities.settings holds <ActivitiesSettings>), which scratch org
 * creation deploys from the definition's "settings". They are stored for retrieve; the local org
 * models none of the features they switch on.
 */
export function applySettings(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const path = Object.keys(component.files)[0];
  const text = component.files[path];
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ComponentError(`Error parsing file: ${valid.err.msg}`, valid.err.line, valid.err.col);
  const root = Object.keys(parser.parse(text) as Record<string, unknown>).find(
    (key) => !key.startsWith('?')
  );
  if (root !== `${component.fullName}Settings`)
    throw new ComponentError(
      `The root element of ${component.fileName} must be ${component.fullName}Settings, not ${root ?? 'missing'}.`
    );
  return storeComponent(component, ctx);
}
