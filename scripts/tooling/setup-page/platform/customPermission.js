/*
 * @salesforce/customPermission/<Name> in the development build: true when the server says the
 * user holds the custom permission (window.__BKCONN_PAGE__, set by /page-config.js before the
 * page loads), as Lightning resolves the import once, when the module loads.
 */
export function hasCustomPermission(name) {
  const page = globalThis.__BKCONN_PAGE__;
  return page?.customPermissions?.[name] === true;
}
