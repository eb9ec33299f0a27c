/*
 * The page frame's toast region: shows each lightning/platformShowToastEvent the page fires,
 * with SLDS's toast markup (https://www.lightningdesignsystem.com/components/toast/), until it
 * is closed or, unless its mode is sticky, for a few seconds.
 */
import { TOAST_EVENT } from './showToastEvent.js';

const THEMES = {
  success: 'slds-theme_success',
  warning: 'slds-theme_warning',
  error: 'slds-theme_error'
};

export function showToasts(region) {
  document.addEventListener(TOAST_EVENT, (event) => {
    const { title = '', message = '', variant = 'info', mode = 'dismissible' } = event.detail ?? {};
    const toast = document.createElement('div');
    toast.className = `slds-notify slds-notify_toast ${THEMES[variant] ?? 'slds-theme_info'}`;
    toast.setAttribute('role', variant === 'error' ? 'alert' : 'status');
    const content = document.createElement('div');
    content.className = 'slds-notify__content';
    const heading = document.createElement('h2');
    heading.className = 'slds-text-heading_small';
    heading.textContent = title;
    const body = document.createElement('p');
    body.textContent = message;
    content.append(heading, body);
    const close = document.createElement('button');
    close.className = 'slds-button slds-notify__close slds-button_icon-inverse';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => toast.remove());
    toast.append(content, close);
    region.append(toast);
    if (mode !== 'sticky') setTimeout(() => toast.remove(), 5000);
  });
}
