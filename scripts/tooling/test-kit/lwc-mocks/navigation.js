/*
 * lightning/navigation for the LWC Jest tests: sfdx-lwc-jest's stub does nothing when a component
 * navigates; this one records each page reference in NavigationMixin.navigate (a jest.fn), as
 * trailheadapps/lwc-recipes' jest-mocks/lightning/navigation.js does. Mapped in jest.config.js,
 * outside the package directory so it never ships. (A jest.mock factory in the test file was not
 * applied reliably once the whole LWC project ran in one worker.)
 */
/* global jest */
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');
const navigate = jest.fn();

export const NavigationMixin = (Base) =>
  class extends Base {
    [Navigate](pageReference) {
      navigate(pageReference);
    }
    [GenerateUrl]() {
      return Promise.resolve('/lightning/r/record/view');
    }
  };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;
NavigationMixin.navigate = navigate;

export const CurrentPageReference = jest.fn();
