/*
 * @salesforce/apex/<Class>.<method> in the development build of the setup page. Each import
 * becomes callApex bound to its class and method (see build/platform-modules.ts). The call goes
 * to the setup-page server, which answers from the local org; an Apex failure comes back in the
 * shape Lightning hands a component for an AuraHandledException, so the page's error handling
 * (error.body.message) is the same code path as in an org.
 */
export async function callApex(className, methodName, params) {
  let response;
  try {
    response = await fetch(`/apex/${className}/${methodName}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params ?? {})
    });
  } catch (error) {
    // Lightning reports a lost connection to the server the same way: no body, status 0.
    throw { body: { message: `The server could not be reached (${error.message}).` }, status: 0 };
  }
  const body = await response.json().catch(() => null);
  if (response.ok && body && 'result' in body) return body.result;
  if (body?.body?.message) throw body;
  throw {
    body: { message: `The server answered ${response.status} ${response.statusText}.` },
    status: response.status,
    statusText: response.statusText
  };
}
