/*
 * lightning/platformShowToastEvent in the development build. In Lightning Experience the
 * container catches the event and shows a toast; here the page frame (index.html) listens for it
 * on the document and shows it in its toast region.
 */
export const TOAST_EVENT = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(TOAST_EVENT, { composed: true, cancelable: true, bubbles: true, detail: toast });
  }
}
