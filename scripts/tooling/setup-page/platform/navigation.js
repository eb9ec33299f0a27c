/*
 * lightning/navigation in the development build. In Lightning Experience the NavigationMixin
 * asks the container to navigate to a PageReference
 * (https://developer.salesforce.com/docs/platform/lwc/guide/use-navigate-basic.html); here there
 * is no container, so a standard__recordPage reference opens the record's Lightning URL shape
 * (/lightning/r/<id>/view) and the page frame records it for tests (window.__navigations).
 */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

function urlOf(pageReference) {
  const { type, attributes = {} } = pageReference ?? {};
  if (type === 'standard__recordPage')
    return `/lightning/r/${attributes.recordId}/${attributes.actionName ?? 'view'}`;
  return null;
}

export function NavigationMixin(Base) {
  return class extends Base {
    [Navigate](pageReference) {
      window.__navigations = [...(window.__navigations ?? []), pageReference];
      const url = urlOf(pageReference);
      if (url) window.history.pushState({}, '', url);
    }
    [GenerateUrl](pageReference) {
      return Promise.resolve(urlOf(pageReference));
    }
  };
}
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const CurrentPageReference = () => undefined;
