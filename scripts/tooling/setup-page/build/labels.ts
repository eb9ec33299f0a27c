// The page's custom labels, read from the package's own labels file, so the development build
// shows exactly the texts an org shows. A label the page imports that the file lacks is an
// error: in an org, such a component would not deploy ("Field c.X does not exist").
import { readFileSync } from 'node:fs';
import { childValues, xmlComponents } from '../../xml-elements.ts';

export function readLabels(labelsFile: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const component of xmlComponents(readFileSync(labelsFile, 'utf8'), [
    'CustomLabels',
    'labels'
  ])) {
    const values = childValues(component);
    const name = values.get('fullName');
    if (name) labels.set(name, values.get('value') ?? '');
  }
  return labels;
}
