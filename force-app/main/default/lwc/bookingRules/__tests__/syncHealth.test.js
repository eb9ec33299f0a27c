import { syncHealthView, SYNC_HEALTH_STATUS } from '../bookingRules';

const settings = { apiBudgetPercent: 50, syncLogEnabled: true, syncLogRetentionDays: 30 };

describe('syncHealthView', () => {
  it('is not readable when the facts are missing, null or say so, with zero counts', () => {
    for (const health of [undefined, null, {}, { readable: false, last24Hours: { Failed: 3 } }]) {
      const view = syncHealthView(health, settings);
      expect(view.status).toBe(SYNC_HEALTH_STATUS.NOT_READABLE);
      expect(view.rows.map((row) => row.total)).toEqual([0, 0]);
      expect(view.failures).toEqual([]);
      expect(view.lastAppliedAt).toBeNull();
    }
  });

  it('has no log yet when readable and nothing was written', () => {
    const view = syncHealthView({ readable: true }, settings);
    expect(view.status).toBe(SYNC_HEALTH_STATUS.NO_LOG);
    expect(view.rows[0]).toEqual({
      period: 'last24Hours',
      Applied: 0,
      Skipped: 0,
      Failed: 0,
      total: 0
    });
  });

  it('says logging is off when the setting is off', () => {
    const view = syncHealthView(
      { readable: true, last24Hours: { Failed: 1 } },
      { ...settings, syncLogEnabled: false }
    );
    expect(view.status).toBe(SYNC_HEALTH_STATUS.LOGGING_OFF);
  });

  it('is healthy without failures in the last 24 hours, missing outcomes counting 0', () => {
    const view = syncHealthView(
      {
        readable: true,
        last24Hours: { Applied: 4 },
        last7Days: { Applied: 10, Failed: 2, Skipped: null },
        lastAppliedAt: '2026-12-02T10:00:00.000Z'
      },
      settings
    );
    expect(view.status).toBe(SYNC_HEALTH_STATUS.HEALTHY);
    expect(view.rows[0]).toMatchObject({ Applied: 4, Skipped: 0, Failed: 0, total: 4 });
    expect(view.rows[1]).toMatchObject({ Applied: 10, Skipped: 0, Failed: 2, total: 12 });
    expect(view.lastAppliedAt).toBe('2026-12-02T10:00:00.000Z');
  });

  it('is failing with a failure in the last 24 hours and lists failures with nulls filled', () => {
    const view = syncHealthView(
      {
        readable: true,
        last24Hours: { Applied: 1, Failed: 1 },
        last7Days: { Applied: 1, Failed: 1 },
        recentFailures: [{ id: 'a01', bookingId: 'B-1', error: 'boom' }, null]
      },
      settings
    );
    expect(view.status).toBe(SYNC_HEALTH_STATUS.FAILING);
    expect(view.failures).toEqual([
      {
        id: 'a01',
        name: null,
        bookingId: 'B-1',
        sequence: null,
        eventType: null,
        error: 'boom',
        processedAt: null
      }
    ]);
  });

  it('computes the API budget, its share and whether writing is paused', () => {
    const under = syncHealthView(
      { readable: true, apiUsage: { used: 1000, max: 10000 } },
      settings
    ).budget;
    expect(under).toEqual({
      percent: 50,
      cap: 5000,
      used: 1000,
      max: 10000,
      reached: false,
      share: 20
    });
    const reached = syncHealthView(
      { readable: false, apiUsage: { used: 990, max: 10000 } },
      { ...settings, apiBudgetPercent: 10 }
    ).budget;
    expect(reached).toMatchObject({ cap: 1000, reached: true, share: 99 });
    expect(syncHealthView({ readable: true, apiUsage: null }, settings).budget).toBeNull();
    // A missing percent falls back to the field's default, 50.
    expect(syncHealthView({ apiUsage: { used: 0, max: 100 } }, {}).budget.cap).toBe(50);
  });
});
