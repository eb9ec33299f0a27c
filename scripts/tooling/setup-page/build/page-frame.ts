// The frame the setup page runs in when it is not in Lightning Experience: an HTML page with
// SLDS, the page config the server writes (/page-config.js, before the page's code), a toast
// region for lightning/platformShowToastEvent, and the entry module that creates the page's
// component under synthetic shadow, as Lightning Experience does.
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENTRY = '\0bkconn-setup-page-entry';
const PLATFORM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'platform');

export function entrySource(): string {
  return `
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import BookingConnectorSetup from 'c/bookingConnectorSetup';
import { showToasts } from ${JSON.stringify(join(PLATFORM_DIR, 'toasts.js'))};

showToasts(document.getElementById('toasts'));
const page = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
document.getElementById('setup-page').appendChild(page);
`;
}

export function indexHtml(): string {
  return `<!doctype html>
<html lang="en" dir="ltr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Booking Connector Setup</title>
    <link rel="stylesheet" href="/slds/salesforce-lightning-design-system.min.css" />
    <style>
      html, body { background: #f3f3f3; margin: 0; min-height: 100%; }
      main { padding: 0.75rem; }
    </style>
    <script src="/page-config.js"></script>
    <script type="module" src="/app.js"></script>
  </head>
  <body class="slds-scope">
    <div id="toasts" class="slds-notify_container" aria-live="polite"></div>
    <main id="setup-page"></main>
  </body>
</html>
`;
}
