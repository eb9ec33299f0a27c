// ApexClass and ApexTrigger: parsed (a syntax error fails the component like a compile error,
// with line and column), stored for retrieve and recorded as an ApexClass / ApexTrigger row for
// the Tooling query. No Apex runs.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_classes.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_triggers.htm
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { recordApexRow } from '../apex-rows.ts';
import type { DeployComponent } from '../components.ts';
import { keepComponent } from './stored.ts';
import { ComponentError, message, type ApplyContext, type ComponentMessage } from './shared.ts';

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, messageText: string): void {
    this.errors.push({ line, column, message: messageText });
  }
}

function checkApex(component: DeployComponent): void {
  const sourcePath = Object.keys(component.files).find(
    (path) => path.endsWith('.cls') || path.endsWith('.trigger')
  );
  if (!sourcePath)
    throw new ComponentError(`No source file for ${component.type} ${component.fullName}`);
  if (!component.files[`${sourcePath}-meta.xml`])
    throw new ComponentError(
      `${sourcePath}-meta.xml is missing: an Apex file needs its metadata file`
    );
  const listener = new CollectingListener();
  const { parser: apexParser } = ApexParserFactory.createLexerAndParser(
    component.files[sourcePath],
    listener
  );
  if (component.type === 'ApexTrigger') apexParser.triggerUnit();
  else apexParser.compilationUnit();
  const first = listener.errors[0];
  if (first)
    throw new ComponentError(compileErrorText(first.message), first.line, first.column + 1);
}

/**
 * Rewrites the parser's message in the words of Salesforce's Apex compiler, which says
 * "Unexpected token '{'." or "Missing ';' at '}'" rather than listing every token it expected.
 * Assumption: only these two shapes are modelled; anything else keeps the parser's text.
 */
export function compileErrorText(parserMessage: string): string {
  const missing = /^missing (.+?) at (.+)$/.exec(parserMessage);
  if (missing) return `Missing ${missing[1]} at ${missing[2]}`;
  const offending =
    /^(?:mismatched|extraneous) input (.+?) expecting/.exec(parserMessage)?.[1] ??
    /^token recognition error at: (.+)$/.exec(parserMessage)?.[1] ??
    // "no viable alternative at input 'void run('": the last token is where parsing stopped.
    /^no viable alternative at input '(?:.*?)([^\s]+)'$/s.exec(parserMessage)?.[1];
  if (!offending) return parserMessage;
  const token = offending.startsWith("'") ? offending : `'${offending}'`;
  return `Unexpected token ${token}.`;
}

/** Checks the source compiles (parses), stores the component and records its row. */
export function applyApex(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  checkApex(component);
  const { id, existing } = keepComponent(component, ctx);
  const sourcePath = component.fileName;
  recordApexRow(ctx.state, {
    type: component.type,
    id,
    fullName: component.fullName,
    body: component.files[sourcePath] ?? '',
    metaXml: component.files[`${sourcePath}-meta.xml`] ?? '',
    now: ctx.now,
    userId: ctx.userId,
    namespace: ctx.ns
  });
  return [
    message(ctx, component, component.type, component.fullName, !existing, Boolean(existing), id)
  ];
}
