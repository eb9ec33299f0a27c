// The comparison for the benchmark: how integrations that handle each booking on its own talk
// to Salesforce. For every booking: look the person up (Contact, then Lead), create a Lead when
// nobody matches, then upsert the Event. Correct, but its API calls grow with the bookings.
import type { BookingEvent } from '../../product/sync/events.ts';
import type { SalesforceApi } from '../../product/sync/salesforce.ts';
import { soqlString } from '../../product/soql.ts';

export async function syncOneByOne(api: SalesforceApi, events: BookingEvent[]): Promise<void> {
  for (const event of events) {
    const { person } = event.booking;
    const email = soqlString(person.email ?? '');
    const contacts = await api.query<{ Id: string }>(
      `SELECT Id FROM Contact WHERE Email = ${email} LIMIT 1`
    );
    let whoId = contacts[0]?.Id;
    if (!whoId) {
      const leads = await api.query<{ Id: string }>(
        `SELECT Id FROM Lead WHERE Email = ${email} AND IsConverted = false LIMIT 1`
      );
      whoId = leads[0]?.Id;
    }
    if (!whoId) {
      const created = await api.request<{ id: string }>('POST', '/sobjects/Lead', {
        FirstName: person.firstName,
        LastName: person.lastName,
        Email: person.email,
        Company: person.company ?? 'Unknown'
      });
      whoId = created.id;
    }
    await api.request(
      'PATCH',
      `/sobjects/Event/Booking_Id__c/${encodeURIComponent(event.bookingId)}`,
      {
        Subject: event.booking.subject ?? 'Meeting',
        StartDateTime: event.booking.start,
        EndDateTime: event.booking.end,
        WhoId: whoId
      }
    );
  }
}
