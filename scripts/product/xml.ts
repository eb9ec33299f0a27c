// Text and attribute values inside the XML the project writes (metadata files, SOAP answers):
// & and < must be written as entities, and > and " are, so a value can stand in an element or a
// double-quoted attribute unchanged in meaning (https://www.w3.org/TR/xml/#syntax). The single
// quote is left as it is, as Salesforce writes it in retrieved metadata ("Spring '26"): the
// project never puts values in single-quoted attributes.
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;'
};

export function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ENTITIES[char]);
}
